"""The judge's sentences for a learner: code that raised, hung, crashed or was refused, and checks not run."""
import functools
import re

from grader.results import IMPORT_FAILED, IMPORT_TOO_SLOW, NOT_IMPORTED, SETUP_SENTENCE, WAITS_FOR
from grader.sandbox.names_meant import LOOKED_FOR, NOT_DEFINED_YET
from grader.sandbox.operands import OPERANDS


class _Pattern:
    """A regular expression compiled when first used, with a compiled one's methods: most gradings describe no
    error, and compiling this module's sixty patterns at import cost every `grade` about 3 ms."""

    def __init__(self, pattern, flags=0):
        self.pattern, self.flags = pattern, flags

    @functools.cached_property
    def compiled(self):
        return re.compile(self.pattern, self.flags)

    def __getattr__(self, name):
        return getattr(self.compiled, name)


GUARD = 'if __name__ == "__main__":'
# The exceptions of a file Python cannot read: their line is quoted as it stands, its own brackets unbalanced.
SYNTAX_ERRORS = ("SyntaxError", "IndentationError", "TabError")
SLOW_IMPORT_NOTE_SECONDS = 2.0   # an import slower than this gets a note saying what it ran
# A top-level statement that defines or imports: an error it raises is its own, not a trial run's.
DEFINING = _Pattern(r"\s*(?:class|def|async\s+def|import|from|@)\b")
TOP_LEVEL_CODE_ADVICE = (f" Code at the top level of your file runs whenever the file is imported, by the grader too: "
                         f"if this code tries your classes out, move it into an {GUARD} block.")
MUCH_PRINTED = 100_000           # characters printed before a timeout that are worth naming as a cause of it
# How the message of a check not run for the time that earlier checks of its run used up begins: its code did not hang.
RUN_TIME_USED = "This check was not run: earlier checks used up the "
# (exception class, what its text holds, what to try) for NumPy errors a learner meets often, said after the error.
EXCEPTION_ADVICE = (
    ("AttributeError", _Pattern(r"object has no attribute 'astype'"),
     "nnfs.init() replaces np.dot with a version that needs NumPy arrays: wrap plain lists in np.array(...) before "
     "np.dot."),
    ("AttributeError", _Pattern(r"^'(?:list|tuple)' object has no attribute '(?:ndim|shape|reshape|T|dtype|size|"
                                  r"flatten|ravel|astype|copy|mean|sum|max|min)'"),
     "A plain Python list (or tuple) was given where an array was expected, and lists have none of NumPy's "
     "attributes: make it an array first, np.asarray(x), which leaves an array as it is."),
    ("TypeError", _Pattern(r"^Cannot interpret '.*' as a data type"),
     "NumPy's array makers take the shape as one tuple: np.zeros((1, n_neurons)), not np.zeros(1, n_neurons), whose "
     "second argument is the data type."),
    ("ValueError", _Pattern(r"^shapes \(.*\) and \(.*\) not aligned"),
     lambda text, source: _dot_advice(text, source)),
    ("ValueError", _Pattern(r"^matmul: Input operand \d+ has a mismatch in its core dimension"),
     lambda text, source: _matmul_advice(text)),
    # A scenario may add where the sizes came from (". Here, col2im was called with ..."): said after the advice.
    ("ValueError", _Pattern(r"^cannot reshape array of size \d+ into shape \([\d, newaxis]*\)(?:\. Here, .*)?$"),
     lambda text, source: _reshape_told(text)),
    ("ZeroDivisionError", _Pattern(r"division by zero|modulo by zero"),
     lambda text, source: (text, _zero_division_advice(source))),
    ("TypeError", _Pattern(r"'builtin_function_or_method'"),
     "One of the values is a Python built-in function or method, not an array: is a method used without its "
     "parentheses (dvalues.copy for dvalues.copy()), or a name misspelt, such as input (Python's input function) "
     "for inputs?"),
    # EPERM, where EACCES is a file's permission: the sandbox's seccomp filter refuses the call (lockdown).
    ("PermissionError", _Pattern(r"^\[Errno 1\] Operation not permitted"),
     "The grader's sandbox refuses that call, as it refuses whatever reaches beyond computing answers (a session of "
     "its own for a child process, another process, shared memory): leave it out of the code the checks run."),
    ("RecursionError", _Pattern(r"maximum recursion depth exceeded"),
     "A function calls itself, directly or through others, and never stops: look for a method that calls itself "
     "(a forward that calls self.forward, say) where it meant another object's."),
    ("TypeError", _Pattern(r"^(\w+\.)?forward\(\) got an unexpected keyword argument 'training'"),
     "A model of chapter 18 runs every layer's forward with training=...: give each layer's forward that argument, "
     "def forward(self, inputs, training), even those that do not use it."),
    ("TypeError", _Pattern(r"^(?:\w+\.)?\w+\(\) takes (?:from )?\d+ (?:to \d+ )?positional arguments? but \d+ "
                             r"(?:was|were) given"),
     lambda text, source: (text, _too_many_arguments_advice(text))),
    ("TypeError", _Pattern(r"^unsupported operand type\(s\) for .*'(?:method|function|numpy\.ufunc|"
                             r"builtin_function_or_method)'"),
     "One of the values is a function or a method, not a number or an array: is it used without calling it, "
     "np.random.randn for np.random.randn(n_inputs, n_neurons), np.sqrt for np.sqrt(cache)? Add the parentheses "
     "and the arguments."),
    ("TypeError", _Pattern(r"got an unexpected keyword argument '\w+'"),
     lambda text, source: (text, _keyword_advice(text))),
    ("NameError", _Pattern(r"^name 'np' is not defined"),
     "np is the name NumPy gets from import numpy as np, at the top of the file: is that line missing, or below "
     "the code that uses np? Put it first, before the classes."),
    ("NameError", _Pattern(r"^name 'numpy' is not defined"),
     "numpy is no name of this file: import numpy as np names the module np, so write np. in front of NumPy's "
     "functions (np.dot), as the book does, or add import numpy at the top."),
    # Only where Python's words end the message: names_meant's sentence, after them, says where the attribute is set.
    ("AttributeError", _Pattern(r"^'(?!list'|tuple'|dict'|NoneType'|str'|int'|float'|numpy\.)[\w.]+' object has no "
                                  r"attribute 'd(?:weights|biases|inputs|gamma|beta)'(?:\. Did you mean: '\w+'\?)?$"),
     lambda text, source: _gradient_not_set_advice(text)),
    ("AttributeError", _Pattern(r"^'(?!list'|tuple'|dict'|NoneType'|numpy\.)[\w.]+' object has no attribute "
                                  r"'(?:inputs|output)'$"),
     lambda text, source: (text, _kept_attribute_advice(text))),
    ("TypeError", _Pattern(r"^Model\.load\(\) missing 1 required positional argument"),
     "Model.load is called on the class, Model.load(path), when there is no model yet: the book makes it a "
     "@staticmethod, def load(path), with no self, that returns the model it unpickled. See chapter 21."),
    # Not where a misspelt name is said to be the cause ("Did you mean: ...?").
    ("UnboundLocalError", _Pattern(r"^(?!.*Did you mean)(?:cannot access local variable '\w+' where it is not "
                                     r"associated with a value|local variable '\w+' referenced before assignment)"),
     "A name the function assigns anywhere is its own local name throughout it, and this one was read before it "
     "got a value: is it assigned only inside an if or a loop whose condition never held (a comparison the wrong "
     "way round), or assigned, or imported, further down, which hides the outer name of the same spelling?"),
    ("ValueError", _Pattern(r"^buffer size must be a multiple of element size"),
     "np.frombuffer was given a number of bytes that is not a whole number of its dtype's items (4 bytes each for "
     "'>i4'): the bytes read are not what the header holds. An IDX labels file's header is 8 bytes (magic, count), "
     "an images file's 16 (magic, count, rows, columns)."),
    ("ValueError", _Pattern(r"setting an array element with a sequence.*inhomogeneous"),
     "np.array was given arrays of different shapes to make one array of (the batches' outputs, the last batch "
     "smaller, say): join arrays along their first axis with np.vstack or np.concatenate."),
    ("ValueError", _Pattern(r"^all the input array dimensions except for the concatenation axis must match"),
     lambda text, source: (text, _joined_advice(text, source))),
    ("ValueError", _Pattern(r"setting an array element with a sequence"),
     "One element of an array was set to an array or a list, not to one number: print the shape of the value on "
     "the right and index it down to a single number, all of its axes (biases[0, f, 0, 0] of biases shaped "
     "(1, filters, 1, 1)), or set a slice of the same shape."),
    ("ValueError", _Pattern(r"^non-broadcastable output operand with shape \(.*\) doesn't match the broadcast "
                              r"shape \(.*\)"),
     lambda text, source: _in_place_advice(text)),
    ("ValueError", _Pattern(r"^The truth value of an array with more than one element is ambiguous"),
     "Python's own max, min, if, and, or need one truth value, and an array holds many: compare arrays element by "
     "element with NumPy instead, np.maximum(0, inputs) for a ReLU, np.where(condition, a, b) to choose, & and | "
     "in place of and and or."),
    ("TypeError", _Pattern(r"^only (?:0-dimensional|size-1|length-1) arrays can be converted to Python scalars"),
     "A function of Python's math module (math.exp, math.log), or float() or int(), was given an array, and takes "
     "one number: use NumPy's, np.exp or np.log, which work on every element."),
    ("TypeError", _Pattern(r"^only integer scalar arrays can be converted to a scalar index"),
     "An array went where a single whole number belongs: an axis, or an index into a Python list. np.max(0, "
     "inputs) reads inputs as the axis of 0 (the element-wise larger of two values is np.maximum(0, inputs)); "
     "np.concatenate(a, b) reads b as the axis (it takes one sequence, np.concatenate([a, b])); a Python list "
     "indexed by an array needs to be an array first."),
    ("ValueError", _Pattern(r"could not be broadcast"),
     lambda text, source: _broadcast_advice(text, source)),
    ("IndexError", _Pattern(r"^arrays used as indices must be of integer \(or boolean\) type"),
     lambda text, source: (text, FLOAT_INDEX + (FLOAT_TARGETS if re.search(r"\by_true\b", source) else ""))),
    ("IndexError", _Pattern(r"^shape mismatch: indexing arrays could not be broadcast"),
     lambda text, source: (text, _paired_indices_advice(text, source))),
    ("ValueError", _Pattern(r"^could not broadcast input array from shape"),
     lambda text, source: _assignment_advice(text, source)),
    ("ModuleNotFoundError", _Pattern(r"^No module named '(?!numpy|nnfs|matplotlib|sklearn|PIL)"),
     "Only your one file is graded: a module of your own beside it is not there when the checks run, so put its code "
     "in this file; and a package the course does not install cannot be imported where your work is graded, so "
     "leave it out. The course installs NumPy and nnfs, matplotlib for the book's plots, and Pillow and "
     "scikit-learn for challenge 16's images and digits."),
    ("TypeError", _Pattern(r"^slice indices must be integers or None or have an __index__ method"),
     "A slice's start or end is not a whole number: a product or a quotient such as len(X) * test or len(X) / 2 is "
     "a float, even when it comes out round. Make it an int, int(len(X) * test), or divide with //."),
    ("TypeError", _Pattern(r"^'float' object cannot be interpreted as an integer"),
     "range() or np.zeros() was given a float where it counts in whole numbers: a quotient such as "
     "len(X) / batch_size is a float, even when it comes out round. Divide with //, or make it an int."),
    ("AxisError", _Pattern(r"^axis 1 is out of bounds for array of dimension 1"),
     lambda text, source: (text, "A one-dimensional array has axis 0 alone" + (
         ": class-index targets are one-dimensional already, one class per sample, so take np.argmax(y_true, "
         "axis=1) of one-hot rows alone, where len(y_true.shape) == 2." if re.search(r"argmax\(\s*y_true\b", source)
         else
         ": print the shapes on that line, where axis=1 reads a second axis one of its arrays does not have."))),
)

