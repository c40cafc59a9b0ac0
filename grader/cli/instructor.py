"""The instructor's `grade` commands: report, release and export."""
import os
import re
import sys
from pathlib import Path

import click

from grader.cli.common import CONTEXT_SETTINGS, CannotGrade, chosen_challenges, course, require_confinement

ALLOW_UNCONFINED = "--allow-unconfined"


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("roster", type=click.Path(exists=True, path_type=Path))
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the reports and the gradebook; made if missing.")
@click.option("-j", "--jobs", "processes", type=click.IntRange(min=1), default=lambda: os.cpu_count() or 1,
              show_default="the number of CPUs", help="Grade this many submissions at a time.")
@click.option("--challenge", "chosen", multiple=True, metavar="NAME",
              help="Grade only this challenge (a name, number or part of a name); repeat for more.")
@click.option("--fresh", is_flag=True, help="Grade everything again instead of reusing the gradebook's results.")
@click.option("--replace", is_flag=True,
              help="Into an earlier report's OUT, write this run's report over it even where this run leaves out "
                   "challenges or learners it graded, or holds none of its learners.")
@click.option("--similarity", is_flag=True,
              help="Also compare every pair of learners' submissions, the course's own code discounted, "
                   "into similarity.html and similarity.csv (needs copydetect).")
