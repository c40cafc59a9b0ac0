"""`grade report`: grade a whole roster and write the class's reports.

Reads the roster (grader.classroom.roster), grades what the gradebook does not know yet
over warm grading processes (grader.judge.pool), and writes the views of
grader.classroom.pages from the gradebook, one learner at a time.
"""
import collections
import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from grader.classroom.gradebook import FILE_NAME, Gradebook, person_keys
from grader.course import checks_version, load_challenges
from grader.judge.pool import GradingPool
from grader.classroom.downloads import RosterError
from grader.classroom.identity import ClassListError, names_a_clone, read_class_list
from grader.classroom.learner_choice import LearnerChoiceError, chosen_positions
from grader.classroom import moodle_worksheet
from grader.classroom.lms_gradebooks import PARTIAL_FILE, PLATFORMS
from grader.classroom.roster import NO_SUBMISSION, KnownEntries, joined, read_roster
from grader.classroom.similarity import WORTH_A_LOOK, compare_class, require_copydetect, write_similarity
from grader.classroom.spool import Spool
from grader.classroom.stub_shapes import ChallengeNames
from grader.views.safe_text import lookalikes, on_one_line, shown_name, some_of

# A file alone is one learner's, whose own checks say what it lacks: it says nothing of the challenge chosen.
FEWEST_FOR_A_CLASS = 2
STAGING = ".staging"    # where earlier versions staged submissions: removed if a run of theirs left it
CLASS_LIST_MATCHES_NONE = (
    "The class list matches none of the {entries} entries: none of its {people} people has an e-mail, id, GitHub "
    "username or name of an entry. It may be the list of another course or section. Every entry is marked not on "
    "the class list and every person on it as having no entry, so no LMS gradebook can hold a grade; check "
    "--class-list and grade again.")
CLASS_LIST_CONTRADICTS_ALL = (
    "The class list matches none of the {entries} entries: {named} the name of a person on it, but {their} {what} "
    "differs from the one the list gives.{why} Every entry is marked not on the class list and every person on it as "
    "having no entry, so no LMS gradebook can hold a grade; check --class-list and grade again.")
# Why every entry's id of one kind may differ from the class list's, by that kind (identity._contradicted).
CONTRADICTED_BECAUSE = {
    "participant id": (" Moodle numbers the participants of each assignment anew, so the grading worksheet of another "
                       "assignment holds other participant ids: download this assignment's (its View all submissions "
                       "page, Grading action, Download grading worksheet)."),
}
CLASS_LIST_ANONYMOUS = (
    "The download is of an assignment Canvas grades anonymously: its files are named anon_<anonymous id>, which no "
    "class list can match, so every entry is marked not on the class list and no LMS gradebook can hold a grade "
    "(grades.csv names each entry by its anonymous id). For gradebooks, turn anonymous grading off in the "
    "assignment's settings once you may see names, download the submissions again and grade that download.")
# Below this many entries, a class list that matches half of them may well be the right one for a few stragglers.
FEWEST_FOR_MOST = 6
CLASS_LIST_MATCHES_FEW = (
    "The class list matches only {matched} of the {entries} entries; the others are marked not on the class list, "
    "left out of the class's statistics and of the LMS gradebooks. It may be the list of another course or section: "
    "check --class-list and grade again.")
SOLUTIONS_HANDED_IN = (
    "{files} the course's own solution, statement for statement ({names}): {their} the solution's. The "
    "solutions are in this clone of the course, never in a release (grade release leaves them out); grades.csv's "
    "notes name each file.")
CLASS_LIST_NAMES_NOBODY = (
    "The class list {path} names nobody: it holds its heading and no row of a learner. Every entry is marked not on "
    "the class list, so no LMS gradebook can hold a grade; check --class-list (an export of the whole class) and "
    "grade again.")


def _chosen_names(learners):
    """The names of `learners`, apart by semicolons, each once; namesakes each with their entry."""
    names = collections.Counter(shown_name(learner.name) for learner in learners)
    return "; ".join(dict.fromkeys(
        f"{shown_name(learner.name)} ({on_one_line(learner.entry)})" if names[shown_name(learner.name)] > 1
        and learner.entry else shown_name(learner.name) for learner in learners))


def _moodle_group(learners):
    """A sentence where every Moodle entry's name starts with one "<group>-": Moodle puts the group's name before
    each learner's where a group is chosen on the assignment's grading page (mod/assign/locallib.php,
    download_submissions), so that no name is a class list's."""
    names = [learner.name for learner in learners if learner.identity.get("source") == "moodle"]
    shared = os.path.commonprefix(names)
    # The group's own name may hold a hyphen (Lab-A): the prefix runs to the last one all the names share.
    group = shared[:shared.rfind("-")] if "-" in shared else ""
    if len(names) < FEWEST_FOR_A_CLASS or not group:
        return ""
    group = shown_name(group)
    return (f" Every entry's name starts with {group}-, as Moodle names a download of one group's submissions "
            "(<group>-<full name>): give the assignment's grading worksheet (Download grading worksheet) as "
            "--class-list, which is matched by participant id, or download the submissions of all participants.")


