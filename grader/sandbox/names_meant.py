"""In a worker: what a learner's NameError or AttributeError meant, said beside its message.

Python 3.11 adds "Did you mean" only where it prints a traceback, never to str(exc); the worker
reports str(exc). This module says it, by CPython's own measure of nearness, and says more where
the learner's file is what the checks could not find: the checks ask for the book's names.
"""
import ast
import builtins
import functools
import os
import re
import sys
import types

# Python's own suggestions (CPython's Python/suggestions.c): the names weighed at most, the longest name weighed, and
# what a changed letter and a changed case cost.
MAX_NAMES_WEIGHED, MAX_NAME_LENGTH, MOVE_COST, CASE_COST = 750, 40, 2, 1
# Where the checks asked for a name of the book's and the file has it spelt otherwise (grader.judge.plugin names
# the mistake from it).
LOOKED_FOR = ": the checks look for "
# The method of the book's protocol that sets each of these attributes on its object.
SET_BY = {"output": "forward", "dinputs": "backward", "dweights": "backward", "dbiases": "backward"}
# Where the checks asked for a name of the book's that the file has under no spelling: the whole message.
NOT_DEFINED_YET = "{name} is not defined yet: write it (the checks look for {name}, the book's name)."
# What stub_names uses, bound before any learner's code runs, which may replace the modules' own.
_compile, _AST_ONLY = compile, ast.PyCF_ONLY_AST
_DEFINED, _METHODS, _ASSIGNED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef), \
    (ast.FunctionDef, ast.AsyncFunctionDef), (ast.Assign, ast.AnnAssign)
_CLASS, _ASSIGN, _NAME = ast.ClassDef, ast.Assign, ast.Name


def with_name_meant(exc, submission, api=frozenset()):
    """str(exc), and what a missing name meant, as Python 3.12's tracebacks say it ("name 'dvalue' is not defined.
    Did you mean: 'dvalues'?") and more where the learner's file is at fault: a class or method the checks look for
    under the book's name and find under another (class Layer_dense, def foward); an attribute set under one
    spelling and read under another (self.dinput = ..., then self.dinputs: which one is wrong, only the book's
    names would say); an attribute the file sets, but later (dweights, read before backward ran), where the
    nearest name (weights) would mislead.

    `api`: the names the challenge's checks look for (stub_names: "Optimizer_SGD", "Layer_Dense.forward").
    None of them is ever taken for a misspelling of another (Optimizer_SGD is not Optimizer_Adam misspelt): a name
    the checks miss with no other near name in the file is not written yet."""
    message = str(exc)
    try:
        meant = _misspelling(exc, submission, api)
    except BaseException:  # noqa: BLE001  (what is looked into is the learner's: the message stays, whatever it does)
        meant = None
    if isinstance(meant, _Instead):
        return str(meant)
    return message + meant if meant and "Did you mean" not in message else message


def stub_names(source):
    """The names a challenge's stub as shipped (`source`: the bytes of its .pristine/main.py) defines, which its
    checks look for: each top-level name, and "Class.method" for each method of its classes. Empty where it cannot
    be parsed."""
    try:
        tree = _compile(source, "<stub>", "exec", _AST_ONLY)
    except (SyntaxError, ValueError, TypeError):
        return frozenset()
    names = set()
    for node in tree.body:
        if isinstance(node, _DEFINED):
            names.add(node.name)
        elif isinstance(node, _ASSIGNED):
            targets = node.targets if isinstance(node, _ASSIGN) else [node.target]
            names.update(target.id for target in targets if isinstance(target, _NAME))
        if isinstance(node, _CLASS):
            names.update(f"{node.name}.{member.name}" for member in node.body if isinstance(member, _METHODS))
    return frozenset(names)


class _Instead(str):
    """What _misspelling says in place of the exception's own message, not after it."""


