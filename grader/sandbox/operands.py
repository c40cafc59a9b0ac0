"""In a worker: the operands of a matrix product that raised, named and shaped beside NumPy's message.

np.dot's shape error names both shapes ("shapes (2,4) and (3,5) not aligned"); @ and np.matmul's name neither
("matmul: Input operand 1 has a mismatch in its core dimension 0, ..."). The learner's line that raised says which
product it was, and its frame holds the arrays: this module adds their names and shapes to the message, which the
judge explains (grader.judge.messages).
"""
import ast
import linecache
import traceback
import types

import numpy

# Taken when the worker starts, before any learner's code runs, which may rebind numpy.ndarray.
ARRAY = numpy.ndarray

# What is added to the message: "; OPERANDS inputs, shape (2, 4); weights, shape (3, 5)".
OPERANDS = "the product's operands:"
# How long an operand's text may be, as it is quoted.
MAX_OPERAND_TEXT = 80


def with_operands(exc, submission, message):
    """`message`, and where `exc` is a matrix product's shape error raised on a line of the learner's file, the
    names and shapes of that product's two operands."""
    if not isinstance(exc, ValueError) or not message.startswith("matmul:"):
        return message
    try:
        operands = _operands(exc.__traceback__, submission)
    except Exception:  # noqa: BLE001  (the learner's objects are looked into: the message stays, whatever they do)
        operands = None
    if not operands:
        return message
    said = "; ".join(f"{text}, shape {tuple(shape)}" for text, shape in operands)
    return f"{message}; {OPERANDS} {said}"


def _operands(tb, submission):
    """[(text, shape), (text, shape)]: the left and right operands of the product that raised, or None."""
    frame, lasti = None, -1
    for entry, _ in traceback.walk_tb(tb):
        if entry.f_code.co_filename == submission:
            frame = entry
    if frame is None:
        return None
    # The deepest entry of the file's frame: its instruction is the product that raised.
    while tb is not None:
        if tb.tb_frame is frame:
            lasti = tb.tb_lasti
        tb = tb.tb_next
    for left, right, source in _products_at(frame, lasti, submission):
        shapes = [_shape(_value(node, frame)) for node in (left, right)]
        if any(not isinstance(shape, tuple) for shape in shapes) or _agree(*shapes):
            continue   # not known, or not the product that raised
        return [(_text(node, source), shape) for node, shape in zip((left, right), shapes)]
    return None


def _products_at(frame, lasti, submission):
    """[(left node, right node, the source they were parsed from)] of each matrix product in the expression that
    raised: its own span where the code's positions give it, else every product on its line."""
    positions = None
    if lasti >= 0:
        positions = next((position for index, position in enumerate(frame.f_code.co_positions())
                          if index == lasti // 2), None)
    first, last, start, end = positions if positions else (None, None, None, None)
    if first is None:
        first = last = frame.f_lineno
    lines = [linecache.getline(submission, number) for number in range(first, (last or first) + 1)]
    source = None
    if start is not None and end is not None:
        # Column offsets count UTF-8 bytes; on one line, the end is cut first.
        encoded = [line.encode("utf-8") for line in lines]
        encoded[-1] = encoded[-1][:end]
        encoded[0] = encoded[0][start:]
        source = b"".join(encoded).decode("utf-8", errors="replace")
    for text in [_statement(text) for text in (source, "".join(lines)) if text]:
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        found = _products(tree)
        if found:
            return [(left, right, text) for left, right in found]
    return []


def _statement(text):
    """A line of code as a statement that parses alone: the head of a block (`if a @ b:`) becomes its test."""
    text = text.strip()
    for keyword in ("if ", "elif ", "while ", "return ", "assert "):
        if text.startswith(keyword):
            text = text[len(keyword):]
    return text.rstrip(":")


def _products(tree):
    """The (left, right) nodes of each `a @ b` and `np.matmul(a, b)` in `tree`, innermost first."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
            found.append((node.left, node.right))
        elif isinstance(node, ast.Call) and len(node.args) >= 2 and (
                isinstance(node.func, ast.Attribute) and node.func.attr == "matmul"
                or isinstance(node.func, ast.Name) and node.func.id == "matmul"):
            found.append((node.args[0], node.args[1]))
    return found[::-1]


def _value(node, frame):
    """The value of a name, or of a chain of attributes of one (self.weights, k.T), read without calling anything
    of the learner's: an object's own attributes from its __dict__, an array's only its transposes. Else None."""
    if isinstance(node, ast.Name):
        for names in (frame.f_locals, frame.f_globals):
            if node.id in names:
                return names[node.id]
        return None
    if isinstance(node, ast.Attribute):
        owner = _value(node.value, frame)
        if owner is None:
            return None
        if _is_array(owner):
            return owner.T if node.attr == "T" else owner.mT if node.attr == "mT" else None
        if isinstance(owner, types.ModuleType):
            return vars(owner).get(node.attr)
        own = getattr(owner, "__dict__", None)
        return own.get(node.attr) if isinstance(own, dict) else None
    return None


def _shape(value):
    """The shape of an array (NumPy's own type, whose attribute runs none of the learner's code), else None."""
    return value.shape if _is_array(value) else None


def _is_array(value):
    return type(value) is ARRAY


def _agree(left, right):
    """Whether a product of arrays of these shapes has agreeing inner dimensions (a 1-D operand is a vector)."""
    if not left or not right:
        return True    # a scalar is refused by matmul with another message
    inner = right[0] if len(right) == 1 else right[-2]
    return left[-1] == inner


def _text(node, source):
    text = ast.get_source_segment(source, node) or ast.unparse(node)
    return text if len(text) <= MAX_OPERAND_TEXT else text[:MAX_OPERAND_TEXT - 1] + "…"