_TOO_MANY = _Pattern(r"^(?:(?P<owner>\w+)\.)?(?P<function>\w+)\(\) takes (?P<takes>\d+) positional arguments? "
                       r"but (?P<given>\d+) (?:was|were) given")


def _too_many_arguments_advice(text):
    """What to change where a call gave more positional arguments than the def takes: a method one short is one
    whose def lacks self."""
    found = _TOO_MANY.match(text)
    if found and found["owner"] and int(found["given"]) == int(found["takes"]) + 1:
        return (f"{found['owner']}.{found['function']}'s def takes one parameter fewer than the call gives it: is "
                f"self missing? A method's def starts with self, the object it is called on, then the parameters "
                f"the README lists, def {found['function']}(self, ...); without self, the object takes the place of "
                "the first parameter. Else one the README lists is missing from the def.")
    return ("A call gave the function more arguments in their places than its def takes: a parameter after a bare * "
            "(keyword-only), or one left out of the def, cannot take a value by position. The checks pass "
            "arguments by position, in the order the README's signature lists them: give the function every "
            "parameter it lists, in that order.")


# Keyword arguments of NumPy's reductions and array makers the book uses, for a misspelt one; and other words for
# them that learners bring from other libraries (PyTorch's dim, TensorFlow's keep_dims).
NUMPY_KEYWORDS = ("keepdims", "axis", "dtype")
OTHER_WORDS = {"axes": "axis", "dim": "axis", "keep_dims": "keepdims", "keepdim": "keepdims"}


def _keyword_advice(text):
    """Python's words for a keyword argument the function does not take, with the NumPy keyword it is likely a
    misspelling of; None where none is close."""
    import difflib

    given = re.search(r"unexpected keyword argument '(\w+)'", text)[1]
    close = difflib.get_close_matches(given, NUMPY_KEYWORDS, n=1, cutoff=0.8)
    meant = OTHER_WORDS.get(given) or (close[0] if close else None)
    if meant is None or meant == given:
        return None
    return f"NumPy's keyword is {meant}, not {given}: a misspelt keyword argument is refused."


def _gradient_not_set_advice(text):
    """An object's gradient read before any backward pass set it: Python's guess of the attribute meant (dweights
    for weights) points the wrong way, and is left out."""
    name = re.search(r"has no attribute '(\w+)'", text)[1]
    text = re.sub(r"\. Did you mean: '" + re.escape(name[1:]) + r"'\?$", "", text)
    return text, (f"{name} is set by the backward pass, self.{name} = ...: was backward(dvalues) called on this "
                  f"object before {name} was read, and does that backward set self.{name}?")


def _kept_attribute_advice(text):
    """An object's inputs or output read where nothing set them (names_meant's sentence names a line that does)."""
    name = re.search(r"has no attribute '(\w+)'", text)[1]
    if name == "inputs":
        return ("self.inputs was never set on this object: forward keeps what it was given there, self.inputs = "
                "inputs, for backward to read; in forward itself, the parameter inputs holds them.")
    return ("self.output was never set on this object: forward keeps its result there, self.output = ..., for the "
            "next layer and the loss to read.")


# names_meant's sentence for a name the checks look for that the learner's file has under no spelling.
_NOT_DEFINED_YET = _Pattern(re.escape(NOT_DEFINED_YET).replace(re.escape("{name}"), r"(?P<name>[\w.]+)", 1)
                              .replace(re.escape("{name}"), r"(?P=name)"))

# NumPy's sizes in a matmul shape error: the second operand's, then the first's ("size 3 is different from 4" in
# NumPy 2, "size 3 != size 4" before).
_MATMUL_SIZES = _Pattern(r"\(size ([0-9]+) (?:is different from|!= size) ([0-9]+)\)")
# What the worker adds of the product's operands (grader.sandbox.operands): "inputs, shape (2, 4); weights, ...".
_OPERAND = _Pattern(r"(.+), shape (\([0-9, ]*\))$")


