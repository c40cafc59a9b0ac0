"""A class list: the CSV that names a class's learners, matched to the roster's entries.

It may be GitHub Classroom's roster export (identifier, github_username, github_id, name;
GitHub Docs, "Manage classrooms"; https://abc-classroom.readthedocs.io/en/latest/get-started/classroom-roster.html),
whose identifier is whatever the teacher filled the roster with: a name, an e-mail or a student id
(GitHub Docs, "Glossary", roster identifier; education/classroom#1626 fills it with student ids).
An identifier that is an e-mail is the person's e-mail, one word with a digit their student id,
anything else a name. Canvas's gradebook export (Student, ID, SIS User ID, SIS
Login ID, Section; Canvas Instructor Guide, "How do I export grades in the Gradebook?"),
Moodle's grade or participants export (First name, Last name, ID number, Email address;
https://docs.moodle.org/en/Grade_export), Moodle's grading worksheet (Identifier "Participant 1234567", Full name,
Email address; the participant id is the one in the names of Moodle's download, both from
assign::get_uniqueid_for_user: mod/assign/gradingtable.php col_recordid), or any CSV with such columns.
An entry matches a person when one of its identifiers does: an e-mail, a student or LMS id,
a Moodle participant id, a login, a GitHub username (GitHub Classroom names a clone
<assignment>-<username>), or the name itself.

A learner may choose the name a platform shows (Gradescope's account name), so a name is the
weakest match: it never takes a row that another entry's e-mail or id matches, nor a row whose
id, Moodle participant id or e-mail differs from the entry's own, and it is noted for the instructor to check.
What is read from the entry's own name (a folder or file named bob@uni.edu or after a GitHub username, or named as
Canvas's download names its files in a folder that is not that download alone) may be what a learner wrote there:
against another entry it weighs as a name, so two entries that claim one person only so are given to neither.

A learner also chooses their GitHub username, and the end of one may be a classmate's: the clone
hw1-evil-alice ends in alice. GitHub Classroom names each clone <assignment>-<username>: the
assignment's repository prefix, then the student's username (education/classroom#1866).
A clone matches a username exactly when its name is the assignment's name (hw1: as the instructor
names it, or the folder hw1-submissions that GitHub's CLI clones into, or else the start the roster's
clones share) and that username. One named for the assignment whose username is not
listed (hw1-evil-alice: evil-alice) is nobody's, whatever its name ends in; it is noted with the
listed learner it resembles. Only a folder not named for the assignment may match by the end of
its name alone, noted for the instructor to check as a name is.
"""
import codecs
import csv
import io
import re
import unicodedata
from collections import Counter
from dataclasses import astuple, dataclass, field
from pathlib import Path

from grader.classroom.moodle_worksheet import PARTICIPANT as MOODLE_PARTICIPANT, read_worksheet
from grader.views.safe_text import some_of

# Each field and the column headings that carry it, compared in lower case.
COLUMNS = {
    "name": ("name", "student", "full name", "fullname", "student name"),
    "identifier": ("identifier",),
    "first": ("first name", "firstname", "given name"),
    "last": ("last name", "lastname", "surname", "family name"),
    "email": ("email", "email address", "e-mail", "e-mail address"),
    "sid": ("sid", "sis user id", "id number", "idnumber", "student id", "student number"),
    "lms_id": ("id", "user id", "canvas user id"),
    "login": ("sis login id", "login id", "username", "login"),
    "github": ("github_username", "github username", "github"),
    "section": ("section", "sections", "group", "groups"),
    "role": ("role", "roles", "course role"),
    "status": ("status",),
}
# The note of an entry of Canvas's Test Student, whose class-list row is left out.
TEST_STUDENT_NOTE = "Canvas's Test Student (Student View), whose row the class list's reading left out"
# The login Canvas gives its Test Student, which its gradebook export writes as the SIS Login ID: an HMAC-SHA1 of
# "Test Student_<user id>" in hex (instructure/canvas-lms app/models/course.rb, find_or_create_student_view_student).
# A test student made before Canvas gave it a login has none.
CANVAS_TEST_LOGIN = re.compile(r"[0-9a-f]{40}")
# A course's roster lists its staff beside its learners: Gradescope's as Instructor, TA or Reader ("Gradescope has
# three staff roles: Instructors, TAs, and Readers", Gradescope Guides, "Adding Students and Staff"), Moodle's and
# Canvas's as Teacher, Non-editing teacher, Manager, TA, Designer or Observer. A row whose role names no learner is
# staff: never a learner with no entry, and never in an LMS gradebook.
LEARNER_ROLES = ("student", "learner")
# What a learner on the class list whom no entry names is told: nothing was handed in.
NO_ENTRY = "no entry in the roster"


class ClassListError(Exception):
    """The class list cannot be read."""


