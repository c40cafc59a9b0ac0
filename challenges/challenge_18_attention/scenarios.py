"""What each check runs on an implementation `nn`: the learner's file or the reference.

Arrays are (batch, sequence, features). Queries and keys have sequences of
different lengths and the batch differs from both, so a softmax or a transpose
along the wrong axis shows in the shape or the values; scores are large enough
that a missing 1 / sqrt(d_k) changes every weight.

Each part is judged on its own: a backward pass gets the forward cache a
correct forward pass would have left, and the layers built from other parts
(multi-head attention, the Transformer) run with stand-ins for those parts
installed in place of the learner's, for the length of the call. The stand-ins
are simple functions of the same shapes, not attention or normalisation: the
reference runs with them too, so the expected values need no correct parts
here, and this file hands none out. A layer may split and merge the heads
itself instead of calling split_heads and merge_heads, so those runs are made
again with the module's own split_heads and merge_heads, and the judge compares
that run with the reference's where the learner's layer did not call the two
stand-ins, or did and gives the right answer only with the true split there.
A layer may compute the attention itself instead of calling self.attention, so
they are made once more with the module's own Attention and heads, and the
judge compares that run with the reference's where the layer never called the
stand-in Attention's forward.
Training uses the learner's own parts; it waits for their checks to pass.
"""
import contextlib
import itertools

import numpy as np

from grader.scenario_helpers import (AdamWatch, ImportedOptimizers, attributes, batch_sizes, copied, fixed_start,
                                     float_copy, generator, parameters_changed, private_generator, raised_by,
                                     read_after, returned_or_raised, shown_default, standing_in,
                                     trained_parameters)
from grader.scenario_helpers import (backward_after, forward_before_backward, near, output_right, own_values,
                                     without_each_backward)
from grader.scenario_helpers import given_code_probed as probed

MASK_VALUE = -1e9
VOCABULARY = 8
# The watched run reverses pairs of tokens: 20 steps of 32 pairs, from fixed weights. 400 training pairs
# make the batches wrap around (step 14 starts at 416 % 400) after a short one (step 13: pairs 384 to 399).
STEPS, TRAINING_SEQUENCES = 20, 400
FIGURE_LENGTH, FIGURE_STEPS = 6, 80


# --- stand-ins for the parts a composite layer uses ------------------------------------------------

class _StandInAttention:
    """Mixes q, k and v (and the mask, when there is one) per head, like attention, but is no attention."""

    def forward(self, q, k, v, mask=None):
        self.q, self.k = q, k
        # Of the shape of attention's weights, (..., queries, keys), for a layer that keeps them.
        self.attention_weights = np.zeros(q.shape[:-1] + k.shape[-2:-1])
        self.output = v + q * k.sum(axis=-1, keepdims=True)
        if mask is not None:
            self.output = self.output + mask.sum(axis=-1, keepdims=True)

    def backward(self, dvalues):
        self.dv = dvalues.copy()
        self.dq = dvalues * self.k.sum(axis=-1, keepdims=True)
        self.dk = np.broadcast_to((dvalues * self.q).sum(axis=-1, keepdims=True), self.k.shape).copy()


class _StandInNorm:
    """gamma * inputs / 2 + beta: a layer with the LayerNorm's parameters and shapes, and no normalisation."""

    def __init__(self, n_features, epsilon=1e-5):
        self.gamma, self.beta = np.ones((1, n_features)), np.zeros((1, n_features))

    def forward(self, inputs):
        self.inputs = inputs
        self.output = self.gamma * inputs / 2 + self.beta

    def backward(self, dvalues):
        features = dvalues.shape[-1]
        self.dgamma = (dvalues * self.inputs / 2).reshape(-1, features).sum(axis=0, keepdims=True)
        self.dbeta = dvalues.reshape(-1, features).sum(axis=0, keepdims=True)
        self.dinputs = dvalues * self.gamma / 2


def _stand_in_positions(length, d_model):
    return np.cos(np.arange(length * d_model)).reshape(length, d_model)


