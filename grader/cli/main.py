"""The `grade` command: parses, calls and renders, nothing more."""
import json
import sys
from pathlib import Path

import click
from click_default_group import DefaultGroup

from grader import __version__
from grader.cli.dev import dev
from grader.cli.instructor import export, release, report
from grader.cli.common import CONTEXT_SETTINGS, CannotGrade, course, require_confinement, resolve_challenge
from grader.cli.grade_one import ForkedOnce, grade_and_report

MAX_NAME_SHOWN = 60     # characters of a check name that names no check, quoted back
JSON_HELP = ("Print one JSON document on stdout and nothing else. A command that cannot run (exit 2) prints "
             "nothing there and says why on stderr.")


@click.group(cls=DefaultGroup, default="check", default_if_no_args=True, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="nnfs-grade")
def main():
    """Checks for the exercises of Neural Networks from Scratch in Python.

    grade CHALLENGE grades a challenge (grade 5 --help lists its options);
    a bare grade grades the next one not done yet.

    \b
    Example:
        grade challenge_5_backprop
    """


class _AsTheGroup(click.Context):
    """The default command's context: usage lines and errors say `grade`, the name learners type."""

    @property
    def command_path(self):
        return self.parent.command_path if self.parent is not None else super().command_path


class GradeCommand(click.Command):
    """`grade CHALLENGE`: reached without its own name, so it never shows one."""

    context_class = _AsTheGroup

    def parse_args(self, ctx, args):
        negative = next((arg for arg in args if arg[1:].isdigit() and arg.startswith("-")), None)
        if negative is not None:
            raise CannotGrade(f"There is no challenge {negative}: challenges are numbered from 1. "
                              "grade list shows them all.")
        return super().parse_args(ctx, args)


@main.command(cls=GradeCommand, hidden=True, context_settings=CONTEXT_SETTINGS)
@click.argument("challenge", required=False)
@click.option("--submission", type=click.Path(path_type=Path),
              help="Grade this .py file or notebook (.ipynb), or the main.py inside this folder, instead of the "
                   "challenge's own.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the report as a self-contained HTML page to this file.")
@click.option("--check", "only", multiple=True, metavar="CHECK",
              help="Exit 0 when this check passes, whatever the others do (a check's id, as in the JSON "
                   "report); repeat for more. Autograding platforms use it to give points per check.")
@click.option("--require-confinement", "required", is_flag=True,
              help="Refuse to grade (exit 2) where the learner's code cannot be confined; autograding "
                   "workflows pass it, so a grade that counts is never given by an unconfined run.")
def check(challenge, submission, as_json, html_path, only, required):
    """Grade CHALLENGE: a full name, its number, or a unique part of its name.

    Without CHALLENGE, grades the first challenge that is not done yet.
    Exits 0 when every check passes, 1 when some do not, 2 when it cannot grade.

    \b
    Examples:
        grade challenge_5_backprop
        grade 5 --html report.html
        grade backprop --submission my_backprop.py --json
    """
    if required:
        require_confinement("leave out --require-confinement")
        forked = None   # grades that count: every worker a fresh interpreter in bubblewrap
    else:
        forked = ForkedOnce(several=not challenge)
    try:
        root, challenges = course()
        result = None
        if challenge:
            chosen = resolve_challenge(challenge, challenges)
        else:
            chosen, result = _here_or_next(root, challenges, as_json, figures=html_path is not None, forked=forked)
            if submission is not None:
                result = None    # that result was of the challenge's own main.py
        sandbox = forked.take(chosen) if forked is not None and result is None else None
        grade_and_report(root, chosen, submission, as_json, html_path, only, result, sandbox=sandbox,
                         remember_answers=not required)
    finally:
        if forked is not None:
            forked.close()