@click.option("--class-list", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A CSV naming the class (GitHub Classroom's roster, an LMS export): rows are named by it, and "
                   "entries matching nobody and learners with no entry are reported. Later runs into the same "
                   "--out read it again until another is given.")
@click.option("--assignment", metavar="NAME", callback=lambda context, parameter, value: _assignment_name(value),
              help="GitHub Classroom's assignment, as its repositories' names start (hw1 for hw1-alice): each clone "
                   "is named by the username after it. Later runs into the same --out use it again where a clone is "
                   "named for it. Without it: the name of a roster folder NAME-submissions (as gh classroom clone "
                   "names it), else an earlier run's, else a guess from the folders' names, which the summary says.")
@click.option("--learner", metavar="NAME",
              help="Grade only this learner again (a name, or a part of it no other learner's has; an entry, "
                   "e-mail or id), then update the reports.")
@click.option("--gradebook", "gradebooks", multiple=True, type=click.Choice(["canvas", "moodle"]),
              help="Also write a gradebook this LMS imports (gradebook-canvas.csv, gradebook-moodle.csv); repeat "
                   "for both. Given Moodle's grading worksheet as --class-list, moodle also fills it in "
                   "(grading-worksheet-moodle.csv). Later runs into the same --out write them again.")
@click.option(ALLOW_UNCONFINED, "allow_unconfined", is_flag=True,
              help="Grade even where the learners' code cannot be confined (see grade doctor): it could then "
                   "read the reference and change other learners' grades.")
def report(roster, out, processes, chosen, fresh, replace, similarity, class_list, assignment, learner, gradebooks,
           allow_unconfined):
    """Grade every learner in ROSTER and write the class's reports to OUT.

    ROSTER holds one folder or .zip file per learner, with that learner's
    challenges/<name>/main.py files (or the challenge folders directly; a
    bare main.py when one challenge is graded). It may also be a platform's
    download, as a .zip or unzipped: Gradescope's "Export Submissions",
    Canvas's or Moodle's "Download Submissions" (graded with --challenge:
    their files lie loose). When one challenge is graded, an entry with no
    main.py whose only file is one .py file or notebook has that file graded.
    Exit status 2 when nothing was graded, or when the files graded look
    written for another challenge; into the OUT of an earlier report, such a
    run, and (unless --replace) one whose ROSTER holds none of that report's
    learners or that would remove its grades of a challenge or learners this
    run leaves out, grade nothing and leave the report as it was. OUT gets
    index.html (the class at a glance), one page per learner in learners/,
    grades.csv, checks.csv, results.json and gradebook.sqlite. Run it again after late submissions:
    only what changed is graded again, and only changed pages are written.
    --similarity adds similarity.html: the pairs of learners whose code
    matches beyond the stub and the book's code, with the passages side by side.

    \b
    Examples:
        grade report submissions/ --out class-report
        grade report submissions/ --out class-report -j 2 --challenge 5
        grade report submissions/ --out class-report --similarity
        grade report canvas/ --out class-report --challenge 3 --class-list canvas.csv --gradebook canvas
        grade report hw1-submissions/ --out class-report --challenge 1 --class-list classroom_roster.csv
        grade report submissions/ --out class-report --learner alice
    """
    from grader.classroom.report import ReportError, challenges_of_report, make_report
    from grader.classroom.similarity import SimilarityUnavailable
    from grader.classroom.gradebook import GradebookError
    from grader.classroom.identity import ClassListError, read_class_list
    from grader.course import CourseError
    from grader.judge.pool import PoolFailure

    root, every = course()
    challenges = chosen_challenges(chosen, every)
    graded_before = () if chosen else challenges_of_report(out) or ()
    earlier = [challenge for challenge in every if challenge.name in graded_before]
    if 0 < len(earlier) < len(every):
        # A run again into a report, for late submissions or one learner, grades what that report graded.
        challenges = earlier
        numbers = " ".join(f"--challenge {_challenge_number(challenge.name)}" for challenge in challenges)
        click.echo(f"Grading {_counted(len(challenges), 'challenge')}, those of the report in {out} ({numbers}); "
                   "name others with --challenge.", err=True)
    if not allow_unconfined:
        require_confinement(f"pass {ALLOW_UNCONFINED}")
    try:
        people = read_class_list(class_list) if class_list else None
        with _ProgressBar() as progress:
            summary = make_report(root, roster, out, challenges, processes=processes, fresh=fresh,
                                  progress=progress, similarity=similarity, class_list=people, learner=learner,
                                  gradebooks=gradebooks, replace=replace, assignment=assignment)
    except (ReportError, GradebookError, PoolFailure, SimilarityUnavailable, ClassListError, CourseError) as exc:
        raise CannotGrade(str(exc)) from None
    except OSError as exc:
        raise CannotGrade(f"Cannot write the report to {out}: {exc.strerror or exc}.") from None
    for note in summary.notes:
        click.echo(note, err=True)
    if summary.earlier_kept:
        raise CannotGrade(_earlier_kept(summary, roster, out, challenges))
    reused = summary.submissions - summary.graded - summary.grading_failures
    click.echo(f"{_counted(summary.learners, 'learner')}, {_counted(summary.submissions, 'submission')}: "
               f"{summary.graded} graded now, "
               f"{max(0, reused)} reused (a file identical to another"
               f"{', or unchanged since the last report' if summary.earlier else ''}), "
               f"in {summary.seconds:.1f} s.", err=True)
    if summary.grades_changed:
        changes = [f"{name} {_total(before)} → {_total(now)}" for name, before, now in summary.grades_changed]
        click.echo(f"Totals changed since the last report: {_some(changes)}.", err=True)
    # At the top of the summary, as at the top of index.html: each may mean that grades below are wrong.
    for warning in summary.warnings:
        click.echo(f"WARNING: {warning}", err=True)
    for line in _class_results(summary.class_figures, challenges):
        click.echo(line, err=True)
    if summary.timeouts_reused:
        reused = summary.timeouts_reused
        their = "its" if len(reused) == 1 else "their"
        click.echo(f"{_counted(len(reused), 'file')} kept {their} result of an earlier run, in which a check ran out "
                   f"of time ({_some(reused)}): where that run's machine was busy rather than the code slow, --learner "
                   "NAME grades a learner again, --fresh everyone.", err=True)
    if summary.gradebook_restored:
        click.echo("gradebook.sqlite was changed while learners' code ran; it was put back as it was before, "
                   "and only the grader's own checked results were added to it.", err=True)
    if summary.course_restored and summary.course_put_back:
        click.echo(f"The course's files were changed while learners' code ran ({', '.join(summary.course_restored)});"
                   " they were put back, and no grading used the changed files."
                   + (f" The changed versions are kept in {summary.course_kept}." if summary.course_kept else ""),
                   err=True)
    elif summary.course_restored:
        click.echo(f"The course's files changed while the report ran ({', '.join(summary.course_restored)}). Every "
                   "learner's code ran in a sandbox that cannot write them, so they were edited from outside it, and "
                   "they were left as they are. Gradings that saw the change give no pass: run grade report again "
                   "once the course is as you want it.", err=True)
    if summary.learner_problems or summary.grading_failures or summary.unreadable:
        parts = []
        if summary.learner_problems:
            parts.append(f"the whole entry of {_counted(len(summary.learner_problems), 'learner')} "
                         f"({_some(summary.learner_problems)})")
        if summary.unreadable:
            parts.append(f"{_counted(len(summary.unreadable), 'file')} that could not be read "
                         f"({_some(summary.unreadable)})")
        if summary.grading_failures:
            parts.append(_counted(summary.grading_failures, "single submission"))
        click.echo(f"Not graded: {'; '.join(parts)}; grades.csv and their pages say why.", err=True)
    if summary.groups:
        members = [" and ".join(names) for names in summary.groups.values()]
        click.echo(f"Group submissions: {len(members)}, each graded once, the grade each member's "
                   f"({_some(members)}).", err=True)
    if summary.worth_a_look:
        parts = [f"{_counted(len(summary.worth_a_look[state]), 'file')} {said} ({_some(summary.worth_a_look[state])})"
                 for state, said in WORTH_A_LOOK.items() if summary.worth_a_look.get(state)]
        click.echo(f"Worth a look: {'; '.join(parts)}; their pages say why.", err=True)
    if summary.similar_pairs is not None:
        click.echo(f"Similarity: {_counted(summary.similar_pairs, 'pair')} worth a look, compared in "
                   f"{summary.similarity_seconds:.1f} s; open {out / 'similarity.html'}", err=True)
    if summary.unlisted:
        click.echo(f"Not on the class list: {_counted(len(summary.unlisted), ('entry', 'entries'))} "
                   f"({_some(summary.unlisted)}).", err=True)
    if summary.ambiguous:
        count = _counted(len(summary.ambiguous), ("entry", "entries"))
        click.echo(f"Matching the class list only ambiguously: {count} ({_some(summary.ambiguous)}), each matching "
                   "several people on it equally well, or a person another entry matches as well, so given no row "
                   "of it; grades.csv says whom each matches. Add e-mails or ids that tell them apart to the class "
                   "list, or rename the entries, and grade again.", err=True)
    if summary.missing:
        click.echo(f"No entry in the roster: {_counted(len(summary.missing), 'learner')} on the class list "
                   f"({_some(summary.missing)}).", err=True)
    if summary.contested:
        click.echo(f"Given to no entry: {_counted(len(summary.contested), 'learner')} on the class list "
                   f"({_some(summary.contested)}), whom no entry matches alone (several entries match one of them, "
                   "or one entry several); grades.csv names them. Decide which entry is whose and grade again.",
                   err=True)
    if summary.by_name:
        click.echo(f"Matched by name alone: {_counted(len(summary.by_name), ('entry', 'entries'))} "
                   f"({_some(summary.by_name)}); check them before importing the grades.", err=True)
    if summary.by_suffix:
        click.echo(f"Matched by the end of a folder's name alone: "
                   f"{_counted(len(summary.by_suffix), ('entry', 'entries'))} ({_some(summary.by_suffix)}), whose "
                   "name ends in a listed GitHub username but is not named <assignment>-<username> as the other "
                   "clones are; another GitHub user's repository may be named so: check them before importing the "
                   "grades.", err=True)
    if summary.unsubmitted:
        click.echo(f"No entry holds {_counted(len(summary.unsubmitted), 'challenge')} of those graded "
                   f"({_some(summary.unsubmitted)}), so every learner has a 'no submission' for each; grade only the "
                   "challenges set so far with --challenge.", err=True)
    for platform, exported in summary.gradebooks.items():
        click.echo(_gradebook_summary(platform, exported, summary.anonymous, summary.list_matches_none), err=True)
        if exported.get("worksheet"):
            click.echo(_worksheet(exported["worksheet"]), err=True)
    others = "; the others had not changed" if summary.pages_written < summary.learners else ""
    click.echo(f"{_counted(summary.pages_written, LEARNERS)} pages written{others}.", err=True)
    click.echo(f"Open {out / 'index.html'}", err=True)
    if summary.submissions and summary.grading_failures == summary.submissions:
        raise CannotGrade(f"The grader could not grade any of the {summary.submissions} submissions; grades.csv "
                          "and the learners' pages say why. Run `grade doctor` to check the grader, then grade "
                          "the class again.")
    if summary.wrong_challenges:
        raise CannotGrade("The report was written, but the files graded look written for another challenge than the "
                          "one they were graded for (the WARNING above says which), so their grades are likely "
                          "wrong. Run again with the --challenge the class handed in.")
    if not summary.submissions:
        raise CannotGrade(_nothing_graded(roster, summary.entries, challenges, summary.held_instead))
    elsewhere = summary.held_elsewhere
    if len(challenges) > 1 and 2 * elsewhere > summary.entries:
        # Most of the class handed in work these challenges do not take (one loose file each, in an LMS download
        # graded without --challenge, or another challenge's): the few graded are no class's report.
        raise CannotGrade(f"The report was written, but {elsewhere} of the {summary.entries} entries were not graded: "
                          "they hold no file taken for the challenges graded. "
                          + _run_again_with(summary.held_instead, summary.entries))


def _class_results(class_figures, challenges):
    """A line per challenge on what the class page's figures say of it: the files graded, their mean, how many have
    full marks and how many are not started, of the learners its statistics count (pages.write_all)."""
    from grader.course import max_score

    outside = class_figures.get("outside", 0)
    # As the class page's statistics leave them out: entries not on the class list, matched ambiguously, or staff's.
    apart = (f"; {_counted(outside, ('entry', 'entries'))} not counted, which the class list gives as no learner's"
             if outside else "")
    for challenge in challenges:
        figures = class_figures.get("per_challenge", {}).get(challenge.name)
        if figures and figures["graded"]:
            yield (f"{challenge.name}: {_counted(figures['graded'], 'file')} graded, mean {figures['mean']:.1f} of "
                   f"{max_score(challenge):g}, {figures['full_marks']} with full marks, {figures['not_started']} not "
                   f"started{apart}.")
        elif figures is not None and outside:
            yield f"{challenge.name}: no learner of the class list has a file graded{apart}."


def _total(total):
    """A learner's total as grades.csv gives it: "–" where nothing was graded."""
    return "–" if total is None else f"{total:g}"


# What a kind of roster entry (the "source" of its identity) came from, as a sentence names it.
KINDS_OF_DOWNLOAD = {"canvas": "a Canvas download", "moodle": "a Moodle download", "gradescope": "a Gradescope export",
                     "folder": "a folder of learners' folders and archives"}


def _earlier_kept(summary, roster, out, challenges):
    """Why a run graded nothing and left the report an earlier run wrote into `out` as it was (Summary.earlier_kept),
    and what to do instead."""
    from grader.classroom.report import (KEPT_CLASS_LIST_LOST, KEPT_OLDER_UPLOADS, KEPT_OTHER_ASSIGNMENT,
                                         KEPT_OTHER_CLASS, KEPT_SOME_LEARNERS, KEPT_WRONG_CHALLENGE)

    kept = f"The report an earlier run wrote into {out} was left as it was."
    if summary.earlier_kept == KEPT_WRONG_CHALLENGE:
        for warning in summary.warnings:
            click.echo(f"WARNING: {warning}", err=True)
        return (f"Nothing was graded: the files of {roster} look written for another challenge than the one they were "
                f"to be graded for (the WARNING above says which), so every grade would be wrong. {kept}")
    if summary.earlier_kept == KEPT_CLASS_LIST_LOST:
        return (f"{summary.class_list_lost} It was given to an earlier run into {out}, whose grades.csv and "
                "gradebooks hold what it gave them (e-mails, ids, learners with no entry, the LMS's own assignment "
                f"or worksheet); this run's would hold none of it, so nothing was graded. {kept} Give --class-list "
                "again (the file, or where it is now), or pass --replace to write the report without a class list "
                "from now on.")
    if summary.other_kind:
        before, now = (" and ".join(sorted(KINDS_OF_DOWNLOAD.get(kind, kind) for kind in kinds))
                       for kinds in summary.other_kind)
        return (f"Nothing was graded: {roster} is {now}, and the report in {out} was graded from {before}, whose "
                "learners this one could match by name alone, and not all of them. A download of another platform "
                f"is most likely another class's or another assignment's. {kept} Give this roster a --out of its "
                "own, or pass --replace to replace that report.")
    if summary.earlier_kept == KEPT_OTHER_CLASS:
        earlier = summary.earlier_learners
        return (f"Nothing was graded: none of the {_counted(len(earlier), 'learner')} of the report in {out} "
                f"({_some(earlier)}) has an entry in {roster}, which looks like another class's or another "
                f"assignment's download. {kept} Give this roster a new --out, or pass --replace to replace that "
                "report.")
    if summary.earlier_kept == KEPT_OTHER_ASSIGNMENT:
        dropped = summary.earlier_challenges
        return (f"Nothing was graded: the report in {out} holds grades of {_some(dropped)}, which this run does not "
                f"grade, and writing this run's report there would remove them. {kept} Give each assignment a --out "
                "of its own, or grade the challenges together (a --challenge for each, with a roster holding their "
                "files); --replace replaces that report with this run's.")
    if summary.earlier_kept == KEPT_SOME_LEARNERS:
        missing = summary.earlier_learners
        return (f"Nothing was graded: {_counted(len(missing), 'learner')} of the report in {out} ({_some(missing)}) "
                f"{'has' if len(missing) == 1 else 'have'} no entry in {roster}, and writing this run's report there "
                f"would remove {'their grade' if len(missing) == 1 else 'their grades'}. {kept} A download of some "
                "submissions only (the late ones, say) belongs with the rest: unzip it over the full download and "
                "grade that. If they have left the class, --replace replaces that report with this run's.")
    if summary.earlier_kept == KEPT_OLDER_UPLOADS:
        older = summary.earlier_learners
        return (f"Nothing was graded: for {_counted(len(older), 'learner')} ({_some(older)}), {roster} holds an "
                f"older submission than the one the report in {out} graded (by the platform's upload numbers or "
                "submission times), and writing this run's report there would put the older work in place of the "
                f"newer. {kept} Was an earlier download given? Grade the latest one; if the older submissions are "
                "the ones to grade, --replace replaces that report with this run's.")
    return _nothing_graded(roster, summary.entries, challenges, summary.held_instead, written=False) + " " + kept


def _nothing_graded(roster, entries, challenges, held_instead=None, written=True):
    """Why a report graded nothing, and what to pass to grade something; `held_instead`: how many entries hold
    each challenge not graded (Summary.held_instead); `written`: whether the run wrote its report, whose pages say
    why for each learner."""
    say_why = "; grades.csv and the learners' pages say why for each" if written else ""
    if not entries:
        return (f"Nothing was graded: {roster} holds no learner's entry. Give the folder of the class's "
                "submissions or a platform's download.")
    text = "Nothing was graded: " + ("the roster's one entry holds no file " if entries == 1 else
                                     f"none of the {entries} entries holds a file ")
    return (_nothing_graded_why(text, roster, entries, challenges, held_instead, say_why) + _roster_within(roster)
            + _export_within(roster))


def _roster_within(roster):
    """Where the roster given holds a folder that looks like the class's roster itself, the folders and archives of
    a class (GitHub Classroom's clones in a folder of their own), a sentence saying to give that folder; else ""."""
    roster = Path(roster)
    if not roster.is_dir():
        return ""
    for folder in sorted(roster.iterdir()):
        if folder.name.startswith(".") or folder.is_symlink() or not folder.is_dir():
            continue
        try:
            inner = [child for child in folder.iterdir() if not child.name.startswith(".") and not child.is_symlink()
                     and (child.is_dir() or child.suffix.lower() == ".zip")]
        except OSError:
            continue
        if len(inner) >= 2 and not any(part.name == "challenges" for part in inner):
            return (f" {folder.name}/ holds {len(inner)} folders and archives of its own: if those are the learners' "
                    f"entries, give grade report {folder} itself.")
    return ""


def _export_within(roster, depth=4, most=2000):
    """Where a folder within `depth` folders of the roster given holds Gradescope's submission_metadata.yml (an
    export unzipped into a folder moved into another), a sentence saying to give that folder; else "". It is only
    named, never read: a learner's own files may hold such a file. Looks at `most` folders at most."""
    from grader.classroom.downloads import GRADESCOPE_METADATA

    root = Path(roster)
    level, seen = [root], 0
    for _ in range(depth):
        inner = []
        for folder in level:
            try:
                children = sorted(folder.iterdir())
            except OSError:
                continue
            if folder != root and any(child.name == GRADESCOPE_METADATA for child in children):
                return (f" {folder} holds Gradescope's {GRADESCOPE_METADATA}: if it is the class's export, give "
                        f"grade report {folder} itself.")
            inner += [child for child in children if not child.name.startswith(".") and not child.is_symlink()
                      and child.is_dir()]
            seen += 1
            if seen >= most:
                return ""
        level = inner
    return ""


def _nothing_graded_why(text, roster, entries, challenges, held_instead, say_why):
    if held_instead:
        graded = ("for " + " or ".join(challenge.name for challenge in challenges) if len(challenges) <= 3 else
                  f"at the path of any of the {len(challenges)} challenges graded")
        # A file named for no challenge (Canvas's, Moodle's) is taken only when one is graded (roster.read_roster).
        loose = (" Each entry's only file, named for no challenge, is graded only when one challenge is."
                 if len(challenges) > 1 and any(challenge.name in held_instead for challenge in challenges) else "")
        return text + f"{graded}{say_why}.{loose} " + _run_again_with(held_instead, entries, bool(loose))
    if len(challenges) == 1:
        return text + (f"for {challenges[0].name} that could be read{say_why}. Check that {roster} is the class's "
                       "download for that challenge.")
    return text + (f"at the path of any of the {len(challenges)} challenges graded (challenges/<name>/main.py or "
                   "<name>/main.py). A file elsewhere, such as each learner's main.py in Canvas's and Moodle's "
                   "downloads, is taken only when one challenge is graded: pass --challenge with the challenge the "
                   "class handed in (its number or name).")


def _run_again_with(held_instead, entries, one_at_a_time=False):
    """What to pass to grade the work `held_instead` says the roster's `entries` hold (Summary.held_instead).
    `one_at_a_time`: each entry's file is named for no challenge, and graded only in a run of one challenge."""
    from grader.classroom.roster import joined

    held = sorted(held_instead, key=_challenge_number)
    counts = joined([f"{name} ({held_instead[name]} of {entries})" for name in held])
    most = max(held, key=held_instead.get)
    if len(held) > 1 and sum(held_instead.values()) <= entries and 2 * held_instead[most] > entries:
        # Each entry one challenge's work, most of them the same one: one assignment's download (Canvas's,
        # Moodle's) with a few files for another, most likely the one set.
        return (f"The entries hold work for {counts}: run again with --challenge {_challenge_number(most)}, the "
                "challenge most of them hold (the others may have handed in the wrong file).")
    if len(held) > 1 and one_at_a_time:
        return (f"The entries hold work for {counts}: run again with the --challenge the class was set, one of "
                + " or ".join(f"--challenge {_challenge_number(name)}" for name in held)
                + " (one run grades such files for one challenge).")
    again = " ".join(f"--challenge {_challenge_number(name)}" for name in held)
    return (f"The entries hold work for {counts}: run again with {again}"
            + (" (or only those the class was set)." if len(held) > 1 else "."))


def _assignment_name(value):
    """--assignment's NAME as a repository's name may start: letters, digits, '.', '_' and '-' (GitHub's rule for a
    repository's name), without the hyphen before the username."""
    name = (value or "").strip().rstrip("-").rstrip()
    if value is not None and not re.fullmatch(r"[A-Za-z0-9._-]+", name):
        raise click.BadParameter(f"{value!r} cannot start a GitHub repository's name, which holds only letters, "
                                 "digits, '.', '_' and '-'; give the start its clones' names share, as hw1 in "
                                 "hw1-alice.")
    return name


def _challenge_number(name):
    """3 for challenge_3_activations: the number --challenge takes."""
    from grader.course import CHALLENGE_NAME

    return int(CHALLENGE_NAME.match(name).group(1))


LEARNERS = ("learner's", "learners'")   # the possessive, for _counted
# What each LMS does with a row it cannot match to a person (grader/classroom/lms_gradebooks.py cites them).
UNMATCHED = {"canvas": "Canvas would ask whom each row it cannot match is for",
             "moodle": "one row Moodle cannot match aborts its whole import"}
# The class list that gives a platform's gradebook the column its import matches learners on.
MATCHING_CLASS_LIST = {"canvas": "Canvas's gradebook export (Grades, Export, CSV File)",
                       "moodle": "the assignment's grading worksheet (Download grading worksheet)"}


def _gradebook_summary(platform, exported, anonymous=False, list_matches_none=False):
    """A sentence on what went into gradebook-PLATFORM.csv: the rows, the column to match them on, and who was
    left out and why. `anonymous`: every entry is of Canvas's anonymous grading; `list_matches_none`: the class list
    given matches no entry, which a warning has said."""
    title = platform.title()
    written, empty = exported.get("written", True), not exported["rows"] and not exported.get("partial")
    if written:
        text = f"gradebook-{platform}.csv holds {_counted(exported['rows'], 'learner')}"
        if exported["key"]:
            text += f", matched on import by its {exported['key']} column (map it to the same field in {title})"
        text += "."
    else:
        text = f"No gradebook-{platform}.csv was written: no learner has a row in it, so it would import nothing."
        if exported.get("earlier"):
            text += " The one an earlier run wrote into this folder was deleted: its grades are not this run's."
    if exported["left_out"]:
        reasons = {}
        for name, why in exported["left_out"]:
            reasons.setdefault(why, []).append(name)
        text += (f" Left out, as {UNMATCHED[platform]}: "
                 + "; ".join(f"{_counted(len(names), 'row')} {_reason(why)} ({_some(names)})"
                             for why, names in reasons.items())
                 + ". grades.csv has every row.")
        if empty and anonymous:
            text += (" Anonymous grading hides whose each entry is, which a download made once it is turned off "
                     "names.")
        elif empty and list_matches_none:
            text += (" The class list given matches no entry, as the warning above says; a class list that names "
                     "each entry by what its name holds (an e-mail, an id, a GitHub username for GitHub Classroom's "
                     "clones) gives every row.")
        elif empty:
            text += (f" To give each learner a row, run again with --gradebook {platform} and --class-list "
                     f"{MATCHING_CLASS_LIST[platform]}, which names each learner by what {title} matches on.")
    if exported.get("unread"):
        names = exported["unread"]
        one = len(names) == 1
        text += (f" {_counted(len(names), 'row')} graded on the stub as shipped, beside files of other names not "
                 f"graded that may hold the work, {'is' if one else 'are'} left out ({_some(names)}): a 0 imported "
                 "for work unread is worse than none. grades.csv has "
                 f"{'it' if one else 'them'}, and the warning above says how to grade that file.")
    if not written:
        return text
    if exported.get("ungraded"):
        names = exported["ungraded"]
        text += (f" {_counted(len(names), 'row')} with nothing graded {'is' if len(names) == 1 else 'are'} "
                 f"left out too ({_some(names)}), so that an import leaves the grade {title} holds for "
                 f"{'them' if len(names) > 1 else 'that learner'} as it is: a blank cell would clear it.")
    if exported.get("partial"):
        names = list(dict.fromkeys(name for _, learners in exported["partial"] for name in learners))
        text += (f" {_counted(len(names), 'learner')} graded in only some of the challenges "
                 f"({_some(names)}) {'is' if len(names) == 1 else 'are'} not in it, as a blank cell would clear the "
                 f"grade {title} holds for a challenge not graded here: the grades of each challenge they have are in "
                 f"a file of its own, {_files(exported['partial'])}. Import those files too.")
    if exported.get("gradescope_sids"):
        names = exported["gradescope_sids"]
        text += (f" {_counted(len(names), 'row')} ({_some(names)}) {'has' if len(names) == 1 else 'have'} only the "
                 "student id of Gradescope's export, written as the SIS User ID: Canvas matches such a row only where "
                 "the two are the same. A --class-list of Canvas's gradebook export gives Canvas's own ids.")
    return text + _out_of(exported.get("out_of")) + _canvas_columns(exported)


def _files(partial):
    """The files of one challenge's grades, with how many learners each holds, for a sentence."""
    return "; ".join(f"{name} ({_counted(len(learners), 'learner')})" for name, learners in partial)


def _out_of(out_of):
    """A sentence on what the Moodle gradebook's grades are out of: the grading worksheet's maximum grade they were
    scaled to, or each column's points, which the grade item mapped to must have as its maximum."""
    if out_of is None or out_of == {}:    # a gradebook of no column says nothing of its grades
        return ""
    if not isinstance(out_of, dict):
        return (f" Its grades are out of {out_of:g}, the Maximum Grade of the grading worksheet given as class list: "
                f"each challenge's points were scaled to it, so full points give {out_of:g}.")
    full = next(iter(out_of.values()), 0)
    return (" Its grades are points, out of "
            + ", ".join(f"{points:g} for {column}" for column, points in out_of.items())
            + f"; set the Maximum grade of the grade item you map each column to to those points, or Moodle reads "
              f"{full:g} of {full:g} as {full:g} of its default 100 (given the assignment's grading worksheet as "
              "class list, the grades are scaled to its Maximum Grade instead).")


# What the summary says of the learners in each state of grader.classroom.pages.WORTH_A_LOOK.
WORTH_A_LOOK = {"empty": "holding no code",
                "error": ("raising at every check reached (a syntax error, say, an import the grader refuses, or "
                          "none of the names the checks look for: another challenge's file?), the cause after each "
                          "name where one tells it"),
                "timeout": "with a check that ran out of time"}


def _worksheet(worksheet):
    """Sentences on grading-worksheet-moodle.csv: which rows it fills in and which keep their Grade, and why; or why
    the grading worksheet given as class list was not filled in."""
    from grader.classroom.moodle_worksheet import FILE_NAME

    removed = (f"{FILE_NAME}, made by an earlier run into this folder, was deleted, so that no file disagrees with "
               "grades.csv." if worksheet.get("removed") else "")
    if "rows" not in worksheet:
        why = worksheet.get("why")
        return " ".join(filter(None, [f"No {FILE_NAME} was written: {why}." if why else "", removed]))
    kept, locked = worksheet["kept"], worksheet.get("locked", [])
    text = (f"{FILE_NAME} is the grading worksheet given as class list, its Grade (scaled to its Maximum Grade of "
            f"{worksheet['maximum']:g}, with a decimal {'comma' if worksheet['decimal_comma'] else 'point'} as its "
            f"own numbers have){' and Feedback comments' if worksheet['feedback'] else ''} filled in for "
            f"{worksheet['rows']} of its {_counted(worksheet['rows'] + len(kept) + len(locked), 'row')}: " + (
                "upload it in the assignment with Upload grading worksheet. Moodle skips a row whose grade was changed "
                "in Moodle after the worksheet was downloaded, by an earlier upload too, so download it again and give "
                "it as --class-list before uploading again." if worksheet["rows"] else
                "it changes no grade, and there is nothing to upload."))
    if kept:
        reasons = {}
        for name, why in kept:
            reasons.setdefault(why, []).append(name)
        one = len(kept) == 1
        text += (f" {_counted(len(kept), 'row')} {'keeps' if one else 'keep'} the Grade downloaded, no grade of "
                 "this run's going there: "
                 + "; ".join(f"{len(names)} {why} ({_some(names)})" for why, names in reasons.items()) + ".")
    if locked:
        text += (f" {_counted(len(locked), 'row')} {'keeps' if len(locked) == 1 else 'keep'} the Grade downloaded, as "
                 f"Moodle says the grade cannot be changed (a grade locked or overridden in its gradebook), which its "
                 f"upload would skip: {_some(locked)}.")
    if worksheet["feedback_kept"]:
        text += (f" {_counted(worksheet['feedback_kept'], 'row')} already held Feedback comments, which "
                 f"{'it keeps' if worksheet['feedback_kept'] == 1 else 'they keep'} as written in Moodle; "
                 "each learner's page in learners/ says what the checks found.")
    return text


def _canvas_columns(exported):
    """Sentences on where the Canvas gradebook puts each challenge's grades: into an assignment of the class list,
    which Canvas's import updates, or into a column of its own, which it makes a new assignment of."""
    if "existing" not in exported:
        return ""
    text = ""
    if exported["existing"]:
        into = [f"{title} (scaled to its {given:g} points)" if given else
                f"{title} (in points out of {points:g}, as the class list's Points Possible row is blank or 0 for "
                f"it: set the assignment to {points:g} points in Canvas)"
                for title, given, points in exported["existing"]]
        one = len(into) == 1
        text += (f" Its grades go into {' and '.join(into)}, {'the assignment' if one else 'assignments'} of the "
                 f"Canvas gradebook export given as class list, which Canvas's import updates.")
    for column, titles in exported["ambiguous"].items():
        text += f" {'; '.join(titles)} of the class list name {column} equally well, so it has a column of its own."
    if exported["new"]:
        new = "; ".join(f"{title} ({points:g} points)" for title, points in exported["new"])
        text += (f" Canvas's import will create a new assignment for each of its columns {new}. To fill an "
                 "assignment you have instead, give Canvas's gradebook export as --class-list (an assignment's title "
                 "names a challenge by its number after Challenge or NNFS, or by its topic), or rename the column to "
                 "the assignment's title and (id) as that export shows them.")
    if exported["empty"]:
        text += (f" No column for {_counted(exported['empty'], 'challenge')} nobody in it has a grade of, which "
                 "would be new assignments empty for everyone.")
    return text


def _reason(why):
    """A reason of lms_gradebooks as it follows a count: '2 rows not on the class list', '1 row with no ...'."""
    return why if why.startswith(("not ", "of ", "matching ")) else f"with {why}"


def _counted(number, word):
    """'1 learner', '2 learners': the number with the word it counts; `word` a (singular, plural) pair, or a noun
    that takes an s."""
    singular, plural = word if isinstance(word, tuple) else (word, word + "s")
    return f"{number} {singular if number == 1 else plural}"


def _some(names, limit=5):
    """safe_text.some_of, imported only where a summary is said."""
    from grader.views.safe_text import some_of

    return some_of(names, limit)


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="A new folder for the learners' copy of the course.")
@click.option("--challenge", "chosen", multiple=True, metavar="NAME",
              help="Release only this challenge (a name, number or part of a name); repeat for more.")
