"""`grade dev mutate`: how strong a challenge's checks are, measured by the mistakes they catch.

Each mutant is the challenge's solution with one small mistake planted by an
operator of `grader.dev.operators`, in a function the learner writes (one
that differs between stub and solution; every function of a debugging
challenge). Mutants are graded like a class, over warm grading processes
(`grader.judge.pool`). A mutant is killed when at least one check does not
pass. Mutants that cannot be told apart from the solution by any test are
listed, with a one-line reason, in the challenge's equivalent_mutants.toml.

A mutant's id is `operator:function:n`, the n-th change that operator makes
in that function, in source order: it stays the same when other functions or
comments change.
"""
import ast
import difflib
import os
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from grader.dev.operators import OPERATORS, Context, Swap, is_docstring
from grader.judge.pool import GradingPool

EQUIVALENT_FILE = "equivalent_mutants.toml"
# Code the checks cannot see: what the learner prints, and the text of messages.
UNSEEN_CALLS = ("print",)


class MutationError(Exception):
    """The analysis cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class Mutant:
    id: str          # operator:function:n, stable across unrelated edits
    operator: str    # the name of the operator that made it
    function: str    # the mutated function, e.g. Layer_Dense.backward
    line: int        # where the change starts in the solution
    source: str      # the whole mutated file
    diff: str        # unified diff against the solution


@dataclass
class Analysis:
    challenge: str
    mutants: list                                      # every Mutant made
    killed: list = field(default_factory=list)         # ids of mutants some check failed
    survived: list = field(default_factory=list)       # Mutants every check passed, not listed as equivalent
    equivalent: list = field(default_factory=list)     # (id, reason) listed as equivalent and not killed
    not_graded: list = field(default_factory=list)     # (id, why) the grader could not grade
    stale_equivalents: list = field(default_factory=list)  # ids listed as equivalent that a check kills
    unknown_equivalents: list = field(default_factory=list)  # ids listed as equivalent that no operator makes
    seconds: float = 0.0

    @property
    def score(self):
        """The fraction of non-equivalent mutants killed (1.0 when there are none)."""
        judged = len(self.mutants) - len(self.equivalent)
        return len(self.killed) / judged if judged else 1.0

    def to_dict(self):
        return {
            "challenge": self.challenge,
            "mutants": len(self.mutants),
            "killed": len(self.killed),
            "survived": [{"id": mutant.id, "diff": mutant.diff} for mutant in self.survived],
            "equivalent": [{"id": mutant_id, "reason": reason} for mutant_id, reason in self.equivalent],
            "score": round(self.score, 4),
            "not_graded": [{"id": mutant_id, "problem": why} for mutant_id, why in self.not_graded],
            "stale_equivalents": self.stale_equivalents,
            "unknown_equivalents": self.unknown_equivalents,
            "seconds": round(self.seconds, 2),
        }

    def to_text(self):
        """The report for a terminal: the figures, then each survivor with its diff."""
        lines = [f"{self.challenge}: {len(self.mutants)} mutants, {len(self.killed)} killed, "
                 f"{len(self.equivalent)} equivalent, {len(self.survived)} survived: "
                 f"{100 * self.score:.1f}% of the non-equivalent mutants killed ({self.seconds:.1f} s)."]
        for mutant in self.survived:
            lines += ["", f"SURVIVED {mutant.id} (line {mutant.line}): every check passes with this change.",
                      mutant.diff.rstrip("\n")]
        for mutant_id, why in self.not_graded:
            lines += ["", f"NOT GRADED {mutant_id}: {why}"]
        for mutant_id in self.stale_equivalents:
            lines += ["", f"KILLED BUT LISTED {mutant_id}: a check catches it, so it is not equivalent; "
                          f"remove it from {EQUIVALENT_FILE}."]
        for mutant_id in self.unknown_equivalents:
            lines += ["", f"UNKNOWN {mutant_id} in {EQUIVALENT_FILE}: no operator makes this mutant any more; "
                          "remove it."]
        return "\n".join(lines) + "\n"


def make_mutants(challenge):
    """Every mutant of the challenge's solution, in a stable order; none of them equals the solution."""
    path = challenge.solution
    if not path.is_file():
        raise MutationError(f"{challenge.name} has no solution at {path}: mutation analysis mutates the solution.")
    source = path.read_text(encoding="utf-8")
    splicer = _Splicer(source)
    mutants, written = [], set()
    for qualname, function in learner_functions(challenge, ast.parse(source)):
        context = Context(parents=_parents(function), parameters=_parameters(function))
        visible = _visible_nodes(function)
        nodes = sorted(visible, key=lambda node: (node.lineno, node.col_offset))
        for operator in OPERATORS:
            count = 0
            for node in nodes:
                for replacement in operator(node, context):
                    if isinstance(replacement, Swap) and replacement.second not in visible:
                        continue  # moving a statement past one that only prints changes nothing
                    count += 1
                    change = splicer.change(node, replacement, _statement_of(node, context.parents))
                    if change is None or change in written:
                        continue  # not Python, the solution itself, or a mutant made already
                    written.add(change)
                    mutated = splicer.apply(change)
                    mutant_id = f"{operator.__name__}:{qualname}:{count}"
                    diff = "".join(difflib.unified_diff(
                        source.splitlines(keepends=True), mutated.splitlines(keepends=True),
                        f"solutions/{challenge.name}/main.py", f"mutant {mutant_id}", n=1))
                    mutants.append(Mutant(mutant_id, operator.__name__, qualname, node.lineno, mutated, diff))
    return mutants