def _misspelling(exc, submission, api=frozenset()):
    """What to add to the message of `exc` about the name it misses (an _Instead: what to say in its place), or
    None."""
    name, owner = getattr(exc, "name", None), getattr(exc, "obj", None)
    if isinstance(exc, AttributeError) and name is None:
        # A module's own __getattr__ (NumPy's) raises without naming the attribute or the module but in its text.
        found = re.fullmatch(r"module '([\w.]+)' has no attribute '(\w+)'", str(exc))
        if found:
            owner, name = sys.modules.get(found[1]), found[2]
    if isinstance(exc, UnboundLocalError) and name is None:
        # A misspelt name that += made a local of its own: Python names it only in the text.
        found = re.search(r"local variable '(\w+)'", str(exc))
        name = found[1] if found else None
    if not isinstance(name, str):
        return None
    frame = _last_frame(exc.__traceback__)
    if isinstance(exc, NameError):
        owner = frame.f_locals.get("self") if frame is not None else None
        # Not an UnboundLocalError: this method assigns the name itself, after the line that read it.
        local = _assigned_as_a_local(type(owner), name, submission) \
            if owner is not None and type(exc) is NameError else ""
        if local and local != frame.f_code.co_qualname and not _runs_later(local, frame.f_code.co_name):
            # One method's local name read by another. Which fix fits, the checks say: a backward pass they call on
            # its own works from its arguments (samples = len(dvalues)); a dropout mask exists only where drawn.
            return (f". {local} assigns {name} as a local name, {name} = ..., which is gone when it returns: work it "
                    f"out here too, from what {frame.f_code.co_name} is given, or, where only {local} can make it "
                    f"(a mask it drew), keep it as self.{name} = ... there and read self.{name} here")
        return _did_you_mean(frame and _nearest(name, [*frame.f_locals, *frame.f_globals, *vars(builtins)]))
    if not isinstance(exc, AttributeError) or owner is None:
        return None
    learners = next((module for module in list(sys.modules.values())
                     if getattr(module, "__file__", None) == submission), None)
    # Asked for by the checks (their frame raised), the name is the book's: the file's near name is the misspelling.
    asked_by_the_checks = frame is not None and frame.f_code.co_filename != submission
    if isinstance(owner, types.ModuleType):
        defined = [item for item in vars(owner) if not item.startswith("_")]
        if owner is learners and asked_by_the_checks:
            # Another of the names the checks look for is written, not misspelt; a name nearer to another of them
            # is that one misspelt (Optimizer_Sgd is not Optimizer_Adam).
            wanted = [item for item in api if "." not in item]
            meant = _nearest(name, [item for item in defined if item not in api and _meant_by(item, name, wanted)])
            if meant:
                return f". Your file defines {meant}{_defined_at(owner, meant, submission)}{LOOKED_FOR}{name}, the " \
                       "book's name."
            return _Instead(NOT_DEFINED_YET.format(name=name))
        return _did_you_mean(_nearest(name, defined))
    attributes = [*(vars(owner) if isinstance(getattr(owner, "__dict__", None), dict) else ()),
                  *(item for klass in type(owner).__mro__ for item in vars(klass) if not item.startswith("__"))]
    if learners is None:
        meant = _nearest(name, attributes)
        return _did_you_mean(meant)
    written, read = _attribute_names(learners)
    # The methods the checks look for on this object: none is a misspelling of another (pre_update_params of
    # post_update_params).
    required = {member for klass in type(owner).__mro__ for qualified in api
                for owner_name, _, member in [qualified.partition(".")] if owner_name == klass.__name__ and member}
    if asked_by_the_checks:
        meant = _nearest(name, [item for item in attributes if (item in written or item not in read)
                                and item not in required and _meant_by(item, name, required)])
        if meant:
            return f". It has {meant}{_defined_at(owner, meant, submission)}{LOOKED_FOR}{name}, the book's name."
        if name in required and not hasattr(type(owner), name):
            return _Instead(NOT_DEFINED_YET.format(name=f"{type(owner).__name__}.{name}"))
        return _returned_instead(owner, name, submission)
    # Set by the file and read nowhere: the one name or the other is misspelt, the assignment or this read.
    unread = _nearest(name, [item for item in attributes if item in written and item not in read])
    if unread and not written[unread]:
        if unread in required:
            # A method the checks call, not a misspelling.
            return _did_you_mean(unread)
        # A method of the file's own (def get_param), which nothing calls.
        return f". It has {unread}, which your file defines but never uses: {unread} or {name} is misspelt"
    if unread:
        # The book's classes keep their constructor's arguments under the same names (self.rate = rate).
        init = getattr(getattr(type(owner), "__init__", None), "__code__", None)
        arguments = init.co_varnames[:init.co_argcount + init.co_kwonlyargcount] if init else ()
        if name in arguments and unread not in arguments:
            return (f". It has {unread}, which your code sets but never reads, and __init__ takes {name}: is {unread} "
                    f"a misspelling of {name}?")
        return f". It has {unread}, which your code sets but never reads: {unread} or {name} is misspelt"
    returned = _returned_instead(owner, name, submission)
    if returned:
        return returned
    if written.get(name):
        # Not misspelt: a function of the file sets it, later than this line read it (backward, after the optimizer).
        classes = {klass.__qualname__ for klass in type(owner).__mro__}
        setter = next((setter for setter in written[name] if setter.rpartition(".")[0] in classes), None)
        model = _model_walking_backward(frame, classes) if name == "dinputs" else None
        # A list or None where one object belongs, or an object of the file's own class that never sets it; the
        # checks' own objects (a loss a model is given) are told of as the file's classes would set it.
        if setter is None and model is None and (owner is None or isinstance(owner, (list, tuple))
                                                 or type(owner).__module__ == learners.__name__):
            # self.name read in a method of the object's own class, a name its __init__ is given: no object was
            # given in another's place, its __init__ did not keep it.
            own_method = _own_method(frame, owner)
            if own_method is not None and name in _init_parameters(owner):
                return _kept_by_no_method(owner, name, written[name][0], own_method)
            return _set_by_another_class(owner, name, written[name][0], submission, own_method)
        setter = setter or written[name][0]
        if model is not None and owner is getattr(model, "loss", None) \
                and getattr(model, "softmax_classifier_output", None) is None:
            # The general path's first step left out: the last layer reads a gradient nothing has made.
            return (f". The loss's own backward sets it, and {frame.f_code.co_qualname} had not called it: without the "
                    "combined softmax and loss, backward starts with self.loss.backward(output, y), then walks every "
                    "layer from the last, for layer in reversed(self.layers)")
        if frame is not None and frame.f_code.co_qualname == setter:
            return f". {setter} sets it, but only after this line"
        # What one layer hands the next: a layer in two places holds the other place's, or none yet.
        repeated = _repeated_layer(frame) if name in ("output", "dinputs") else ""
        if repeated:
            return f". {setter} sets it, but had not run yet when this line read it: {repeated}"
        alone = _backward_called_alone(frame, owner, setter, submission)
        if alone:
            return alone
        if model is not None:
            if getattr(model, "softmax_classifier_output", None) is not None and owner is getattr(model, "loss", None):
                # The book's combined softmax and loss gives the last layer its dinputs; the loss's own never runs.
                return (f". {setter} sets it, but with softmax_classifier_output the loss's own backward never runs: "
                        "the combined object gives the last layer (the softmax) its dinputs, self.layers[-1].dinputs "
                        "= self.softmax_classifier_output.dinputs, and the loop walks the layers before it, for "
                        "layer in reversed(self.layers[:-1])")
            layers = model.layers
            if len(layers) > 2 and owner is layers[-1] and getattr(model, "softmax_classifier_output", None) is None:
                # Walked from the first, the first to read would have read the second's: this loop skipped the last.
                return (f". {setter} sets it, and the loop never ran it: it began at the layer before the last, "
                        "reversed(self.layers[:-1]), as the combined softmax and loss's path does. Without that "
                        "combined object the last layer takes the loss's dinputs too: self.loss.backward(output, y), "
                        "then for layer in reversed(self.layers)")
            # Another object's backward read it: the layers were walked from the first, not from the last.
            return (f". {setter} sets it, but had not run yet when this line read it: a backward pass walks the "
                    "layers from the last to the first, for layer in reversed(self.layers), so that each is given "
                    "the dinputs of the one after it, whose backward has already run")
        if name == "binary_mask" and frame is not None and frame.f_code.co_name == "backward":
            measuring = _calling_function(frame, ("evaluate", "predict"))
            if measuring:
                # A method that only measures ran backward: telling it to train instead would hide the mistake.
                return (f". {setter} sets it only while training, and {measuring} called backward after its forward "
                        f"pass with training=False: {measuring} only measures, forward with training=False, never "
                        "backward or the optimizer")
            # The book's dropout draws its mask only while training (chapter 19's forward returns early otherwise).
            return (f". {setter} sets it, but had not set it yet when this line ran: it draws the mask only while "
                    "training, so backward follows a forward pass with training=True that reaches the line drawing "
                    "it")
        if name == "dinputs" and frame is not None and ".backward(" in _source_line(frame.f_code.co_filename,
                                                                                   frame.f_lineno):
            # A training loop's backward calls out of order: this one is handed a gradient not yet computed.
            return (f". {setter} sets it, but had not run yet when this line read it: a backward pass runs from the "
                    "loss back to the first layer, so the layer whose dinputs this line hands on must run its own "
                    "backward first (dense2.backward before activation1.backward, say)")
        return f". {setter} sets it, but had not set it yet when this line ran: had it run, and to its end?"
    local = _assigned_as_a_local(type(owner), name, submission)
    if local:
        # self. left out: the value went to a name of the method's own, gone when it returned.
        return (f". {local} assigns {name} as a local name, {name} = ..., which is gone when it returns: set "
                f"self.{name} = ..., which the object keeps")
    meant = _nearest(name, attributes)
    return _did_you_mean(meant) or _kept_as(owner, name, attributes)