@click.option("--notebooks", is_flag=True,
              help="Also write each challenge as notebooks/<challenge>.ipynb: instructions, the stub in cells, "
                   "and a last cell that grades.")
@click.option("--all-at-once", is_flag=True,
              help="Release challenges together even where a later stub gives an earlier challenge's solution as "
                   "working code (learners who take the course at their own pace); by default that is refused.")
def release(out, chosen, notebooks, all_at_once):
    """Write the course as learners receive it to OUT.

    OUT gets the stubs, the instructions, the public checks and the grader,
    and no solutions, no hidden checks and no reference implementation: each
    challenge carries the reference's recorded answers to its public checks
    instead, and a .gitignore keeps a virtual environment and caches out of
    learners' commits. Learners install it with pip install -e . and run grade there.
    Later stubs give the book's earlier classes as working code, so a release
    that would give answers away is refused: release the course in steps
    (--challenge), or pass --all-at-once. --notebooks adds each challenge as a Jupyter notebook for classes that
    work in Jupyter or Colab.

    \b
    Examples:
        grade release --out week-1 --challenge 1
        grade release --out week-1 --notebooks --challenge 1
        grade release --out whole-course --all-at-once
    """
    from grader.classroom.release import (ReleaseError, edited_stubs, given_away, make_release, shipped_stubs,
                                         start_command)

    root, challenges = course()
    picked = chosen_challenges(chosen, challenges)
    try:
        stubs = shipped_stubs(root, picked)
        pairs = given_away(root, picked, stubs)
        if pairs and not all_at_once:
            raise CannotGrade(_gives_answers_away(pairs, picked, out))
        released = make_release(root, out, picked, stubs, notebooks=notebooks)
    except ReleaseError as exc:
        raise CannotGrade(str(exc)) from None
    except OSError as exc:
        raise CannotGrade(f"Cannot write the release to {out}: {exc.strerror or exc}.") from None
    click.echo(f"Released {len(released)} challenge{'s' if len(released) != 1 else ''} to {out}. Learners start with: "
               f"{start_command(released)}")
    _say_strays_left_out(root, picked, "the release")
    edited = [challenge.name for challenge in edited_stubs(picked, stubs)]
    if edited:
        click.echo(f"Note: main.py of {', '.join(edited)} differs from the stub in .pristine/; the release holds "
                   "the stub, as learners should start from it. If the stub itself should change, copy main.py "
                   "to .pristine/main.py (grade dev check compares them).", err=True)
    for later in dict.fromkeys(later for later, _ in pairs):
        earlier = [earlier.name for other, earlier in pairs if other == later]
        click.echo(f"Note: as --all-at-once asks, the release holds the stub of {later.name}, which gives most of the "
                   f"solution of {', '.join(earlier)} as working code.", err=True)