KEPT_NOTHING, KEPT_WRONG_CHALLENGE, KEPT_OTHER_CLASS = "nothing to grade", "another challenge", "another class"
KEPT_OTHER_ASSIGNMENT, KEPT_SOME_LEARNERS = "another assignment", "some learners"
KEPT_CLASS_LIST_LOST, KEPT_OLDER_UPLOADS = "the class list lost", "older uploads"


class ReportError(Exception):
    """The report cannot be made at all (as opposed to a learner whose entry has a problem)."""


@dataclass
class Summary:
    learners: int = 0
    submissions: int = 0        # gradable submissions in the roster
    graded: int = 0             # of which graded in this run (the rest came from the gradebook)
    grading_failures: int = 0   # the grader could not grade them; their entries say why
    learner_problems: list = field(default_factory=list)   # the learners whose whole entry was refused
    unreadable: list = field(default_factory=list)  # "learner (challenge)" of each file found but refused unread
    solutions: list = field(default_factory=list)   # "learner (challenge)" of each file that is the course's solution
    # "learner (challenge): their other files" of each stub as shipped graded beside files of other names
    beside_stub: list = field(default_factory=list)
    unlisted: list = field(default_factory=list)    # entries that match nobody on the class list
    ambiguous: list = field(default_factory=list)   # entries that match it only ambiguously (identity._unlisted)
    # People on the class list: with no entry, and whom entries matched only ambiguously (learners while the roster is
    # read, then their names, with an id where two share one: _told_by_id).
    missing: list = field(default_factory=list)
    contested: list = field(default_factory=list)
    by_name: list = field(default_factory=list)     # entries matched to the class list by name alone
    by_suffix: list = field(default_factory=list)   # entries matched by the end of their folder's name alone
    unsubmitted: list = field(default_factory=list)  # challenges graded that no entry holds, where others hold some
    held_instead: dict = field(default_factory=dict)  # of entries with nothing to grade: challenge -> how many hold it
    held_elsewhere: int = 0          # entries with nothing to grade that hold work for other challenges
    worth_a_look: dict = field(default_factory=dict)  # a state of pages.WORTH_A_LOOK -> the learners in it
    class_figures: dict = field(default_factory=dict)  # the class page's figures (pages.write_all)
    grades_changed: list = field(default_factory=list)  # (name, total before, total now) since the last report
    earlier: bool = False                          # whether the run wrote into the folder of an earlier report
    groups: dict = field(default_factory=dict)      # the entry of a group submission -> its members' names
    warnings: list = field(default_factory=list)    # what the class page and the summary put above all else
    anonymous: bool = False     # every entry is of Canvas's anonymous grading, which no class list matches
    list_matches_none: bool = False   # the class list given names people and matches no entry (warned of)
    wrong_challenges: list = field(default_factory=list)  # warnings that a challenge's files are another's
    entries: int = 0            # roster entries read (the class list's people with none left out)
    pages_written: int = 0      # learners' pages written (the others had not changed)
    gradebooks: dict = field(default_factory=dict)  # platform -> what its gradebook holds (lms_gradebooks.Writers)
    entries_reused: int = 0     # roster entries unchanged since the last run, not read again
    # a learner of each submission whose stored result, reused, holds a check that ran out of time
    timeouts_reused: list = field(default_factory=list)
    seconds: float = 0.0
    similar_pairs: int | None = None    # pairs worth a look, when similarity was asked for
    similarity_seconds: float = 0.0
    gradebook_restored: bool = False    # something changed gradebook.sqlite while learners' code ran
    course_restored: list = field(default_factory=list)   # course files changed then
    course_put_back: bool = True        # whether they were put back (not where every learner's code ran confined)
    course_kept: str = None             # the folder holding them as they were found, if they could be kept
    notes: list = field(default_factory=list)   # how the class list was read, and what an earlier run's options gave
    # Why the report an earlier run wrote into the folder was left as it was, this run grading nothing: a KEPT_ value;
    # "" where this run wrote its report.
    earlier_kept: str = ""
    # With KEPT_OTHER_CLASS: the earlier report's learners; with KEPT_SOME_LEARNERS: those this roster lacks;
    # with KEPT_OLDER_UPLOADS: those whose entry holds an older submission than the one graded.
    earlier_learners: list = field(default_factory=list)
    earlier_challenges: list = field(default_factory=list)   # with KEPT_OTHER_ASSIGNMENT: those this run leaves out
    # Why this run could not read the class list an earlier run into the folder was given (KEPT_CLASS_LIST_LOST).
    class_list_lost: str = ""
    # With KEPT_OTHER_CLASS or KEPT_SOME_LEARNERS: (the kinds of download the earlier report was graded from, this
    # roster's), where they share none (_kinds), as a Moodle download graded into a Canvas report.
    other_kind: tuple = ()


def _people(learners_before):
    """{name: what else names them} of the learners of the last run (Gradebook.learners_of_last_run): their entry,
    and the e-mails, ids and logins their identity holds."""
    people = {}
    for name, entry, identity in learners_before:
        people.setdefault(name, set()).update({("entry", entry), *person_keys(identity)})
    return people