# Parameters that one kind of layer keeps under another name than the book's dense layers do: a layer norm's shift
# and scale are its bias and weights, beta and gamma.
SAME_ROLE = {"bias": ("beta", "the shift it adds", "biases"), "biases": ("beta", "the shift it adds", "biases"),
             "shift": ("beta", "the shift it adds", "biases"),
             "weight": ("gamma", "the scale it multiplies by", "weights"),
             "weights": ("gamma", "the scale it multiplies by", "weights"),
             "scale": ("gamma", "the scale it multiplies by", "weights")}


def _kept_as(owner, name, attributes):
    """Where `owner` keeps what `name` names in other layers under a name of its own (self.bias read, self.beta
    kept), which is no misspelling by Python's measure: what to add to the message; else None."""
    meant, role, dense = SAME_ROLE.get(name, (None, None, None))
    if meant is None or meant not in attributes:
        return None
    return f". Did you mean: {meant!r}? {type(owner).__name__} keeps {role} as self.{meant} (a dense layer's {dense})"


# The orders in which the book's code calls the methods of a layer and of an optimizer.
CALL_ORDERS = (("__init__", "forward", "backward"),
               ("__init__", "pre_update_params", "update_params", "post_update_params"))


def _runs_later(qualified, method):
    """Whether the method `qualified` names ("Layer_Dropout.backward") runs after `method` ("forward") in the book's
    order: what it makes cannot be kept for `method` to read."""
    other = qualified.rpartition(".")[2]
    return any(other in order and method in order and order.index(other) > order.index(method)
               for order in CALL_ORDERS)


