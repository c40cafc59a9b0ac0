"""The package's layers, read from the source: what each side may import."""
import ast

from helpers import ROOT

GRADER = ROOT / "grader"


def _imports(path):
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _importers(folder, forbidden):
    return {f"{path.relative_to(ROOT)} imports {name}" for path in (GRADER / folder).rglob("*.py")
            for name in _imports(path) if name.startswith(forbidden)}


def test_the_untrusted_side_imports_nothing_of_the_judge_views_classroom_learner_or_results():
    forbidden = tuple(f"grader.{part}" for part in ("judge", "views", "classroom", "learner", "results"))
    assert _importers("sandbox", forbidden) == set()


def test_the_instructors_side_reads_course_facts_from_the_course_not_the_learners_progress():
    assert _importers("classroom", ("grader.learner",)) == set()


def test_at_most_twelve_modules_lie_directly_in_the_package():
    assert len(list(GRADER.glob("*.py"))) <= 12