def _statement_of(node, parents):
    while not isinstance(node, ast.stmt):
        node = parents[node]
    return node


def learner_functions(challenge, tree):
    """(qualified name, node) of each function the learner writes, in file order. Raises CourseError where the stub
    as shipped cannot be read."""
    given = {}
    stub = challenge.read_shipped() if challenge.kind != "debugging" else None
    if stub is not None:
        given = {name: ast.dump(node) for name, node in _functions(ast.parse(stub))}
    return [(name, node) for name, node in _functions(tree) if given.get(name) != ast.dump(node)]


def _functions(tree):
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for member in node.body:
                if isinstance(member, ast.FunctionDef):
                    yield f"{node.name}.{member.name}", member


def _parents(function):
    return {child: parent for parent in ast.walk(function) for child in ast.iter_child_nodes(parent)}


def _parameters(function):
    arguments = function.args
    names = [argument.arg for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)]
    return frozenset(name for name in names if name != "self")


def _visible_nodes(function):
    """The nodes of `function` a check could notice a change in.

    Not its docstring, nor what only reaches the screen: calls to print, f-strings,
    an `if` that only prints, a local variable that is only printed.
    """
    skipped, read = _printed_only(function)
    arguments = function.args
    positional = arguments.posonlyargs + arguments.args
    defaults = [*zip(positional[len(positional) - len(arguments.defaults):], arguments.defaults),
                *zip(arguments.kwonlyargs, arguments.kw_defaults)]
    for argument, default in defaults:
        if default is not None and argument.arg not in read:
            skipped.update(map(id, ast.walk(default)))  # the default of an argument that is only printed
    for node in ast.walk(function):
        if is_docstring(node) or _is_print_statement(node) or isinstance(node, ast.JoinedStr):
            skipped.update(map(id, ast.walk(node)))
    return [node for node in ast.walk(function)
            if node is not function and hasattr(node, "lineno") and id(node) not in skipped]


def _printed_only(function):
    """The ids of the nodes whose only use is to be printed (print calls, an `if` that only prints, and
    assignments to local names read only there, or only by other such assignments), and the names read
    elsewhere."""
    printing = [node for node in ast.walk(function) if _is_print(node) or (
        isinstance(node, ast.If) and all(map(_is_print_statement, node.body + node.orelse)))]
    unseen = {id(part) for node in printing for part in ast.walk(node)}
    assignments = [node for node in ast.walk(function) if isinstance(node, ast.Assign)]
    while True:
        loads = [node for node in ast.walk(function) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)]
        read_where_seen = {node.id for node in loads if id(node) not in unseen}
        found = [node for node in assignments if id(node) not in unseen and all(
            isinstance(name, ast.Name) and name.id not in read_where_seen
            for target in node.targets for name in _names(target))]
        if not found:
            return unseen, read_where_seen
        for node in found:
            unseen.update(map(id, ast.walk(node)))


def _names(target):
    return target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]


def _is_print(node):
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in UNSEEN_CALLS


def _is_print_statement(node):
    return isinstance(node, ast.Expr) and _is_print(node.value)


class _Splicer:
    """Writes a new node's text over an old node's span of the source, leaving the rest untouched.

    Only the statement that holds the node is parsed again: the rest of the file does not change.
    """

    def __init__(self, source):
        self.data = source.encode("utf-8")
        self.starts = [0]
        for line in self.data.splitlines(keepends=True):
            self.starts.append(self.starts[-1] + len(line))

    def change(self, node, replacement, statement):
        """(start, end, text) that puts `replacement` in place of `node` (in brackets only where they change the
        meaning), or None when that is not Python or changes nothing."""
        span = self._span(node)
        if isinstance(replacement, Swap):
            second = self._span(replacement.second)
            text = (self.data[second[0]:second[1]] + self.data[span[1]:second[0]]
                    + self.data[span[0]:span[1]]).decode("utf-8")
            span = (span[0], second[1])
        elif isinstance(replacement, ast.Module):
            text = "; ".join(ast.unparse(part) for part in replacement.body)
        else:
            text = ast.unparse(replacement)
        around = (min(span[0], self._span(statement)[0]), max(span[1], self._span(statement)[1]))
        before = self._parsed(around, around, "")
        candidates = [text] if isinstance(node, ast.stmt) else [text, f"({text})"]
        changed = [self._parsed(around, span, candidate) for candidate in candidates]
        if changed[-1] is None or changed[-1] == before:
            return None
        # The bare text when it means the same as the bracketed one.
        chosen = candidates[0] if changed[0] == changed[-1] else candidates[-1]
        return (*span, chosen)

    def apply(self, change):
        start, end, text = change
        return (self.data[:start] + text.encode("utf-8") + self.data[end:]).decode("utf-8")

    def _span(self, node):
        # ast positions are UTF-8 byte offsets within a line.
        return (self.starts[node.lineno - 1] + node.col_offset, self.starts[node.end_lineno - 1] + node.end_col_offset)

    def _parsed(self, around, span, text):
        """The syntax tree of the statement at `around` with `span` replaced by `text`; None if it does not parse."""
        line_start = self.data.rfind(b"\n", 0, around[0]) + 1
        snippet = self.data[line_start:span[0]] + text.encode("utf-8") + self.data[span[1]:around[1]]
        # An indented statement keeps its indentation (its else: and its body's too) inside a block of its own.
        block = "if 1:\n" if line_start < around[0] else ""
        try:
            return ast.dump(ast.parse(block + snippet.decode("utf-8")))
        except SyntaxError:
            return None