def _assigned_as_a_local(klass, name, submission):
    """"Class.method" of the first method of `klass` (or a class it derives from) defined in the learner's file
    `submission` whose own local names include `name`, or ""."""
    for base in klass.__mro__:
        for member in vars(base).values():
            code = getattr(member, "__code__", None)
            if isinstance(code, types.CodeType) and code.co_filename == submission \
                    and name in code.co_varnames[code.co_argcount + code.co_kwonlyargcount:]:
                return code.co_qualname
    return ""


def _model_walking_backward(frame, classes):
    """The model whose backward `frame` runs (a method named backward, of an object holding a list of layers, of
    none of `classes`, the owner's), or None."""
    if frame is None or frame.f_code.co_name != "backward" or frame.f_code.co_qualname.rpartition(".")[0] in classes:
        return None
    model = frame.f_locals.get("self")
    return model if isinstance(getattr(model, "layers", None), list) else None


def _calling_function(frame, names):
    """The first of `names` that a function calling `frame`'s, at most 10 calls up, is named; else ""."""
    caller = frame.f_back
    for _ in range(10):
        if caller is None:
            return ""
        if caller.f_code.co_name in names:
            return caller.f_code.co_name
        caller = caller.f_back
    return ""


def _repeated_layer(frame):
    """Where the object whose method raised (a model) holds one layer object twice in its `layers` list: a sentence
    saying so, as finalize gives each layer one prev and one next; else ""."""
    layers = getattr(frame.f_locals.get("self"), "layers", None) if frame is not None else None
    if type(layers) is not list:
        return ""
    for later, layer in enumerate(layers):
        first = next((position for position in range(later) if layers[position] is layer), None)
        if first is not None:
            return (f"self.layers holds one {type(layer).__name__} object twice, at positions {first} and {later}. "
                    "finalize gives each layer one prev and one next, so a layer object cannot sit in two places: "
                    f"add a new {type(layer).__name__}() for each")
    return ""


