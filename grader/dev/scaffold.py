"""`grade dev new`: a new challenge, complete enough that `grade dev check` accepts it at once.

It writes the challenge folder (stub, pristine copy, README, challenge.toml,
spec, scenarios), the solution, and a row of the README's table of
challenges: nothing else lists challenges, so nothing else needs editing.
The files hold a small working example (a ReLU forward pass) for the author
to replace.
"""
import json
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from grader.course import CHALLENGE_NAME, load_challenge, load_challenges

TEMPLATES = Path(__file__).with_name("templates")
TOPIC = re.compile(r"^[a-z][a-z0-9_]*$")
# A row of the README's table of challenges: | N | `challenge_N_topic` | chapters | ... |
README_ROW = re.compile(r"^\| *(\d+) *\| *`challenge_\d+_[a-z0-9_]+` *\|")


class ScaffoldError(Exception):
    """The challenge cannot be made as asked; nothing was written."""


@dataclass(frozen=True)
class Draft:
    """What the templates need to know of the challenge being made."""

    name: str
    number: int
    title: str
    chapter: str
    summary: str


def new_challenge(root, name, chapter, title=None, reserved=()):
    """Write challenge `name` (a full name, or a topic that gets the next number) into the course at `root`.

    Returns (the loaded Challenge, the files written). `reserved` are command names no challenge may shadow.
    """
    root = Path(root)
    if not TEMPLATES.is_dir():
        raise ScaffoldError("This copy of the grader has no challenge templates (a release leaves them out): "
                            "run grade dev new in the course's own repository.")
    draft = _draft(root, name, str(chapter).strip(), title, reserved)
    folder, solution = root / "challenges" / draft.name, root / "solutions" / draft.name / "main.py"
    for taken in (folder, solution.parent):
        if taken.exists():
            raise ScaffoldError(f"{taken} already exists; choose another name, or remove it first.")
    files = {folder / "main.py": _render("main.py.j2", draft, solved=False),
             folder / ".pristine" / "main.py": _render("main.py.j2", draft, solved=False),
             folder / "README.md": _render("README.md.j2", draft),
             folder / "challenge.toml": _render("challenge.toml.j2", draft),
             folder / "spec.py": _render("spec.py.j2", draft),
             folder / "scenarios.py": _render("scenarios.py.j2", draft),
             solution: _render("main.py.j2", draft, solved=True)}
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    readme = root / "README.md"
    if _add_readme_row(readme, draft):
        files[readme] = None
    return load_challenge(folder), list(files)


def _draft(root, name, chapter, title, reserved):
    existing = load_challenges(root)
    match = CHALLENGE_NAME.match(name)
    if match:
        number, topic = int(match.group(1)), match.group(2)
    elif TOPIC.match(name):
        number, topic = max((challenge.number for challenge in existing), default=0) + 1, name
    else:
        raise ScaffoldError(f"{name!r} is not a challenge name: give challenge_<N>_<topic>, or just a topic in "
                            "lower case with underscores (it gets the next free number).")
    taken = {challenge.number: challenge.name for challenge in existing}
    if number in taken:
        raise ScaffoldError(f"Number {number} is taken by {taken[number]}; choose another number, or give only "
                            "the topic to get the next free one.")
    shadowed = [command for command in reserved if command in topic]
    if shadowed:
        raise ScaffoldError(f"The topic {topic!r} contains the command name {shadowed[0]!r}, so `grade "
                            f"{shadowed[0]}` could not reach the challenge by that name; choose another topic.")
    if not re.fullmatch(r"\d+(-\d+)?", chapter):
        raise ScaffoldError(f"--chapter {chapter!r} is not a book chapter: give a number such as 9, or a range "
                            "such as 14-15.")
    # A challenge is named by any part of its name that names no other: the new topic may be part of no other
    # challenge's name (its "challenge_" included), and no other's topic part of the new one.
    for challenge in existing:
        other = challenge.name.split("_", 2)[-1]
        if topic in challenge.name or other in topic:
            shorter = topic if topic in challenge.name else other
            raise ScaffoldError(f"The topic {topic!r} and {challenge.name} share {shorter!r}, so `grade {shorter}` "
                                "would name both challenges; choose another topic.")
    title = title or topic.replace("_", " ").capitalize()
    return Draft(name=f"challenge_{number}_{topic}", number=number, title=title, chapter=chapter,
                 summary=f"{title}, as chapter {chapter} of the book builds it.")


def _render(template, draft, **extra):
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), keep_trailing_newline=True,
                                     undefined=jinja2.StrictUndefined, autoescape=False)
    # A JSON string is a valid TOML basic string.
    environment.filters["toml"] = lambda text: json.dumps(str(text), ensure_ascii=False)
    return environment.get_template(template).render(challenge=draft, **extra)


def _add_readme_row(readme, draft):
    """Add the challenge to the README's table of challenges, after the last row; False if there is no table."""
    if not readme.is_file():
        return False
    lines = readme.read_text(encoding="utf-8").splitlines(keepends=True)
    rows = [(int(README_ROW.match(line).group(1)), index) for index, line in enumerate(lines)
            if README_ROW.match(line)]
    if not rows:
        return False
    after = max((index for number, index in rows if number < draft.number), default=rows[0][1] - 1)
    lines.insert(after + 1, f"| {draft.number} | `{draft.name}` | {draft.chapter} | {draft.summary} |\n")
    readme.write_text("".join(lines), encoding="utf-8")
    return True
