"""scenario_helpers.standing_in: the classes a learner's code builds are watched however the file reaches them."""
import sys
import types

import numpy as np
import pytest

from grader.scenario_helpers import standing_in

LEARNER = '''
class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.shape = (n_inputs, n_neurons)


class Layer_Dense_Own(Layer_Dense):
    def __init__(self, *args):
        super().__init__(*args)


Dense = Layer_Dense
LAYERS = {"dense": Layer_Dense, "nested": [Layer_Dense], Layer_Dense: "a key is not a reference"}
KINDS = (Layer_Dense, Layer_Dense_Own)


def by_name():
    return Layer_Dense(1, 2)


def by_alias():
    return Dense(1, 2)


def from_dict():
    return LAYERS["dense"](1, 2)


def from_nested_list():
    return LAYERS["nested"][0](1, 2)


def from_tuple():
    return KINDS[0](1, 2)


def from_default(layer=Layer_Dense):
    return layer(1, 2)


def from_keyword_default(*, layer=Layer_Dense):
    return layer(1, 2)


def of_own_kind(layer=Layer_Dense_Own):
    return layer(1, 2)


class Network:
    dense = Layer_Dense

    def __init__(self, layer=Layer_Dense):
        self.built = [layer(1, 2), self.dense(1, 2), self.make()]

    @staticmethod
    def make(layer=Layer_Dense):
        return layer(1, 2)
'''


def _learner():
    module = types.ModuleType("learner_main")
    exec(compile(LEARNER, "main.py", "exec"), vars(module))
    return module