def _returned_instead(owner, name, submission):
    """Where the method of the book's protocol that sets the attribute `name` (forward sets output, backward
    dinputs), as `owner`'s class in the learner's file defines it, returns a value and never sets it: what to add
    to the message, else None."""
    function = _own_setter(owner, name, submission)
    if function is None:
        return None
    stored, returns = _stores_and_returns(function.__code__)
    if name in stored or not returns:
        return None
    return (f". {function.__qualname__} returns its result but does not store it: the book's layers set "
            f"self.{name} = ... and return nothing.")


def _own_setter(owner, name, submission):
    """The method of the book's protocol that sets the attribute `name` (SET_BY: forward sets output, backward
    dinputs) as `owner`'s class defines it in the learner's file `submission`, or None."""
    method = SET_BY.get(name)
    function = next((vars(klass)[method] for klass in type(owner).__mro__
                     if isinstance(vars(klass).get(method), types.FunctionType)), None) if method else None
    code = getattr(function, "__code__", None)
    return function if code is not None and code.co_filename == submission else None


def _stores_and_returns(code):
    """(the names of the attributes `code` and the functions inside it assign, self.name = ... or other.name = ...;
    whether `code` itself returns a value other than None), from their bytecode."""
    import dis

    stored, returns, codes = set(), False, [code]
    while codes:
        inner = codes.pop()
        codes += [constant for constant in inner.co_consts if isinstance(constant, types.CodeType)]
        instructions = list(dis.get_instructions(inner))
        for index, instruction in enumerate(instructions):
            if instruction.opname == "STORE_ATTR":
                stored.add(instruction.argval)
            elif inner is code and instruction.opname == "RETURN_VALUE" and not (
                    index and instructions[index - 1].opname == "LOAD_CONST"
                    and instructions[index - 1].argval is None):
                returns = True
            elif inner is code and instruction.opname == "RETURN_CONST" and instruction.argval is not None:
                returns = True
    return stored, returns


def _meant_by(candidate, name, required):
    """Whether `candidate` may be `name` misspelt: no other of the `required` names is nearer to it."""
    return _nearest(candidate, [name, *required]) in (None, name)


