"""A class list: the CSV that names a class's learners, matched to the roster's entries.

It may be GitHub Classroom's roster export (identifier, github_username, github_id, name;
GitHub Docs, "Manage classrooms"), Canvas's gradebook export (Student, ID, SIS User ID, SIS
Login ID, Section; Canvas Instructor Guide, "How do I export grades in the Gradebook?"),
Moodle's grade or participants export (First name, Last name, ID number, Email address;
https://docs.moodle.org/en/Grade_export), or any CSV with such columns. An entry matches a person when one of its identifiers does: an
e-mail, a student or LMS id, a login, a GitHub username (GitHub Classroom names a clone
<assignment>-<username>), or the name itself.
"""
import csv
import re
import unicodedata
from dataclasses import dataclass, field

# Each field and the column headings that carry it, compared in lower case.
COLUMNS = {
    "name": ("name", "student", "full name", "fullname", "student name", "identifier"),
    "first": ("first name", "firstname", "given name"),
    "last": ("last name", "lastname", "surname", "family name"),
    "email": ("email", "email address", "e-mail", "e-mail address"),
    "sid": ("sid", "sis user id", "id number", "idnumber", "student id", "student number"),
    "lms_id": ("id", "user id", "canvas user id"),
    "login": ("sis login id", "login id", "username", "login"),
    "github": ("github_username", "github username", "github"),
    "section": ("section", "sections", "group", "groups"),
}


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
    keys: set = field(default_factory=set)

    def identity(self):
        return {"listed": True, "name": self.name, "email": self.email, "sid": self.sid, "lms_id": self.lms_id,
                "login": self.login, "github": self.github, "section": self.section}


class ClassList:
    """The people of a class list, found by any of their identifiers."""

    def __init__(self, people):
        self.people = people
        self.index = {}
        for person in people:
            for key in person.keys:
                self.index.setdefault(key, []).append(person)
        self.claimed = {}

    def claim(self, learner):
        """Name `learner` as the list does, and remember that its person has an entry.

        An entry that matches nobody, or a person another entry already matched, is marked not listed.
        """
        person = self.find(learner)
        if person is None or id(person) in self.claimed:
            learner.identity["listed"] = False
            if person is not None:
                learner.identity["note"] = (f"matches {person.name} on the class list, whose entry is "
                                            f"{self.claimed[id(person)]}")
            return None
        self.claimed[id(person)] = learner.entry
        folder_name = learner.name
        learner.identity = dict(learner.identity, **{key: value for key, value in person.identity().items()
                                                     if value not in ("", None)})
        learner.identity.setdefault("entry_name", folder_name)
        learner.name = person.name
        return person

    def find(self, learner):
        candidates = []
        for key in learner_keys(learner):
            for person in self.index.get(key, ()):
                if person not in candidates:
                    candidates.append(person)
        return candidates[0] if len(candidates) == 1 else None

    def unclaimed(self):
        return [person for person in self.people if id(person) not in self.claimed]


def read_class_list(path):
    """The ClassList in the CSV file `path` (UTF-8, with or without a byte-order mark)."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as file:
            rows = list(csv.reader(file))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ClassListError(f"The class list {path} cannot be read: {exc}.") from None
    if not rows:
        raise ClassListError(f"The class list {path} is empty.")
    heading = [cell.strip().lower() for cell in rows[0]]
    # Every column that may carry a field: the first that is not empty in a row gives it.
    where = {name: [heading.index(alias) for alias in aliases if alias in heading] for name, aliases in COLUMNS.items()}
    if not (where["name"] or where["first"] or where["email"] or where["github"]):
        raise ClassListError(f"The class list {path} has no column that names a learner (name, student, first "
                             f"name, email, github_username); its columns are: {', '.join(rows[0])}.")
    people = []
    for row in rows[1:]:
        cells = {name: next((row[column].strip() for column in columns if column < len(row) and row[column].strip()),
                            "") for name, columns in where.items()}
        # Canvas's export has a "Points Possible" row under its heading and a "Test Student".
        if not any(cells.values()) or cells["name"].strip().lower() in ("points possible", "student, test"):
            continue
        name = cells["name"] or " ".join(filter(None, (cells["first"], cells["last"]))) or cells["email"] \
            or cells["github"]
        person = Person(name=name, email=cells["email"], sid=cells["sid"], lms_id=cells["lms_id"],
                        login=cells["login"], github=cells["github"], section=cells["section"])
        person.keys = _person_keys(person, cells)
        people.append(person)
    return ClassList(people)


def _person_keys(person, cells):
    keys = {f"email:{person.email.casefold()}"} if person.email else set()
    keys |= {f"id:{value.casefold()}" for value in (person.sid, person.lms_id, person.login) if value}
    if person.github:
        keys.add(f"github:{person.github.casefold()}")
    names = {cells["name"], f"{cells['first']} {cells['last']}", f"{cells['last']} {cells['first']}"}
    if "," in cells["name"]:                        # Canvas: "Last, First"
        last, first = cells["name"].split(",", 1)
        names |= {f"{first} {last}", f"{last} {first}"}
    keys |= {f"name:{_letters(name)}" for name in names if _letters(name)}
    if "@" in cells["name"]:                        # GitHub Classroom's identifier is often an e-mail
        keys.add(f"email:{cells['name'].casefold()}")
    return keys


def learner_keys(learner):
    """Every identifier of a roster entry that a class list may hold."""
    identity = learner.identity
    keys = {f"name:{_letters(learner.name)}"} if _letters(learner.name) else set()
    keys |= {f"email:{email.casefold()}" for email in identity.get("emails", [])}
    keys |= {f"id:{value.casefold()}" for value in [*identity.get("sids", []), identity.get("lms_id", "")] if value}
    folder = identity.get("folder", "")
    if folder:
        stem = folder[:-4] if folder.lower().endswith(".zip") else folder
        keys |= {f"email:{stem.casefold()}", f"id:{stem.casefold()}", f"github:{stem.casefold()}"}
        # GitHub Classroom clones a learner's repository as <assignment>-<username>.
        parts = stem.split("-")
        keys |= {f"github:{'-'.join(parts[index:]).casefold()}" for index in range(1, len(parts))}
    return keys


def _letters(name):
    """A name reduced to its letters and digits, lower case: "Smith, John" and "smithjohn" both give smithjohn."""
    text = unicodedata.normalize("NFKD", str(name)).casefold()
    return re.sub(r"[\W_]+", "", "".join(char for char in text if not unicodedata.combining(char)))