# Python's text for a file whose encoding declaration (PEP 263) names no codec: "unknown encoding: sin".
_UNKNOWN_ENCODING = _Pattern(r"unknown encoding: ([^\s()]{1,40})")
# NumPy's text for two shapes that do not broadcast: "operands could not be broadcast together with shapes (5,3) (3,1)".
_BROADCAST_SHAPES = _Pattern(r"broadcast together with shapes (\([0-9,]*\)) (\([0-9,]*\))")
# np.matmul's text for batch axes that do not broadcast: "... remapped shapes [original->remapped]: (2,4,2,5)->(...)
# (2,5,2)->(...)  and requested shape (2,2)".
_REMAPPED_SHAPES = _Pattern(r"remapped shapes \[original->remapped\]: (\([0-9,]*\))->\S+ (\([0-9,]*\))->")
# NumPy's text for np.dot of two arrays whose inner dimensions differ: "shapes (200,2) and (1,64) not aligned".
_DOT_SHAPES = _Pattern(r"^shapes (\([0-9, ]*\)) and (\([0-9, ]*\)) not aligned")
# The learner's np.dot(a, b) call on the line that raised: its two arguments, roughly (nested calls end it early).
_DOT_CALL = _Pattern(r"np\.dot\(([^,()]+),([^()]+(?:\([^()]*\))?[^(),]*)\)")


def _zero_division_advice(source):
    """What to try for a ZeroDivisionError raised by the line `source` ("" where it is not known): the batches of a
    training loop where the line counts them, else what divides."""
    code = source.partition("#")[0]
    if re.search(r"batch|step|accumulated", code, re.IGNORECASE):
        return ("Something was divided by a count that stayed 0: most often no batch ran, because the number of "
                "steps came out 0 (len(X) // batch_size, when the batch is larger than the data, which still needs "
                "one step, as a last smaller batch does), or by the length of an empty array.")
    return ("Something was divided by 0: look at what divides on that line (a count, a length, a sum) and why it is "
            "0 there.")


def _dot_advice(text, source):
    """(NumPy's text, what to do) for np.dot's shape error; of two 2-D arrays, what their shapes say, and where the
    learner's line (`source`) multiplies something by a layer's weights, what those say of it."""
    said = "np.dot(a, b) needs a's last dimension to equal b's first"
    shapes = _DOT_SHAPES.search(text)
    left, right = (_shape(shape) for shape in shapes.groups()) if shapes else ((), ())
    product = _DOT_CALL.search(source)
    # Inputs times a layer's weights, as a forward pass multiplies them (a backward pass's dvalues are not inputs).
    by_weights = bool(product) and "weights" in product[2] and not product[2].rstrip().endswith(".T") \
        and not any(name in product[1] for name in ("weights", "dvalues"))
    if len(left) == 2 and len(right) == 2 and right[1] == left[1] and by_weights:
        return text, (f"{said}: here the inputs a are {_shown(left)} and the weights b {_shown(right)}, whose last "
                      "dimension is the inputs' size: the weights were transposed on their way in (a .T on the "
                      "argument passed, w2.T, say), or the layer was built with its two sizes swapped "
                      "(the book's weights are (n_inputs, n_neurons), 0.01 * np.random.randn(n_inputs, n_neurons) "
                      "as Layer_Dense(n_inputs, n_neurons) draws them), or its "
                      "weights are kept one row per neuron, as in chapter 2, which np.dot(inputs, weights.T) "
                      "multiplies.")
    transposed = len(left) == 2 and len(right) == 2 and right[1] == left[1] and bool(product) \
        and product[2].strip().endswith(".T")
    # A backward pass's dvalues · weights.T is right: there the first array is the one to doubt.
    if transposed and re.search(r"dvalues|dinputs|dweights|backward", source):
        return text, (f"{said}: here a, {product[1].strip()}, is {_shown(left)} and b, {product[2].strip()}, "
                      f"{_shown(right)}, already transposed. A backward pass multiplies the gradient from the layer "
                      "after by the transposed weights, dinputs = np.dot(dvalues, self.weights.T), and the inputs' "
                      "transpose by that gradient, dweights = np.dot(self.inputs.T, dvalues): is a the array meant?")
    if transposed:   # a forward product whose weights already carry a .T
        untransposed = product[2].strip()[:-2].rstrip(" .")
        return text, (f"{said}: here a is {_shown(left)} and b, {product[2].strip()}, {_shown(right)}, and {left[1]} "
                      f"is not {right[0]}; the array before the .T would fit, np.dot({product[1].strip()}, "
                      f"{untransposed}). Weights of shape (n_inputs, n_neurons) are multiplied as they are; only "
                      "chapter 2's one row of weights per neuron takes the .T.")
    if len(left) == 2 and len(right) == 2 and right[1] == left[1]:
        return text, (f"{said}: here a is {_shown(left)} and b {_shown(right)}, and {left[1]} is not {right[0]}, but "
                      "b's last dimension is a's, so b probably needs .T: np.dot(a, b.T). The backward pass "
                      "multiplies so, dinputs = np.dot(dvalues, self.weights.T), and so does a forward pass whose "
                      "weights are kept one row per neuron (chapter 2's layout).")
    if len(left) == 2 and len(right) == 2 and not by_weights:
        swapped = (f" The other order, np.dot(b, a), would fit, {right[1]} meeting {left[0]}: the two may be "
                   "swapped." if right[1] == left[0] else "")
        return text, (f"{said}: here a is {_shown(left)} and b {_shown(right)}, and {left[1]} is not {right[0]}: "
                      f"see which one needs .T, or which one is the wrong array.{swapped}")
    images = _image_sides(left[1], right[0]) if len(left) == 2 and len(right) == 2 else None
    if images:
        given, built = images
        return text, (f"{said}: here the inputs a are {_shown(left)} and the weights b {_shown(right)}, so the layer "
                      f"was built for images of {built} × {built} pixels, {right[0]} inputs a sample, and these are "
                      f"{given} × {given}, {left[1]}: build the first layer with as many inputs as the data has "
                      "features, Layer_Dense(X.shape[1], ...), not a number" + (
                          " (the checks train on the 8 × 8 digits where Fashion-MNIST's 28 × 28 images are not "
                          "there)." if given == 8 else "."))
    if len(left) == 2 and len(right) == 2:
        return text, (f"{said}: here the inputs a are {_shown(left)} and the weights b {_shown(right)}, so the "
                      f"weights take {right[0]} input{'s' if right[0] != 1 else ''} a sample and were given "
                      f"{left[1]}. Either the inputs are not the ones meant (a layer after the first takes the output "
                      "of the layer before it, not the data), or the layer was built for another number of inputs "
                      "(Layer_Dense(n_inputs, n_neurons) makes weights of shape (n_inputs, n_neurons)): build it "
                      "with as many inputs as the data has features (X.shape[1]), or as the layer before it has "
                      "neurons, or, after convolutions, as a flattened sample holds values (filters × height × width "
                      "as the layers before leave them: a convolution without padding shrinks each map). Weights set "
                      "afterwards may also be another layer's (parameters handed back to the layers in another "
                      "order).")
    return text, f"{said}: print both shapes, and see which one needs .T or which one is the wrong array."


# The sides of the square images of the book's datasets: the 8 x 8 digits, Fashion-MNIST's 28 x 28.
IMAGE_SIDES = (8, 28)


def _image_sides(given, built):
    """(the side of the square images given, the side of those a layer was built for) where `given` and `built`,
    the inputs' size and the weights', are flattened images of the book's two sizes; else None."""
    sides = {side * side: side for side in IMAGE_SIDES}
    return (sides[given], sides[built]) if given in sides and built in sides and given != built else None


_IN_PLACE_SHAPES = _Pattern(r"with shape (\([0-9, ]*\)) doesn't match the broadcast shape (\([0-9, ]*\))")


# A line that scales data by statistics of it: the book's names and the stubs' (low, high for a range).
_STATISTICS = _Pattern(r"\b(?:\w+_)?(?:means?|stds?|mins?|max(?:es)?|minimum|maximum|mu|sigma|var|variance|low|"
                         r"high)\b")