def _set_by_another_class(owner, name, setter, submission=None, own_method=None):
    """The sentence for an attribute that only another class's methods set (`setter`, the first): the object is a list
    or None where one of the file's objects belongs, its own method that should set it keeps it nowhere, or it is of a
    class that keeps it under another name. `own_method`: the method of the object's own class that read it, as
    self.name (_own_method), where no object can have been given in another's place."""
    kind = type(owner).__name__
    own = _own_setter(owner, name, submission) if _may_keep(owner, name) else None
    stored, returns = _stores_and_returns(own.__code__) if own is not None else (set(), None)
    if returns is False:
        # A layer's method of the book's protocol (forward keeps output, backward dinputs) that left its result in a
        # local name: the object is the right one, and guessing a mix-up would mislead.
        kept = sorted(stored - {name})
        said = f"it sets {', '.join(f'self.{item}' for item in kept[:4])} only" if kept else "it keeps nothing"
        return (f". {own.__qualname__} never sets self.{name} ({said}): store its result there, self.{name} = ..., "
                "the name the code after it reads (a result left in a local name is gone when the method returns)")
    if isinstance(owner, (list, tuple)):
        return (f". It is a {kind}, not one object: {setter} sets {name} on each of its own objects. Was a {kind} of "
                "them given where one belongs? Call the method once for each (update_params(dense1), then "
                "update_params(dense2))")
    if owner is None:
        return (f". It is None, not one of your objects: a function that returns nothing (a return left out) gave it "
                f"where an object belongs; {setter} sets {name} on its own objects")
    if own_method is not None:
        return (f". No method of {kind} sets it, and this line reads it in {kind}'s own {own_method.__name__}: "
                f"{setter} sets {name} on its own objects. Set self.{name} = ... in one of {kind}'s methods"
                f"{_keeping_example(owner)}, read it under the name {kind} keeps it by, or work it out in "
                f"{_worked_out_in(own_method)}")
    owner_class = setter.rpartition(".")[0]
    return (f". No method of {kind} sets it: {setter} sets {name} on its own objects. Was {_a(kind)} given where "
            f"{_a(owner_class)} belongs? If {_a(kind)} should have it, set self.{name} = ... in one of its own "
            f"methods{_keeping_example(owner)}, or read it under the name it keeps it by")


def _keeping_example(owner):
    """The example of a method that keeps what it is given, where `owner`'s forward takes inputs as the book's
    layers' do; else none (an Attention's forward takes q, k and v)."""
    forward = getattr(getattr(type(owner), "forward", None), "__code__", None)
    return " (forward keeps self.inputs = inputs)" if "inputs" in _parameters(forward) else ""


def _own_method(frame, owner):
    """The function of `frame` where it is a method of `owner`'s own class (or one it derives from) run on `owner`
    itself, as self.name reads it; else None (an object handed to another's method, or a method run on another)."""
    if frame is None or frame.f_locals.get("self") is not owner:
        return None
    code = frame.f_code
    return next((member for klass in type(owner).__mro__ for member in vars(klass).values()
                 if getattr(member, "__code__", None) is code), None)


def _parameters(code):
    """The names of the parameters of a method's `code` (self left out); none where there is no code."""
    return code.co_varnames[1:code.co_argcount + code.co_kwonlyargcount] if code is not None else ()


def _init_parameters(owner):
    """The names of the parameters of `owner`'s class's __init__ (self left out)."""
    return _parameters(getattr(getattr(type(owner), "__init__", None), "__code__", None))


def _kept_by_no_method(owner, name, setter, method):
    """The sentence for self.name read in `method`, a method of `owner`'s own class, where no method of that class
    sets it, only another class's (`setter`) does, and its __init__ is given `name`: it did not keep it."""
    kind = type(owner).__name__
    return (f". No method of {kind} sets self.{name}: {setter} sets {name} on its own objects, not on this one, "
            f"and this line reads it in {kind}'s own {method.__name__}. {kind}.__init__ is given {name} but does not "
            f"keep it: keep it there, self.{name} = {name}, or work it out in {_worked_out_in(method)}")