@main.command(context_settings=CONTEXT_SETTINGS)
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def doctor(as_json):
    """Say which walls around the learner's code this machine puts up, and how to get the missing ones.

    Exits 0 when the learner's code runs confined (the namespaces layer is
    active), 1 when it does not.

    \b
    Example:
        grade doctor
    """
    import numpy  # noqa: F401  (the forked zygote is made as `grade N` makes it)

    from grader.sandbox import confinement
    from grader.sandbox.forked import forked_layer

    forked, forked_detail = forked_layer()
    layers = confinement.survey(thorough=True)
    confined = confinement.confined(thorough=True)
    if as_json:
        click.echo(json.dumps({**confinement.record(confinement.in_force(thorough=True)), "survey": [
            {"name": layer.name, "active": layer.active, "detail": layer.detail, "remedy": layer.remedy}
            for layer in layers], "forked": {"active": forked, "detail": forked_detail}}, indent=2))
    else:
        for layer in layers:
            click.echo(f"{'on ' if layer.active else 'off'}  {layer.name:<11}{layer.detail}")
            if layer.remedy and not layer.active:
                click.echo(f"{'':16}{layer.remedy}")
        click.echo(f"{'on ' if forked else 'off'}  {'forked':<11}{forked_detail}")
        if confined:
            click.echo("The learner's code runs confined here.")
        elif forked:
            click.echo("The learner's own `grade` runs confined here, but bubblewrap cannot give the grades that "
                       "count a sandbox: grade report and the autograders refuse to grade like this unless told to.")
        else:
            click.echo("The learner's code runs NOT confined here: bubblewrap cannot give it a sandbox of its own. "
                       "grade report and the autograders refuse to grade like this unless told to.")
    sys.exit(0 if confined else 1)


@main.command("list", context_settings=CONTEXT_SETTINGS)
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def list_challenges(as_json):
    """List the challenges in course order, with your score and state in each.

    The state is "not started" while main.py is the stub as shipped ("not started
    (graded as shipped)" once you have graded it so), "in progress" once you have
    changed it, and "done" when every check passes; "unreadable"
    when main.py cannot be graded (a folder, a named pipe, larger than 1 MiB),
    the line below it saying why. The next challenge to work on is marked with an arrow.

    \b
    Example:
        grade list
    """
    from grader.cli import listing

    listing.list_challenges(as_json)


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("challenge", metavar="[CHALLENGE]", required=False)
@click.argument("check_id", metavar="[CHECK]", required=False)
@click.option("--level", type=click.IntRange(min=1), help="Show this level instead of the next one; the next call without --level goes on from it.")
@click.option("--submission", type=click.Path(path_type=Path),
              help="Follow the first failing check of this .py file or notebook, or of the main.py inside this "
                   "folder, instead of the challenge's own.")