# A line that scales a data set by statistics (chapter 13's X_train, X_val): the names of the statistics, with no
# maximum among them (a softmax subtracts each row's, which wants keepdims=True, not another axis), a data set's
# name, and none of a layer's, a loss's or an accuracy's, whose statistics per sample are right (a layer norm's
# mean over each row wants keepdims=True too).
_SCALING = _Pattern(r"\b(?:\w+_)?(?:means?|stds?|mins?|minimum|mu|sigma|var|variance|low|high)\b")
_DATA = _Pattern(r"\bX\w*\b")
# Statistics the line takes per feature already: sets of other numbers of features meet them.
_DOWN_THE_SAMPLES = _Pattern(r"axis\s*=\s*0|\.(?:mean|std|min|max|var)\(\s*0\s*[,)]")
_NOT_DATA = _Pattern(r"\bself\b|\binputs\b|\by\w*|\blabels?\b|\bdvalues\b|\bexp\w*")


def _broadcast_advice(text, source):
    """(NumPy's text, what to do) for arrays whose shapes do not broadcast; of a 2-D array and a row or column that
    fits its other axis, which axis each one matches (NumPy lines shapes up from the last axis)."""
    said = ("Two arrays of incompatible shapes met in one operation: print their shapes, and check which axis each "
            "one should have.")
    remapped = _REMAPPED_SHAPES.search(text)
    if remapped and "and requested shape" in text:   # np.matmul's words (np.einsum's lack the requested shape)
        left, right = (_shape(shape) for shape in remapped.groups())
        said = (f"np.matmul and @ multiply matrix by matrix along the last two axes, and the axes before them must "
                f"match (or be 1): here {_shown(left)} and {_shown(right)} do not.")
        if len(left) != len(right) and max(len(left), len(right)) >= 4:
            said += (" An array with more axes than the other often comes from np.dot of two arrays of 3 or more "
                     "dimensions, which is not batched: it pairs every row of the first with every matrix of the "
                     "second (a (2, 4, 5) and a (2, 5, 4) array give a 4-D result, (2, 4, 2, 4)). Multiply batches "
                     "with np.matmul(a, b) or a @ b wherever the arrays have 3 or more dimensions, in the lines "
                     "before this one too.")
        return text, said
    shapes = _BROADCAST_SHAPES.search(text)
    left, right = (_shape(shape) for shape in shapes.groups()) if shapes else ((), ())
    windows = _short_windows(left, right, source) or _short_windows(right, left, source)
    if windows:
        return text, windows
    if re.search(r"\b(weight|bias)_(momentums|cache)\b", source) and len(left) == len(right) == 2:
        return text, (f"{said} Where a layer's momentums or cache have another shape than its parameters, were "
                      "they made transposed, or are they another layer's? They belong on the layer itself "
                      "(layer.weight_momentums, ...), made with np.zeros_like(layer.weights) the first time "
                      "update_params sees that layer: not on the optimizer, shared by every layer, nor in a dict "
                      "keyed by id(layer), which Python gives again to a new layer once one is deleted.")
    # The smaller operand second, whichever side of the operator it stood on: (n,) or a row or a column.
    if len(left) < len(right) or (len(left) == len(right) == 2 and 1 in left and 1 not in right):
        left, right = right, left
    targets = _targets_advice(left, right, source)
    if targets:
        return text, targets
    if len(left) >= 3 and right == left[:-1] and not re.search(r"\by_true\b|\blabels?\b|\btargets?\b|\by\b", source):
        # A reduction over the last axis of 3 or more (a mean, a variance) lost that axis.
        return text, (f"{_shown(right)} is {_shown(left)} without its last axis: a sum, mean or variance over "
                      "axis=-1 that dropped it lines its values up with the wrong axes. Keep it, with keepdims=True "
                      f"(np.var(inputs, axis=-1, keepdims=True) gives {_shown((*left[:-1], 1))}), so that it "
                      "broadcasts along the axis it was taken over.")
    if len(left) == 2 and len(right) == 2 and right == (left[1], 1) and left[0] != left[1]:
        transposed = " (biases.T, say)" if re.search(r"biases\s*\.\s*T\b", source) else ""
        return text, (f"{_shown(right)} is a column of {left[1]} values, and {_shown(left)} has {left[1]} columns: "
                      f"to meet each column, the {left[1]} values must be a row, shape (1, {left[1]}). Biases made "
                      f"as a column, np.zeros((n_neurons, 1)), or turned into one by a .T{transposed} or a reshape, "
                      "do not fit: a layer's biases are a row, np.zeros((1, n_neurons)), added as they are.")
    if len(left) == 2 and len(right) == 2 and right[0] == 1 < right[1] != left[1]:
        said = (f"{_shown(right)} is a row of {right[1]} values, and {_shown(left)} has {left[1]} columns: a row meets "
                "every row of a 2-D array only with one value per column.")
        if re.search(r"bias|\bb\d\b", source):
            said += (f" Biases hold one value per neuron of their own layer, and this output has {left[1]} neurons: "
                     "are these another layer's biases (b1 where b2 belongs), or is the output another layer's?")
        return text, said
    if len(left) == len(right) == 1 and 1 < min(left[0], right[0]) < max(left[0], right[0]) \
            and re.search(r"pred|argmax|accuracy|== *y\b", source):
        classes, samples = sorted((left[0], right[0]))
        return text, (f"{said} Here {classes} values met {samples}: one per class against one per sample? "
                      "np.argmax(outputs, axis=0) takes the largest of each column, one per class; the predictions "
                      "take it along each sample's row, np.argmax(outputs, axis=1), one per sample.")
    if len(left) == len(right) == 2 and left[0] != right[0] and left[1] == right[1] \
            and re.search(r"\by_(?:true|pred)\b", source):
        # A loss's line: predictions and targets of batches of different sizes.
        return text, (f"{said} Here the predictions and the targets are of {min(left[0], right[0])} and "
                      f"{max(left[0], right[0])} samples: not of the same batch. Cut the targets to the batch the "
                      "inputs were cut to, y[start:end] beside X[start:end], and run the forward pass on that batch "
                      "at every step: outputs kept from an earlier step are another batch's.")
    if len(left) == 2 and len(right) == 2 and right[1] == 1 and right[0] != left[0] and _STATISTICS.search(source):
        # Statistics per sample of one set (axis=1, keepdims) applied to another set of other samples.
        return text, (f"{said} {_shown(right)} holds one value per sample of {right[0]} samples, as a mean or a "
                      "standard deviation taken along axis=1 does, so it fits no other set of samples: statistics "
                      "per feature are taken down the samples, X_train.mean(axis=0), one value per column.")
    if len(left) == 2 and len(right) == 1 and right[0] != left[1] and _SCALING.search(source) \
            and _DATA.search(source) and not _NOT_DATA.search(source) and not _DOWN_THE_SAMPLES.search(source):
        # Statistics taken along axis=1, without keepdims: one per sample, where one per feature meets every row.
        return text, (f"{said} {_shown(right)} holds one value per sample of {right[0]} samples, as a mean, standard "
                      "deviation, minimum or maximum taken along axis=1 does, and here they meet the "
                      f"{left[1]} columns of {_shown(left)}: statistics per feature are taken down the samples, "
                      f"X_train.mean(axis=0), one value for each of the {left[1]} columns, which meets every row as "
                      "it is.")
    if len(left) == 2 and len(right) == 1 and right[0] == left[0] != left[1]:
        return text, (f"NumPy lines a 1-D array up with the last axis of a 2-D one, as a row: here {_shown(right)} "
                      f"has one value for each of the {left[0]} rows of {_shown(left)}, not for its {left[1]} "
                      f"columns. One value per row must be a column, {(left[0], 1)}, to meet each row: a sum or "
                      "maximum over axis=1 keeps that shape with keepdims=True. Class labels pick one value from each "
                      "row by indexing, y_pred[range(len(y_pred)), y_true], not by multiplying; an array made with "
                      "size len(inputs) where inputs.shape belongs has one value per row too. And a 2-D array that "
                      "should hold one row per sample may have come out transposed (np.dot(weights, inputs.T) gives "
                      "one row per neuron; the book puts the samples first).")
    return text, said


FLOAT_INDEX = "An array used as an index holds floats: indices are whole numbers (.astype(int)) or booleans."
ONE_HOT_BRANCH = ("Index with y_true only where it holds class indices, len(y_true.shape) == 1, and give one-hot rows "
                  "a branch of their own (a loss's forward pass picks with np.sum(y_pred * y_true, axis=1); its "
                  "backward pass uses them as they are), or turn them into indices first, np.argmax(y_true, axis=1).")