def _worked_out_in(method):
    """Where and from what a size the object does not keep can be worked out: `method` and its arguments."""
    return method.__name__ + (" from the shape of what it is given, inputs.shape[-1] for the size of the last axis"
                              if "inputs" in _parameters(method.__code__) else " from what it is given")


def _may_keep(owner, name):
    """Whether `owner` is an object that should keep `name` itself, where its method of the book's protocol returns
    no value, as a layer's forward and backward do (a loss's forward returns its losses: a loss given where a layer
    belongs is a mix-up): one object, and for the gradient of a parameter (dweights), one that holds that parameter
    (an activation given to update_params is a mix-up too)."""
    parameter = name[1:] if name in ("dweights", "dbiases") else None
    return not isinstance(owner, (list, tuple)) and (parameter is None or hasattr(owner, parameter))


def _a(name):
    """`name` after its indefinite article: "a Layer_Dense", "an Activation_ReLU"."""
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _backward_called_alone(frame, owner, setter, submission):
    """What to say where `frame`, which read an attribute of `owner` that only `setter` sets, is the backward of
    `owner`'s own class, called by the checks (not by the learner's file) on an object whose forward never ran (it has
    no output), or "". The checks call backward without forward only where backward works from its arguments alone,
    as the book's losses' do (dvalues and y_true): a backward of dvalues alone reads what forward kept, and the checks
    run forward before it, so its missing output says nothing of how it was called."""
    caller = frame.f_back if frame is not None else None
    if not (frame is not None and frame.f_code.co_name == "backward" and frame.f_locals.get("self") is owner
            and setter == f"{type(owner).__qualname__}.forward" and caller is not None
            and caller.f_code.co_filename != submission and "output" not in getattr(owner, "__dict__", {})):
        return ""
    arguments = _parameters(frame.f_code)
    if len(arguments) < 2:
        return ""
    name = type(owner).__qualname__
    whose = f"the book's {name}.backward" if name in BACKWARD_FROM_ARGUMENTS else f"{name}.backward"
    listed = ", ".join(arguments[:-1]) + f" and {arguments[-1]}"
    return (f". {setter} sets it, but this check called backward without forward, with all it needs as its "
            f"arguments: {whose} works from {listed}, not from what forward stored")


# The book's classes whose backward takes all it needs as its arguments (dvalues and y_true).
BACKWARD_FROM_ARGUMENTS = frozenset({"Activation_Softmax_Loss_CategoricalCrossentropy", "Loss_CategoricalCrossentropy",
                                     "Loss_BinaryCrossentropy", "Loss_MeanSquaredError", "Loss_MeanAbsoluteError"})


def _defined_at(owner, name, submission):
    """" (line N)" where the learner's file defines `owner`'s `name` (a function, a method or a class), else "": the
    checks' own call raised, so no line of the file is quoted otherwise."""
    found = getattr(owner, name, None)
    code = getattr(found, "__code__", None)
    if isinstance(found, type):
        # Any method of the class's own says where it is (a class need not define __init__).
        code = next((member.__code__ for member in vars(found).values()
                     if isinstance(member, types.FunctionType) and member.__code__.co_filename == submission), None)
    if code is None or code.co_filename != submission:
        return ""
    # A class's __init__ is a line or more below its class statement: the file's text says which.
    line = code.co_firstlineno
    if isinstance(found, type):
        line = next((number for number in range(line, 0, -1)
                     if _source_line(submission, number).lstrip().startswith(f"class {name}")), line)
    return f" (line {line})"


def _source_line(path, number):
    import linecache

    return linecache.getline(path, number)


def _did_you_mean(meant):
    """Python's own words for a name meant, or None for none."""
    return f". Did you mean: {meant!r}?" if meant else None


def _last_frame(tb):
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb.tb_frame if tb is not None else None