def _gives_answers_away(pairs, picked, out):
    """Why a release of `picked` into `out` is refused: the (later, earlier) challenges of release.given_away, the
    earliest pair named, and the steps."""
    later, earlier = min(pairs, key=lambda pair: (pair[0].number, pair[1].number))
    more = len(pairs) - 1
    givers = {giver for giver, _ in pairs}
    first = [challenge for challenge in picked if challenge not in givers]
    start = " ".join(f"--challenge {challenge.number}" for challenge in first[:2])
    return (f"Nothing was released: together, these {len(picked)} challenges would give learners answers, since the "
            f"stub of {later.name} gives most of the solution of {earlier.name} as working code"
            f"{f' ({more} more such pair' + 's' * (more > 1) + ')' if more else ''}. Release the course in steps, "
            f"each into a new folder, as learners reach each challenge: grade release --out {out} {start}, then "
            "the next challenges into another folder once learners have finished those their stubs solve. To hand "
            "out every challenge at once anyway (learners who take the course at their own pace), add --all-at-once.")


@click.group(context_settings=CONTEXT_SETTINGS)
def export():
    """Export the grading to the platforms classes run on: Gradescope and GitHub Classroom.

    \b
    Examples:
        grade export gradescope 5 --out backprop-autograder.zip
        grade export github-classroom --out course-for-learners
    """