FLOAT_TARGETS = " Here it is y_true: one-hot rows hold 0.0 and 1.0, not class indices. " + ONE_HOT_BRANCH


# NumPy's text for arrays joined along an axis whose other axes differ: "... but along dimension 0, the array at
# index 0 has size 64 and the array at index 3 has size 8".
_JOINED_SIZES = _Pattern(r"along dimension ([0-9]+), the array at index [0-9]+ has size ([0-9]+) and the array at "
                           r"index [0-9]+ has size ([0-9]+)")
_SIDE_BY_SIDE = _Pattern(r"\bhstack\b|\bconcatenate\(.*axis\s*=\s*1|\bcolumn_stack\b")


def _joined_advice(text, source):
    """What to do where arrays joined along one axis differ along another: of outputs of batches put side by side
    (np.hstack), that a smaller last batch shows it and the batches go one below the other."""
    sizes = _JOINED_SIZES.search(text)
    said = ("np.concatenate, np.vstack and np.hstack join arrays along one axis, and every other axis must be the "
            "same size in all of them: print the shape of each array joined.")
    side_by_side = _SIDE_BY_SIDE.search(source)
    if sizes and sizes.group(1) == "0" and side_by_side:
        joiner = "np.concatenate(..., axis=1)" if side_by_side.group().startswith("concatenate") else \
            f"np.{side_by_side.group()}"
        return (f"{joiner} joins 2-D arrays side by side, along their second axis, so each needs as many rows: "
                f"here they have {sizes.group(2)} and {sizes.group(3)} (a last batch smaller than the others). "
                "The outputs of batches of samples go one below the other, along the first axis: "
                "np.vstack(output), or np.concatenate(output, axis=0).")
    return said


# An argmax taken down the columns of a line: np.argmax(y_true, axis=0), y_true.argmax(0).
_DOWN_THE_COLUMNS = _Pattern(r"argmax\((?:[^()]*,\s*)?(?:axis\s*=\s*)?0\s*\)")


def _paired_indices_advice(text, source):
    """What to do where index arrays, a[rows, columns], do not pair up: of one index per sample beside one-hot rows
    of y_true, that they are one-hot rows."""
    shapes = _BROADCAST_SHAPES.search(text)
    shapes = [_shape(shape) for shape in shapes.groups()] if shapes else []
    said = ("Indexing with several arrays at once, a[rows, columns], pairs their elements one by one, so the "
            "arrays in the brackets must have the same shape: print the shape of each.")
    if len(shapes) == 2 and re.search(r"\by_true\b", source):
        rows, one_hot = sorted(shapes, key=len)
        if len(rows) == 1 and len(one_hot) == 2 and one_hot[0] == rows[0]:
            return (f"Here {_shown(rows)} row numbers met y_true of shape {_shown(one_hot)}: one-hot rows, a column "
                    f"per class, not one class index per sample. {ONE_HOT_BRANCH}")
        if len(rows) == len(one_hot) == 1 and rows != one_hot:
            samples, labels = shapes[0][0], shapes[1][0]
            if _DOWN_THE_COLUMNS.search(source):
                return (f"Here {samples} row numbers, one per sample of the outputs, met {labels} class indices: "
                        "np.argmax(..., axis=0) takes the argmax down each column, one value per class. Each "
                        "sample's class index is the argmax along its row, np.argmax(y_true, axis=1).")
            return (f"Here {samples} row numbers, one per sample of the outputs, met {labels} class indices in "
                    f"y_true: the targets are not those of these samples. Where the outputs are a batch, cut the "
                    "labels to the same batch as the inputs, y[start:end] beside X[start:end], and run the forward "
                    "pass on that batch at every step: outputs kept from an earlier step are another batch's.")
    return said


# NumPy's text for a value that does not fit the place it is assigned to: "could not broadcast input array from
# shape (2,3,3,2) into shape (2,3,3,3)".
_ASSIGNED_SHAPES = _Pattern(r"from shape (\([0-9,]*\)) into shape (\([0-9,]*\))")
# A line that takes windows of an image: only there is a shape cut short in its last two axes a window's.
_WINDOWED = _Pattern(r"pad|window|stride|kernel")


def _assignment_advice(text, source):
    """(NumPy's text, what to do) for `a[...] = b` where b does not fit the place: which shape each side has, and
    for windows of an image cut short at its edges, why."""
    shapes = _ASSIGNED_SHAPES.search(text)
    if not shapes:
        return text, "The value on the right of an assignment does not fit the place it is assigned to."
    value, place = (_shape(shape) for shape in shapes.groups())
    said = (f"The value on the right of an assignment, {_shown(value)}, does not fit the place it is assigned to, "
            f"{_shown(place)}: print the shapes of both sides.")
    return text, _short_windows(value, place, source) or _every_axis_padded(value, place, source) or said


def _every_axis_padded(padded, place, source):
    """What to do where `padded` is `place` grown alike in its first two axes, the samples and the channels, on a
    line that reads a padded image: np.pad(inputs, p) pads every axis; else None."""
    grown = len(padded) == len(place) >= 4 and padded[2:] == place[2:] \
        and padded[0] - place[0] == padded[1] - place[1] > 0
    if not (grown and "pad" in source):
        return None
    grown_by = padded[0] - place[0]
    return (f"{_shown(padded)} has {grown_by} more samples and {grown_by} more channels than {_shown(place)}: "
            "np.pad(inputs, padding) pads every axis, the samples and the channels too. Pad the last two axes "
            "alone, np.pad(inputs, ((0, 0), (0, 0), (padding, padding), (padding, padding))).")


def _short_windows(shorter, fuller, source):
    """What to do where `shorter` is `fuller` cut short in its last two axes on a line that takes windows of an
    image, as a slice that runs past an array's end leaves it; else None."""
    cut = len(shorter) == len(fuller) >= 3 and shorter[:-2] == fuller[:-2] and shorter != fuller \
        and all(short <= full for short, full in zip(shorter[-2:], fuller[-2:]))
    if not (cut and _WINDOWED.search(source)):
        return None
    return (f"{_shown(shorter)} is {_shown(fuller)} cut short in its last two axes, height and width: a slice that "
            "runs past the end of an array stops there without an error, so what is taken near the edge comes out "
            "short (a window smaller than the kernel, or fewer windows' positions than the output has). Either the "
            "input was not padded before the windows were taken, np.pad(inputs, ((0, 0), (0, 0), (padding, "
            "padding), (padding, padding))), or there are more windows than fit: output_size is (size + 2 * padding "
            "- kernel_size) // stride + 1, or the window's own values step by the stride (an offset in the window "
            "times stride, or a slice of kernel_size * stride values): a window is kernel_size neighbouring values, "
            "and only where it starts moves by the stride, padded[..., i * stride:i * stride + kernel_size].")


_TARGETS_MEET = _Pattern(r"\by_true\s*[-+*/]\s*dvalues\b|\bdvalues\s*[-+*/]\s*y_true\b(?!\s*\[)")


def _targets_advice(left, right, source):
    """What to do where a loss's backward pass met y_true with dvalues of (samples, classes), `left` being the larger
    of the two shapes: class indices not made one-hot, one-hot rows of one column per sample, or of another number of
    classes; else None."""
    # Only where the two meet as they are, y_true / dvalues or dvalues - y_true, outside any call or brackets: else
    # the 1-D array may be another (np.sum(dvalues * y_true, axis=1)).
    met = any(source[:found.start()].count("(") == source[:found.start()].count(")")
              for found in _TARGETS_MEET.finditer(source))
    if not (met and len(left) == 2):
        return None
    samples, classes = left
    if right == (samples,) and samples != classes > 1:
        return (f"y_true holds one class index per sample, {_shown(right)}, and dvalues one value per class, "
                f"{_shown(left)}: in a backward pass class indices become one-hot rows first, y_true = "
                "np.eye(labels)[y_true] with labels = len(dvalues[0]), where len(y_true.shape) == 1 (chapter 9).")
    square, other = (left, right) if samples == classes else (right, left)
    if len(other) == 2 and square == (other[0], other[0]) and other[1] != other[0]:
        return (f"One of the two is {_shown(square)}, one column per sample, where the other has {other[1]}, one per "
                "class: a one-hot row has a column for each class, np.eye(labels)[y_true] with labels = "
                "len(dvalues[0]), not np.eye(samples).")
    if len(right) == 2 and right[0] == samples and right[1] != classes:
        return (f"Both have a row per sample, but {_shown(left)} and {_shown(right)} have {classes} and {right[1]} "
                "columns: y_true's one-hot rows need a column for each class dvalues has, np.eye(labels)[y_true] "
                "with labels = len(dvalues[0]). A one-hot built from this batch's labels (np.eye(np.max(y_true) + "
                "1), len(np.unique(y_true))) misses every class no sample of the batch holds.")
    return None