def _split_heads(inputs, n_heads):
    """Feature j to head j % n_heads: a split, but not split_heads's contiguous blocks. A stand-in here that gave
    the right answer would be one the learner's code could call instead of writing its own."""
    batch, length, d_model = inputs.shape
    return inputs.reshape(batch, length, d_model // n_heads, n_heads).transpose(0, 3, 1, 2)


def _merge_heads(inputs):
    """What _split_heads split, put back."""
    batch, heads, length, d_head = inputs.shape
    return inputs.transpose(0, 2, 3, 1).reshape(batch, length, d_head * heads)


ATTENTION_PARTS = {"Attention": _StandInAttention, "split_heads": _split_heads, "merge_heads": _merge_heads}
BLOCK_PARTS = {**ATTENTION_PARTS, "Layer_LayerNorm": _StandInNorm, "positional_encoding": _stand_in_positions}
HEAD_PARTS = ("split_heads", "merge_heads")
_MISSING = object()


@contextlib.contextmanager
def _given(nn, parts):
    """The module `nn` with these names bound to the stand-ins, and its own names back afterwards."""
    kept = {name: getattr(nn, name, _MISSING) for name in parts}
    for name, part in parts.items():
        setattr(nn, name, part)
    try:
        yield nn
    finally:
        for name, part in kept.items():
            if part is _MISSING:
                delattr(nn, name)
            else:
                setattr(nn, name, part)


def _counted(part, name, calls):
    def counted(*arguments, **keywords):
        calls.append(name)
        return part(*arguments, **keywords)
    return counted


def _attending(calls):
    """The stand-in Attention, each forward pass it makes noted in `calls`; named as the stand-in, for messages."""
    class Counted(_StandInAttention):
        def forward(self, q, k, v, mask=None):
            calls.append("Attention")
            super().forward(q, k, v, mask)

    Counted.__name__ = Counted.__qualname__ = _StandInAttention.__name__
    return Counted


def _by_head_parts(nn, parts, run):
    """run(nn) with `parts` stood in, then again with the module's own split_heads and merge_heads, then again with
    its own Attention too: the first run's answer, with the stand-ins for those two its code called ("called") and
    whether it called the stand-in Attention's forward ("attended"); the second run's answer ("own_heads"; None
    where it raised and the first did not: the code called a split_heads or merge_heads of the learner's that
    raises, whose own check says so); and the third's ("own_attention"; None where it raised and the code had
    attended through the stand-in), by which a layer that computes the attention itself is judged."""
    calls = []
    counting = {name: _counted(part, name, calls) if name in HEAD_PARTS else part for name, part in parts.items()}
    with _given(nn, {**counting, "Attention": _attending(calls)}):
        answer = run(nn)
    called, attended = sorted(set(calls) & set(HEAD_PARTS), key=HEAD_PARTS.index), "Attention" in calls
    own = _run_again(nn, {name: part for name, part in parts.items() if name not in HEAD_PARTS}, run, bool(called))
    whole = _run_again(nn, {name: part for name, part in parts.items() if name not in ATTENTION_PARTS}, run, attended)
    return {**answer, "called": called, "attended": attended, "own_heads": own, "own_attention": whole,
            "attention_probe": _attention_probe(nn)}


def _run_again(nn, parts, run, spared):
    """run(nn) with `parts` stood in; None where it raises and the code used the stand-ins this run leaves out
    (`spared`), so that the first run judges it and this one is not needed."""
    with _given(nn, parts):
        try:
            return run(nn)
        except Exception:  # noqa: BLE001  (the learner's own parts: their checks say what went wrong)
            if spared:
                return None
            raise


def _attention_probe(nn):
    """The module's own Attention on one small masked case, forward and backward ({"output", "dq", "dk", "dv"}), or
    None where it raises: a layer judged whole is judged only once these are right, so that its own mistakes cannot
    offset those of an Attention it uses by another name."""
    numbers = np.random.default_rng(18)
    q, k, v = (numbers.standard_normal(shape) for shape in ((2, 3, 4), (2, 5, 4), (2, 5, 4)))
    dvalues = numbers.standard_normal((2, 3, 4))
    try:
        attention = nn.Attention()
        attention.forward(q, k, v, np.tril(np.ones((3, 5), dtype=bool)))
        attention.backward(dvalues)
        return {name: float_copy(getattr(attention, name, None)) for name in ("output", "dq", "dk", "dv")}
    except Exception:  # noqa: BLE001  (the learner's Attention: its own checks say what went wrong)
        return None


def _run_forward(step, *arguments):
    try:
        step.forward(*arguments)
    except Exception:
        pass  # a broken forward pass is reported by its own checks, not by the backward ones


# --- softmax, mask and attention ---------------------------------------------------------------------

def softmax(nn, rng):
    scores = rng.standard_normal((2, 3, 4)) * 3
    scores[0, 0] += 1000   # one row far from zero: the maximum must be subtracted row by row
    given = scores.copy()
    return {"scores": scores, "output": nn.softmax(given), "scores_after": given}


def mask(nn, rng):
    return {"mask": nn.causal_mask(5), "single": nn.causal_mask(1)}


def _qkv(rng, queries=4, keys=5, batch=(2,), d_k=3):
    q = generator(rng).standard_normal((*batch, queries, d_k)) * 1.5
    k = rng.standard_normal((*batch, keys, d_k)) * 1.5
    v = rng.standard_normal((*batch, keys, 2))
    return q, k, v


def attention_forward(nn, rng):
    q, k, v = _qkv(rng)
    attention = nn.Attention()
    given = (q.copy(), k.copy(), v.copy())
    attention.forward(*given)
    # Leading axes (batch, heads): the layer must not care how many there are.
    q4, k4, v4 = _qkv(rng, batch=(2, 3))
    heads = nn.Attention()
    raised_4d = returned_or_raised(nn, heads.forward, q4.copy(), k4.copy(), v4.copy())
    output_4d = raised_4d if isinstance(raised_4d, str) else getattr(heads, "output", None)
    # Keys of 5 features: a d_k written into the code shows.
    wide = nn.Attention()
    try:
        wide.forward(*_qkv(rng, d_k=5))
        output_wide = getattr(wide, "output", None)
    except Exception as exc:  # noqa: BLE001  (the check says what keys of 5 features raised)
        output_wide = raised_by(nn, exc)
    output, weights, first_set = (copied(getattr(attention, "output", None)),
                                  copied(getattr(attention, "attention_weights", None)), attributes(attention))
    # The first layer again, on more queries and keys of 5 features: a scale or an array kept from its call shows.
    qkv = _qkv(rng, queries=6, keys=7, d_k=5)
    again = read_after(nn, lambda: attention.forward(*(array.copy() for array in qkv)),
                       lambda: copied(getattr(attention, "output", None)))
    return {"q": q, "k": k, "v": v, "output": output, "output_wide": output_wide,
            "attention_weights": weights, "set": first_set,
            "q4": q4, "k4": k4, "v4": v4, "output_4d": output_4d,
            "q_after": given[0], "k_after": given[1], "v_after": given[2], "again": again}



def attention_masked(nn, rng):
    q, k, v = _qkv(rng, queries=5, keys=5)
    mask = np.tril(np.ones((5, 5), dtype=bool))
    attention = nn.Attention()
    attention.forward(q.copy(), k.copy(), v.copy(), mask.copy())
    answer = {"q": q, "k": k, "v": v, "mask": mask, "output": copied(getattr(attention, "output", None)),
              "attention_weights": copied(getattr(attention, "attention_weights", None)), "set": attributes(attention)}
    # The same object called again without a mask: a mask kept from the call before shows.
    answer["unmasked_again_weights"] = _weights_or_raised(nn, attention, q.copy(), k.copy(), v.copy())
    # A query the mask lets look at no key (padding can hide every key of a row): its scores are all MASK_VALUE.
    hides_a_row = mask.copy()
    hides_a_row[NO_KEY_QUERY] = False
    attention = nn.Attention()
    attention.forward(q.copy(), k.copy(), v.copy(), hides_a_row.copy())
    answer.update({"row_hidden_output": getattr(attention, "output", None),
                   "row_hidden_weights": getattr(attention, "attention_weights", None)})
    # No mask, and the first sequence's scores a thousand times the second's: a softmax shifted by one maximum for all
    # the scores, not each row's own, gives the second's rows 0 / 0, as it gives a row of MASK_VALUE alone.
    far = q.copy()
    far[0] = 1000 * k[0]
    attention = nn.Attention()
    answer["far_rows_weights"] = _weights_or_raised(nn, attention, far, k.copy(), v.copy())
    # Scores of (batch, heads, queries, keys), as multi-head attention masks them; as many heads as positions, so
    # that a mask indexed onto the wrong axes raises nothing.
    q, k, v = _qkv(rng, queries=4, keys=4, batch=(2, 4))
    attention = nn.Attention()
    heads = returned_or_raised(nn, attention.forward, q.copy(), k.copy(), v.copy(), np.tril(np.ones((4, 4), bool)))
    answer.update({"heads_q": q, "heads_k": k, "heads_v": v,
                   "heads_raised": heads if isinstance(heads, str) else None,
                   "heads_weights": getattr(attention, "attention_weights", None)})
    return answer


NO_KEY_QUERY = 2   # the query attention_masked's second mask hides every key from


def _weights_or_raised(nn, attention, q, k, v):
    """attention.attention_weights after forward(q, k, v), or the text of what forward raised (raised_by)."""
    raised = returned_or_raised(nn, attention.forward, q, k, v)
    return raised if isinstance(raised, str) else getattr(attention, "attention_weights", None)


def _attention_backward(nn, rng, queries, keys, mask):
    attention = nn.Attention()
    q, k, v, raised = _forward_for_backward(attention, rng, mask, queries=queries, keys=keys)
    dvalues = rng.standard_normal((2, queries, 2))
    given = dvalues.copy()
    backward_after(attention, raised, given)
    found = {"q": q, "k": k, "v": v, "mask": mask, "dvalues": dvalues, "dvalues_after": given,
             **{name: copied(getattr(attention, name, None)) for name in ("dq", "dk", "dv")},
             # What the forward pass stored, as backward leaves it: a second backward pass reads it again.
             "weights_after": copied(getattr(attention, "attention_weights", None)), "set": attributes(attention),
             "numbers": _numbers_kept(attention)}
    # The same layer through both passes again, on more queries and keys of 5 features (no mask), its forward pass
    # judged as the first: a scale or an array kept from its first calls shows in the backward pass alone.
    again = _later_backward(nn, attention, rng, None, queries=queries + 2, keys=keys + 2, d_k=5)
    # Leading axes (batch, heads), as multi-head attention gives them, on a layer of its own: a backward pass that
    # transposes every axis, or names three, shows here alone.
    heads = _later_backward(nn, nn.Attention(), rng, mask, queries=queries, keys=keys, batch=(2, 3))
    return {**found, "again": again, "heads": heads}


def _later_backward(nn, attention, rng, mask, **sizes):
    """[dq, dk, dv] of a backward round after the first, on q, k, v and dvalues drawn from `rng` (_qkv's `sizes`), or
    what it raised (raised_by): where forward raised on these inputs and backward then did too, what forward raised
    (backward_after). A backward that cannot run on inputs its forward fails on is not judged right on them: a layer
    that fails on some inputs would otherwise lose forward's one check where a backward wrong on them alone loses
    backward's, and every check that waits for it."""
    q, k, v, raised = _forward_for_backward(attention, rng, mask, **sizes)
    dvalues = rng.standard_normal(q.shape[:-1] + v.shape[-1:])
    try:
        backward_after(attention, raised, dvalues.copy())
    except Exception as exc:  # noqa: BLE001  (the check names the pass that raised)
        return raised_by(nn, exc)
    return [copied(getattr(attention, name, None)) for name in ("dq", "dk", "dv")]


def _numbers_kept(thing, most=8):
    """{name: value} of the numbers `thing` keeps of its own (a scale its forward pass stored), at most `most`: a
    backward pass that reads a wrong one is told so."""
    return dict(list({name: float(value) for name, value in own_values(thing).items()
                      if isinstance(name, str) and isinstance(value, (int, float, np.integer, np.floating))
                      and not isinstance(value, (bool, np.bool_))}.items())[:most])


def _forward_for_backward(attention, rng, mask, **sizes):
    """Run `attention`'s forward pass on q, k and v drawn from `rng` (_qkv's `sizes`); where it did not get the right
    weights and output, give the layer the cache a correct one would have left, so that a backward check judges
    backward alone. (q, k, v, what forward raised or None, for backward_after.) It draws q, k and v itself, from a
    stream of their own (private_generator): given them, or drawing them from `rng`, which the learner's code can put
    in the state a check's was, it would be a forward pass that code could call, the right weights left on any object
    it is handed."""
    q, k, v = _qkv(private_generator(rng), **sizes)
    raised = forward_before_backward(attention, q.copy(), k.copy(), v.copy(), None if mask is None else mask.copy())
    # The forward pass's weights, written out here: a function that computed them would be one the learner's code
    # could call instead of writing its own forward pass. Array operators, not NumPy's functions, which that code
    # could replace to feed scores of its own through the softmax.
    scores = q @ k.swapaxes(-1, -2) / q.shape[-1] ** 0.5
    if mask is not None:
        scores[..., ~mask] = MASK_VALUE
    exp = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights = exp / exp.sum(axis=-1, keepdims=True)
    # A forward pass that got these weights and this output keeps its own cache, whatever it holds (q already
    # divided by sqrt(d_k), say).
    if not (near(getattr(attention, "attention_weights", None), weights)
            and output_right(attention, weights @ v)):
        attention.q, attention.k, attention.v, attention.mask = q.copy(), k.copy(), v.copy(), mask
        attention.attention_weights = weights
    return q, k, v, raised


def attention_backward(nn, rng):
    return _attention_backward(nn, rng, 4, 5, None)


def attention_backward_masked(nn, rng):
    return _attention_backward(nn, rng, 5, 5, np.tril(np.ones((5, 5), dtype=bool)))


def round_trips(nn, rng):
    """Attention and LayerNorm backward after their own forward passes: what forward keeps is what backward reads."""
    q, k, v = _qkv(rng)
    attention = nn.Attention()
    attention.forward(q.copy(), k.copy(), v.copy())
    dvalues = rng.standard_normal((2, 4, 2))
    attention.backward(dvalues.copy())
    inputs, gamma, beta = _layernorm_case(rng)
    norm = nn.Layer_LayerNorm(5)
    norm.gamma, norm.beta = gamma.copy(), beta.copy()
    norm.forward(inputs.copy())
    dnorm = rng.standard_normal(inputs.shape)
    norm.backward(dnorm.copy())
    return {"dq": getattr(attention, "dq", None), "dk": getattr(attention, "dk", None),
            "dv": getattr(attention, "dv", None), "dinputs": getattr(norm, "dinputs", None),
            "dgamma": getattr(norm, "dgamma", None), "dbeta": getattr(norm, "dbeta", None)}


# --- heads and multi-head attention ------------------------------------------------------------------

def split_heads(nn, rng):
    inputs = rng.standard_normal((2, 5, 6))
    return {"inputs": inputs, "split_3": nn.split_heads(inputs.copy(), 3), "split_2": nn.split_heads(inputs.copy(), 2)}


def merge_heads(nn, rng):
    """Apart from split_heads: each function's check says what that function does, or that it is not started."""
    merged = rng.standard_normal((2, 3, 5, 2))
    return {"merged": merged, "merge": nn.merge_heads(merged.copy())}


def _mha_parameters(rng, d_model=6):
    return {name: (rng.standard_normal((d_model, d_model)), rng.standard_normal((1, d_model)))
            for name in ("dense_q", "dense_k", "dense_v", "dense_o")}


def _mha_run(nn, rng, backward):
    parameters = _mha_parameters(rng)
    inputs = rng.standard_normal((2, 5, 6)) * 0.5
    mask = np.tril(np.ones((5, 5), dtype=bool))
    dvalues = rng.standard_normal((2, 5, 6))

    def run(nn):
        layer = nn.Layer_MultiHeadAttention(6, 3)
        for name, (weights, biases) in parameters.items():
            getattr(layer, name).weights, getattr(layer, name).biases = weights.copy(), biases.copy()
        layer.forward(inputs.copy(), mask.copy())
        given = dvalues.copy()
        if backward:
            layer.backward(given)
        gradients = {name: (getattr(getattr(layer, name), "dweights", None),
                            getattr(getattr(layer, name), "dbiases", None)) for name in parameters}
        return {"output": getattr(layer, "output", None), "dvalues_after": given,
                "dinputs": getattr(layer, "dinputs", None), "gradients": gradients, "set": attributes(layer)}

    return {"inputs": inputs, "mask": mask, "parameters": parameters, "dvalues": dvalues,
            **_by_head_parts(nn, ATTENTION_PARTS, run)}


def mha_forward(nn, rng):
    return _mha_run(nn, rng, backward=False)


def mha_backward(nn, rng):
    return _mha_run(nn, rng, backward=True)


# --- layer normalisation and positions ---------------------------------------------------------------

def _layernorm_case(rng):
    # Each position its own offset and scale, so statistics over the wrong axis are far off.
    inputs = generator(rng).standard_normal((3, 4, 5)) * rng.uniform(0.5, 3, (3, 4, 1)) + rng.uniform(-2, 2, (3, 4, 1))
    return inputs, rng.uniform(0.5, 1.5, (1, 5)), rng.standard_normal((1, 5))


def layernorm_forward(nn, rng):
    inputs, gamma, beta = _layernorm_case(rng)
    norm = nn.Layer_LayerNorm(5)
    norm.gamma, norm.beta = gamma.copy(), beta.copy()
    given = inputs.copy()
    norm.forward(given)
    # A 2-D batch with few features, where epsilon shows: variances near it.
    small = rng.standard_normal((4, 3)) * 0.003
    plain = nn.Layer_LayerNorm(3)
    plain.forward(small.copy())
    # An epsilon of its own: one written into forward in place of self.epsilon shows.
    wide = returned_or_raised(nn, nn.Layer_LayerNorm, 3, epsilon=0.01)
    if not isinstance(wide, str):
        _run_forward(wide, small.copy())
    return {"inputs": inputs, "gamma": gamma, "beta": beta, "output": getattr(norm, "output", None),
            "set": attributes(norm), "inputs_after": given, "small": small,
            "output_small": getattr(plain, "output", None),
            "gamma_initial": getattr(plain, "gamma", None), "beta_initial": getattr(plain, "beta", None),
            "output_other_epsilon": getattr(wide, "output", None),
            "other_epsilon_raised": wide if isinstance(wide, str) else None}


def layernorm_backward(nn, rng):
    # From a stream of their own (private_generator): this computes a right forward pass, for any `nn` and `rng`.
    rng = private_generator(rng)
    inputs, gamma, beta = _layernorm_case(rng)
    norm = nn.Layer_LayerNorm(5)
    norm.gamma, norm.beta = gamma.copy(), beta.copy()
    raised = forward_before_backward(norm, inputs.copy())
    std = (inputs.var(axis=-1, keepdims=True) + 1e-5) ** 0.5
    normalized = (inputs - inputs.mean(axis=-1, keepdims=True)) / std
    # Where forward's output is right, backward works from what it kept, whatever it meant by it (self.std without
    # epsilon, self.inputs centred); else from a correct forward pass's cache.
    if not output_right(norm, gamma * normalized + beta):
        norm.inputs, norm.std, norm.normalized = inputs.copy(), std, normalized
    dvalues = rng.standard_normal(inputs.shape)
    given = dvalues.copy()
    backward_after(norm, raised, given)
    answer = {"inputs": inputs, "gamma": gamma, "beta": beta, "dvalues": dvalues, "dvalues_after": given,
              "dinputs": getattr(norm, "dinputs", None), "dgamma": getattr(norm, "dgamma", None),
              "dbeta": getattr(norm, "dbeta", None),
              "set": attributes(norm, leaving_out=("inputs", "std", "normalized"))}
    # A 2-D batch (samples, features), as layernorm_forward gives one: the sums run over every axis but the last.
    flat = inputs[0]
    norm = nn.Layer_LayerNorm(5)
    norm.gamma, norm.beta = gamma.copy(), beta.copy()
    raised = forward_before_backward(norm, flat.copy())
    std = (flat.var(axis=-1, keepdims=True) + 1e-5) ** 0.5
    normalized = (flat - flat.mean(axis=-1, keepdims=True)) / std
    if not output_right(norm, gamma * normalized + beta):
        norm.inputs, norm.std, norm.normalized = flat.copy(), std, normalized
    # Where forward raised on 2-D inputs and backward then did too, this check says what forward raised
    # (backward_after), as _later_backward's rounds do.
    backward_after(norm, raised, dvalues[0].copy())
    return {**answer, "flat_dgamma": getattr(norm, "dgamma", None), "flat_dbeta": getattr(norm, "dbeta", None)}


def positions(nn, rng):
    return {"encoding": nn.positional_encoding(7, 8), "small": nn.positional_encoding(3, 4),
            "odd": returned_or_raised(nn, nn.positional_encoding, 4, 5)}


# --- the Transformer ---------------------------------------------------------------------------------

def _model(nn, n_heads=2):
    """A small Transformer (5 tokens, sequences of 4, d_model 8, `n_heads` heads, d_ff 12), and its dense layers by
    name."""
    model = nn.Transformer(5, 4, d_model=8, n_heads=n_heads, d_ff=12)
    return model, {"embedding": model.embedding, "dense_q": model.attention.dense_q,
                   "dense_k": model.attention.dense_k, "dense_v": model.attention.dense_v,
                   "dense_o": model.attention.dense_o, "dense1": model.dense1, "dense2": model.dense2,
                   "classifier": model.classifier}


# The layers without weights of the block that a backward pass may leave out, in the order it reaches them.
LEFT_OUT = ("norm2", "relu", "norm1")


def _transformer(nn, rng, backward):
    with _given(nn, BLOCK_PARTS):
        _, layers = _model(nn)
    # Random parameters of the shapes the model gave its layers, the same for every run below.
    parameters = {name: (rng.standard_normal(layer.weights.shape) * 0.5, rng.standard_normal(layer.biases.shape) * 0.1)
                  for name, layer in layers.items()}
    tokens = rng.integers(0, 5, (3, 4))
    dvalues = rng.standard_normal((3, 4, 5))

    def built(nn, n_heads=2):
        model, layers = _model(nn, n_heads)
        for name, layer in layers.items():
            layer.weights, layer.biases = (array.copy() for array in parameters[name])
        return model, layers

    def run(nn):
        model, layers = built(nn)
        model.forward(tokens.copy())
        if backward:
            model.backward(dvalues.copy())
            # On a model of its own, every dense layer's dweights had the pass left out each of LEFT_OUT in turn:
            # only the reference's are read, to name a layer the learner's pass skipped.
            try:
                again, again_layers = built(nn)
                again.forward(tokens.copy())
                without = without_each_backward(
                    [getattr(again, name, None) for name in LEFT_OUT], lambda: again.backward(dvalues.copy()),
                    lambda: {name: float_copy(getattr(layer, "dweights", None))
                             for name, layer in again_layers.items()})
            except Exception:  # noqa: BLE001  (a learner's model that runs once only: the reference's are read)
                without = []
            return {"output": getattr(model, "output", None),
                    "dweights": {name: getattr(layer, "dweights", None) for name, layer in layers.items()},
                    "dbiases": {name: getattr(layer, "dbiases", None) for name, layer in layers.items()},
                    "without_each": without}
        masked, _ = built(nn)
        try:
            masked.forward(tokens.copy(), np.tril(np.ones((tokens.shape[1],) * 2, dtype=bool)))
            output_masked = copied(getattr(masked, "output", None))
        except Exception as exc:  # noqa: BLE001  (said after the unmasked output is judged)
            output_masked = raised_by(nn, exc)
        # Then no mask, to the same model: a mask kept from the call before, at any of its levels, shows.
        try:
            masked.forward(tokens.copy())
            output_unmasked_again = getattr(masked, "output", None)
        except Exception as exc:  # noqa: BLE001  (said after the masked output is judged)
            output_unmasked_again = raised_by(nn, exc)
        # Sequences one token shorter than the model was built for: positions added whole show.
        shorter, _ = built(nn)
        try:
            shorter.forward(tokens[:, :-1].copy())
            output_shorter = copied(getattr(shorter, "output", None))
        except Exception as exc:  # noqa: BLE001  (said after the full-length output is judged)
            output_shorter = raised_by(nn, exc)
        # Then full-length sequences through the same model: positions (or a length) kept from the call before show.
        try:
            shorter.forward(tokens.copy())
            output_full_again = getattr(shorter, "output", None)
        except Exception as exc:  # noqa: BLE001  (said after the shorter sequences are judged)
            output_full_again = raised_by(nn, exc)
        # The same weights split among 4 heads: a model that keeps 2 whatever it is given gives 2 heads' output.
        try:
            four, _ = built(nn, n_heads=4)
            four.forward(tokens.copy())
            output_four_heads = getattr(four, "output", None)
        except Exception as exc:  # noqa: BLE001  (said after the output of 2 heads is judged)
            output_four_heads = raised_by(nn, exc)
        return {"output": getattr(model, "output", None), "set": attributes(model), "output_masked": output_masked,
                "output_unmasked_again": output_unmasked_again, "output_shorter": output_shorter,
                "output_full_again": output_full_again,
                "output_four_heads": output_four_heads,
                **_mistaken_forwards(lambda: built(nn)[0], tokens)}

    return {"tokens": tokens, "dvalues": dvalues, **_by_head_parts(nn, BLOCK_PARTS, run)}


# What each LayerNorm's input adds to its branch's output: the embedded tokens, and norm1's output.
OWN_RESIDUAL = {"norm1": "embedded", "norm2": "norm1"}


def _mistaken_forwards(build, tokens):
    """The outputs of a Transformer as seven mistakes compute them, for the checks to name with the reference's:
    without the positional encoding ("without_positions"), with norm2 given the embedded tokens in place of
    norm1's output ("norm2_after_embedded"), without either residual connection, each LayerNorm given its
    branch's output alone ("attention_alone", "feed_forward_alone"), without the feed-forward branch's ReLU
    ("without_relu"), and with the LayerNorm before the attention ("attention_normed_first") or before both
    branches ("normed_first"), the pre-LN block. Each runs on a model of its own from
    `build()`, so that the model judged is left as its forward pass left it; None where a model cannot be changed
    so (a learner's whose positions are a property, say: only the reference's answers are read)."""
    batch, length = tokens.shape

    def without_positions(model):
        model.positions = np.zeros_like(model.positions)

    class Through:
        def forward(self, inputs):
            self.output = inputs

    class NormedFirst:
        """A branch whose input goes through a LayerNorm first, as a pre-LN block has it."""

        def __init__(self, norm, branch):
            self.norm, self.branch = norm, branch

        def forward(self, inputs, *rest):
            self.norm.forward(inputs)
            self.branch.forward(self.norm.output, *rest)
            self.output = self.branch.output

    def without_relu(model):
        model.relu = Through()

    def normed_first(*branches):
        """The LayerNorm after each of `branches` ("attention", "dense1") moved before it."""
        def change(model):
            for branch, norm in (("attention", "norm1"), ("dense1", "norm2")):
                if branch in branches:
                    setattr(model, branch, NormedFirst(getattr(model, norm), getattr(model, branch)))
                    setattr(model, norm, Through())
        return change

    def residual(model, name):
        """The array the residual connection `name` adds, in the pass under way."""
        if name == "embedded":
            return model.embedding.output.reshape(batch, length, -1) + model.positions[:length]
        return model.norm1.output if name == "norm1" else 0

    def given_instead(name, added):
        """model.<name> given its input with the residual `added` in place of its own."""
        def change(model):
            norm = getattr(model, name)

            class Instead:
                def forward(self, inputs):
                    norm.forward(inputs - residual(model, OWN_RESIDUAL[name]) + residual(model, added))
                    self.output = norm.output

            setattr(model, name, Instead())
        return change

    variants = {}
    for name, change in (("without_positions", without_positions),
                         ("norm2_after_embedded", given_instead("norm2", "embedded")),
                         ("attention_alone", given_instead("norm1", "nothing")),
                         ("feed_forward_alone", given_instead("norm2", "nothing")),
                         ("without_relu", without_relu), ("attention_normed_first", normed_first("attention")),
                         ("normed_first", normed_first("attention", "dense1"))):
        try:
            model = build()
            change(model)
            model.forward(tokens.copy())
            variants[name] = float_copy(getattr(model, "output", None))
        except Exception:  # noqa: BLE001  (the learner's model: its own checks say what went wrong)
            variants[name] = None
    return variants


def transformer_forward(nn, rng):
    return _transformer(nn, rng, backward=False)


def transformer_backward(nn, rng):
    return _transformer(nn, rng, backward=True)


def _pairs():
    """Training pairs of tokens and held-out pairs the training never shows: those whose second token is 3 or 6
    after the first (mod 8), so that every token comes first and second in both sets. Targets reverse them."""
    pairs = np.array([(first, second) for first in range(VOCABULARY) for second in range(VOCABULARY)])
    held = np.isin((pairs[:, 1] - pairs[:, 0]) % VOCABULARY, (3, 6))
    seen = pairs[~held]
    X = seen[np.random.RandomState(20171206).randint(0, len(seen), TRAINING_SEQUENCES)]
    return X, X[:, ::-1].copy(), pairs[held]


def _starts():
    """Fixed starting weights for the dense layers in the order a Transformer builds them (embedding, the
    four projections, dense1, dense2, classifier), scaled to their inputs so that 20 steps learn; zero biases."""
    built = itertools.count()
    return lambda shape: {"weights": np.random.default_rng([next(built), *shape]).standard_normal(shape)
                          / np.sqrt(shape[0]), "biases": np.zeros((1, shape[1]))}


def _default_steps(nn, X, Y):
    """train's default step budget, from its signature; when it does not show one, what a run shows."""
    steps = shown_default(nn.train, "steps")
    if steps is None:
        with fixed_start(nn, _starts()):
            steps = len(nn.train(X.copy(), Y.copy())[1])
    return steps


def training(nn, rng):
    """train(X, Y, steps=20) from fixed weights and np.random.seed(0), with its default batch size, and the
    sequences the Transformer was given at each forward pass (one a step). A run that raised after an empty batch
    answers that batch and what was raised, for the check to say why."""
    X, Y, held_out = _pairs()
    imported = ImportedOptimizers(nn)
    adam = AdamWatch()
    noted = adam.stand_ins() if isinstance(getattr(nn, "Optimizer_Adam", None), type) else {}
    with batch_sizes(nn, "Transformer") as batches, fixed_start(nn, _starts()) as built, \
            standing_in(nn, noted, held=("Optimizer_Adam",)):
        np.random.seed(0)
        try:
            model, losses = nn.train(X.copy(), Y.copy(), steps=STEPS)
        except Exception as exc:  # noqa: BLE001  (answered only after an empty batch; raised again otherwise)
            if 0 not in batches:
                raise
            return {"batch_sizes": batches, "raised": raised_by(nn, exc), "losses": None, "on_held_out": None,
                    "on_held_out_again": None, "on_fewer": None, "default_steps": None, "labels": None,
                    "held_out": None,
                    "parameters": None, "learning_rate": None, "iterations": None, "optimizers_in_turn": None,
                    "changed_by_predict": None,
                    "unmoved": None, "other_vocabulary": None, "batches_of_8": None, "optimizer_at_import": None,
                    "attention_heads": None}
    # What training made of every dense layer, in the order they were built: the held-out pairs are a function of
    # their inputs (reversed), so the check runs the trained network forward itself.
    parameters = trained_parameters(built)
    # The layers whose weights are still those they started from, by their place in the order they were built.
    starts = _starts()
    unmoved = [number for number, (weights, _) in enumerate(parameters)
               if weights is not None and np.array_equal(weights, starts(weights.shape)["weights"])]
    predictions = copied(model.predict(held_out.copy()))
    again = copied(model.predict(held_out.copy()))
    # Fewer of the same sequences: what predict kept of a call before (its tokens, its result) shows.
    fewer = returned_or_raised(nn, model.predict, held_out[:5].copy())
    # A predict that trains on its own tokens gives them again: only the layers' parameters show it.
    return {"labels": held_out[:, ::-1].copy(), "held_out": held_out, "parameters": parameters, "losses": losses,
            "on_held_out": predictions, "on_held_out_again": again, "on_fewer": fewer,
            "changed_by_predict": parameters_changed(built, parameters), "unmoved": unmoved,
            "default_steps": _default_steps(nn, X, Y), "batch_sizes": batches,
            "raised": None, "learning_rate": adam.first_rate, "iterations": adam.iterations,
            "optimizers_in_turn": adam.in_turn,
            "other_vocabulary": _other_vocabulary(nn), "batches_of_8": _batches_of_8(nn, X, Y),
            "attention_heads": _heads_of(model),
            # Last, after a run of 3 steps: an optimizer built at import and set up again by each call counts 3,
            # one whose count goes on from call to call more than the watched run's.
            "optimizer_at_import": imported.stepped(most=STEPS)}


def _heads_of(model):
    """The heads of the attention layer of the model train built (the stub's self.n_heads), or None."""
    heads = getattr(getattr(model, "attention", None), "n_heads", None)
    return heads if type(heads) is int else None


def _batches_of_8(nn, X, Y):
    """How many sequences the Transformer was given at each step of train(X, Y, steps=3, batch_size=8), and what
    the run raised, if it did: (sizes, raised or None)."""
    with batch_sizes(nn, "Transformer") as sizes, fixed_start(nn, _starts()):
        outcome = returned_or_raised(nn, nn.train, X[:40].copy(), Y[:40].copy(), steps=3, batch_size=8)
    return list(sizes), outcome if isinstance(outcome, str) else None


def _other_vocabulary(nn):
    """For each of two runs, the shape of what a Transformer trained one step on tokens up to 9, a vocabulary no other
    run has, predicts for two sequences, or what it raised: a vocabulary written into the code shows. Token 7 is in
    neither X nor Y, and 9 only in Y in the first run, only in X in the second: a vocabulary counted from the tokens
    seen, or taken from X or Y alone, shows too."""
    tokens = np.random.RandomState(5).randint(0, 9, (40, 4))
    tokens[tokens == 7] = 8
    shapes = []
    for largest_in in ("Y", "X"):
        inputs, targets = tokens.copy(), tokens[:, ::-1].copy()
        (targets if largest_in == "Y" else inputs)[0, 0] = 9
        try:
            with fixed_start(nn, _starts()):
                model, _ = nn.train(inputs, targets, steps=1)
            shapes.append(list(np.shape(model.predict(tokens[:2].copy()))))
        except Exception as exc:  # noqa: BLE001  (the check says what a vocabulary of 10 raised)
            shapes.append(raised_by(nn, exc))
    return shapes


def figure_attention(nn, rng):
    """The attention of every head for a held-out sequence of 6 tokens, after train reversed such sequences for
    80 steps from fixed weights."""
    tokens = np.random.RandomState(20171206).randint(0, VOCABULARY, (1001, FIGURE_LENGTH))
    with fixed_start(nn, _starts()):
        np.random.seed(0)
        model, _ = nn.train(tokens[:1000].copy(), tokens[:1000, ::-1].copy(), steps=FIGURE_STEPS)
    model.predict(tokens[1000:].copy())
    pattern = getattr(getattr(getattr(model, "attention", None), "attention", None), "attention_weights", None)
    return {"sequence": tokens[1000], "pattern": pattern}


def given_code(nn, rng):
    """The code the stub gives, on small fixed inputs (given_code_probed), with the optimizer's settings train uses, on
    two layers of one shape as the attention's four."""
    return {"probes": probed(nn, "dense_forward", "dense_backward", "relu_backward", "loss_calculate",
                             ("adam", {"learning_rate": 0.01, "decay": 0.0, "layers": 2}), "transformer_layers")}