def hint(challenge, check_id, level, submission):
    """Show a hint for CHALLENGE, or for one of its checks.

    Each call shows the next hint, each saying more than the one before: the
    last may give the line a step needs. Without CHECK
    they start with the hints of the first check that fails in your main.py
    (or the --submission file), then go on to those about the whole challenge. CHECK is a check's id, as
    each hint's header and `grade N --json` show it, or any part of it that
    names one check only; one that names none lists them all.
    Without CHALLENGE, as a bare `grade`: the challenge whose folder you are in,
    else the first one not done yet.

    \b
    Examples:
        grade hint
        grade hint 5
        grade hint 5 dense_backward_dbiases
        grade hint 5 --level 1
    """
    from grader.course import challenge_at, checks_of
    from grader.learner.progress import Progress
    from grader.views.render import printable

    # What it grades on the way (a main.py changed since, a --submission) runs in a zygote forked before the course
    # is read, as `grade CHALLENGE` grades; a check named in a challenge named needs no grading.
    forked = ForkedOnce(several=True) if challenge is None or check_id is None else None
    if forked is not None:
        click.get_current_context().call_on_close(forked.close)
    root, challenges = course()
    if challenge is None:
        chosen = challenge_at(Path.cwd(), challenges) or _next_not_done(root, challenges, forked)
    else:
        chosen = resolve_challenge(challenge, challenges)
    checks = {info.id: info for info in checks_of(chosen)}
    first = passed = None
    entry = {}
    if check_id is not None:
        check_id = _check_named(chosen, checks, check_id)
        hints, key = checks[check_id].hints, f"{chosen.name}, check {check_id}"
    else:
        # The hints follow the learner: the first failing check's, then the challenge's own.
        entry = (_graded_entry(root, chosen, forked) if submission is None
                 else _graded_file(chosen, submission, forked)) or {}
        first, passed = checks.get(entry.get("first_failing")), entry.get("passed")
        # A failure that carries a hint of its own (expect.fail's hint) is about another mistake than the check's.
        own = entry.get("first_failing_hint")
        own = printable(own) if isinstance(own, str) and own.strip() else None
        first_hints = () if first is None else (own,) if own is not None and own not in first.hints else first.hints
        hints = (*first_hints, *chosen.hints)
        key = f"{chosen.name}, from {first.id}" if first else chosen.name
    if not hints:
        raise CannotGrade(f"There are no hints for {key if check_id else chosen.name}.")
    progress = Progress(root)
    # Where the report the learner was shown gave the check's first hint, the hints go on from there.
    if check_id is not None and submission is None:
        entry = progress.cached(chosen, chosen.stub) or {}
    hinted = entry.get("hinted") if isinstance(entry.get("hinted"), list) else []
    about_check = check_id or (first.id if first else None)
    after_report = (level is None and about_check in hinted and len(hints) > 1 and key not in progress.data["hints"])
    # Asked again after the last hint: the last is shown again, and said to be a repeat.
    repeated = level is None and progress.data["hints"].get(key) == len(hints)
    if level is None:
        level = progress.next_hint_level(key, len(hints), first=2 if after_report else 1)
    else:
        # --level restarts the sequence there: the next call without it goes on from this one.
        level = progress.show_hint_level(key, level, len(hints))
    progress.save()
    # The levels run through the first failing check's hints, then the challenge's: each part says its own count.
    # A heading of plain sentences: what the hint is about, then a line on the check it follows.
    notes = []
    if check_id:
        about = key
    elif first and level <= len(first_hints):
        about = f"{chosen.name}, about your first failing check, {first.id}"
        notes.append(f"That check: {first.name.rstrip('.')}."
                     + (f" {_part_of(level, first_hints, len(hints))}" if len(first_hints) < len(hints) else ""))
    else:
        # The check's own hints are used up: one count, the heading's, runs through both.
        about = f"{chosen.name} as a whole"
        if first:
            notes.append(f"Your first failing check, {first.id}, has no more hints. That check: "
                         f"{first.name.rstrip('.')}.")
        if passed:
            notes.append(f"Every check of {'your main.py' if submission is None else 'the file'} passes already.")
    if first and entry.get("first_failing_stopped"):
        # Whichever hint comes next, even one about the whole challenge: the line is what stands in the way now.
        click.echo(_stopped_first(chosen, submission, entry.get("first_failing_where")) + "\n")
    if after_report:
        click.echo(f"Hint 1 is the one your report shows (grade hint {chosen.number}"
                   + (f" {check_id}" if check_id else "") + " --level 1 shows it again).\n")
    if repeated:
        click.echo("You have seen every hint; here is the last one again.\n")
    click.echo(f"Hint {level} of {len(hints)} for {about}.\n" + "".join(f"{note}\n" for note in notes)
               + f"\n  {hints[level - 1]}\n")
    if level < len(hints):
        click.echo("Run the same command again for the next hint.")
    elif check_id:
        which = "the only hint" if len(hints) == 1 else "the last hint"
        click.echo(f"That is {which} for this check; grade hint {chosen.number} gives those about your first "
                   "failing check and the whole challenge.")
    else:
        click.echo(f"That is the last hint; grade hint {chosen.number} --level 1 shows the first again.")


def _part_of(level, hints, total):
    """Where hint `level` (from 1) stands among `hints`, the first failing check's, which the challenge's follow up
    to `total`: "This is its only hint; hints 2 to 4 are about the whole challenge.", "This is its hint 2 of 3."."""
    rest = len(hints) + 1
    later = f"hint {rest} is" if rest == total else f"hints {rest} to {total} are"
    return (f"This is its only hint; {later} about the whole challenge." if len(hints) == 1
            else f"This is its hint {level} of {len(hints)}; {later} about the whole challenge.")


def _stopped_first(challenge, submission, where):
    """What `grade hint` says first where the first failing check stopped before it judged anything: the line it
    stopped at (the learner's own, made printable), which the hint is not about."""
    from grader.views.render import place_in_file, printable

    from grader.views.safe_text import shell_word

    graded = f"grade {challenge.number}" + (f" --submission {shell_word(submission)}"
                                            if submission else "")
    if where is None:
        return (f"Your first failing check stopped before it could judge what it computes: {graded} shows where, "
                "in your code or its names. Fix that first; this hint is for what comes after.")
    line = f": {printable(where['source'].strip())}" if where["source"].strip() else ""
    return (f"Your first failing check stopped at {place_in_file(where)}, before it could judge what it computes"
            f"{line}\n{graded} shows why. Fix that line first; this hint is for what comes after.")