def _in_place_advice(text):
    """(NumPy's text, what to do) for `a += b` where b would make a's shape grow: which array holds which shape."""
    shapes = _IN_PLACE_SHAPES.search(text)
    kept, grown = shapes.groups() if shapes else ("its own", "another")
    return text, (f"An in-place operation (+=, -=, *=, /=) writes into the array on its left, which keeps its shape "
                  f"{kept}; the value on the right would make it {grown}. That value was built from an array of "
                  "another shape: the weights where the biases belong, say, or a sum over the wrong axis or without "
                  "keepdims=True. Print the shapes of both sides.")


def _reshape_told(text):
    """(NumPy's text, the advice its numbers allow, then what a scenario added after ". Here, ", the cause it saw)."""
    numpy_text, here, told = text.partition(". Here, ")
    return numpy_text, _reshape_advice(numpy_text) + (f" Here, {told}" if here else "")


def _reshape_advice(text):
    """What NumPy's "cannot reshape array of size N into shape (...)" says in numbers: how many values the array holds
    against how many the shape's axes take. NumPy writes a -1 as newaxis, and leaves out one that comes first."""
    found = re.match(r"cannot reshape array of size (\d+) into shape \(([^)]*)\)", text)
    size = int(found[1])
    sizes = [int(axis) for axis in found[2].split(",") if axis.strip().isdigit()]
    product = 1
    for axis in sizes:
        product *= axis
    shown = " × ".join(map(str, sizes))
    if size == 0:
        return ("The array is empty" + (", so no size fits the axis given as -1" if "newaxis" in found[2] else "")
                + ": was it meant to be empty (an empty last batch, a slice past the end)?")
    if not sizes and "newaxis" not in found[2]:
        return f"The array holds {size:,} values, and the shape given, (), takes one: a single number."
    if product == 0:
        return (f"The shape given has an axis of 0, which no array of {size:,} values fits: was one of the sizes "
                "worked out as 0 (an integer division that rounded down, the length of an empty batch)?")
    if "newaxis" in found[2]:
        said = f"The array holds {size:,} values, which no whole number of {shown} = {product:,} makes."
    else:
        said = (f"The array holds {size:,} values, and the shape given takes {shown} = {product:,} (or, where it "
                f"began with a -1, which NumPy leaves out of its message, a whole number of {product:,}s).")
    return (f"{said} The sizes given were worked out for another array than this one: print the array's shape "
            "just before the reshape, and see which of its axes differs from what the sizes assume (a batch size "
            "the last batch does not fill; in a convolution, an output size that leaves the padding or the "
            "stride out, as a call that does not pass them on, or passes them in another order, gives; or inputs "
            "padded twice).")


def _matmul_advice(text):
    """(NumPy's text, what to do) for a shape error of @ or np.matmul: which dimensions must agree, and where the
    worker found them, the operands' names and shapes; on an array of 3 or more dimensions, .T's trap."""
    text, _, found = text.partition(f"; {OPERANDS} ")
    operands = [_OPERAND.match(part) for part in found.split("; ")] if found else []
    rule = ("a @ b and np.matmul(a, b) need a's last dimension to equal b's first (b's second-to-last, when b has 3 "
            "or more dimensions)")
    deep = []
    # The worker adds operands only where both have dimensions (grader.sandbox.operands); the text is the learner's
    # exception's, so an addition it carries any other way is forged and read as NumPy's words alone.
    shapes = [_shape(match[2]) for match in operands] if len(operands) == 2 and all(operands) else []
    if len(shapes) == 2 and all(shapes):
        (left, left_shape), (right, right_shape) = [(match[1], shape) for match, shape in zip(operands, shapes)]
        which = "first" if len(right_shape) <= 2 else "second-to-last"
        inner = right_shape[0] if len(right_shape) <= 2 else right_shape[-2]
        said = (f"{rule}: here a is {left}, of shape {_shown(left_shape)}, and b is {right}, of shape "
                f"{_shown(right_shape)}, so a's last dimension ({left_shape[-1]}) does not equal b's {which} "
                f"({inner}).")
        deep = [name for name, shape in ((left, left_shape), (right, right_shape)) if len(shape) >= 3]
    else:
        sizes = _MATMUL_SIZES.search(text)
        said = f"{rule}: here they are {sizes[2]} and {sizes[1]}." if sizes else f"{rule}."
    said += (" See which one needs transposing, or which one is the wrong array." if deep or len(operands) == 2
             else " Print both shapes, and see which one needs transposing or which one is the wrong array.")
    transposed = next((name[:-2] for name in deep if name.endswith(".T") and len(name) > 2), None)
    if transposed:
        said += (f" {transposed} has 3 or more dimensions, and .T reverses every axis: to swap only its last two, "
                 f"use {transposed}.swapaxes(-1, -2).")
    elif deep:
        said += (" On an array of 3 or more dimensions .T reverses every axis: to swap only the last two, use "
                 "swapaxes(-1, -2).")
    return text, said


def _shape(text):
    return tuple(int(size) for size in text.strip("()").split(",") if size.strip())


def _shown(shape):
    return f"({shape[0]},)" if len(shape) == 1 else str(shape)


def describe_failure(failure, at_import=False, setup=None, advice=""):
    """The message for a LearnerFailure; `setup`: what the check gave the learner's code, said before the line;
    `advice`: a sentence on the cause, said after the error's own text (" In the stub, ...").

    The learner's line comes last, after a colon, so that the brackets the learner sees are the line's own: wrapped
    in the sentence's parentheses, or followed by more of it, a line short of a ")" (the first line of a statement
    that runs over several) would look closed."""
    if at_import and failure.kind == "timeout":
        return _import_too_slow(failure)
    message = _sentence(failure, at_import)
    if advice:
        message = full_stop(message) + advice
    if at_import and _top_level_code_raised(failure):
        message = full_stop(message) + TOP_LEVEL_CODE_ADVICE
    if setup:
        message = f"{message.rstrip('.')}{SETUP_SENTENCE}{setup}"
    line = where_text(failure.where)
    ends = "" if (failure.where or {}).get("source") else "."
    if line and _cannot_read(failure, at_import):
        message += f" Python stopped reading it at {line}{ends}"
    # A refused import's sentence names its line already (refused_import).
    elif line and failure.kind not in ("crash", "protocol", "not_started", "blocked_import"):
        message = full_stop(message) + f" Your code stopped at {line}{ends}"
    if at_import and failure.kind == "grader":
        # Not the file's fault: the worker could not get ready to import it.
        return (f"The grader could not load your file ({failure.message.strip()}), so this check could not run. "
                "This is a fault in the grader, not in your code: grade again, and report it if it stays.")
    if at_import and failure.kind != "blocked_import":
        message = IMPORT_FAILED + message
    return message


def _top_level_code_raised(failure):
    """Whether `failure` is an exception that code at the top level of a .py file raised, or a function that code
    called: test code left beside the classes, which the grader's import runs too. Not a statement that only
    defines or imports, whose own fault the error is, nor a notebook's cell, which is all top level."""
    where = failure.where or {}
    if failure.kind != "exception" or _cannot_read(failure, True) or where.get("cell"):
        return False
    caller = where.get("caller") or {}
    top = caller if caller.get("function") == "<module>" else where if where.get("function") == "<module>" else None
    source = (top or {}).get("source") or ""
    return bool(source) and not DEFINING.match(source)


