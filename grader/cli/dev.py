"""`grade dev`: the course author's commands, as rustlings keeps `dev new` and `dev check`.

More commands join the group with `@dev.command(...)` in this module.
"""
import json
import sys

import click

from grader.cli.common import CONTEXT_SETTINGS, CannotGrade, chosen_challenges, course, resolve_challenge


@click.group(context_settings=CONTEXT_SETTINGS)
def dev():
    """Maintain the course: scaffold a challenge, lint the whole course, measure its checks.

    \b
    Examples:
        grade dev new challenge_19_pooling --chapter 23
        grade dev check
        grade dev mutate 5
    """


def _source_course():
    """course(), refused where it is a release (recorded answers, no solutions): the author's commands lint and
    measure the course's source, which a release leaves out."""
    root, challenges = course()
    if not (root / "solutions").is_dir() and any(challenge.answers.is_file() for challenge in challenges):
        raise CannotGrade("This is a course as grade release writes it for learners: its checks' answers are "
                          "recorded and its solutions are left out. grade dev works on the course it was released "
                          "from; run it there.")
    return root, challenges


def _command_names(context):
    """The `grade` subcommands, which no challenge's name may contain."""
    return tuple(context.find_root().command.commands)


@dev.command(context_settings=CONTEXT_SETTINGS)
@click.argument("name")
@click.option("--chapter", required=True, help="The book chapter it follows: 9, or a range such as 14-15.")
@click.option("--title", help="The title reports show (default: the topic).")
@click.pass_context
def new(context, name, chapter, title):
    """Scaffold challenge NAME: stub, pristine copy, README, challenge.toml, spec, scenarios and a solution.

    NAME is challenge_<N>_<topic>, or just a topic, which gets the next free
    number. The files hold a small working example for you to replace; the
    README's table of challenges gets a row. Nothing else lists challenges.

    \b
    Examples:
        grade dev new pooling --chapter 23 --title "Pooling layers"
        grade dev new challenge_20_embeddings --chapter 24
    """
    from grader.dev.scaffold import ScaffoldError, new_challenge

    root, _ = course()
    try:
        challenge, written = new_challenge(root, name, chapter, title, reserved=_command_names(context))
    except ScaffoldError as exc:
        raise CannotGrade(str(exc)) from None
    for path in written:
        click.echo(f"wrote {path.relative_to(root)}")
    click.echo(f"\nNext: replace the example in {challenge.path.relative_to(root)} and its solution, "
               "then run grade dev check.")


@dev.command(context_settings=CONTEXT_SETTINGS)
@click.option("--challenge", "chosen", multiple=True, metavar="NAME",
              help="Lint only this challenge (a name, number or part of a name), besides the course-wide "
                   "rules; repeat for more.")
@click.option("--no-grading", is_flag=True, help="Only read the files: do not grade the stubs and solutions.")
@click.option("-j", "--jobs", "processes", type=click.IntRange(min=1), default=2, show_default=True,
              help="Grade this many stubs and solutions at a time.")
@click.pass_context
def check(context, chosen, no_grading, processes):
    """Lint the course: every problem names its file and the fix.

    Challenge names and titles unique, hints present and citing the book,
    a "# TODO:" in every exercise stub, the pristine copy equal to the stub,
    no stray files, hidden checks only in hidden_spec.py, scenarios that
    import only the grader's scenario modules; then every untouched stub must pass
    no check and every solution every check. Exits 1 when it finds a problem.

    \b
    Examples:
        grade dev check
        grade dev check --challenge 5 --no-grading
    """
    from grader.dev.lint import lint_course

    root, challenges = _source_course()
    picked = chosen_challenges(chosen, challenges)
    problems = lint_course(root, challenges, picked, reserved=_command_names(context), grading=not no_grading,
                           processes=processes)
    for problem in problems:
        click.echo(problem.describe(root))
    graded = "" if no_grading else ", every stub fails and every solution passes"
    if problems:
        click.echo(f"\n{len(problems)} problem{'s' if len(problems) != 1 else ''} in the course.", err=True)
        sys.exit(1)
    click.echo(f"The course is sound: {len(picked)} challenge{'s' if len(picked) != 1 else ''} linted{graded}.")


@dev.command(context_settings=CONTEXT_SETTINGS)
@click.argument("challenge")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout and nothing else.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Grading processes to run at once (default: one per CPU).")
@click.option("--mutant", "only", multiple=True, metavar="ID",
              help="Grade only this mutant (an id as --list prints it); repeat for more.")
@click.option("--list", "listing", is_flag=True,
              help="List every mutant's id and the line it changes, without grading.")
def mutate(challenge, as_json, jobs, only, listing):
    """Plant small mistakes in CHALLENGE's solution and report those its checks miss.

    Each mutant is the solution with one mistake a learner of the book makes
    (a wrong axis, a lost keepdims, a missing / samples, ...). A mutant is killed
    when some check does not pass. Survivors are printed with their diff;
    mutants no test could catch are listed, with a reason, in the challenge's
    equivalent_mutants.toml. Exits 0 when every other mutant is killed, 1 when
    some survive, 2 when the analysis cannot be made.

    \b
    Examples:
        grade dev mutate challenge_5_backprop
        grade dev mutate 5 --list
        grade dev mutate 5 --mutant swap_axis:Layer_Dense.backward:1 --json
    """
    from grader.dev.mutate import MutationError, analyse, make_mutants

    root, challenges = _source_course()
    chosen = resolve_challenge(challenge, challenges)
    try:
        if listing:
            for mutant in make_mutants(chosen):
                click.echo(f"{mutant.id}  (line {mutant.line})")
            return
        analysis = analyse(chosen, root, processes=jobs, only=set(only) if only else None)
    except MutationError as exc:
        raise CannotGrade(str(exc)) from None
    if as_json:
        click.echo(json.dumps(analysis.to_dict(), indent=2))
    else:
        click.echo(analysis.to_text(), nl=False)
    sys.exit(1 if analysis.survived or analysis.not_graded else 0)