def equivalent_listing(challenge):
    """{mutant id: reason} from the challenge's equivalent_mutants.toml (empty when it has none)."""
    path = challenge.path / EQUIVALENT_FILE
    if not path.is_file():
        return {}
    try:
        with open(path, "rb") as file:
            listing = tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise MutationError(f"{path} cannot be read: {exc}") from None
    bad = [key for key, reason in listing.items() if not isinstance(reason, str) or not reason.strip()]
    if bad:
        raise MutationError(f"{path}: {bad[0]!r} needs a one-line reason, as a string, for why it is equivalent.")
    return listing


def analyse(challenge, root, processes=None, only=None):
    """Grade the challenge's mutants (only those whose ids are in `only`, if given) and return an Analysis."""
    started = time.monotonic()
    listed = equivalent_listing(challenge)
    mutants = make_mutants(challenge)
    unknown = sorted(set(listed) - {mutant.id for mutant in mutants})
    if only is not None:
        mutants = pick(challenge, mutants, only)
    analysis = Analysis(challenge.name, mutants, unknown_equivalents=unknown if only is None else [])
    verdicts = grade_mutants(root, [(challenge, mutant) for mutant in mutants], processes)
    for mutant in mutants:
        survived, problem = verdicts[challenge.name, mutant.id]
        if problem:
            analysis.not_graded.append((mutant.id, problem))
        elif not survived:
            analysis.killed.append(mutant.id)
            if mutant.id in listed:
                analysis.stale_equivalents.append(mutant.id)
        elif mutant.id in listed:
            analysis.equivalent.append((mutant.id, listed[mutant.id]))
        else:
            analysis.survived.append(mutant)
    analysis.seconds = time.monotonic() - started
    return analysis


def pick(challenge, mutants, ids):
    """The mutants whose ids are in `ids`, each of which must exist."""
    missing = sorted(set(ids) - {mutant.id for mutant in mutants})
    if missing:
        raise MutationError(f"{challenge.name} has no mutant {missing[0]!r}; `grade dev mutate {challenge.name} "
                            "--list` lists what its operators make.")
    return [mutant for mutant in mutants if mutant.id in ids]


def grade_mutants(root, pairs, processes=None):
    """{(challenge name, mutant id): (survived, problem)} for (challenge, Mutant) pairs, graded in one pool.

    `survived` is True when every check passed; `problem` says why the grader could not
    grade a mutant (then `survived` is None). Each challenge's solution is graded too,
    and must pass every check, or the analysis means nothing.
    """
    pairs = list(pairs)
    challenges = {challenge.name: challenge for challenge, _ in pairs}
    with tempfile.TemporaryDirectory(prefix="nnfs-mutants-") as folder:
        sources = [(challenge.name, None, challenge.solution.read_text("utf-8"))
                   for challenge in challenges.values()]
        sources += [(challenge.name, mutant.id, mutant.source) for challenge, mutant in pairs]
        jobs = [_job(folder, number, *source) for number, source in enumerate(sources)]
        answers = {}
        pool = GradingPool(root, processes or os.cpu_count() or 1, challenges=list(challenges))
        for job, answer in pool.grade_all(jobs):
            answers[job["challenge"], job["mutant"]] = answer
    for name in challenges:
        original = answers[name, None]
        if "result" not in original or _failing(original["result"]):
            why = original.get("problem") or "these checks fail: " + ", ".join(_failing(original["result"]))
            raise MutationError(f"The solution of {name} does not pass every check ({why}); mutation analysis "
                                "needs a solution the checks accept.")
    verdicts = {}
    for challenge, mutant in pairs:
        answer = answers[challenge.name, mutant.id]
        verdicts[challenge.name, mutant.id] = ((None, answer["problem"]) if "result" not in answer
                                               else (not _failing(answer["result"]), None))
    return verdicts


def _job(folder, number, challenge, mutant, source):
    path = Path(folder) / f"{number:05d}" / "main.py"
    path.parent.mkdir()
    path.write_text(source, encoding="utf-8")
    return {"id": number, "challenge": challenge, "mutant": mutant, "submission": str(path)}


def _failing(result):
    return [check["id"] for check in result["checks"] if check["status"] != "passed"]