def full_stop(text):
    """`text` ending as a sentence: Python's own text (an exception's), or a check's name, may end without one."""
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _import_too_slow(failure):
    top = (failure.where or {}).get("top_level")
    return (IMPORT_TOO_SLOW + _timeout(failure.facts)
            + f" Code at the top level runs whenever the file is imported, by the grader too: put training "
              f"and printing under {GUARD}. If it is a loop that should end, check its condition."
            + _top_level_line("It was running", top))


def slow_import_note(seconds, top_level):
    """A note for a file that imported, slowly, because it ran work at its top level."""
    return (f"Importing your file took {seconds:.1f} s. Code at the top level runs whenever the file is imported, "
            f"by the grader too: put training and printing under {GUARD} and every grading gets faster."
            + _top_level_line("It ran", top_level))


def _top_level_line(verb, where):
    """" It ran line 117 of your file's top level: train(X, y)", last in its note as a learner's line is in a
    message (describe_failure); "" where the line is not known."""
    place = _top_level_place(where)
    if not place:
        return ""
    return f" {verb} {place}: {where['source']}" if where.get("source") else f" {verb} {place}."


def empty_file_note(content, reset=None):
    """A note for a .py file of `content` (bytes) that holds no code at all, or None: every check then says only
    that a name is not defined, and the likely cause is a file not saved. `reset`: the number of the challenge
    whose own main.py the file is, which `grade reset` can give its stub back; None for any other file (a
    class's submission is someone else's, and the stub is not theirs to restore)."""
    if content.strip():
        return None
    held = "is empty (0 bytes)" if not content else "holds nothing but blank lines"
    again = (f" To start again from the stub, run grade reset {reset} (it backs this file up first)."
             if reset is not None else "")
    return (f"The file graded {held}: there was no code to check. Was the work saved in this file, under this "
            f"name?{again}")


def not_defined_name(failure):
    """The name a LearnerFailure says is not defined yet (names_meant.NOT_DEFINED_YET: the checks looked for it and
    the file has it under no spelling), else None."""
    if failure.kind != "exception" or failure.type != "AttributeError":
        return None
    found = _NOT_DEFINED_YET.fullmatch(failure.message.strip())
    return found["name"] if found else None


def not_defined_hint(name, place, stub_path):
    """The hint under a check that found no `name` in the learner's file: what to write and where the stub has it
    (`place`: a grader.judge.stub_places.StubPlace, or None where the stub has no such name; `stub_path`: the
    stub as the learner finds it). How a wrong one goes wrong is no help yet."""
    if place is None:
        return ""
    at = f"at line {place.line} of {stub_path}"
    if place.statement.startswith("class "):
        todos = (" and fill in the TODO of its method" if len(place.todos) == 1
                 else " and fill in the TODOs of its methods" if place.todos else "")
        return f"Write the class {name} in your file as the stub has it, {at}{todos}."
    signature = place.statement.removeprefix("async ").removeprefix("def ").removesuffix(":")
    where = f" in the class {place.owner} of your file" if place.owner else " in your file"
    said = " ".join(todo if todo.endswith(".") else f"{todo}." for todo in place.todos)
    todos = f", and fill in its TODO{'s' if len(place.todos) > 1 else ''}: {said}" if said else "."
    return f"Write {signature}{where} as the stub has it, {at}{todos}"


def _top_level_place(where):
    """"line 117 of your file's top level", or "code cell 2, line 11 of your notebook's top level"; "" where unknown."""
    if not isinstance(where, dict) or not where.get("line"):
        return ""
    return f"{place_text(where)} of your {'notebook' if where.get('cell') else 'file'}'s top level"


def discarded_sentence(line, call):
    """For a check that failed where the learner's code calls a NumPy function and drops its result."""
    name = {"clip": "y_pred_clipped", "max": "row_max"}.get(call.rpartition(".")[2], "result")
    return (f"Line {line} calls {call}(...) but throws its result away: {call} returns a new array and leaves "
            f"its arguments as they were. Assign the result ({name} = {call}(...)) and use it.")


def refused_import(package, place):
    """A submission whose file imports one of the course's own packages; `place` is e.g. "line 3"."""
    return (f"Your file imports {package} ({place}). Submissions may not use the grader's reference "
            "implementation, the solutions or the grader itself, so no check can pass while it does: "
            "remove that import and write the code yourself.")


def blocked_imports(packages):
    """A submission whose code tried, while it ran, to import one of the course's own packages."""
    return (f"Your code tried to import {', '.join(packages)} while it ran; that import was refused, and no check "
            "can pass while your code tries it. Remove it and write the code yourself.")


# A check's message at most: a check may quote what the learner's code returned, which may be megabytes; the
# answer a class report's grading process sends keeps each message within verdicts.MAX_MESSAGE.
MOST_MESSAGE_CHARACTERS = 3_000


def within_bounds(message):
    """`message`, or its first MOST_MESSAGE_CHARACTERS characters and how many more there were."""
    if not isinstance(message, str) or len(message) <= MOST_MESSAGE_CHARACTERS:
        return message
    return f"{message[:MOST_MESSAGE_CHARACTERS]} [… {len(message) - MOST_MESSAGE_CHARACTERS:,} more characters]"


def course_changed(paths, kept=None, confined=False, put_back=True):
    """The course's files (specs, scenarios, the grader) changed while a submission ran: by its code, unless it
    ran `confined`, where it cannot write them. `kept`: where the changed versions were copied, or None;
    `put_back`: whether the files were put back as they were (never where every submission ran confined)."""
    shown = ", ".join(paths[:5]) + (" and others" if len(paths) > 5 else "")
    if confined:
        said = (f"The course's files ({shown}) changed while your code was graded. Your code ran in a sandbox that "
                "cannot write them, so they were changed from outside it: edit the course only while no grade runs. "
                + ("They were put back as they were" if put_back else "They were left as they are now")
                + ", and no check passes in this run: run grade again.")
        return said + (f" The versions found are kept in {kept}." if kept else "")
    said = (f"Your code changed the course's files ({shown}) while it ran. They were put back as they were, "
            "and no check can pass in a run that changes them: a submission must only compute its answers.")
    return said + (f" If you changed them yourself, your versions are kept in {kept}." if kept else "")


def prerequisite_not_passed(name, at_import=False):
    """Why a check was skipped: the check `name` it depends on did not pass, or (`at_import`) failed because the file
    could not be imported, which no fix of that check's own mends."""
    return NOT_IMPORTED if at_import else WAITS_FOR.format(name)


def follows_from(name):
    """Why a check that failed is said to follow from another that failed first (grader.spec.check's `uses`)."""
    return (f'This check fails too, but its code relies on what "{name}" checks, which fails first: fix that '
            "first; whatever is left here shows once it passes.")


def scenario_tampered(scenario):
    return (f"the scenario {scenario} came back in a shape the grader did not send it out in: "
            "something in your file changed the grader's scenarios.")


def unreadable_answer(error):
    """A check stopped by what the learner's code gave back, which the reference's answers never stop it at."""
    return (f"What your code gave back is not of the kind this check reads ({type(error).__name__}: {error}). "
            "Compare what your code returns and stores with what the instructions ask for: its type, its shape, "
            "and for a mapping its keys.")


def grader_fault(error):
    return (f"The grader could not finish this check ({type(error).__name__}: {error}). "
            "This is a fault in the grader, not in your code: please report it.")


def where_text(where):
    """"line 14: the line's code", or "code cell 3, line 2: ..." in a notebook, followed by the line that called its
    function when there is one; "" where nothing is known."""
    place = place_text(where)
    source = (where or {}).get("source") or ""
    text = f"{place}: {source}" if place and source else place
    caller = (where or {}).get("caller")
    # A comprehension or a lambda runs as a function of its own, called from its own line: said once.
    if caller and place_text(caller) == place and caller.get("source") == (where or {}).get("source"):
        caller = None
    if text and caller and place_text(caller):
        called = f"{place_text(caller)}: {caller['source']}" if caller.get("source") else place_text(caller)
        # A dash, not a comma: after the line's code, a comma could be read as part of it.
        when = "" if caller.get("function") != "<module>" else (
            ", as your notebook's cells ran," if caller.get("cell") else ", as your file was imported,")
        text += f" — in {where.get('function') or 'a function'} called{when} from {called}"
    return text


