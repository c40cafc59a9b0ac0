"""`grade dev check`: the course linted as data, as rustlings' `dev check` lints its exercises.

Every Problem names the file to change and says how. The rules that read
files run first; then every untouched stub and every solution is graded over
warm grading processes (grader.judge.pool): a stub must pass no check, a
solution every check.
"""
import ast
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from grader.course import (CHALLENGE_FILES, CHALLENGE_NAME, CourseError, checks_of, entries_of, read_course_file,
                           require_course_file)
from grader.spec import CATEGORIES

KINDS = ("exercise", "debugging")
# The only parts of the grader a scenario may import: it runs in the worker, beside the learner's code.
SCENARIO_MODULES = ("grader.scenario_helpers",)


@dataclass(frozen=True)
class Problem:
    path: Path        # the file or folder to change
    message: str      # what is wrong, and the fix

    def describe(self, root):
        try:
            shown = self.path.relative_to(root)
        except ValueError:
            shown = self.path
        return f"{shown}: {self.message}"


def lint_course(root, challenges, chosen=None, reserved=(), grading=True, processes=2):
    """Every Problem of the course at `root`; per-challenge rules only for `chosen` (default: all)."""
    root = Path(root)
    chosen = challenges if chosen is None else chosen
    problems = course_problems(root, challenges, reserved)
    for challenge in chosen:
        problems += challenge_problems(root, challenge)
    unloadable = [problem for problem in map(_spec_failure, challenges) if problem]
    if grading and unloadable:
        # The grading processes collect every challenge's checks at start-up: one broken spec stops them all.
        problems += [problem for problem in unloadable if problem not in problems]
        problems.append(Problem(root / "solutions", "the stubs and solutions were not graded, since a spec "
                                                    "cannot be loaded; fix it, then run grade dev check again."))
    elif grading:
        problems += grading_problems(root, chosen, processes)
    return problems


def course_problems(root, challenges, reserved=()):
    """What concerns the course as a whole: stray entries, unique numbers and titles, the README's table."""
    problems = []
    names = {challenge.name for challenge in challenges}
    for entry in entries_of(root / "challenges"):
        if entry.name not in names:
            problems.append(Problem(entry, (
                "is not a challenge: a challenge is a folder challenge_<N>_<topic> with a challenge.toml "
                "(grade dev new makes one). Move this out of challenges/ or delete it.")))
    for entry in entries_of(root / "solutions"):
        if entry.name not in names:
            problems.append(Problem(entry, "is not the solution of any challenge: name it after a challenge's "
                                           "folder, or delete it."))
        elif entry.is_dir():
            problems += [Problem(stray, "is a stray file: a solution folder holds main.py only. Delete it.")
                         for stray in entries_of(entry) if stray.name != "main.py"]
    for attribute in ("number", "title"):
        seen = {}
        for challenge in challenges:
            value = getattr(challenge, attribute)
            if value in seen:
                problems.append(Problem(challenge.path / "challenge.toml" if attribute == "title" else challenge.path, (
                    f"has the same {attribute} as {seen[value]} ({value!r}); give each challenge its own.")))
            seen.setdefault(value, challenge.name)
    for challenge in challenges:
        topic = CHALLENGE_NAME.match(challenge.name).group(2)
        for command in reserved:
            if command in topic:
                problems.append(Problem(challenge.path, (
                    f"contains the command name {command!r}, so `grade {command}` runs the command, not this "
                    "challenge; rename the challenge's folder and its solution's.")))
    readme = root / "README.md"
    if readme.is_file():
        text = _text(readme)
        problems += [Problem(readme, f"does not name {challenge.name} in its table of challenges: add a row "
                                     "(grade dev new adds one).")
                     for challenge in challenges if f"`{challenge.name}`" not in text]
    return problems


def challenge_problems(root, challenge):
    """What concerns one challenge: its files, metadata, checks and scenarios."""
    problems = _file_problems(challenge) + _metadata_problems(challenge)
    if challenge.spec.is_file() and challenge.scenarios.is_file():
        failure = _spec_failure(challenge)
        problems += [failure] if failure else _check_problems(challenge) + _scenario_problems(challenge)
    return problems