@dataclass
class Person:
    name: str
    email: str = ""
    sid: str = ""
    lms_id: str = ""
    login: str = ""
    github: str = ""
    section: str = ""
    role: str = ""                  # as the list gives it, where it has a role column
    participant: str = ""           # Moodle's participant id, from its grading worksheet's "Participant 1234567"
    late: bool = None               # whether Moodle's grading worksheet gives the submission as late; None: unknown
    keys: set = field(default_factory=set)

    @property
    def staff(self):
        """Whether the list gives this person a role, and not a learner's."""
        return bool(self.role) and not any(word in self.role.casefold() for word in LEARNER_ROLES)

    def identity(self):
        return {"listed": True, "name": self.name, "email": self.email, "sid": self.sid, "lms_id": self.lms_id,
                "login": self.login, "github": self.github, "section": self.section, "participant": self.participant,
                **({"late": self.late} if self.late is not None else {}),
                **({"staff": True, "role": self.role} if self.staff else {})}


class ClassList:
    """The people of a class list, found by any of their identifiers."""

    def __init__(self, people, notes=(), grade_maximum=None, path=None, assignments=(), worksheet=None,
                 test_students=(), held=None):
        self.people = people
        # Canvas's gradebook export's assignments: [(the column's title, "Name (id)", and the points it gives or None)].
        self.assignments = list(assignments)
        # {title: [(learner, grade held, (ID, SIS User ID, SIS Login ID))]} of those assignments: grades an import
        # may replace.
        self.held = dict(held or {})
        self.path = path            # the file it was read from, which a report folder remembers
        self.notes = list(notes)    # sentences for the instructor on how the file was read
        self.grade_maximum = grade_maximum  # the assignment's maximum grade, where Moodle's grading worksheet gives it
        self.worksheet = worksheet  # the file as Moodle's grading worksheet, where it is one (moodle_worksheet)
        # The keys ("canvas:<user id>") of the Canvas Test Student rows the list left out, whose entries are nobody's.
        self.test_students = set(test_students)
        self.index = {}
        for person in people:
            for key in person.keys:
                self.index.setdefault(key, []).append(person)
        self.claimed = set()    # id(person) of each person whose row an entry was given
        self.contested = {}     # id(person) -> the learners that matched that person equally well, given nothing
        self.shared = {}        # id(person) -> the learners whose name or ids match that person and others alike
        self.refused_may_be = {}    # id(person) -> the entries refused for a name holding their ids and others'
        self.usernames = {key.removeprefix("github:") for key in self.index if key.startswith("github:")}
        # The GitHub Classroom assignment the clones were read as, once claim_all ran, and how it was known: "given"
        # (--assignment), "folder" (the roster folder's name), "remembered" (an earlier run's --assignment) or
        # "guessed" from the folders' names; "" for none. How many folders not named for it end in a listed username
        # (clones it may have left out), and how many named for it name a listed username exactly.
        self.assignment, self.assignment_known, self.left_out, self.assignment_exact = "", "", 0, 0
        self.guess, self.guess_exact = "", 0    # what a guess from the folders' names gives, whichever was read

    def claim_all(self, learners, assignment="", folder="", remembered=""):
        """Name each of `learners` as the list does when it is the one entry that matches a person best.

        A platform's own e-mail or id outranks all that is read from an entry's own name (its name, an e-mail, id
        or username in it, the username it ends in), and a person that several entries match equally well is given
        to none of them: neither the order of the entries nor a name or username made to look like a classmate's
        decides whose row a grade lands on. Every other entry is marked not listed, with a note saying why.
        `assignment` is GitHub Classroom's assignment, as its clones' folders are named <assignment>-<username>;
        without it, the one the roster's `folder` is named for (hw1-submissions) where a clone of a listed username is
        named for it, else the one an earlier run was given, `remembered`, where such a clone is named for it, else one
        guessed from the folders' names (_assignment).
        """
        exact, shared = self._prefixes(learners)
        folder, remembered = folder.casefold(), remembered.casefold()
        told = ((assignment.casefold(), "given"), (folder if exact[folder] else "", "folder"),
                (remembered if exact[remembered] else "", "remembered"))
        self.guess = self._assignment(exact, shared)
        self.guess_exact = exact[self.guess]
        self.assignment, self.assignment_known = next(((name, how) for name, how in told if name),
                                                      (self.guess, "guessed"))
        assignment = self.assignment
        self.assignment_exact = exact[assignment]   # the folders named for it whose rest is a listed username
        if not assignment:
            self.assignment_known = ""
        self.left_out = sum(1 for learner in learners if assignment and not clone_keys(learner, assignment)
                            and self.usernames.intersection(folder_suffixes(learner)))
        offers = {}
        for learner in learners:
            for person in self._people(learner.identity.pop("may_be", ())):
                self.refused_may_be.setdefault(id(person), []).append(learner)
            person, strength = self._match(learner, assignment)
            if person is not None:
                offers.setdefault(id(person), (person, []))[1].append((strength, learner))
        for person, offered in offers.values():
            self._award(person, offered)

    def _prefixes(self, learners):
        """(exact, shared): for each start of the folders' names before a hyphen, how many folders name a listed
        GitHub username exactly after it, and how many start with it."""
        exact, shared = Counter(), Counter()
        for learner in learners:
            parts = _folder_stem(learner).casefold().split("-")
            for index in range(1, len(parts)):
                prefix = "-".join(parts[:index])
                shared[prefix] += 1
                exact[prefix] += "-".join(parts[index:]) in self.usernames
        return exact, shared

    @staticmethod
    def _assignment(exact, shared):
        """The assignment's name that GitHub Classroom puts before each username in the clones' names (hw-1 of
        hw-1-mary-jane), of the starts of the folders' names (_prefixes): of those at least two folders start with,
        the one after which most of them name a listed GitHub username exactly, then the one most of them start with,
        then the shortest; "" where none is. One folder's name alone makes no assignment: mary-jane is a username,
        not jane's clone of "mary"."""
        named = [prefix for prefix in exact if exact[prefix] and shared[prefix] > 1]
        return min(named, key=lambda prefix: (-exact[prefix], -shared[prefix], len(prefix), prefix)) if named else ""

    def _match(self, learner, assignment=""):
        """(the person `learner` matches, "id", "entry", "suffix" or "name"), or (None, None) once it is marked not
        listed."""
        keys = learner_keys(learner, assignment)
        by_id = self._people(key for key in keys if not key.startswith(("name:", "lastfirst:")))
        # Canvas names a download's files by the learner's "lastfirst"; a list may write a name family name first:
        # a person either reading finds is a match, and two such people are told apart by nothing.
        by_name = self._people(key for key in keys if key.startswith(("name:", "lastfirst:")))
        if len(by_id) == 1:
            # A platform's own ids; else an e-mail, id or username in the entry's own name.
            made = set() if learner.identity.get("ids_named_by_learner") else platform_keys(learner)
            return by_id[0], "id" if self._people(made) else "entry"
        if by_id:
            self._shared(by_id, learner)
            return _unlisted(learner, f"its e-mail or ids match several people on the class list: {_names(by_id)}",
                             ambiguous=True)
        # The longest end of the folder's name that is a listed username: hw1-x-mary-jane is mary-jane's before jane's.
        by_suffix = next((found for found in (self._people([f"github:{suffix}"]) for suffix in folder_suffixes(learner))
                          if found), [])
        stem = _folder_stem(learner).casefold()
        if by_suffix and assignment and stem.startswith(assignment + "-"):
            # Named as the assignment's clones are, <assignment>-<username>, for a username nobody on the list has.
            resembled = by_suffix[0]
            return _unlisted(learner, f"its folder's name ends in {resembled.github}, the GitHub username of "
                                      f"{resembled.name} on the class list, but it is the clone of {assignment} of "
                                      f"GitHub user {stem[len(assignment) + 1:]}, who is not on the class list: "
                                      "check whose repository this is")
        if by_suffix:
            return by_suffix[0], "suffix"
        if len(by_name) > 1:
            self._shared(by_name, learner)
            return _unlisted(learner, f"its name matches several people on the class list ({_names(by_name)}), "
                                      "and no e-mail or id tells them apart", ambiguous=True)
        if by_name:
            clash = _contradicted(learner, by_name[0])
            if clash:
                learner.identity["contradicted"] = clash
                return _unlisted(learner, f"its name matches {by_name[0].name} on the class list, but its {clash} "
                                          "differs from the one the list gives")
            return by_name[0], "name"
        return _unlisted(learner, TEST_STUDENT_NOTE if keys & self.test_students else "")

    def _shared(self, people, learner):
        for person in people:
            self.shared.setdefault(id(person), []).append(learner)

    def _people(self, keys):
        found = []
        for key in keys:
            found += [person for person in self.index.get(key, ()) if person not in found]
        return found

    def _award(self, person, offered):
        """Give `person`'s row to the one entry of `offered` ((strength, learner) pairs) that matches best, if one."""
        strongest = max((strength for strength, _ in offered), key=STRENGTHS.get)
        best = [learner for strength, learner in offered if STRENGTHS[strength] == STRENGTHS[strongest]]
        for strength, learner in offered:
            if STRENGTHS[strength] != STRENGTHS[strongest]:
                matches = (f"its name matches {person.name}" if strength == "name" else
                           f"its own name holds an e-mail, id or username of {person.name}" if strength == "entry"
                           else f"its folder's name ends in {person.github}, the GitHub username of {person.name}")
                _unlisted(learner, f"{matches} on the class list, but {BEATEN_BY[strongest]} {_entries(best)}")
        if len(best) == 1:
            self._name_as_listed(best[0], person, strongest)
            return
        self.contested[id(person)] = best
        kinds = {strength for strength, learner in offered if learner in best}
        how = {frozenset({"id"}): "by e-mail or id", frozenset({"suffix"}): "by the end of a folder's name alone",
               frozenset({"name"}): "by name alone", frozenset({"entry"}): "by an e-mail, id or username in an "
               "entry's own name"}.get(frozenset(kinds), "as well")
        # An id in an entry's own name may be a learner's, or a platform's in a folder that holds other entries too.
        why = (" (an e-mail, id or username in an entry's own name counts as a name: a learner may have written it "
               "there)") if "entry" in kinds else ""
        for learner in best:
            others = [other for other in best if other is not learner]
            _unlisted(learner, f"{person.name} on the class list is matched {how} by this entry and by "
                               f"{_entries(others)}{why}, so none of them was given that row: check which entry is "
                               "theirs", ambiguous=True)

    def _name_as_listed(self, learner, person, strength):
        self.claimed.add(id(person))
        folder_name = learner.name
        learner.identity = dict(learner.identity, **{key: value for key, value in person.identity().items()
                                                     if value not in ("", None)})
        learner.identity.setdefault("entry_name", folder_name)
        if strength not in ("id", "entry"):
            learner.identity["matched_by"] = strength
        learner.name = person.name

    def unclaimed(self):
        """(person, why no entry has their row, their identity) for each learner of the list whose row no entry was
        given (staff are not learners); the identity says "contested" where entries matched them equally well."""
        return [(person, self._why_unclaimed(person),
                 {**person.identity(), **({"contested": True} if id(person) in self.contested
                                          or id(person) in self.shared else {})})
                for person in self.people if id(person) not in self.claimed and not person.staff]

    def _why_unclaimed(self, person):
        contested = self.contested.get(id(person))
        if contested:
            return (f"no entry was given this row: {_entries(contested)} match this learner equally well, so "
                    "which one is theirs is for you to decide. Make the entries' names or ids tell them apart, "
                    "or correct the class list, and grade again.")
        shared = self.shared.get(id(person))
        if shared:
            return (f"no entry was given this row: {_entries(shared)} carry this learner's name or ids, which "
                    "others on the class list share, and nothing tells whose each entry is. Give the class list "
                    "e-mails or ids the entries carry, and grade again.")
        refused = self.refused_may_be.get(id(person))
        if refused:
            its, were = ("each", "they were") if len(refused) > 1 else ("its", "it was")
            return (f"no entry was given this row: {_entries(refused)} may be this learner's, but {its} name holds the "
                    f"ids of more than one learner, this one's among them, so {were} refused. Find whose file it is on "
                    "the platform, rename it and grade again.")
        return f"{NO_ENTRY}: nothing was submitted under this learner's name or ids."