def _gone(people_before, learners):
    """The names of the learners of the last run (_people) that none of `learners` with an entry
    is, by name, entry, e-mail, id or login: a class list may have renamed one since, a resubmission renamed its
    file."""
    present = set()
    for entry in learners:
        if entry.entry:
            present |= {("name", entry.name), ("entry", entry.entry), *person_keys(entry.identity)}
    return sorted(name for name, keys in people_before.items() if not ({("name", name)} | keys) & present)


def _older_uploads(learners_before, learners):
    """(the names of `learners` whose entry holds an older submission than the one the last run graded of them
    (Gradebook.learners_of_last_run), those whose entry holds a newer one): by Canvas's attachment ids, which grow
    with every upload, or by Gradescope's submission times. A learner is the same one by an e-mail, id or login of
    theirs."""
    before = {}
    for _, _, identity in learners_before:
        for key in person_keys(identity):
            before[key] = identity
    older, newer = set(), set()
    for entry in learners:
        earlier = next((before[key] for key in person_keys(entry.identity) if key in before), None)
        if entry.entry and earlier is not None:
            if _is_older(entry.identity, earlier):
                older.add(entry.name)
            elif _is_older(earlier, entry.identity):
                newer.add(entry.name)
    return sorted(older), sorted(newer)


def _is_older(identity, earlier):
    """Whether the submission `identity` tells of was made before the one `earlier` tells of."""
    if isinstance(identity.get("upload"), int) and isinstance(earlier.get("upload"), int):
        return identity["upload"] < earlier["upload"]
    try:
        return datetime.fromisoformat(identity["submitted_at"]) < datetime.fromisoformat(earlier["submitted_at"])
    except (KeyError, TypeError, ValueError):   # a time not given, or not ISO 8601, or one without a time zone
        return False


def _kinds(identities):
    """The kinds of download (identity["source"]: canvas, moodle, gradescope, folder) these learners' entries came
    from."""
    return {identity.get("source") for identity in identities} - {None}


def _told_by_id(person, everyone):
    """The name of a person of the class list, with the first id it gives them where others of `everyone` (a Counter
    of names) share the name."""
    identity = person.identity
    known = next((identity.get(key) for key in ("sid", "email", "login", "lms_id") if identity.get(key)), "")
    return f"{person.name} ({known})" if everyone[person.name] > 1 and known else person.name


def _namesakes(learners):
    """The names several learners' entries share (two "Lee, Sam" of a class list), as the pages name them."""
    counts = collections.Counter(entry.name for entry in learners if entry.entry)
    return frozenset(name for name, count in counts.items() if count > 1)


