"""Where a challenge's stub, as shipped, defines a name its checks look for, and the TODO it leaves there: what a
learner whose file lacks the name is pointed to."""
import ast
import io
import re
import tokenize
from typing import NamedTuple

from grader.judge.messages import not_defined_hint

# Python's message for an attribute an object lacks.
_NO_ATTRIBUTE = re.compile(r"'(\w+)' object has no attribute '(\w+)'")


class StubPlace(NamedTuple):
    """One name's definition in the stub."""

    line: int            # the line of its def or class statement
    statement: str       # "def sigmoid(inputs):", "class Layer_Dense:"
    owner: str | None    # the class a method belongs to, else None
    todos: list          # the text of each TODO comment within it, continued lines joined


def place_of(stub, name):
    """The StubPlace of `name` ("sigmoid", "Layer_Dense", "Layer_Dense.backward") in `stub` (bytes), or None where
    the stub does not define it or cannot be read."""
    try:
        text = stub.decode("utf-8")
        tree = ast.parse(text)
    except (UnicodeDecodeError, SyntaxError, ValueError):
        return None
    owner, _, member = name.rpartition(".")
    body = tree.body
    if owner:
        found = _defined(body, owner, ast.ClassDef)
        if found is None:
            return None
        body = found.body
    node = _defined(body, member, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    if node is None:
        return None
    lines = text.splitlines()
    # A statement may run over several lines (a long argument list): it ends where its body starts.
    statement = " ".join(line.strip() for line in lines[node.lineno - 1:node.body[0].lineno - 1]) or lines[
        node.lineno - 1].strip()
    comments = _todos(text)
    todos = [todo for line, todo in comments if node.lineno <= line <= node.end_lineno]
    return StubPlace(node.lineno, _up_to_its_colon(statement, node), owner or None, todos)


def _defined(body, name, kinds):
    return next((node for node in body if isinstance(node, kinds) and node.name == name), None)


def _up_to_its_colon(statement, node):
    """The def or class statement up to its colon; a body written on the same line is left out."""
    head, colon, _ = statement.partition("):") if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) \
        else statement.partition(":")
    return head + colon if colon else statement


def _todos(text):
    """[(line, text)] of each "# TODO: ..." comment of `text`, with the comment lines that continue it (indented
    past "# ") joined on."""
    found = []
    continuing = False
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.NL:
            continue
        if token.type != tokenize.COMMENT:
            continuing = False
            continue
        words = token.string[1:].strip()
        if words.startswith("TODO"):
            found.append((token.start[0], words[4:].lstrip(":").strip()))
            continuing = True
        elif continuing and token.string.startswith("#  ") and words:
            found[-1] = (found[-1][0], f"{found[-1][1]} {words}")
        else:
            continuing = False
    return found


def inherited_from(stub, class_name, attribute):
    """The base class through which the class `class_name` of `stub` (bytes) has `attribute`, which it does not
    define itself ("Loss" for Loss_CategoricalCrossentropy's calculate), or None: the stub cannot be read, has no
    such class, or defines the attribute in the class itself."""
    try:
        body = ast.parse(stub.decode("utf-8")).body
    except (UnicodeDecodeError, SyntaxError, ValueError):
        return None
    classes = {node.name: node for node in body if isinstance(node, ast.ClassDef)}
    found = classes.get(class_name)
    if found is None or _defines(found, attribute):
        return None
    seen, bases = set(), [base.id for base in found.bases if isinstance(base, ast.Name)]
    for base in bases:
        if base in seen or base not in classes:
            continue
        seen.add(base)
        if _defines(classes[base], attribute):
            return base
        bases += [grand.id for grand in classes[base].bases if isinstance(grand, ast.Name)]
    return None


def _defines(node, attribute):
    """Whether the class `node` defines `attribute` in its body: a method, or a name assigned there."""
    for statement in node.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and statement.name == attribute:
            return True
        targets = statement.targets if isinstance(statement, ast.Assign) else [getattr(statement, "target", None)]
        if any(isinstance(target, ast.Name) and target.id == attribute for target in targets):
            return True
    return False


class Stub:
    """A challenge's stub as shipped, as the hints under a name not written yet point to it."""

    def __init__(self, source, shown_path):
        """`source`: its bytes (None where there is none); `shown_path`: where the learner finds it."""
        self.source, self.shown_path = source, shown_path

    def base_missing(self, message):
        """The sentence for an AttributeError `message` ("'X' object has no attribute 'y'") where the stub's X has y
        from a base class, which the learner's X does not inherit; "" otherwise."""
        found = _NO_ATTRIBUTE.fullmatch(message.strip())
        base = inherited_from(self.source, *found.groups()) if found and self.source else None
        if base is None:
            return ""
        name, attribute = found.groups()
        return (f" In the stub, {name} inherits {attribute} from {base}: declare it as class {name}({base}): and "
                f"keep class {base} in your file, as the book does.")

    def hint_for(self, name):
        """The hint under a check that found no `name` in the learner's file ("" where the stub has none either)."""
        place = place_of(self.source, name) if self.source else None
        return not_defined_hint(name, place, self.shown_path)