# How an entry matches a person, and how much that weighs against another entry matching the same person: all that
# is read from an entry's own name (an e-mail, id or username in it, "entry"; the username its name ends in, "suffix";
# the name itself) weighs the same, since a learner may have written any of it (a folder of theirs may be named as a
# clone and hold .git); a platform's own ids outweigh it.
STRENGTHS = {"name": 0, "entry": 0, "suffix": 0, "id": 1}
# What the note of an entry outranked says of the winner.
BEATEN_BY = {"id": "that person's e-mail or id, as the platform gives them, is matched by"}


def _unlisted(learner, note="", ambiguous=False):
    """Mark `learner` matched to nobody on the class list, `note` saying why; `ambiguous` where it matches the list
    only ambiguously: several people on it equally well, or a person another entry matches as well."""
    learner.identity["listed"] = False
    if ambiguous:
        learner.identity["ambiguous"] = True
    if note:
        learner.identity["note"] = note
    return None, None


def _contradicted(learner, person):
    """What the entry declares (its "e-mail", "id" or "participant id") that differs from `person`'s on the list,
    or ""."""
    identity = learner.identity
    if identity.get("participant") and person.participant and identity["participant"] != person.participant:
        return "participant id"
    emails = {email.casefold() for email in identity.get("emails", [])}
    if emails and person.email and person.email.casefold() not in emails:
        return "e-mail"
    ids = {value.casefold() for value in identity.get("sids", []) if value}
    listed = {value.casefold() for value in (person.sid, person.lms_id, person.login) if value}
    if ids and listed and not ids & listed:
        return "id"
    if identity.get("lms_id") and person.lms_id and identity["lms_id"].casefold() != person.lms_id.casefold():
        return "Canvas ID"
    return ""