@functools.lru_cache(maxsize=1)
def _attribute_names(module):
    """({attribute name: the functions that set it (["Layer_Dense.backward"]), none for a class's own name} for
    what the functions of `module`, a learner's file, assign or define; the names they read), from their bytecode:
    `self.dweights = ...` sets one, `layer.dweights` reads one, and `self.iterations += 1` updates one, which sets
    nothing new. Read once per worker: a large file's bytecode takes about 15 ms to go through, and each check
    that fails on an attribute asks."""
    import dis

    codes = [value.__code__ for value in vars(module).values() if isinstance(value, types.FunctionType)]
    written, read = {}, set()
    for value in vars(module).values():
        if isinstance(value, type) and value.__module__ == module.__name__:
            written.update({name: [] for name in vars(value)})
            codes += [member.__code__ for member in vars(value).values() if isinstance(member, types.FunctionType)]
    while codes:
        code = codes.pop()
        codes += [constant for constant in code.co_consts if isinstance(constant, types.CodeType)]
        instructions = list(dis.get_instructions(code))
        for index, instruction in enumerate(instructions):
            if instruction.opname in ("STORE_ATTR", "DELETE_ATTR"):
                setters = written.setdefault(instruction.argval, [])
                # x.name += ...: BINARY_OP +=, SWAP, STORE_ATTR; it updates what was there, and sets nothing new.
                augmented = index >= 2 and instructions[index - 1].opname == "SWAP" \
                    and instructions[index - 2].opname == "BINARY_OP" and instructions[index - 2].argrepr.endswith("=")
                if not augmented and code.co_qualname not in setters:
                    setters.append(code.co_qualname)
            elif instruction.opname in ("LOAD_ATTR", "LOAD_METHOD"):
                read.add(instruction.argval)
    return written, read


def _nearest(name, candidates):
    """The candidate nearest to `name` by Python's own measure for its "Did you mean" suggestions (CPython's
    Python/suggestions.c: a Levenshtein distance where a change of case costs half a move), or None."""
    best, best_distance = None, None
    for candidate in candidates[:MAX_NAMES_WEIGHED]:
        if not isinstance(candidate, str) or candidate == name:
            continue
        limit = (len(name) + len(candidate) + 3) * MOVE_COST // 6
        if best_distance is not None:
            limit = min(limit, best_distance - 1)
        distance = _distance(name, candidate, limit)
        if distance <= limit:
            best, best_distance = candidate, distance
    return best


def _distance(a, b, limit):
    """CPython's levenshtein_distance (Python/suggestions.c), or limit + 1 once it is sure to exceed `limit`."""
    if a == b:
        return 0
    prefix = len(os.path.commonprefix([a, b]))
    a, b = a[prefix:], b[prefix:]
    suffix = len(os.path.commonprefix([a[::-1], b[::-1]]))
    a, b = a[:len(a) - suffix], b[:len(b) - suffix]
    if not a or not b:
        return (len(a) + len(b)) * MOVE_COST
    if len(a) > MAX_NAME_LENGTH or len(b) > MAX_NAME_LENGTH:
        return limit + 1
    if len(b) < len(a):
        a, b = b, a
    if (len(b) - len(a)) * MOVE_COST > limit:
        return limit + 1
    row = [(index + 1) * MOVE_COST for index in range(len(a))]
    result = 0
    for b_index, b_char in enumerate(b):
        distance = result = b_index * MOVE_COST
        minimum = None
        for index, a_char in enumerate(a):
            substitute = distance + _substitution_cost(b_char, a_char)
            distance = row[index]
            result = min(min(result, distance) + MOVE_COST, substitute)
            row[index] = result
            minimum = result if minimum is None else min(minimum, result)
        if minimum > limit:
            return limit + 1
    return result


def _substitution_cost(a, b):
    if a == b:
        return 0
    return CASE_COST if a.lower() == b.lower() else MOVE_COST