def _watching(built):
    def make(base):
        class Watched(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                built.append(self)
        return Watched
    return {"Layer_Dense": make}


def _references(nn):
    """Every reference to a class that the file's import left, as it is now."""
    return [nn.Layer_Dense, nn.Dense, nn.LAYERS["dense"], nn.LAYERS["nested"][0], *nn.KINDS,
            nn.from_default.__defaults__[0], nn.from_keyword_default.__kwdefaults__["layer"],
            nn.of_own_kind.__defaults__[0], vars(nn.Network)["dense"], nn.Network.__init__.__defaults__[0],
            nn.Network.make.__defaults__[0]]


def test_every_reference_the_import_left_builds_watched_layers():
    nn = _learner()
    built = []
    with standing_in(nn, _watching(built)):
        layers = [nn.by_name(), nn.by_alias(), nn.from_dict(), nn.from_nested_list(), nn.from_tuple(),
                  nn.from_default(), nn.from_keyword_default(), nn.of_own_kind(), *nn.Network().built]
    assert len(built) == len(layers) and all(any(layer is seen for seen in built) for layer in layers)
    own = layers[7]
    assert type(own).__name__ == "Layer_Dense_Own" and isinstance(own, nn.Layer_Dense_Own)
    assert all(layer.shape == (1, 2) for layer in layers)


def test_every_reference_is_put_back_afterwards_even_when_the_code_raises():
    nn = _learner()
    before = _references(nn)
    defaults = nn.from_default.__defaults__
    with pytest.raises(RuntimeError):
        with standing_in(nn, _watching([])):
            assert not any(after is original for after, original in zip(_references(nn), before))
            raise RuntimeError("the learner's train raised")
    assert all(after is original for after, original in zip(_references(nn), before))
    assert nn.from_default.__defaults__ is defaults and nn.LAYERS[nn.Layer_Dense] == "a key is not a reference"
    assert type(nn.by_name()) is nn.Layer_Dense


def test_what_it_does_not_look_into_or_cannot_set_is_left_as_it_is():
    """An object's attribute, a container too long to look through and a class that refuses new attributes keep
    the class itself: the layers built through them are not watched, and grading goes on."""
    nn = _learner()
    exec(compile("""
class Frozen(type):
    def __setattr__(cls, name, value):
        raise TypeError("frozen")


class Config(metaclass=Frozen):
    layer = Layer_Dense


class Holder:
    pass


HOLDER = Holder()
HOLDER.layer = Layer_Dense
HUGE = [Layer_Dense] * 5000
""", "main.py", "exec"), vars(nn))
    original, built = nn.Layer_Dense, []
    with standing_in(nn, _watching(built)):
        assert nn.Config.layer is original and nn.HOLDER.layer is original and nn.HUGE[0] is original
        nn.from_dict()
        nn.Config.layer(1, 2)
    assert len(built) == 1 and nn.Layer_Dense is original


HELD = '''
import copy


class Optimizer_Adam:
    __slots__ = SLOTS

    def __init__(self, learning_rate=0.001):
        self.learning_rate = learning_rate


class Adam_Own(Optimizer_Adam):
    __slots__ = ()


class Layer_Dense:
    pass


TEMPLATE = Optimizer_Adam(0.05)
TEMPLATES = {"adam": Optimizer_Adam(0.5), "own": Adam_Own(0.1)}
NESTED = [[Optimizer_Adam(0.4)]]
LAYER = Layer_Dense()


class Config:
    TEMPLATE = Optimizer_Adam(0.2)


def fresh():
    return copy.deepcopy(TEMPLATE)


def given(template=Optimizer_Adam(0.3)):
    return copy.deepcopy(template)
'''


@pytest.mark.parametrize("slots", [("learning_rate", "__dict__", "__weakref__"), ("learning_rate",)],
                         ids=["dict", "slots_alone"])
def test_what_the_import_made_of_a_held_class_is_watched_and_so_are_its_copies(slots):
    """A template optimizer the file made at import, wherever standing_in looks for classes (a name, a container
    two levels deep, a class attribute, a default argument), and what train deep-copies from it, are of the
    watched class while inside, as is one of the learner's subclass; an object of a class not held keeps its
    class, and so does one whose layout the watched class cannot share (slots and no __dict__). Afterwards each
    object is of its own class again, even where the learner's code raised."""
    nn = types.ModuleType("learner_main")
    exec(compile(HELD.replace("SLOTS", repr(slots)), "main.py", "exec"), vars(nn))
    adam, own, layer = nn.Optimizer_Adam, nn.Adam_Own, nn.Layer_Dense

    def watched(base):
        class Watched(base):
            pass
        return Watched

    with pytest.raises(RuntimeError):
        with standing_in(nn, {"Optimizer_Adam": watched, "Layer_Dense": watched}, held=("Optimizer_Adam",)):
            copied = nn.fresh()
            shared = "__dict__" in slots
            assert (type(nn.TEMPLATE) is type(copied) is type(nn.TEMPLATES["adam"]) is nn.Optimizer_Adam) == shared
            assert (type(nn.TEMPLATES["own"]) is nn.Adam_Own is not own) == shared and copied.learning_rate == 0.05
            assert type(nn.LAYER) is layer is not nn.Layer_Dense
            others = [nn.NESTED[0][0], nn.Config.TEMPLATE, nn.given()]
            assert all((type(other) is nn.Optimizer_Adam) == shared for other in others)
            raise RuntimeError("the learner's train raised")
    assert type(nn.TEMPLATE) is type(nn.TEMPLATES["adam"]) is type(nn.fresh()) is adam is nn.Optimizer_Adam
    assert type(nn.TEMPLATES["own"]) is own and type(nn.LAYER) is layer
    assert all(type(other) is adam for other in (nn.NESTED[0][0], nn.Config.TEMPLATE, nn.given()))


SLOTTED = '''
import numpy as np


class Layer_Dense:
    __slots__ = SLOTS

    def __init__(self, n_inputs, n_neurons):
        self.weights = np.ones((n_inputs, n_neurons))
        self.biases = np.ones((1, n_neurons))

    def forward(self, inputs):
        self.output = inputs @ self.weights + self.biases


class Layer_Dense_Own(Layer_Dense):
    __slots__ = ()
'''


def _slotted(slots):
    module = types.ModuleType("learner_main")
    exec(compile(SLOTTED.replace("SLOTS", repr(slots)), "main.py", "exec"), vars(module))
    return module


@pytest.mark.parametrize("slots", [("weights", "biases", "output"), ("weights", "biases", "output", "__dict__")],
                         ids=["no_dict", "dict_but_no_weakref"])
def test_layers_of_a_class_with_slots_get_a_fixed_start_are_counted_and_get_their_class_back(slots):
    """The classes fixed_start and batch_sizes make have their class's layout: a layer whose class declares
    __slots__ (with or without a __dict__) takes the start and is given back its own class afterwards."""
    from grader.scenario_helpers import batch_sizes, fixed_start

    nn = _slotted(slots)
    with fixed_start(nn, lambda shape: {"weights": np.full(shape, 2.0), "biases": np.zeros((1, shape[1]))}):
        with batch_sizes(nn, "Layer_Dense") as sizes:
            layers = [nn.Layer_Dense(3, 2), nn.Layer_Dense_Own(3, 2)]
            layers[0].forward(np.ones((5, 3)))
    assert [type(layer) for layer in layers] == [nn.Layer_Dense, nn.Layer_Dense_Own] and sizes == [5]
    assert all((layer.weights == 2).all() and not layer.biases.any() for layer in layers)


def test_a_helper_s_own_failure_is_the_grader_s_fault_not_the_learner_s_code_raising(monkeypatch):
    """A layer the helper cannot give back its class is the helper's failure: HelperFault, which the worker reports
    as the grader's (kind "grader", by the class the scenarios loaded, not by whatever sys.modules holds later),
    never as an exception of the learner's code; its text names no object of the learner's."""
    import grader.scenario_helpers as helpers
    from grader.sandbox import worker
    from grader.sandbox.worker import _kind_of

    nn = _slotted(("weights", "biases", "output"))

    def refused(thing, cls):
        raise TypeError("a message the learner's object chose")

    monkeypatch.setattr(helpers, "CLASS_SETTER", refused)
    with pytest.raises(helpers.HelperFault, match="could not give a layer back its own class") as raised:
        with helpers.fixed_start(nn, lambda shape: {"weights": np.zeros(shape), "biases": np.zeros((1, shape[1]))}):
            nn.Layer_Dense(3, 2)
    assert "the learner's object chose" not in str(raised.value)
    monkeypatch.setattr(worker, "_helper_fault_class", helpers.HelperFault)
    monkeypatch.setitem(sys.modules, "grader.scenario_helpers", types.SimpleNamespace(HelperFault=BaseException))
    assert _kind_of(raised.value) == "grader" and _kind_of(TypeError("the learner's")) == "exception"
    assert _kind_of(MemoryError()) == "memory"


PROPERTY_START = '''
import numpy as np


class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self._weights = np.ones((n_inputs, n_neurons))
        self.biases = np.ones((1, n_neurons))

    @property
    def weights(self):
        return self._weights

    @weights.setter
    def weights(self, value):
        raise ValueError("the learner's own setter")
'''


def test_a_start_the_learner_s_own_property_refuses_is_the_learner_s_code_raising():
    from grader.sandbox.worker import _kind_of
    from grader.scenario_helpers import fixed_start

    nn = types.ModuleType("learner_main")
    exec(compile(PROPERTY_START, "main.py", "exec"), vars(nn))
    with pytest.raises(ValueError, match="the learner's own setter") as raised:
        with fixed_start(nn, lambda shape: {"weights": np.zeros(shape), "biases": np.zeros((1, shape[1]))}):
            nn.Layer_Dense(3, 2)
    assert _kind_of(raised.value) == "exception"


def test_what_an_object_holds_includes_the_slots_its_classes_declare():
    """A layer or optimizer of a class with __slots__ has no __dict__: what it set is still seen, and what it
    declared but never set is not."""
    from grader.scenario_helpers import attributes, own_values

    class Base:
        __slots__ = ("weights",)

    class Slotted(Base):
        __slots__ = ("output", "dinputs", "__weakref__")

    class Mixed(Slotted):   # no __slots__ of its own: a __dict__ too
        pass

    class Guessing:   # a __getattr__ that answers for slots never set, and a private slot
        __slots__ = ("dinputs", "__cache")

        def __getattr__(self, name):
            return None

        def fill(self):
            self.__cache = 2

    slotted, mixed, guessing = Slotted(), Mixed(), Guessing()
    slotted.weights = mixed.weights = np.ones(2)
    slotted.output = 1.0
    mixed.extra = "kept"
    guessing.fill()
    assert set(own_values(slotted)) == {"weights", "output"} and attributes(slotted) == ["output", "weights"]
    assert attributes(mixed) == ["extra", "weights"]
    assert own_values(guessing) == {"__cache": 2}
    assert own_values(object()) == {} and own_values(None) == {}


def test_adams_other_settings_are_judged_where_the_learners_class_holds_them_by_the_books_names():
    from grader import expect
    from grader.scenario_helpers import adam_defaults

    book = types.SimpleNamespace(epsilon=1e-7, beta_1=0.9, beta_2=0.999)
    renamed = types.SimpleNamespace(eps=1e-5, b1=0.9, b2=0.99)
    assert adam_defaults(book) == [1e-7, 0.9, 0.999]
    assert adam_defaults(renamed) == [None, None, None]
    assert adam_defaults(types.SimpleNamespace(epsilon=True, beta_1=np.float32(0.9), beta_2="0.999")) == [
        None, pytest.approx(0.9), None]
    expect.adam_defaults_kept(adam_defaults(renamed), adam_defaults(book), "train")   # nothing it can judge
    expect.adam_defaults_kept(adam_defaults(book), adam_defaults(book), "train")
    kept_as_float32 = types.SimpleNamespace(epsilon=np.float32(1e-7), beta_1=np.float32(0.9), beta_2=np.float32(0.999))
    expect.adam_defaults_kept(adam_defaults(kept_as_float32), adam_defaults(book), "train")
    with pytest.raises(expect.Mismatch, match="epsilon=1.1e-07, where the chapter keeps Adam's epsilon=1e-07"):
        expect.adam_defaults_kept([1.1e-7, 0.9, 0.999], adam_defaults(book), "train")
    with pytest.raises(expect.Mismatch, match="beta_2=0.99, where the chapter keeps Adam's beta_2=0.999"):
        expect.adam_defaults_kept([1e-7, 0.9, 0.99], adam_defaults(book), "train")


def test_what_only_the_reference_is_read_for_is_not_run_on_the_learners_code(monkeypatch):
    """without_each_backward runs the backward pass again once per layer without weights, for the reference's
    answer: in a worker, on the learner's code, it runs nothing, which would spend the learner's time."""
    from grader import scenario_helpers

    class Activation:
        def backward(self, dvalues):
            self.dinputs = dvalues * 2

    runs = []
    layers = [Activation(), Activation()]
    monkeypatch.setattr(scenario_helpers, "IN_A_WORKER", False)
    assert len(scenario_helpers.without_each_backward(layers, lambda: runs.append(1), lambda: len(runs))) == 2
    assert runs == [1, 1] and all("backward" not in vars(layer) for layer in layers)
    monkeypatch.setattr(scenario_helpers, "IN_A_WORKER", True)
    assert scenario_helpers.without_each_backward(layers, lambda: runs.append(1), lambda: len(runs)) == [None, None]
    assert runs == [1, 1]