def make_report(root, roster, out, challenges, processes=2, fresh=False, progress=None, similarity=False,
                class_list=None, learner=None, gradebooks=(), replace=False, assignment=""):
    """Grade `roster` into the folder `out`; `progress` is told of each grading done. Returns a Summary.

    With `similarity`, also compare every pair of learners' submissions (grader.classroom.similarity).
    `class_list` (grader.classroom.identity.ClassList) names the learners; `learner` grades only
    the learners it names, afresh; `gradebooks` adds LMS-importable CSVs ("canvas", "moodle"). With `replace`, the
    run writes its report over an earlier one in `out` even where it leaves out challenges or learners that report
    graded, or holds none of its learners. `assignment` names the GitHub Classroom assignment whose clones the roster
    holds (<assignment>-<username>), which the folder remembers.
    """
    started = time.monotonic()
    roster, out = Path(roster).resolve(), Path(out).resolve()
    if out == roster or roster in out.parents:
        raise ReportError(f"--out {out} lies inside the roster; choose a folder outside it, so the reports "
                          "are not read as a learner's entry next time.")
    if out in roster.parents:
        raise ReportError(f"--out {out} holds the roster; choose a folder of its own for the reports.")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / FILE_NAME).is_file())):
        raise ReportError(f"{out} already holds other files; choose a new folder for the report (or the folder "
                          "of an earlier report, to reuse its gradebook).")
    if similarity:
        require_copydetect()
    made = not out.exists()     # a roster refused leaves no folder this run made
    earlier = (out / "index.html").is_file()
    out.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(out / STAGING, ignore_errors=True)
    book = Gradebook(out)
    summary = Summary(earlier=earlier)
    pool, refused, planned = None, False, False
    spool = Spool()
    try:
        class_list = _class_list(book, class_list, summary)
        # An earlier run's --assignment, for a run without one: used where a listed user's clone is named for it.
        remembered = "" if assignment else book.option("assignment") or ""
        versions = {challenge.name: checks_version(challenge) for challenge in challenges}
        learners_before = book.learners_of_last_run() if earlier else []
        people_before = _people(learners_before)
        graded_before = book.challenges_of_last_run() if earlier else set()
        book.begin_run()
        # An entry unchanged since the last run is not read again, unless every file must be: graded afresh,
        # one learner graded again, or compared with the others.
        known = None if fresh or learner is not None or similarity else KnownEntries(book, challenges, versions,
                                                                                      time.time())
        learners, handed_in = [], set()
        course = load_challenges(root)
        names = ChallengeNames(course)
        shapes = {challenge.name: _Shapes() for challenge in challenges}
        # With no result stored (a first run, --fresh), every submission read will be graded: the grading processes
        # start once there is work for each, and load the course while the rest of the roster is read.
        early = learner is None and (fresh or not book.holds_results())
        try:
            for position, entry in enumerate(read_roster(roster, challenges, spool, class_list, known, names, course,
                                                         assignment, remembered)):
                learners.append(entry)
                book.add_learner(position, entry)
                summary.learners += 1
                # A learner of the class list with no entry at all is counted with the missing, not here.
                if entry.problem and entry.entry:
                    summary.learner_problems.append(entry.name)
                unread = [submission for submission in entry.submissions
                          if submission.problem and not submission.problem.startswith(NO_SUBMISSION)]
                if not entry.problem and len(unread) > 1 and len({submission.problem for submission in unread}) == 1:
                    summary.unreadable.append(entry.name)   # one file refused for every challenge: a broken archive
                elif not entry.problem:
                    summary.unreadable += [f"{entry.name} ({submission.challenge})" for submission in unread]
                summary.entries_reused += entry.reused
                # The members of a group share its one entry: its submissions are counted once.
                group = entry.entry if entry.identity.get("group") else None
                if group is not None:
                    summary.groups.setdefault(group, []).append(entry.name)
                if group is None or len(summary.groups[group]) == 1:
                    summary.held_elsewhere += bool(entry.holds)
                    for held in entry.holds:
                        summary.held_instead[held] = summary.held_instead.get(held, 0) + 1
                    for submission in entry.submissions:
                        if submission.content:
                            shapes[submission.challenge].add(submission)
                        if submission.solution:
                            summary.solutions.append(f"{entry.name}: {submission.challenge}")
                        if submission.others:
                            summary.beside_stub.append(f"{entry.name} ({submission.challenge}): "
                                                       + ", ".join(submission.others[:3]))
                    summary.submissions += sum(1 for submission in entry.submissions if submission.content)
                handed_in.update(submission.challenge for submission in entry.submissions if submission.content)
                if early and pool is None and summary.submissions >= processes:
                    pool = GradingPool(root, processes, challenges=[challenge.name for challenge in challenges])
                    pool.start()
                    # The pages' modules (NumPy among them) load while the grading processes start, not before.
                    import grader.classroom.pages  # noqa: F401
                if entry.identity.get("listed") is False:
                    (summary.ambiguous if entry.identity.get("ambiguous") else summary.unlisted).append(entry.entry)
                elif entry.identity.get("contested"):
                    summary.contested.append(entry)
                elif entry.identity.get("listed") and not entry.entry:
                    summary.missing.append(entry)
                elif entry.identity.get("matched_by") == "name":
                    summary.by_name.append(f"{entry.name} ({entry.entry})")
                elif entry.identity.get("matched_by") == "suffix":
                    summary.by_suffix.append(f"{entry.name} ({entry.entry})")
        except RosterError as exc:
            raise ReportError(str(exc)) from None
        # People of the class list without an entry, by name, and by an id of theirs where two share the name.
        everyone = collections.Counter(entry.name for entry in learners)
        summary.contested, summary.missing = ([_told_by_id(person, everyone) for person in people]
                                              for people in (summary.contested, summary.missing))
        entries = summary.entries = sum(1 for entry in learners if entry.entry)
        warnings, notes = _clones_as_read(assignment, remembered, class_list, learners)
        summary.warnings += warnings
        summary.notes += notes
        gone = _gone(people_before, learners)
        left_out = sorted(graded_before - {challenge.name for challenge in challenges})
        older, newer = _older_uploads(learners_before, learners)
        if older and newer:
            # Made after the last run's download: a learner made an older submission the one that counts (Gradescope's
            # active submission), which is graded, and said.
            whose = f"{len(older)} learners' entries hold" if len(older) > 1 else "1 learner's entry holds"
            summary.warnings.append(
                f"{whose} an older submission than the one the last run graded ({some_of(older)}), while others "
                "hold newer ones, so this is a later download, not an earlier one: the older submission is the one "
                "the platform now gives (one made active again, say), and it was graded.")
            older = []
        if earlier and not summary.submissions:
            kept = KEPT_NOTHING
        elif replace:
            kept = ""   # the instructor's word that this run's report replaces the earlier one
        elif earlier and summary.class_list_lost:
            # Without it, the gradebooks would be written again for no class: new assignments in Canvas, no e-mails.
            kept = KEPT_CLASS_LIST_LOST
        elif people_before and entries and len(gone) == len(people_before):
            kept, summary.earlier_learners = KEPT_OTHER_CLASS, sorted(people_before)
        elif left_out:
            # Another assignment's download into the same folder would remove the grades of the earlier one.
            kept, summary.earlier_challenges = KEPT_OTHER_ASSIGNMENT, left_out
        elif older:
            # An earlier download would put older work in place of the submissions the report graded (and lack the
            # learners who handed in since).
            kept, summary.earlier_learners = KEPT_OLDER_UPLOADS, older
        elif learner is None and gone:
            # A download of some submissions only (the late ones) would remove the others' grades.
            kept, summary.earlier_learners = KEPT_SOME_LEARNERS, gone
        else:
            kept = ""
        if kept in (KEPT_OTHER_CLASS, KEPT_SOME_LEARNERS):
            kinds = _kinds(identity for _, _, identity in learners_before), _kinds(entry.identity for entry in learners
                                                                                   if entry.entry)
            summary.other_kind = kinds if all(kinds) and not kinds[0] & kinds[1] else ()
        # Nothing to grade refuses the run (exit 2): an LMS gradebook of no grades is nothing to import.
        gradebooks, held = _gradebooks(out, gradebooks if summary.submissions else (), summary, summary.submissions)
        for challenge in challenges:
            found = shapes[challenge.name].wrong_challenge(challenge, course, names)
            if found:
                warning, note = found
                summary.wrong_challenges.append(warning)
                summary.warnings.append(warning)
                book.add_note(challenge.name, note)
            unstarted = shapes[challenge.name].none_started(challenge)
            if unstarted:
                warning, note = unstarted
                summary.warnings.append(warning)
                book.add_note(challenge.name, note)
        if earlier and summary.wrong_challenges and kept in ("", KEPT_OTHER_ASSIGNMENT, KEPT_SOME_LEARNERS,
                                                             KEPT_OLDER_UPLOADS):
            kept = KEPT_WRONG_CHALLENGE   # the likelier cause, and what to pass instead
        if kept:
            # A run that would only write wrong grades over the report an earlier run left here (nothing to grade,
            # the files of another challenge, another class's roster), or remove grades it holds (of a challenge or
            # learners this run leaves out), grades nothing and leaves that report as it was: the command says why,
            # and exits 2.
            book.abandon_run()
            summary.earlier_kept = kept
            return summary
        if fresh:
            # Only now: a run that leaves the earlier report as it was leaves its results too.
            book.forget_results()
        if class_list is not None and class_list.path is not None:
            # Only now too: a later run reads it again (_class_list), and a refused run's is not the folder's.
            book.set_option("class_list", str(Path(class_list.path).resolve()))
        elif summary.class_list_lost:
            # --replace wrote this report without the class list it could not read: later runs do without it too.
            book.set_option("class_list", None)
        if assignment and names_a_clone(assignment, learners):
            # One that names no folder was a slip, warned of: later runs keep the one before it.
            book.set_option("assignment", assignment)
        if summary.beside_stub:
            many = len(summary.beside_stub) > 1
            summary.warnings.append(
                f"{len(summary.beside_stub)} file{'s' * many} graded {'are' if many else 'is'} the stub as shipped, "
                f"beside files of other names that may hold the learner's work ({some_of(summary.beside_stub)}): "
                f"{'each' if many else 'it'} got the stub's grade, left out of the LMS gradebooks. Where the work is "
                "there, put that file in the stub's place in the roster (remove the stub's file, and rename the other "
                "file to main.py, a notebook to main.ipynb, keeping any prefix the platform's download gave the name) "
                f"and grade the learner again: grade report {roster} --out {out} --learner NAME. Or have the learner "
                "hand it in as main.py.")
        if summary.solutions:
            # Said in the terminal too, where a learner's name must show as safe_text.some_of shows it.
            summary.warnings.append(SOLUTIONS_HANDED_IN.format(
                files=f"{len(summary.solutions)} file{'s are' if len(summary.solutions) > 1 else ' is'}",
                their="their grades are" if len(summary.solutions) > 1 else "its grade is",
                names=some_of(summary.solutions, 10)))
        if class_list is not None and class_list.path is not None and not class_list.people and entries:
            summary.warnings.append(CLASS_LIST_NAMES_NOBODY.format(path=class_list.path))
        matched = sum(bool(entry.identity.get("listed") and entry.entry or entry.identity.get("contested"))
                      for entry in learners)
        summary.anonymous = bool(entries) and all(entry.identity.get("anonymous_id")
                                                  for entry in learners if entry.entry)
        if class_list is not None and class_list.people and summary.anonymous and not matched:
            summary.warnings.append(CLASS_LIST_ANONYMOUS)
        elif class_list is not None and class_list.people and entries and not matched:
            summary.list_matches_none = True
            clashes = {entry.identity.get("contradicted") for entry in learners if entry.entry}
            if len(clashes) == 1 and None not in clashes:
                what = clashes.pop()
                summary.warnings.append(CLASS_LIST_CONTRADICTS_ALL.format(
                    entries=entries, named="each one's name is" if entries > 1 else "its name is",
                    their="their" if entries > 1 else "its", what=what, why=CONTRADICTED_BECAUSE.get(what, "")))
            else:
                summary.warnings.append(CLASS_LIST_MATCHES_NONE.format(people=len(class_list.people), entries=entries)
                                        + _moodle_group(learners))
        elif class_list is not None and class_list.people and entries >= FEWEST_FOR_MOST and 2 * matched < entries:
            summary.warnings.append(CLASS_LIST_MATCHES_FEW.format(matched=matched, entries=entries))
        if handed_in:
            summary.unsubmitted = [challenge.name for challenge in challenges if challenge.name not in handed_in]
        positions, pending = None, ""
        if learner is not None:
            try:
                positions = chosen_positions(learner, book.named_learners(), roster)
            except LearnerChoiceError as exc:
                raise ReportError(str(exc)) from None
            book.forget_learners(positions)
            chosen = _chosen_names([entry for position, entry in enumerate(learners) if position in positions])
            pending = (f"not graded yet: this run graded only {chosen}; run grade report again without "
                       "--learner to grade it.")
            gradable = any(submission.content for position, entry in enumerate(learners) if position in positions
                           for submission in entry.submissions)
            summary.notes.append(f"Graded again, as --learner {learner!r} names: {chosen}." if gradable else
                                 f"--learner {learner!r} names {chosen}, who handed in nothing that could be graded: "
                                 "grades.csv and their page say why.")
        if similarity:
            # The staged copies are compared before any learner's code runs.
            compared = time.monotonic()
            pairs = compare_class(root, challenges, learners, spool, processes)
            summary.similar_pairs = sum(pair.score >= WORTH_A_LOOK for pair in pairs)
            summary.similarity_seconds = time.monotonic() - compared
        # The run's plan is committed from here on: until now a run that stops leaves the last run's in the gradebook.
        planned = True
        summary.timeouts_reused = book.reused_timeouts(versions)
        jobs = book.to_grade(versions, positions)
        if progress:
            progress.start(len(jobs))
        if jobs:    # nothing to grade starts no grading process
            pool = pool or GradingPool(root, min(processes, len(jobs)),
                                       challenges=[challenge.name for challenge in challenges])
            book.close()
            # Learners' code runs from here on. The staged copies are in a file without a name; the gradebook is
            # set aside, and written only from checked answers.
            with SetAside(out / FILE_NAME) as kept:
                # Checked answers wait in a temporary file, not in memory, until the gradebook is back.
                with tempfile.TemporaryFile("w+", encoding="utf-8") as answers:
                    try:
                        for job, answer in pool.grade_all((dict(job, id=number) for number, job in enumerate(jobs)),
                                                          source_of=lambda job: spool.read(job["submission"])):
                            answers.write(json.dumps([job, answer], allow_nan=False) + "\n")
                            if progress:
                                progress.advance()
                    finally:
                        summary.gradebook_restored = kept.restore()
                        book = Gradebook(out)
                        answers.seek(0)
                        _store(book, (json.loads(line) for line in answers), versions, summary)
            summary.course_restored = [str(path) for path in pool.restored]
            summary.course_put_back = not pool.seal.learners_confined
            summary.course_kept = str(pool.seal.kept) if pool.seal.kept and summary.course_put_back else None
        from grader.classroom import pages

        summary.pages_written = pages.write_all(out, challenges, book.learners(versions, pending), book,
                                                gradebooks=gradebooks, similarity=similarity,
                                                lookalikes=lookalikes([entry.name for entry in learners]),
                                                namesakes=_namesakes(learners),
                                                processes=processes, exported=summary.gradebooks,
                                                warnings=summary.warnings, class_list=class_list,
                                                worth_a_look=summary.worth_a_look,
                                                class_figures=summary.class_figures,
                                                changed=summary.grades_changed if earlier else None)
        # What only the pages' writing knows: a grade of an LMS file that replaces one held.
        summary.warnings += [said for platform in PLATFORMS
                             for said in summary.gradebooks.get(platform, {}).get("replaced", [])]
        _rewritten(out, held, summary)
        if similarity:
            write_similarity(out, pairs, {challenge.name: challenge.title for challenge in challenges})
    except BaseException as exc:
        if not planned:
            # Stopped before its plan was committed (an unreadable download, a class list refused, Ctrl-C): the
            # gradebook keeps the last run's plan, by which a later run knows which learners the report holds.
            book.abandon_run()
        # Refused before anything was graded: a folder this run made holds its empty gradebook alone.
        refused = isinstance(exc, ReportError)
        raise
    finally:
        if pool is not None:
            pool.close()
        book.close()
        spool.close()
        if made and refused:
            shutil.rmtree(out, ignore_errors=True)
    summary.seconds = time.monotonic() - started
    return summary