def place_text(where):
    """"line 14", or "code cell 3, line 2" in a notebook; "" where the line is not known."""
    if not where or not where.get("line"):
        return ""
    return f"{where['cell']}, line {where['line']}" if where.get("cell") else f"line {where['line']}"


def _sentence(failure, at_import=False):
    kind, kind_name, text = failure.kind, failure.type or "An exception", failure.message.strip()
    function = (failure.where or {}).get("function") or "this function"
    if kind == "not_started":
        at = f" ({place_text(failure.where)})" if place_text(failure.where) else ""
        return (f"Not started: {function} still raises NotImplementedError{at}. "
                "Replace the TODO with your code.")
    if kind == "timeout":
        if "run_seconds" in failure.facts:
            return _timeout(failure.facts)
        stopped = (_timeout(failure.facts) or text
                   or "Your code was still running when its time was up, and was stopped.")
        printed = len(failure.output.text) + failure.output.dropped
        if printed > MUCH_PRINTED:
            return (f"{stopped} It had printed {printed:,} characters by then, and printing that much takes time of "
                    "its own: print less, or once after the loop, then look for work that grows with the data.")
        loop = (failure.where or {}).get("loop")
        if loop and place_text(loop):
            quoted = f" ({loop['source']})" if loop.get("source") else ""
            return (f"{stopped} It was inside the while loop at {place_text(loop)}{quoted}: does every pass change what "
                    "its condition tests, so that it turns false? If the loop does end, look for work that grows with "
                    "the data far more than it should.")
        return f"{stopped} Look for a loop that never ends, or work that grows with the data far more than it should."
    if at_import and _too_deep_to_compile(failure):
        return ("Python cannot read your file: an expression in it nests deeper than Python's parser can follow (it "
                f"raised {kind_name} before any line ran), such as thousands of operators or calls in a row. Build "
                "the value in steps, or in a loop.")
    if kind == "memory" and failure.facts.get("answers_mb"):
        return (f"Your code's answers to this challenge's checks came to more than {failure.facts['answers_mb']} MB "
                "in all, more than the grader keeps; the book's take a few MB. Look for an array that grows far "
                "larger than the data, e.g. an (n, n) result from broadcasting a shape (n,) array against a shape "
                "(n, 1) one.")
    if kind == "memory":
        return ("Memory limit exceeded: your code asked for more memory than the grader allows. "
                "Look for an array that grows far larger than the data, e.g. an (n, n) result "
                "from broadcasting a shape (n,) array against a shape (n, 1) one.")
    if kind == "exit":
        given = "" if text in ("", "None") else f" (with {text})"
        return (f"Your code called sys.exit() or exit(){given}, which ends the program. "
                "Put code that should only run as a script under if __name__ == \"__main__\":.")
    if kind == "interrupt":
        return "Your code raised KeyboardInterrupt. Remove the raise, or the code that waits for Ctrl-C."
    if kind == "blocked_import":
        return text
    if kind == "crash":
        return _crash(failure.facts) if failure.facts else text[:1].upper() + text[1:]
    if kind == "protocol":
        return _protocol(failure.facts)
    if kind == "grader":
        return f"The grader's worker could not run this check: {text}"
    if kind_name == "EOFError":
        return ("Your code called input() or read from standard input, but a grader run has no input. "
                "Take values as arguments, or keep interactive code under if __name__ == \"__main__\":.")
    if not_defined_name(failure):
        # The checks' own look-up raised, not the learner's code: the sentence says what to write.
        return text
    if kind_name == "AttributeError" and LOOKED_FOR in text:
        # The checks' own look-up raised too, for a name the file spells otherwise.
        return f"The checks could not find a name they look for: {text}"
    advice = next((advice for name, pattern, advice in EXCEPTION_ADVICE
                   if kind_name == name and pattern.search(text)), None)
    if callable(advice):
        try:
            text, advice = advice(text, str((failure.where or {}).get("source") or ""))
        except Exception:  # noqa: BLE001  (the text is the learner's: advice that cannot read it is left out)
            advice = None
    if advice:
        return f"Your code raised {kind_name}: {full_stop(text)} {advice}"
    if _cannot_read(failure, at_import):
        # The place is named after the sentence; Python's own "(main.py, line 3)" would say it twice,
        # and in a notebook name the file its cells were joined into.
        said = f"Python cannot read your file: {kind_name}: {re.sub(r' [(][^()]*, line [0-9]+[)]$', '', text)}."
        if "null bytes" in text:
            said += (" A file saved as UTF-16 (Windows Notepad's \"Unicode\") holds them: save it as UTF-8, as "
                     "editors do by default.")
        named = _UNKNOWN_ENCODING.search(text)
        if named:
            said += (f" A comment on the first or second line that holds \"coding:\" or \"coding=\" and a name "
                     f"(here \"{named[1]}\") is read by Python as the file's encoding declaration (PEP 263): reword "
                     "that comment, or move it below the second line.")
        return said
    return f"Your code raised {kind_name}: {text}" if text else f"Your code raised {kind_name}."


def _too_deep_to_compile(failure):
    """Whether `failure`, as the learner's file was imported, is Python's parser or compiler giving up on an
    expression nested too deep: a MemoryError or RecursionError raised before any line of the file ran."""
    if failure.where or failure.type not in ("MemoryError", "RecursionError"):
        return False
    return failure.kind == "memory" or (failure.kind == "exception" and "during compilation" in failure.message)


def _cannot_read(failure, at_import):
    """Whether `failure` is Python's own refusal to read the learner's file: a SyntaxError as it is imported. One
    raised later comes from code the learner's code compiled or raised (compile, exec, raise SyntaxError)."""
    # Python's text names the source it could not read: "<string>" is code the file compiled from a string (exec).
    return at_import and failure.kind == "exception" and failure.type in SYNTAX_ERRORS and not re.search(
        r"[(]<[^<>()]*>, line [0-9]+[)]$", failure.message.strip())


def _doing(scenario):
    # The scenario's name is the grader's, not one the learner's file or report shows.
    return "this check ran it" if scenario else "importing your file"


def _timeout(facts):
    """The sentence of a timeout, stating the limit that was reached."""
    if "run_seconds" in facts:
        return f"{RUN_TIME_USED}{facts['run_seconds']:g} s that one run allows for your code."
    if "seconds" in facts:
        return (f"Your code was still running after {facts['seconds']:g} s (the limit) while "
                f"{_doing(facts.get('scenario'))}, and was stopped.")
    return ""


def _protocol(facts):
    reason = str(facts.get("reason", "a malformed reply"))
    said = (f"The process running your code sent a reply the grader does not accept while "
            f"{_doing(facts.get('scenario'))} ({reason}), so it was stopped.")
    if "larger than the limit" in reason:
        # The worker's own encoding of honest answers reaches the size limit too: the cause may be either.
        return (f"{said} Either an answer held arrays far larger than the checks' (theirs take a few MB: look for "
                "an array that grows at every call, or one as large as the whole data kept on a layer), or "
                "something in your file wrote to the grader's own channel.")
    return (f"{said} Something in your file wrote to the grader's own channel; a submission must only compute its "
            "answers and return them.")


def _crash(facts):
    doing = _doing(facts.get("scenario"))
    if "signal" in facts:
        message = f"The process running your code was killed by {facts['signal']} while {doing}."
        if facts["signal"] == "SIGSEGV":
            message += " That is a crash inside compiled code, often from a NumPy call on a huge or invalid array."
        elif facts["signal"] == "SIGKILL":
            message += (f" It may have run out of memory (the limit is {facts['memory_mb']} MiB), or been sent that "
                        "signal: does your code call os.kill or os.killpg? A submission must not end the process.")
        return message
    if facts.get("exit_status") is None:
        # Its exit status died with its sandbox (the zygote that forked it ended): nothing says it was the code.
        return (f"The sandbox running your code ended while {doing}, so the grader could not see how it ended. "
                f"It may have run out of memory (the limit is {facts.get('memory_mb')} MiB); grade again, and "
                "if it happens again with code that uses little memory, report it.")
    return (f"The process running your code exited with status {facts.get('exit_status')} while {doing}. "
            "Does your code call os._exit()? A submission must not end the process.")