def _check_named(challenge, checks, name):
    """The id of the one check of `checks` named `name` or holding it (as challenges are named by any unique part).
    Raises CannotGrade when none or several do."""
    if name in checks:
        return name
    if name.lower() in checks:
        return name.lower()
    if not name.strip():
        raise CannotGrade(f"An empty name names no check of {challenge.name}: give a check's id, as a hint's header "
                          "or grade --json shows it, or leave it out for the hints of your first failing check.")
    holding = [check_id for check_id in checks if name.lower() in check_id]
    if len(holding) == 1:
        return holding[0]
    shown = repr(name if len(name) <= MAX_NAME_SHOWN else name[:MAX_NAME_SHOWN] + "…")
    if holding:
        raise CannotGrade(f"{shown} is part of several checks of {challenge.name}: {', '.join(holding)}. "
                          "Give more of the name.")
    raise CannotGrade(f"{challenge.name} has no check {shown}. Its checks are: {', '.join(checks)}.")


def _graded_file(challenge, submission, forked=None):
    """What _graded_entry says of the file `submission` (a file, or a folder holding main.py), graded now (`forked`:
    see _graded_entry)."""
    from grader.cli.grade_one import submission_path
    from grader.judge.grading import SpecError, grade
    from grader.judge.notebook import NotebookError
    from grader.judge.submission import SubmissionRefused
    from grader.learner.progress import summary_of

    try:
        result = grade(challenge, submission_path(challenge, submission), sandbox=forked and forked.take(challenge))
    except (SpecError, NotebookError, SubmissionRefused) as exc:   # as `grade --submission` says them
        raise CannotGrade(str(exc)) from None
    # As `grade N --submission FILE` showed it, its first hint included: the hints go on from the next.
    return summary_of(result, shown=True)


def _graded_entry(root, challenge, forked=None):
    """What the progress file remembers of the challenge's main.py as it is now ({"passed", "first_failing": the id
    of its first failing check as the report shows it, ...}), grading it first if it changed, on `forked`'s zygote
    (grader.cli.grade_one.ForkedOnce) where one is given; None without one."""
    from grader.judge.grading import SpecError, grade
    from grader.judge.submission import SubmissionRefused
    from grader.learner.progress import Progress, result_key

    if not challenge.stub.is_file():
        return None
    progress = Progress(root)
    entry = progress.cached(challenge, challenge.stub)
    if entry is None or "first_failing" not in entry:
        try:
            key = result_key(challenge, challenge.stub)
            result = grade(challenge, sandbox=forked and forked.take(challenge))
        except (SpecError, SubmissionRefused) as exc:
            raise CannotGrade(str(exc)) from None
        entry = progress.remember(challenge, key, result)
        progress.save()
    return entry


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("challenge")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def reset(challenge, yes):
    """Put CHALLENGE's main.py back as the course ships it, after backing yours up.

    Your file is copied to .nnfs-grade/backups/ with a timestamp first.

    \b
    Example:
        grade reset 5
    """
    from grader.course import CourseError
    from grader.learner.reset import ResetRefused, learners_version, reset as reset_stub

    root, challenges = course()
    chosen = resolve_challenge(challenge, challenges)
    try:
        shipped = chosen.read_pristine(within=root)
    except CourseError as exc:
        raise CannotGrade(f"Nothing was reset: the stub to restore could not be read. {exc}") from None
    if shipped is None:
        raise CannotGrade(f"{chosen.name} has no pristine stub ({chosen.pristine}) to restore.")
    try:
        current = learners_version(chosen)
        if current == shipped and not chosen.stub.is_symlink():
            click.echo(f"{chosen.stub} is already the stub as shipped; nothing to reset.")
            return
        if not yes:
            try:
                confirmed = click.confirm(f"Replace {chosen.stub} with the original stub? Your version is backed up "
                                          "first.")
            except click.exceptions.Abort as exc:
                if isinstance(exc.__context__, KeyboardInterrupt):
                    raise
                # The input ended before an answer: a script, or a tool with no terminal. Status 1, as a question
                # left unanswered has always ended.
                click.echo(f"\nNothing was reset: grade reset asks before it replaces {chosen.stub}, and no answer "
                           "came (no terminal to type it in). Run it in a terminal, or add --yes to reset without "
                           "asking; your version is backed up either way.", err=True)
                sys.exit(1)
            if not confirmed:
                click.echo(f"Nothing was reset: {chosen.stub} is as it was.")
                return
            # Read again: what was saved while the question waited is what gets backed up.
            current = learners_version(chosen)
        backup = reset_stub(root, chosen, current, shipped)
    except ResetRefused as exc:
        raise CannotGrade(str(exc)) from None
    click.echo(f"Restored {chosen.stub}." + (f" Your version is in {backup}." if backup else ""))


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("challenge", required=False)
@click.option("--poll", is_flag=True,
              help="Check the file for changes every half second, where change events do not arrive "
                   "(network file systems, some containers).")