def _clones_as_read(given, remembered, class_list, learners):
    """(warnings, notes): sentences for the instructor on the GitHub Classroom assignment the clones were read as,
    whether `given` (--assignment), `remembered` from an earlier run, read from the roster folder's name or
    guessed; a warning where the clones may have been read wrong."""
    check = "Check the assignment's name: the whole start its repositories' names share, as hw1 in hw1-alice."
    if given and not names_a_clone(given, learners):
        return [f"The GitHub Classroom assignment {given} (--assignment) names no entry of the roster: GitHub "
                f"Classroom names each clone {given}-<username>, and no folder is named so, so no clone was matched "
                f"by its username. {check}"], []
    if class_list is None:
        return [], []    # without a class list, the clones' names name the rows alone
    known, read = class_list.assignment_known, class_list.assignment
    if known == "given" and class_list.usernames and not class_list.assignment_exact:
        return [f"The GitHub Classroom assignment {given} (--assignment) starts folders' names, but in none of them "
                "is the rest a GitHub username of the class list, so no clone was matched by its username. "
                f"{check}"], []
    notes = []
    if remembered and read == remembered.casefold():
        notes.append(f"The GitHub Classroom assignment {remembered}, given to an earlier run into this folder, was "
                     "used again; give --assignment to name another.")
    elif remembered:
        notes.append(f"The GitHub Classroom assignment {remembered}, given to an earlier run into this folder, was not "
                     + ("used: the roster's folder is named for another." if known == "folder" else
                        "used, as no clone of a listed user in this roster is named for it.")
                     + " Give --assignment to name this roster's.")
    if known == "folder":
        notes.append(f"The folders named {read}-<username> were read as GitHub Classroom's clones of the assignment "
                     "the roster's folder is named for.")
    if known in ("guessed", "remembered"):
        sentence = (f"The folders named {read}-<username> were read as GitHub Classroom's clones of the assignment "
                    + (f"{read}, a guess from the folders' names" if known == "guessed" else
                       f"{read}, the one an earlier run into this folder was given"))
        # An earlier run's assignment that a guess would also make leaves out what it leaves out, as that run did.
        left_out = class_list.left_out if known == "guessed" or class_list.guess != read else 0
        warnings = []
        if known == "remembered" and class_list.guess_exact > class_list.assignment_exact:
            # A retake's clones (hw1-retake-alice) and GitHub users named evil-alice (hw1-evil-alice) look alike.
            guess = class_list.guess
            warnings.append(
                f"{sentence}, though more folders name a listed user after {guess}- ({class_list.guess_exact}) than "
                f"after {read}- ({class_list.assignment_exact}): they are the clones of another assignment named "
                f"{guess}, or of GitHub users whose names start with {guess[len(read) + 1:] or guess}- and are not "
                "on the class list. Check which; for another assignment's, give --assignment with its name and grade "
                "again.")
        if left_out:
            many = left_out > 1
            warnings.append(f"{sentence}, which leaves out {left_out} folder{'s' * many} whose name{'s' * many} "
                            f"end{'' if many else 's'} in a listed username: if {read} is not the assignment, the "
                            "clones were read wrong. Give --assignment with the start its repositories' names share, "
                            "and grade again.")
        if warnings:
            return warnings, notes
        if known == "guessed":
            notes.append(f"{sentence}; if the assignment's repositories are named otherwise, give --assignment with "
                         "the start of their names.")
    return [], notes