@export.command(context_settings=CONTEXT_SETTINGS)
@click.argument("chosen", nargs=-1, metavar="[CHALLENGE]...")
@click.option("--challenge", "named", multiple=True, metavar="NAME",
              help="A challenge for the autograder, named as the other commands name one (the same as giving it "
                   "as an argument); repeat for more.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The autograder zip to write, e.g. autograder.zip.")
@click.option("--hidden-visibility", type=click.Choice(["hidden", "after_due_date", "after_published"]),
              default="after_published", show_default=True,
              help="When learners see the results of hidden checks: once you publish the grades, after the due "
                   "date, or never (hidden: only for checks that give no points, as Gradescope shows the total).")
@click.option(ALLOW_UNCONFINED, "allow_unconfined", is_flag=True,
              help="Let the autograder grade where it cannot confine the learner's code (Gradescope images "
                   "without user namespaces); by default it then gives no score and says why.")
def gradescope(chosen, named, out, hidden_visibility, allow_unconfined):
    """Write a Gradescope autograder for CHALLENGE (default: every challenge).

    Upload the zip as a programming assignment's autograder. With one challenge,
    learners upload their main.py (or one file of any name); with several, each
    as <challenge>/main.py or <challenge>.py.
    Every check becomes a Gradescope test with its points; hidden checks get
    --hidden-visibility. The learner's code runs as an unprivileged user that
    setup.sh creates, inside bubblewrap where the image allows it.

    \b
    Example:
        grade export gradescope 5 --out backprop-autograder.zip
    """
    from grader.classroom.gradescope import ExportError, build_autograder
    from grader.course import output_may_replace

    root, challenges = course()
    picked = chosen_challenges((*chosen, *named), challenges)
    # An autograder made before may be made again; anything else there (a learner's main.py) is never replaced.
    if not output_may_replace(out, (".zip",)):
        raise CannotGrade(f"--out {out} is there already and is not an autograder's .zip, so it was left as it is. "
                          f"Name a new file, such as {picked[0].name.split('_', 2)[-1]}-autograder.zip.")
    if out.suffix.lower() != ".zip":
        # Gradescope's upload takes a .zip; one named otherwise would have to be renamed before it could be given.
        raise CannotGrade(f"--out {out} does not end in .zip, the file Gradescope takes as an autograder, so nothing "
                          f"was written. Name it {out.name}.zip, say.")
    try:
        build_autograder(root, out, picked, hidden_visibility, allow_unconfined)
    except ExportError as exc:
        raise CannotGrade(str(exc)) from None
    click.echo(f"Wrote {out}: a Gradescope autograder for {', '.join(c.name for c in picked)}.")
    _say_strays_left_out(root, picked, "the autograder")


