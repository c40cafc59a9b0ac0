"""Mutation operators: the small mistakes learners of the book make, written as changes to a syntax tree.

Each operator is a function `(node, context) -> iterable of new nodes`: the
ways it can change that one node. `node` is never modified; a new node is a
changed copy of it (or of one of its parts), which `grader.dev.mutate`
writes back in place of the node's own text. The operators know NumPy and
the book: axes and `keepdims`, transposes, `/ samples`, `np.clip`, the
epsilon beside `np.sqrt`, Adam's `iterations + 1`, the `.copy()` that keeps a
caller's array intact.
"""
import ast
import copy
import decimal
from dataclasses import dataclass


@dataclass(frozen=True)
class Swap:
    """Two neighbouring statements to exchange, each keeping its own text (a replacement for `first`)."""

    first: ast.stmt
    second: ast.stmt


@dataclass(frozen=True)
class Context:
    """What an operator may need to know beyond the node itself."""

    parents: dict          # node -> the node that holds it
    parameters: frozenset  # the names of the mutated function's arguments, `self` excepted


def _call_name(node):
    """`sum` for np.sum(...) and x.sum(...), `len` for len(...); None for anything else."""
    if not isinstance(node, ast.Call):
        return None
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    if isinstance(node.func, ast.Name):
        return node.func.id
    return None


def _mentions_iterations(node):
    return ((isinstance(node, ast.Attribute) and "iteration" in node.attr)
            or (isinstance(node, ast.Name) and "iteration" in node.id))


def _is_one(node):
    return isinstance(node, ast.Constant) and type(node.value) is int and node.value == 1


def swap_axis(node, context):
    """axis=0 becomes axis=1 and back: summing down the samples instead of across a row."""
    if isinstance(node, ast.Call):
        for index, keyword in enumerate(node.keywords):
            if keyword.arg == "axis" and isinstance(keyword.value, ast.Constant) and keyword.value.value in (0, 1):
                changed = copy.deepcopy(node)
                changed.keywords[index].value = ast.Constant(1 - keyword.value.value)
                yield changed


def drop_keepdims(node, context):
    """keepdims=True left out: a (n, 1) column becomes (n,) and broadcasts the wrong way."""
    if isinstance(node, ast.Call):
        yield from _without_keyword(node, "keepdims")


def drop_axis(node, context):
    """axis=... left out of a reduction: the maximum or sum of the whole batch instead of each row's."""
    if _call_name(node) in REDUCTIONS:
        yield from _without_keyword(node, "axis")


def _without_keyword(call, name):
    for index, keyword in enumerate(call.keywords):
        if keyword.arg == name:
            changed = copy.deepcopy(call)
            del changed.keywords[index]
            yield changed


REDUCTIONS = ("sum", "mean", "max", "min", "argmax", "argmin")


def samples_for_features(node, context):
    """len(x), the number of samples, confused with len(x[0]), the number of features, and back."""
    if _call_name(node) == "len" and isinstance(node.func, ast.Name) and len(node.args) == 1:
        argument = node.args[0]
        if isinstance(argument, ast.Subscript) and isinstance(argument.slice, ast.Constant) \
                and argument.slice.value == 0:
            yield ast.Call(func=ast.Name("len", ast.Load()), args=[copy.deepcopy(argument.value)], keywords=[])
        else:
            first = ast.Subscript(value=copy.deepcopy(argument), slice=ast.Constant(0), ctx=ast.Load())
            yield ast.Call(func=ast.Name("len", ast.Load()), args=[first], keywords=[])


def drop_transpose(node, context):
    """x.T becomes x."""
    if isinstance(node, ast.Attribute) and node.attr == "T" and isinstance(node.ctx, ast.Load):
        yield copy.deepcopy(node.value)


def add_transpose(node, context):
    """An operand of np.dot or @ gets a .T it should not have."""
    if _call_name(node) in ("dot", "matmul"):
        operands = [(index, argument) for index, argument in enumerate(node.args[:2])]
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
        operands = [("left", node.left), ("right", node.right)]
    else:
        return
    for where, operand in operands:
        if isinstance(operand, ast.Attribute) and operand.attr == "T":
            continue
        changed = copy.deepcopy(node)
        transposed = ast.Attribute(value=copy.deepcopy(operand), attr="T", ctx=ast.Load())
        if isinstance(where, int):
            changed.args[where] = transposed
        else:
            setattr(changed, where, transposed)
        yield changed