def _spec_failure(challenge):
    """The Problem of a spec or scenario file that cannot be loaded, or None."""
    for path in [*challenge.spec_files, *challenge.scenario_files]:
        try:
            _parsed(_text(path))
        except CourseError as exc:
            return Problem(path, str(exc))
        except SyntaxError as exc:
            return Problem(path, f"has a syntax error on line {exc.lineno} ({exc.msg}); fix it, then run grade dev "
                                 "check again.")
    try:
        checks_of(challenge)
    except Exception as exc:  # the spec is the course author's code: any fault in it is a finding
        return Problem(challenge.spec_files[-1], f"cannot be loaded ({type(exc).__name__}: {exc}); fix it, then "
                                                 "run grade dev check again.")
    return None


def _file_problems(challenge):
    problems = []
    solution = challenge.solution
    try:
        shipped, unreadable = challenge.read_pristine(), None
    except CourseError as exc:
        shipped, unreadable = None, Problem(challenge.pristine, f"cannot be compared with main.py: {exc}")
    for path, what in ((challenge.stub, "the stub the learner edits"), (challenge.readme, "the instructions"),
                       (challenge.spec, "the checks"), (challenge.scenarios, "what the checks run"),
                       (challenge.pristine, "the stub as shipped, which grade reset restores (a copy of main.py)"),
                       (solution, "a solution that passes every check")):
        if path == challenge.pristine and unreadable:
            problems.append(unreadable)
        elif os.path.lexists(path) and (refused := _refusal(path)):
            problems.append(refused)
        elif not path.is_file():
            problems.append(Problem(path, f"is missing: add {what}."))
    if shipped is not None and challenge.stub.is_file() and shipped != challenge.stub.read_bytes():
        problems.append(Problem(challenge.pristine, (
            "differs from main.py: the course must ship the stub untouched. Copy main.py over it if main.py is "
            "the stub you mean, or run grade reset to put the stub back.")))
    for entry in challenge.strays():
        if entry.parent == challenge.pristine.parent:
            problems.append(Problem(entry, "is a stray file: .pristine/ holds main.py only. Delete it."))
            continue
        problems.append(Problem(entry, (
            "is a stray file: a challenge folder holds " + ", ".join(CHALLENGE_FILES) + ". "
            + ("answers.json is written by grade release; in the course the reference computes the answers. "
               if entry.name == "answers.json" else "") + "Delete it or move it out of the course.")))
    return problems


def _metadata_problems(challenge):
    toml = challenge.path / "challenge.toml"
    problems = []
    for field in ("title", "summary", "chapter"):
        if not str(getattr(challenge, field)).strip():
            problems.append(Problem(toml, f"has no {field}: add {field} = \"...\"."))
    if len(challenge.hints) < 2 or not all(hint.strip() for hint in challenge.hints):
        problems.append(Problem(toml, (
            "needs at least two hints, none empty, from a first nudge to the most specific: hints = [\"...\", "
            "\"...\"].")))
    if challenge.readme.is_file():
        first = challenge.chapter.split("-")[0]
        text = _text(challenge.readme)
        if f"chapter {first}" not in text and f"chapters {first}" not in text:
            problems.append(Problem(challenge.readme, f"does not cite the book: say which chapter it follows "
                                                      f"(\"chapter {first}\")."))
    if challenge.kind not in KINDS:
        problems.append(Problem(toml, f"has kind = {challenge.kind!r}; use \"exercise\" or \"debugging\"."))
    elif challenge.stub.is_file():
        stub = _text(challenge.stub)
        if challenge.kind == "exercise" and "# TODO:" not in stub:
            problems.append(Problem(challenge.stub, (
                "has no \"# TODO:\": put one exactly where the learner types (or set kind = \"debugging\" in "
                "challenge.toml if the stub carries bugs instead).")))
        if challenge.kind == "debugging" and "TODO" in stub:
            problems.append(Problem(challenge.stub, (
                "is a debugging stub but says TODO: a debugging stub runs and hides its bugs. Remove the TODO, "
                "or set kind = \"exercise\".")))
    return problems