def _class_list(book, given, summary):
    """The class list of this run: the one given, which the folder remembers; else the one an earlier run into the
    folder was given, read again, so that a run with fewer options (--learner after a late submission) keeps the
    e-mails, ids and learners with no entry that grades.csv and the gradebooks had."""
    if given is not None:
        summary.notes += given.notes
        return given
    path = book.option("class_list")
    if path is None:
        return None
    try:
        class_list = read_class_list(path)
    except ClassListError as exc:
        # Said where the run stops for it (KEPT_CLASS_LIST_LOST), or with --replace, which goes on without it.
        summary.class_list_lost = str(exc)
        summary.warnings.append(f"{exc} It was given to an earlier run into this folder, so grades.csv and the "
                                "gradebooks had its e-mails, ids and learners with no entry; this run's have none "
                                "of them. Give --class-list to name the class again.")
        return None
    # Its notes (Canvas's Test Student left out, say) were said to the run it was given to.
    summary.notes.append(f"The class list {path}, given to an earlier run into this folder, was used again; give "
                         "--class-list to use another.")
    return class_list


def _gradebooks(out, asked, summary, submissions):
    """(the LMS gradebooks to write, the files of those not asked for that the folder holds): those asked for, and
    every one the folder already holds, written again from this run's grades so that none disagrees with grades.csv
    (_rewritten says so); none where the run has no `submissions` to grade."""
    found = {platform: [name for name in _files_of(platform, out) if (out / name).is_file()]
             for platform in PLATFORMS if platform not in asked}
    files = [name for names in found.values() for name in names]
    held = [platform for platform, names in found.items() if names]
    if held and not submissions:
        one = len(files) == 1
        summary.notes.append(f"{joined(files)}, made by an earlier run into this folder, {'was' if one else 'were'} "
                             f"left as {'it was' if one else 'they were'}: this run has nothing to grade.")
        return [], []
    return [*asked, *held], files