def _names(people):
    return "; ".join(person.name for person in people)


def _entries(learners):
    return ", ".join(learner.entry for learner in learners)


SAVE_AS = ('Save it from your spreadsheet as "CSV UTF-8 (Comma delimited)" (Excel) or as "Text CSV" with the '
           'character set "Unicode (UTF-8)" (LibreOffice), and give that file.')
DELIMITERS = (",", ";", "\t")


MAX_CELL_CHARACTERS = 1000     # of a learner's name, e-mail, id or username in a class list


def read_class_list(path):
    """The ClassList in the CSV file `path`.

    A spreadsheet saves a CSV in the encoding and with the separator of its locale: UTF-8 with or without a
    byte-order mark, UTF-16 with one (Excel's "Unicode Text"), Windows-1252 (Excel's plain "CSV" in western
    Europe and the Americas); a comma, or a semicolon where the comma is the decimal separator (Excel in most of
    Europe), or a tab; Moodle's own CSV import asks for both (moodle/moodle grade/import/csv/classes/load_data.php,
    load_csv_content($text, $encoding, $separator)). UTF-16 is known by its byte-order mark; a file that is not
    UTF-8 is read as Windows-1252,
    which the ClassList's notes then say; the separator is the one that splits the heading into most columns.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ClassListError(f"The class list {path} cannot be read: {exc.strerror or exc}.") from None
    text, encoding = _decoded(data, path)
    lines = text.splitlines()
    heading = next((line for line in lines if line.strip()), "")
    delimiter = max(DELIMITERS, key=lambda mark: (len(next(csv.reader([heading], delimiter=mark), [])),
                                                  -DELIMITERS.index(mark)))
    # Moodle's grading worksheet holds each learner's online text whole, longer than the csv module's default limit
    # of a cell (131,072 characters) if a learner wrote more: no cell can be longer than the file.
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ClassListError(f"The class list {path} is not a CSV file that can be read ({exc}). {SAVE_AS}") from None
    finally:
        csv.field_size_limit(limit)
    if not rows:
        raise ClassListError(f"The class list {path} is empty.")
    notes, test_students = [], []
    if encoding == "cp1252":
        notes.append(f"The class list {path} is not UTF-8, so it was read as Windows-1252 (Excel's plain CSV); check "
                     "that the names with accents in grades.csv read right, or save it as CSV UTF-8.")
    if delimiter != ",":
        mark = "tabs" if delimiter == "\t" else f"'{delimiter}'"
        notes.append(f"The class list {path} separates its columns with {mark}, not commas; it was read so.")
    heading = [cell.strip().lower() for cell in rows[0]]
    # Every column that may carry a field: the first that is not empty in a row gives it.
    where = {name: [heading.index(alias) for alias in aliases if alias in heading] for name, aliases in COLUMNS.items()}
    if not (where["name"] or where["first"] or where["email"] or where["github"]):
        raise ClassListError(f"The class list {path} has no column that names a learner (name, student, first "
                             f"name, email, github_username); its columns are: {', '.join(rows[0])}.")
    people, rows_of = [], {}
    for number, row in enumerate(rows[1:], 2):
        cells = {name: next((row[column].strip() for column in columns if column < len(row) and row[column].strip()),
                            "") for name, columns in where.items()}
        longest = max(cells, key=lambda name: len(cells[name]))
        if len(cells[longest]) > MAX_CELL_CHARACTERS:
            # Every row is written into grades.csv, the gradebooks and the class page, and said in the summary.
            raise ClassListError(f"Row {number} of the class list {path} has a {longest} of {len(cells[longest]):,} "
                                 f"characters; a learner's name, e-mail or id takes at most a few hundred. Check that "
                                 "this is the class list, and that its quotes are closed.")
        if not any(cells.values()) or _canvas_points_row(cells):
            continue
        if _canvas_test_student(cells):
            notes.append(f"The class list {path} names Canvas's Test Student on row {number} (ID "
                         f"{cells['lms_id'] or 'none'}), so that row was left out: it has no SIS User ID and its login "
                         "is none or the one Canvas gives its Test Student. If it is a learner, give the row their "
                         "SIS Login ID or e-mail, then run grade report again.")
            if cells["lms_id"]:
                test_students.append(f"canvas:{cells['lms_id'].casefold()}")
            continue
        identifier = _roster_identifier(cells)
        email = cells["email"] or (identifier if _is_email(identifier) else "")
        sid = cells["sid"] or (identifier if _is_id(identifier) else "")
        name = cells["name"] or " ".join(filter(None, (cells["first"], cells["last"]))) or identifier \
            or cells["email"] or cells["github"]
        participant = MOODLE_PARTICIPANT.fullmatch(cells["identifier"])   # Moodle's worksheet: "Participant 1234567"
        person = Person(name=name, email=email, sid=sid, lms_id=cells["lms_id"],
                        login=cells["login"], github=cells["github"], section=cells["section"], role=cells["role"],
                        participant=participant[1] if participant else "",
                        late=_moodle_late(cells["status"]) if participant else None)
        person.keys = _person_keys(person, cells)
        # A row listed twice (two exports joined, a learner enrolled again) is one person, not two that no entry
        # could tell apart.
        same = astuple(person)[:-1]
        if same in rows_of:
            notes.append(f"Row {number} of the class list {path} repeats row {rows_of[same]} ({person.name}), every "
                         "cell the grader reads alike, so it was read once.")
            continue
        rows_of[same] = number
        people.append(person)
    # A spreadsheet saved as plain CSV writes each letter its code page lacks (Chinese, Greek, Arabic) as "?".
    lost = [person.name for person in people if LOST_LETTERS.search(person.name)]
    if lost:
        notes.append(f"The class list {path} names {len(lost)} learner{'s' * (len(lost) > 1)} with question marks "
                     f"where letters belong ({some_of(lost, 3)}): a spreadsheet saved it in a code page without those "
                     "letters. Save it as CSV UTF-8 and grade again, or those learners match by e-mail or id alone.")
    return ClassList(people, notes, _grade_maximum(rows, heading, path, notes), path, _canvas_assignments(rows),
                     read_worksheet(rows), test_students, _canvas_held(rows))


# No name is written with a question mark: one stands where a letter was lost.
LOST_LETTERS = re.compile(r"\?")


def _moodle_late(status):
    """Whether the Status of a row of Moodle's grading worksheet gives its submission as late, in English: "Submitted
    for grading - 1 day 2 hours late" (mod/assign lang/en: submittedlateshort "{$a} late"); None where it gives none,
    or in another language."""
    if not status.casefold().startswith("submitted"):
        return None
    return bool(re.search(r"\slate\b", status, re.IGNORECASE))


def _grade_maximum(rows, heading, path, notes):
    """The "Maximum Grade" that Moodle's grading worksheet gives the assignment on every row, or None.

    Moodle writes it with the decimal separator of the teacher's language (100.00 or 100,00). A worksheet is of one
    assignment, so rows that disagree, or a value that is no positive number, give none, and `notes` says so.
    """
    if "maximum grade" not in heading:
        return None
    column = heading.index("maximum grade")
    given = {row[column].strip() for row in rows[1:] if column < len(row) and row[column].strip()}
    values = {_decimal(text) for text in given}
    if len(values) == 1 and None not in values:
        return values.pop()
    if given:
        notes.append(f"The class list {path} gives the Maximum Grade {' and '.join(sorted(given))}, not one positive "
                     "number for every row, so the gradebooks give grades in points, as grades.csv does.")
    return None


# The title of an assignment's column in Canvas's gradebook export: its name, then its id in brackets.
CANVAS_ASSIGNMENT = re.compile(r"(.*\S)\s*\((\d+)\)")


def _canvas_assignments(rows):
    """[(title, points or None)] of each column of Canvas's gradebook export titled "<name> (<assignment id>)", its
    points from the export's Points Possible row; a column the row marks read only is none Canvas imports into
    (gradebook_importer.rb, readonly_assignment?)."""
    points = next((row for row in rows[1:] if row and row[0].strip().casefold() == "points possible"), [])
    found = []
    for column, title in enumerate(cell.strip() for cell in rows[0]):
        given = points[column].strip() if column < len(points) else ""
        if CANVAS_ASSIGNMENT.fullmatch(title) and "read only" not in given.casefold():
            found.append((title, _decimal(given)))
    return found


# The columns of Canvas's gradebook export by which its import matches a row, in the order it tries them.
CANVAS_IDS = ("ID", "SIS User ID", "SIS Login ID")


def _canvas_held(rows):
    """{title: [(the learner's name, the grade held, their (ID, SIS User ID, SIS Login ID))] of the cells that hold one}
    of each assignment column of Canvas's gradebook export (_canvas_assignments), below its heading and Points Possible
    rows: what an import of grades into that assignment may replace (gradebook_importer.rb imports every value that
    differs)."""
    heading = [cell.strip() for cell in rows[0]] if rows else []
    columns = {column: title for column, title in enumerate(heading) if CANVAS_ASSIGNMENT.fullmatch(title)}
    ids = [heading.index(name) if name in heading else None for name in CANVAS_IDS]
    held = {}
    for row in rows[1:]:
        if not row or row[0].strip().casefold() == "points possible":
            continue
        person = tuple(row[column].strip() if column is not None and column < len(row) else "" for column in ids)
        for column, title in columns.items():
            cell = row[column].strip() if column < len(row) else ""
            if cell and cell != "-":
                held.setdefault(title, []).append((row[0].strip(), cell, person))
    return held


def _decimal(text):
    """A positive number as a spreadsheet or Moodle writes it ("100.00", "100,00"), or None."""
    try:
        value = float(text.replace(",", ".") if "." not in text else text)
    except ValueError:
        return None
    return value if 0 < value < float("inf") else None


def _canvas_points_row(cells):
    """Whether a class list's row is the points row Canvas's gradebook export adds, whose Student cell is
    "    Points Possible" and whose id cells are empty (instructure/canvas-lms lib/gradebook_exporter.rb, "Second Row":
    ["    Points Possible", nil, nil, nil]). A person whose name merely holds the words Points Possible, or who has an
    id, is a person. The export that splits names (LastName, FirstName) puts the words in LastName."""
    name = cells["name"] or " ".join(filter(None, (cells["first"], cells["last"])))
    return name.strip().casefold() == "points possible" and not any(
        cells[field] for field in ("lms_id", "sid", "login", "email"))


def _canvas_test_student(cells):
    """Whether a class list's row is Canvas's Test Student (Student View), which its gradebook export lists after
    the class: named "Student, Test" ("Test Student" where the export splits names), with a user ID like anyone's but
    no SIS User ID, e-mail or GitHub username, and a login that is none or CANVAS_TEST_LOGIN. A learner of that name
    has a login of their own, and is a person."""
    name = cells["name"].casefold() or f"{cells['first']} {cells['last']}".casefold()
    return name in ("student, test", "test student") and not any(cells[field] for field in ("sid", "email", "github")) \
        and (not cells["login"] or CANVAS_TEST_LOGIN.fullmatch(cells["login"]) is not None)


def _decoded(data, path):
    """(text, encoding) of a class list's bytes, or ClassListError with a sentence on how to save it."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ClassListError(f"The class list {path} starts as UTF-16 text but is not UTF-16 throughout. "
                                 f"{SAVE_AS}") from None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    if data.count(b"\0") > len(data) // 8:
        raise ClassListError(f"The class list {path} looks like UTF-16 text without the byte-order mark that tells "
                             f"how to read it. {SAVE_AS}")
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise ClassListError(f"The class list {path} is neither UTF-8 nor Windows-1252 text, the encodings a CSV "
                             f"is read in. {SAVE_AS}") from None


def _roster_identifier(cells):
    """The GitHub Classroom roster's identifier of a row; "" for the "Participant 1234567" of Moodle's grading
    worksheet, whose Identifier column is the participant id and neither a name, an e-mail nor a student id."""
    return "" if MOODLE_PARTICIPANT.fullmatch(cells["identifier"]) else cells["identifier"]


def _is_email(text):
    """Whether a roster identifier is an e-mail address."""
    return bool(re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text))


def _is_id(text):
    """Whether a roster identifier that is not an e-mail is a student id (s2002, 21700000) rather than a name: one
    word holding a digit."""
    return bool(text) and not _is_email(text) and not re.search(r"\s", text) and any(map(str.isdigit, text))


def _person_keys(person, cells):
    keys = {f"email:{person.email.casefold()}"} if person.email else set()
    keys |= {f"id:{value.casefold()}" for value in (person.sid, person.lms_id, person.login) if value}
    if person.lms_id:
        # The one column a Canvas user id (in the names of Canvas's download) is compared with: Canvas's export's ID,
        # not a student number, which may equal another learner's Canvas user id.
        keys.add(f"canvas:{person.lms_id.casefold()}")
    if person.github:
        keys.add(f"github:{person.github.casefold()}")
    if person.participant:
        keys.add(f"participant:{person.participant}")
    identifier = _roster_identifier(cells)
    names = {cells["name"], f"{cells['first']} {cells['last']}", f"{cells['last']} {cells['first']}",
             identifier if identifier and not (_is_email(identifier) or _is_id(identifier)) else ""}
    # The name as Canvas's download writes it, lastfirst (Canvas's sortable name, "Last, First", in lower case and
    # without its punctuation), which a Canvas entry's name is matched against as well as against the name itself.
    if "," in cells["name"]:                        # Canvas: "Last, First"
        last, first = cells["name"].split(",", 1)
        names |= {f"{first} {last}", f"{last} {first}"}
        keys.add(f"lastfirst:{letters(last + first)}")
    elif len(cells["name"].split()) > 1:            # "First Last"
        *first, last = cells["name"].split()
        keys.add(f"lastfirst:{letters(last + ' '.join(first))}")
    if cells["first"] and cells["last"]:
        keys.add(f"lastfirst:{letters(cells['last'] + cells['first'])}")
    keys.discard("lastfirst:")
    keys |= {f"name:{letters(name)}" for name in names if letters(name)}
    if "@" in cells["name"]:                        # a name column holding e-mails
        keys.add(f"email:{cells['name'].casefold()}")
    return keys


def platform_keys(learner):
    """The identifiers of a roster entry that a platform's own records give (a download's metadata or the names it
    gives files), not the entry's own name."""
    identity = learner.identity
    keys = {f"email:{email.casefold()}" for email in identity.get("emails", [])}
    keys |= {f"id:{value.casefold()}" for value in identity.get("sids", []) if value}
    if identity.get("lms_id"):
        keys.add(f"canvas:{identity['lms_id'].casefold()}")
    if identity.get("participant"):
        keys.add(f"participant:{identity['participant']}")
    return keys


def learner_keys(learner, assignment=""):
    """Every identifier of a roster entry that a class list may hold as it is; with the name of a GitHub Classroom
    `assignment`, the username of a clone named <assignment>-<username>."""
    keys = {f"name:{letters(learner.name)}"} if letters(learner.name) else set()
    if learner.identity.get("canvas_name"):
        keys.add(f"lastfirst:{letters(learner.identity['canvas_name'])}")
    keys |= platform_keys(learner)
    stem = _folder_stem(learner).casefold()
    if stem:
        keys |= {f"email:{stem}", f"id:{stem}"} | (clone_keys(learner, assignment) or {f"github:{stem}"})
    return keys


def clone_keys(learner, assignment):
    """{"github:<username>"} for the clone of GitHub Classroom's `assignment` whose folder is <assignment>-<username>;
    else none."""
    stem = _folder_stem(learner).casefold()
    if assignment and stem.startswith(assignment + "-") and len(stem) > len(assignment) + 1:
        # The clone of <username>: the whole name is not also a username, or whoever registered the GitHub
        # username <assignment>-<username> would claim this clone too (theirs is <assignment>-<assignment>-...).
        return {f"github:{stem[len(assignment) + 1:]}"}
    return set()


# The folder `gh classroom clone student-repos` clones an assignment's repositories into: <assignment>-submissions
# (github/gh-classroom, cmd/gh-classroom/clone/student-repos).
CLONES_FOLDER_SUFFIX = "-submissions"


def assignment_of_clones_folder(roster):
    """hw1 for a roster folder named hw1-submissions, as GitHub's CLI names the folder of an assignment's clones;
    else ""."""
    name = Path(roster).name.casefold()
    return name.removesuffix(CLONES_FOLDER_SUFFIX) if name.endswith(CLONES_FOLDER_SUFFIX) else ""


def names_a_clone(assignment, learners):
    """Whether one of `learners`' folders is named as a clone of GitHub Classroom's `assignment` is."""
    return bool(assignment) and any(clone_keys(learner, assignment.casefold()) for learner in learners)


def folder_suffixes(learner):
    """Each end of the entry's folder name that follows a hyphen, longest first: a GitHub username it may end in
    (hw-1-mary-jane: 1-mary-jane, mary-jane, jane)."""
    parts = _folder_stem(learner).casefold().split("-")
    return ["-".join(parts[index:]) for index in range(1, len(parts)) if all(parts[index:])]


def clone_usernames(learners, assignment=""):
    """{id(learner): username} for `learners` named as GitHub Classroom names its clones, <assignment>-<username>
    (hw1-alice, hw1-bob). With the `assignment` known, each entry whose folder is so named; else at least two
    entries, every one's folder name starting with the same words and a hyphen, the longest such start being the
    assignment's, and {} where any entry is named otherwise, or its rest is a number. For a class with no class
    list, whose learners are otherwise named after their whole folder."""
    if assignment:
        assignment, named = assignment.casefold(), {}
        for learner in learners:
            stem, keys = _folder_stem(learner), clone_keys(learner, assignment)
            if keys:
                # As the folder spells it, unless case-folding changed its length (Straße): then as folded.
                named[id(learner)] = stem[len(assignment) + 1:] if len(stem) == len(stem.casefold()) else \
                    next(iter(keys)).removeprefix("github:")
        return named
    stems = [_folder_stem(learner) for learner in learners]
    if len(stems) < 2 or not all(stems):
        return {}
    words = [stem.split("-") for stem in stems]
    shared = 0
    while (shared < min(map(len, words)) - 1 and words[0][shared]
           and all(parts[shared].casefold() == words[0][shared].casefold() for parts in words)):
        shared += 1
    # A rest of digits alone numbers the folders (learner-1, learner-2) rather than naming their users.
    if not shared or not all(all(parts[shared:]) and not "".join(parts[shared:]).isdigit() for parts in words):
        return {}
    return {id(learner): "-".join(parts[shared:]) for learner, parts in zip(learners, words)}


def _folder_stem(learner):
    """The name of the entry's folder, or of its .zip or its one file without the suffix (entry_stem); "" for an
    entry of a platform's download."""
    return entry_stem(learner.identity.get("folder", ""))


# What an entry's name ends in that is not the learner's: a .zip of their folder, or their one file.
ENTRY_SUFFIXES = (".zip", ".py", ".ipynb")


def entry_stem(name):
    """alice for alice.zip, alice.py or alice.ipynb (any case); a folder's name as it is."""
    return next((name[:-len(suffix)] for suffix in ENTRY_SUFFIXES if name.lower().endswith(suffix)), name)


def letters(name):
    """A name reduced to its letters and digits, lower case: "Smith, John" and "smithjohn" both give smithjohn."""
    text = unicodedata.normalize("NFKD", str(name)).casefold()
    return re.sub(r"[\W_]+", "", "".join(char for char in text if not unicodedata.combining(char)))