def _check_problems(challenge):
    checks = checks_of(challenge)
    if not checks:
        return [Problem(challenge.spec, "declares no checks: declare one with @check(category, hint=...).")]
    problems, seen = [], set()
    # A challenge past the book's last chapter ("9-10+") builds what no chapter of the book describes.
    beyond_the_book = challenge.chapter.endswith("+")
    for info in checks:
        spec = challenge.hidden_spec if info.hidden else challenge.spec
        if info.id in seen:
            problems.append(Problem(spec, f"declares check {info.id} twice; give each check its own name."))
        if info.category not in CATEGORIES:
            problems.append(Problem(spec, f"{info.id}: category {info.category!r} is not one of "
                                          f"{', '.join(CATEGORIES)}."))
        if info.points <= 0:
            problems.append(Problem(spec, f"{info.id}: a check is worth more than 0 points."))
        if not _cites_a_source(info.hint, beyond_the_book):
            problems.append(Problem(spec, (
                f"{info.id}: the hint should ask a guiding question and cite the book: end it with \"See chapter N.\""
                + (", or, beyond the book, with where the README or a paper says it (\"See the README, step 3.\", "
                   "\"See Vaswani et al. 2017, section 3.5.\")" if beyond_the_book else ""))))
        problems += [Problem(spec, f"{info.id} {verb} {dependency}, which is not declared before it: "
                                   f"declare checks after the ones they {verb_plural}.")
                     for verb, verb_plural, ids in (("depends on", "depend on", info.depends),
                                                    ("uses", "use", info.uses))
                     for dependency in ids if dependency not in seen]
        seen.add(info.id)
    problems += _shown_before_what_they_need(challenge, checks)
    hidden = {info.id for info in checks if info.hidden}
    in_hidden_file = set()
    if challenge.hidden_spec.is_file():
        in_hidden_file = {node.name[len("test_"):] for node in _top_functions(challenge.hidden_spec)
                          if node.name.startswith("test_")}
        if not in_hidden_file:
            problems.append(Problem(challenge.hidden_spec, "declares no check: delete it, or declare one with "
                                                           "@check(..., hidden=True)."))
    problems += [Problem(challenge.spec, f"{check_id} is hidden: move it to hidden_spec.py, which a release "
                                         "leaves out.") for check_id in sorted(hidden - in_hidden_file)]
    problems += [Problem(challenge.hidden_spec, f"{check_id} is not declared hidden: add hidden=True to its "
                                                "@check, or move it to spec.py.")
                 for check_id in sorted(in_hidden_file - hidden)]
    return problems


def _scenario_problems(challenge):
    problems = []
    defined = {node.name for path in challenge.scenario_files for node in _top_functions(path)}
    for spec in challenge.spec_files:
        for name in sorted(_scenarios_run_by(spec) - defined):
            problems.append(Problem(spec, f"runs the scenario {name!r}, which no scenario file defines: define "
                                          f"def {name}(nn, rng) in scenarios.py."))
    if challenge.hidden_scenarios.is_file():
        if not challenge.hidden_spec.is_file():
            problems.append(Problem(challenge.hidden_scenarios, "has no hidden_spec.py to use it: delete it, or "
                                                                "add the hidden checks that run it."))
        public = _scenarios_run_by(challenge.spec)
        problems += [Problem(challenge.spec, f"runs the hidden scenario {node.name}: a release leaves it out, so "
                                             "move it to scenarios.py or the check to hidden_spec.py.")
                     for node in _top_functions(challenge.hidden_scenarios) if node.name in public]
    for path in challenge.scenario_files:
        problems += _grader_imports(path)
    return problems


def _text(path):
    """The text of a course file, read as grader.course.read_course_file reads it. Raises CourseError."""
    return read_course_file(path).decode("utf-8")


def _refusal(path):
    """The Problem of what is at `path` in place of a plain file (a pipe, a device, a folder), or None."""
    try:
        require_course_file(path)
    except CourseError as exc:
        return Problem(path, str(exc))
    return None


@functools.lru_cache(maxsize=256)
def _parsed(text):
    """The syntax tree of a course file's text, parsed once however many rules read it (the rules only read it)."""
    return ast.parse(text)