def flip_sign(node, context):
    """A minus dropped, or + and - swapped (also in += and -=)."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        parent = context.parents.get(node)
        if not (isinstance(parent, ast.keyword) and parent.arg == "axis"):  # axis=-1 names the last axis
            yield copy.deepcopy(node.operand)
    elif isinstance(node, (ast.BinOp, ast.AugAssign)) and isinstance(node.op, (ast.Add, ast.Sub)):
        changed = copy.deepcopy(node)
        changed.op = ast.Sub() if isinstance(node.op, ast.Add) else ast.Add()
        yield changed


def mean_for_sum(node, context):
    """np.mean where np.sum belongs, and back: a gradient off by the batch size."""
    name = _call_name(node)
    if name in ("mean", "sum") and isinstance(node.func, ast.Attribute):
        changed = copy.deepcopy(node)
        changed.func.attr = "sum" if name == "mean" else "mean"
        yield changed


def max_for_min(node, context):
    """np.maximum for np.minimum, max for min, argmax for argmin, and back."""
    name = _call_name(node)
    if name in OPPOSITES and isinstance(node.func, ast.Attribute):
        changed = copy.deepcopy(node)
        changed.func.attr = OPPOSITES[name]
        yield changed


OPPOSITES = {"maximum": "minimum", "minimum": "maximum", "max": "min", "min": "max",
             "argmax": "argmin", "argmin": "argmax"}


def drop_elementwise(node, context):
    """np.exp, np.log, np.abs, np.sqrt or np.sign left out: the value itself where its function belongs."""
    if (_call_name(node) in ELEMENTWISE and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id in ("np", "numpy")
            and len(node.args) == 1 and not node.keywords):
        yield copy.deepcopy(node.args[0])


ELEMENTWISE = ("exp", "log", "abs", "sqrt", "sign")


def drop_clip(node, context):
    """np.clip(x, low, high) becomes x: log(0) and division by 0 come back."""
    if _call_name(node) == "clip" and isinstance(node.func, ast.Attribute):
        if isinstance(node.func.value, ast.Name) and node.func.value.id in ("np", "numpy"):
            if node.args:
                yield copy.deepcopy(node.args[0])
        else:
            yield copy.deepcopy(node.func.value)


def drop_division(node, context):
    """x / samples becomes x (also x /= samples): the mean's 1 / n forgotten."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and _is_a_count(node.right):
        yield copy.deepcopy(node.left)
    elif isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Div) and _is_a_count(node.value):
        yield ast.Pass()


def _is_a_count(node):
    return isinstance(node, (ast.Name, ast.Attribute)) or _call_name(node) == "len"


def move_epsilon(node, context):
    """np.sqrt(x) + epsilon becomes np.sqrt(x + epsilon), and back."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        for root, other in ((node.left, node.right), (node.right, node.left)):
            if _call_name(root) == "sqrt" and len(root.args) == 1:
                inside = copy.deepcopy(root)
                inside.args[0] = ast.BinOp(left=copy.deepcopy(root.args[0]), op=ast.Add(),
                                           right=copy.deepcopy(other))
                yield inside
    elif _call_name(node) == "sqrt" and len(node.args) == 1:
        argument = node.args[0]
        if isinstance(argument, ast.BinOp) and isinstance(argument.op, ast.Add):
            outside = copy.deepcopy(node)
            outside.args[0] = copy.deepcopy(argument.left)
            yield ast.BinOp(left=outside, op=ast.Add(), right=copy.deepcopy(argument.right))


def iterations_off_by_one(node, context):
    """iterations + 1 becomes iterations, and iterations becomes iterations + 1: Adam's bias correction a step off."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and _is_one(node.right) \
            and _mentions_iterations(node.left):
        yield copy.deepcopy(node.left)
    elif _mentions_iterations(node) and isinstance(node.ctx, ast.Load):
        parent = context.parents.get(node)
        already = isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Add) and _is_one(parent.right)
        counted = isinstance(parent, ast.AugAssign) and parent.target is node
        if not (already or counted or isinstance(parent, ast.Attribute)):
            yield ast.BinOp(left=copy.deepcopy(node), op=ast.Add(), right=ast.Constant(1))


SIMPLE_STATEMENTS = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr, ast.Return)


def drop_statement(node, context):
    """A statement left out: a counter that never counts, a cache never updated, a result never returned."""
    if isinstance(node, SIMPLE_STATEMENTS) and not is_docstring(node):
        yield ast.Pass()


def is_docstring(node):
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def swap_statements(node, context):
    """Two neighbouring statements in the wrong order, where the order matters: a cache read before its update."""
    if not isinstance(node, SIMPLE_STATEMENTS):
        return
    block = _block_of(node, context.parents.get(node))
    following = block[block.index(node) + 1] if block and block.index(node) + 1 < len(block) else None
    if isinstance(following, SIMPLE_STATEMENTS):
        (reads, writes), (next_reads, next_writes) = _effects(node), _effects(following)
        if _overlap(next_reads, writes) or _overlap(reads, next_writes) or _overlap(next_writes, writes):
            yield Swap(node, following)