def _say_strays_left_out(root, challenges, made):
    """Name what lay in the challenges' folders and was left out of `made`, not being theirs (Challenge.strays)."""
    from grader.course import CHALLENGE_FILES

    strays = [stray.relative_to(root).as_posix() for challenge in challenges for stray in challenge.strays()]
    if strays:
        own = ", ".join(".pristine/main.py" if name == ".pristine" else name for name in CHALLENGE_FILES)
        click.echo(f"Note: {_some(strays)} {'is' if len(strays) == 1 else 'are'} left out of {made}, which takes "
                   f"from a challenge's folder only the files a challenge is made of ({own}). grade dev check names "
                   "the others.", err=True)


@export.command("github-classroom", context_settings=CONTEXT_SETTINGS)
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The learners' repository (a release), or a folder to copy .github/ from.")
@click.option("--per", type=click.Choice(["check", "challenge"]), default="check", show_default=True,
              help="One autograding step, with its points, per check or per challenge.")
@click.option("--challenge", "chosen", multiple=True, metavar="NAME",
              help="Only this challenge (a name, number or part of a name); repeat for more.")
@click.option(ALLOW_UNCONFINED, "allow_unconfined", is_flag=True,
              help="Let the workflow grade where the runner cannot confine the learner's code.")
def github_classroom(out, per, chosen, allow_unconfined):
    """Write GitHub Classroom's autograding workflow to OUT/.github/workflows/classroom.yml.

    Each step runs grade in the learner's repository and earns its points when
    the check (or the whole challenge) passes. Only public checks are listed:
    the learner's repository is a release, which has no hidden checks. When OUT
    is a release (it has challenges/), only the challenges it holds get steps;
    --challenge may narrow them further. The
    workflow installs bubblewrap, and each step refuses to grade unconfined
    unless --allow-unconfined is given here.

    \b
    Example:
        grade export github-classroom --out course-for-learners
    """
    from grader.classroom.github_classroom import build_workflow, held_by

    root, challenges = course()
    picked = chosen_challenges(chosen, challenges)
    held = held_by(out, picked)
    if held is not None:
        missing = [challenge.name for challenge in picked if challenge not in held]
        if chosen and missing:
            raise CannotGrade(f"{out} is a course without {', '.join(missing)}, so its learners could not earn those "
                              "steps' points. Release them into it (grade release --challenge ...), or leave them out "
                              "of --challenge.")
        picked = held
        if not picked:
            raise CannotGrade(f"{out / 'challenges'} holds none of this course's challenges. Name the learners' "
                              "repository (a release) or a folder without challenges/ with --out.")
    try:
        path, steps, kept = build_workflow(out, picked, per=per, confined=not allow_unconfined)
    except OSError as exc:
        raise CannotGrade(f"The workflow could not be written under {out}: {exc.strerror or exc}. "
                          "Check that the folder is yours and writable, or name another with --out.") from None
    total = sum(step["points"] for step in steps)
    if kept is not None:
        click.echo(f"The workflow that was there differs from this one; it is kept as {kept}.", err=True)
    click.echo(f"Wrote {path}: {_counted(len(steps), 'autograding step')} worth {total:g} points, for "
               f"{', '.join(challenge.name for challenge in picked)}"
               + (f" (the challenges {out} holds)." if held is not None and not chosen else "."))


class _ProgressBar:
    """click's progress bar, started once the number of gradings is known."""

    def __init__(self):
        self.bar = None

    def __enter__(self):
        return self

    def start(self, total):
        if not total:
            return   # every result reused: the summary says so, and a bar of nothing would say "Grading 0"
        label = f"Grading {total} submission{'' if total == 1 else 's'}"
        self.bar = click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True)
        self.bar.__enter__()

    def advance(self):
        self.bar.update(1)

    def __exit__(self, *exc_info):
        if self.bar is not None:
            self.bar.__exit__(*exc_info)