def _grader_imports(path):
    """Scenarios run in the worker, which refuses `grader` once the learner's file is loaded."""
    tree = _parsed(_text(path))
    top_level = {id(node) for node in tree.body}
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        else:
            continue
        for module in modules:
            if module.partition(".")[0] != "grader":
                continue
            if module not in SCENARIO_MODULES:
                problems.append(Problem(path, (
                    f"imports {module} (line {node.lineno}): scenarios run in the worker beside the learner's "
                    f"code, which may use only {' and '.join(SCENARIO_MODULES)} of the grader. Move what you "
                    "need there.")))
            elif id(node) not in top_level:
                problems.append(Problem(path, (
                    f"imports {module} inside a function (line {node.lineno}): the worker refuses the grader's "
                    "packages once the learner's file is loaded. Import it at the top of the file.")))
    return problems


def grading_problems(root, challenges, processes=2):
    """Grade every untouched stub and every solution: a stub passes no check, a solution every check."""
    from grader.judge.pool import GradingPool

    jobs = []
    for challenge in challenges:
        solution = challenge.solution
        for role, path in (("stub", challenge.stub), ("solution", solution)):
            if path.is_file():
                jobs.append({"id": len(jobs), "challenge": challenge.name, "submission": str(path), "role": role})
    problems = []
    for job, answer in GradingPool(root, processes).grade_all(jobs):
        path = Path(job["submission"])
        if "problem" in answer:
            problems.append(Problem(path, f"could not be graded: {answer['problem']}"))
        elif job["role"] == "stub":
            problems += _stub_verdict(path, answer["result"])
        else:
            problems += _solution_verdict(path, answer["result"])
    return sorted(problems, key=lambda problem: str(problem.path))


def _stub_verdict(path, result):
    passed = [check["id"] for check in result["checks"] if check["status"] == "passed"]
    silent = [check["id"] for check in result["checks"] if not check["message"]]
    problems = []
    if passed:
        problems.append(Problem(path, (
            f"the untouched stub of {result['challenge']} passes {', '.join(passed)}: a stub leaves every check "
            "to the learner. Replace that code with a # TODO: (a bug, in a debugging challenge), or make the "
            "check stricter.")))
    if silent:
        problems.append(Problem(path, (
            f"the untouched stub of {result['challenge']} fails {', '.join(silent)} without a message: make the "
            "check say what it expected.")))
    return problems


def _solution_verdict(path, result):
    failing = [check for check in result["checks"] if check["status"] != "passed"]
    if not result["checks"]:
        return [Problem(path, f"no check of {result['challenge']} ran on the solution.")]
    if not failing:
        return []
    first = failing[0]
    reason = (first["message"].strip().splitlines() or [""])[0]
    return [Problem(path, (
        f"the solution of {result['challenge']} does not pass {', '.join(check['id'] for check in failing)} "
        f"({first['id']}: {first['status']}, {reason}). Fix the solution, or the check if the check is wrong."))]


def _shown_before_what_they_need(challenge, checks):
    """Reports group checks by category, in the order the categories first appear: a check listed in an earlier
    group than a check it depends on or uses would say "fix ... first" about a check the learner has not read yet."""
    first_seen = {}
    for info in checks:
        first_seen.setdefault(info.category, len(first_seen))
    shown_at = {info.id: position for position, info in
                enumerate(sorted(checks, key=lambda info: first_seen[info.category]))}
    return [Problem(challenge.hidden_spec if info.hidden else challenge.spec,
                    f"{info.id} {verb} {dependency}, which reports list after it ({info.category} comes before "
                    f"{next(other.category for other in checks if other.id == dependency)}): give {info.id} the "
                    f"category of what it {verb}, or a category reports list later.")
            for info in checks for verb, ids in (("depends on", info.depends), ("uses", info.uses))
            for dependency in ids if dependency in shown_at and shown_at[dependency] > shown_at[info.id]]


def _top_functions(path):
    return [node for node in _parsed(_text(path)).body if isinstance(node, ast.FunctionDef)]


def _scenarios_run_by(spec):
    """The scenario names a spec file passes to run("...")."""
    return {node.args[0].value for node in ast.walk(_parsed(_text(spec)))
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "run" and node.args
            and isinstance(node.args[0], ast.Constant)}


def _cites_a_source(hint, beyond_the_book):
    """Whether `hint` cites where to read on: a chapter of the book, or for a challenge beyond the book, the
    challenge's README or a paper (its authors' names and year)."""
    if "See chapter" in hint:
        return True
    return beyond_the_book and ("See the README" in hint or bool(re.search(r"See .+ et al\. \d{4}", hint)))