def _rewritten(out, files, summary):
    """Say which of `files`, held by the folder before the run, were written again (a grading worksheet that could
    not be filled in this time was deleted instead, which the summary of the Moodle gradebook says)."""
    files = [name for name in files if (out / name).is_file()]
    if files:
        one = len(files) == 1
        summary.notes.append(f"{joined(files)}, made by an earlier run into this folder, {'was' if one else 'were'} "
                             f"written again from this run's grades, so that {'it agrees' if one else 'they agree'} "
                             f"with grades.csv; delete {'it' if one else 'them'} to stop that.")


def challenges_of_report(out):
    """The names of the challenges the report in folder `out` graded (its results.json), in its order; None where
    the folder holds no report that can be read."""
    try:
        with open(Path(out) / "results.json", encoding="utf-8") as file:
            # The file's head: its list of challenges comes before its learners, which may be many.
            head = file.read(1 << 16)
        listed = json.JSONDecoder().raw_decode(head[head.index('"challenges": ') + len('"challenges": '):])[0]
        return [item["name"] for item in listed if isinstance(item, dict) and isinstance(item.get("name"), str)]
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _files_of(platform, out):
    """The files of the report folder `out` that `--gradebook platform` writes: its gradebook, Moodle's worksheet, and
    the files of one challenge's grades the folder holds (lms_gradebooks.PARTIAL_FILE)."""
    return [f"gradebook-{platform}.csv"] + ([moodle_worksheet.FILE_NAME] if platform == "moodle" else []) + sorted(
        path.name for path in out.glob(PARTIAL_FILE.format(platform=platform, number="*")))