def watch(challenge, poll):
    """Grade CHALLENGE again every time its main.py is saved; stop with Ctrl-C.

    After each run it shows which checks changed. Without CHALLENGE it follows the course:
    the next challenge not done yet, then the one after it once every check passes.

    \b
    Examples:
        grade watch
        grade watch 5
    """
    from grader.views import render
    from grader.learner.overview import next_challenge
    from grader.learner.watch import Watch

    root, challenges = course()
    if challenge:
        chosen = resolve_challenge(challenge, challenges)
    else:
        chosen = next_challenge(_standings(root, challenges))
        if chosen is None:
            click.echo("Every challenge is done: congratulations! Run grade list to see your scores.")
            return
    Watch(root, challenges, chosen, follow=not challenge, colour=render.use_colour(sys.stdout),
          columns=render.terminal_columns(sys.stdout)).run(poll=poll)


for command in (report, release, export, dev):
    main.add_command(command)


def _standings(root, challenges):
    """grader.learner.overview.standings, or exit 2 saying why a changed challenge could not be graded."""
    from grader.cli import listing

    return listing.standings(root, challenges)


def _next_to_grade(root, challenges, figures=False, forked=None):
    """grader.learner.overview.next_to_grade: (the first challenge not done yet, or None; its result if finding it
    meant grading it), a course fault said as CannotGrade. `forked`: a ForkedOnce for its first grading."""
    from grader.judge.grading import SpecError
    from grader.learner.overview import next_to_grade

    try:
        return next_to_grade(root, challenges, figures=figures, sandbox_for=forked.take if forked else None)
    except SpecError as exc:
        raise CannotGrade(str(exc)) from None


def _next_not_done(root, challenges, forked=None):
    """The first challenge not done yet, grading what it must to know (`forked`: see _next_to_grade); CannotGrade
    where every one is done."""
    upcoming, _ = _next_to_grade(root, challenges, forked=forked)
    if upcoming is None:
        raise CannotGrade("Every challenge is done, so none comes next: name the one you want hints for, as in "
                          "grade hint 5.")
    return upcoming


def _here_or_next(root, challenges, quiet, figures, forked=None):
    """(the challenge a bare `grade` grades, its result if finding it meant grading it), or exit saying why.

    Inside a challenge's folder it is that challenge; elsewhere the first one not done yet (`forked`: see
    _next_to_grade).
    """
    from grader.course import challenge_at
    from grader.learner.overview import missing, missing_note

    here = challenge_at(Path.cwd(), challenges)
    if here is not None:
        return here, None
    upcoming, result = _next_to_grade(root, challenges, figures, forked)
    lost = missing(challenges)
    if upcoming is None and lost:
        raise CannotGrade("Every challenge that can be graded is done. " + " ".join(map(missing_note, lost)))
    if upcoming is None:
        if not quiet:
            click.echo("Every challenge is done: congratulations! Run grade list to see your scores.")
        sys.exit(0)
    if not quiet:
        click.echo(f"Next up: {upcoming.name}\n", err=True)
    return upcoming, result


# Installs made before the console script moved to grader.cli.entry still name this module.
from grader.cli.entry import console_script  # noqa: E402,F401