def _block_of(statement, parent):
    for name in ("body", "orelse", "finalbody"):
        block = getattr(parent, name, None)
        if isinstance(block, list) and statement in block:
            return block
    return None


def _effects(statement):
    """(what it reads, what it writes): the names and attribute paths, as text."""
    writes = set()
    targets = statement.targets if isinstance(statement, ast.Assign) else [getattr(statement, "target", None)]
    for target in filter(None, targets):
        for part in ast.walk(target):
            if isinstance(part, (ast.Name, ast.Attribute)) and isinstance(part.ctx, ast.Store):
                writes.add(ast.unparse(part))
            elif isinstance(part, ast.Subscript) and isinstance(part.ctx, ast.Store):
                writes.add(ast.unparse(part.value))
    reads = {ast.unparse(part) for part in ast.walk(statement)
             if isinstance(part, (ast.Name, ast.Attribute)) and isinstance(part.ctx, ast.Load)}
    if isinstance(statement, ast.AugAssign):
        reads |= writes
    return reads, writes


def _overlap(reads, writes):
    """Whether something read (or written) is, or lies inside, something written."""
    return any(read == write or read.startswith(write + ".") for read in reads for write in writes)


def write_in_place(node, context):
    """The function writes into an array it was given: .copy() left out, x = arg - y made arg -= y."""
    if _call_name(node) == "copy" and isinstance(node.func, ast.Attribute) and not node.args:
        yield copy.deepcopy(node.func.value)
    elif (_call_name(node) == "clip" and node.args and isinstance(node.args[0], ast.Name)
          and node.args[0].id in context.parameters and not any(k.arg == "out" for k in node.keywords)):
        changed = copy.deepcopy(node)
        changed.keywords.append(ast.keyword(arg="out", value=ast.Name(node.args[0].id, ast.Load())))
        yield changed
    elif (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.value, ast.BinOp)
          and isinstance(node.value.op, (ast.Add, ast.Sub, ast.Mult, ast.Div))
          and isinstance(node.value.left, ast.Name) and node.value.left.id in context.parameters):
        argument = node.value.left.id
        yield ast.Module(body=[
            ast.AugAssign(target=ast.Name(argument, ast.Store()), op=copy.deepcopy(node.value.op),
                          value=copy.deepcopy(node.value.right)),
            ast.Assign(targets=copy.deepcopy(node.targets), value=ast.Name(argument, ast.Load()), lineno=0),
        ], type_ignores=[])


def swap_arguments(node, context):
    """Two neighbouring arguments of a call swapped: np.dot(weights, inputs) for np.dot(inputs, weights)."""
    if isinstance(node, ast.Call):
        # Numbers in other calls are usually options, whose order would only make an error; a shape's are not.
        numbers_count = _call_name(node) == "reshape"
        for index in range(len(node.args) - 1):
            first, second = node.args[index], node.args[index + 1]
            if any(isinstance(argument, ast.Starred) or (isinstance(argument, ast.Constant) and not numbers_count)
                   for argument in (first, second)):
                continue
            if ast.dump(first) == ast.dump(second):
                continue
            changed = copy.deepcopy(node)
            changed.args[index], changed.args[index + 1] = changed.args[index + 1], changed.args[index]
            yield changed


def scale_constant(node, context):
    """A number made ten times larger (twice, for whole numbers and numbers of 1 or more)."""
    if not (isinstance(node, ast.Constant) and type(node.value) in (int, float) and node.value != 0):
        return
    parent = context.parents.get(node)
    negative = isinstance(parent, ast.UnaryOp)
    while isinstance(parent, ast.UnaryOp):
        parent = context.parents.get(parent)
    if isinstance(parent, ast.keyword) and parent.arg in ("axis", "keepdims"):
        return
    # An index is not a quantity, and NumPy reads any negative size in reshape as "the rest".
    if isinstance(parent, (ast.Subscript, ast.Slice)) or (negative and _call_name(parent) == "reshape"):
        return
    value = node.value
    factor = 10 if isinstance(value, float) and abs(value) < 1 else 2
    # In decimal, so that 5e-07 becomes 5e-06 and not 4.9999999999999996e-06.
    yield ast.Constant(type(value)(decimal.Decimal(repr(value)) * factor))


OPERATORS = (swap_axis, drop_axis, drop_keepdims, samples_for_features, drop_transpose, add_transpose,
             flip_sign, mean_for_sum, max_for_min, drop_elementwise, drop_clip, drop_division, move_epsilon,
             iterations_off_by_one, drop_statement, swap_statements, write_in_place, swap_arguments, scale_constant)