class _Shapes:
    """What the files graded for one challenge define (Submission.checked_names, resembles, defines), counted."""

    def __init__(self):
        self.files = self.checked = self.defining = self.untouched = 0
        self.resembles = collections.Counter()

    def add(self, submission):
        self.files += 1
        self.untouched += submission.untouched
        self.checked += bool(submission.checked_names)
        self.defining += submission.defines
        self.resembles[submission.resembles] += 1

    def none_started(self, challenge):
        """(a warning, a note for each file's row) where every file graded for `challenge` is its stub as shipped,
        else None: each is rightly "not started", but a whole class that has not started is more likely a challenge
        not set, which --challenge named (a release gives learners every challenge's stub)."""
        if self.files < FEWEST_FOR_A_CLASS or self.untouched < self.files:
            return None
        return (f"All {self.files} files graded for {challenge.name} are its stub as shipped: no learner has started "
                "it. If the class handed in another challenge, run again with its --challenge.",
                "every file of the class for this challenge is its untouched stub: check --challenge.")

    def wrong_challenge(self, challenge, course, names):
        """(a warning for the class page and the summary, a note for each file's row) where the files look written
        for another challenge than `challenge`, else None. Only the whole class's files say so: a learner or two
        handing in the wrong file is theirs to hear of, and none of them may be nearer to `challenge`."""
        if self.files < FEWEST_FOR_A_CLASS or self.resembles[challenge.name]:
            return None
        others = [(count, name) for name, count in self.resembles.items() if name and name != challenge.name]
        likely = next((other for other in course if others and other.name == max(others)[1]), None)
        files = f"{self.files} file{'s' if self.files != 1 else ''} graded for {challenge.name}"
        again = f"run again with --challenge {likely.number}" if likely else ""
        if not self.checked and self.defining:
            looked_for = sorted(name for name in names.names[challenge.name] if "." not in name)
            shown = ", ".join(looked_for[:4]) + (", …" if len(looked_for) > 4 else "")
            warning = (f"None of the {files} defines any of the names its checks look for ({shown}), so each gets "
                       "a 0 that says nothing of the work in it; " + (
                           f"they look like {likely.name}'s files: {again}." if likely else
                           "check that --challenge names the challenge the class handed in, and run again."))
        elif likely:
            warning = (f"The {files} look like {likely.name}'s files, not {challenge.name}'s: none defines names "
                       f"nearer to {challenge.name}'s stub than to another challenge's, so their grades are likely "
                       f"wrong; {again}.")
        else:
            return None
        note = (f"the class's files look like {likely.name}'s, not this challenge's: {again}." if likely else
                "no file of the class defines a name this challenge's checks look for: check --challenge.")
        return warning, note


def _store(book, answers, versions, summary):
    # One transaction for the class: a commit per result would wait for the disk a thousand times.
    for job, answer in answers:
        if "result" in answer:
            book.store(job["challenge"], job["content"], versions[job["challenge"]], answer["result"])
            summary.graded += 1
        else:
            book.store_failure(job["challenge"], job["content"], f"not graded: {answer['problem']}")
            summary.grading_failures += 1
    book.commit()


class SetAside:
    """A file kept as it is now, in a private copy, and put back if anything changes it meanwhile."""

    def __init__(self, path):
        self.path = Path(path)

    def __enter__(self):
        self.folder = tempfile.mkdtemp(prefix="nnfs-grade-gradebook-")
        self.copy = Path(self.folder) / self.path.name
        shutil.copyfile(self.path, self.copy)
        self.digest = _digest(self.copy)
        return self

    def restore(self):
        """Put the file back if it changed, or if a journal appeared beside it; returns whether it did."""
        journals = [self.path.with_name(self.path.name + suffix) for suffix in ("-journal", "-wal", "-shm")]
        if _digest(self.path) == self.digest and not any(journal.exists() for journal in journals):
            return False
        if _digest(self.copy) != self.digest:
            raise ReportError(f"{self.path} and its private copy were both changed while learners' code ran, so "
                              "no grade in it can be trusted. Grade the class again with --fresh, confined.")
        for journal in journals:
            journal.unlink(missing_ok=True)
        shutil.copyfile(self.copy, self.path)
        return True

    def __exit__(self, *exc_info):
        shutil.rmtree(self.folder, ignore_errors=True)


def _digest(path):
    # Read in pieces: the gradebook of a large class is tens of megabytes.
    try:
        with open(path, "rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return None
