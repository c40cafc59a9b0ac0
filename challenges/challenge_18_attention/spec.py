"""Checks for challenge 18: attention, multi-head attention, LayerNorm, positions, then a one-block Transformer."""
import contextlib
import itertools

import numpy as np

from grader import expect
from grader.mistakes import dvalues_ignored, named
from grader.spec import check, figure
from grader.views import figures

MASK_VALUE = -1e9
NO_KEY_QUERY = 2   # the query attention_masked's second mask hides every key from (scenarios.NO_KEY_QUERY)
STEPS, BATCH = 20, 32           # the watched run, from fixed starting weights
TRAINING_SEQUENCES = 400        # its data: the batches wrap around at step 14 (step = 13)
SHORT_STEP = TRAINING_SEQUENCES // BATCH + 1    # step 13, of the short batch before the wrap: batching shows from here
DEFAULT_STEPS, FIGURE_STEPS = 150, 80
HELD_OUT_ACCURACY = 0.95
KEEP_DVALUES = ("Work on new arrays: never assign into dvalues or change it with +=, -=. "
                "The caller may still need dvalues.")
KEEP_SCORES = ("Work on new arrays: scores - np.max(scores, axis=-1, keepdims=True) makes one, where scores -= ... "
               "changes the caller's scores, which the caller may still need.")
KEEP_QKV = ("Work on new arrays: q / np.sqrt(d_k) makes one, where q /= np.sqrt(d_k) changes the caller's q, which "
            "the caller may still need and the layer's own backward pass reads as it was given.")
UNSCALED = named("unscaled_attention", "The scores were not divided by sqrt(d_k): scores = q · kᵀ / sqrt(d_k), "
                                       "with d_k = q.shape[-1], so that long vectors do not push the softmax to "
                                       "all-or-nothing weights.")
BY_D_K = named("unscaled_attention", "The scores were divided by d_k itself: the paper (Vaswani et al. 2017, "
                                    "section 3.2.1) divides them by its square root, np.sqrt(q.shape[-1]).")
QUERIES_AXIS = named("attention_softmax_axis", "The softmax ran over the queries (axis -2): each query's weights "
                                               "must sum to 1 over the keys, the last axis (axis=-1).")
BATCH_AXIS = named("attention_softmax_axis", "The softmax ran over the batch (axis 0): each query's weights must sum "
                                             "to 1 over the keys, the last axis (axis=-1).")
AFTER_SOFTMAX = named("mask_after_softmax", "The mask was applied after the softmax, so the weights of each query no "
                                            "longer sum to 1: set the hidden scores to MASK_VALUE before the softmax "
                                            "(np.where(mask, scores, MASK_VALUE)).")
HEADS_RESHAPED = named("heads_wrong_axis", "The heads were made by a reshape alone, so each head holds a slice of "
                                           "positions instead of a slice of features: reshape to (batch, sequence, "
                                           "n_heads, d_head), then transpose(0, 2, 1, 3).")
# The forward pass is right by then (the backward checks depend on it): only backward lost the factor.
UNSCALED_GRADIENT = named("unscaled_attention", "Attention.backward did not divide the scores' gradient by sqrt(d_k): "
                                                "the forward pass divides the scores by sqrt(d_k), so backward must "
                                                "divide dscores by it too, before dq and dk.")
MERGED_RESHAPED = named("heads_wrong_axis", "The heads were merged by a reshape alone, which mixes positions and "
                                            "heads: transpose(0, 2, 1, 3) back to (batch, sequence, n_heads, d_head) "
                                            "first, then reshape.")
INTERLEAVED = ("Head h holds features h, h + n_heads, h + 2 * n_heads..., as {how} (batch, sequence, d_head, n_heads) "
               "gives them; the README's convention gives each head d_head features side by side: {fix}")
BATCH_STATISTICS = named("layernorm_batch_axis", "The mean and variance were taken over the batch (axis 0); layer "
                                                 "normalisation takes them over each position's own features, the "
                                                 "last axis (axis=-1, keepdims=True).")
UNBIASED = named("unbiased_variance", "The variance is the unbiased one (divided by n_features - 1, ddof=1); layer "
                                      "normalisation uses the biased variance, the mean of the squared deviations.")


# --- independent formulations --------------------------------------------------------------------

def _softmax(scores, axis=-1):
    exp = np.exp(scores - np.max(scores, axis=axis, keepdims=True))
    return exp / np.sum(exp, axis=axis, keepdims=True)


def _weights(q, k, mask=None, scale=True, axis=-1, mask_after=False, hidden=MASK_VALUE):
    """Attention weights, or what one mistake makes of them; `scale`: True (sqrt(d_k)), False, "d_k", or the number
    the scores were divided by."""
    divisor = {True: np.sqrt(q.shape[-1]), False: 1, "d_k": q.shape[-1]}[scale] if isinstance(scale, (bool, str)) \
        else scale
    scores = np.matmul(q, np.swapaxes(k, -1, -2)) / divisor
    if mask is not None and not mask_after:
        scores = np.where(mask, scores, hidden)
    weights = _softmax(scores, axis)
    return weights * mask if mask is not None and mask_after else weights


def _attention_loops(q, k, v, mask=None):
    """Attention one query at a time: a softmax over the keys that query may see, explicitly.

    q (..., T, d), k (..., T, d), v (..., T, d_v) → (..., T, d_v); the leading axes broadcast, so a stack of
    points for a batched numerical gradient gives a stack of outputs. mask: (T, T), or None.
    """
    outputs = []
    for i in range(q.shape[-2]):
        allowed = np.arange(k.shape[-2]) if mask is None else np.flatnonzero(mask[i])
        scores = np.einsum("...d,...jd->...j", q[..., i, :], k[..., allowed, :]) / np.sqrt(q.shape[-1])
        weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
        weights /= weights.sum(axis=-1, keepdims=True)
        outputs.append(np.einsum("...j,...jd->...d", weights, v[..., allowed, :]))
    return np.stack(outputs, axis=-2)


PROJECTIONS = ("dense_q", "dense_k", "dense_v")


# Ways to split (..., sequence, d_model) into (..., n_heads, sequence, d_head) and to merge them back, over any
# leading axes: split_heads's and merge_heads's contiguous blocks of features, the scenarios' stand-ins (feature j
# in head j % n_heads), and a reshape alone, which gives each head a slice of positions.
def _split_blocks(x, n_heads):
    return np.swapaxes(x.reshape(x.shape[:-1] + (n_heads, x.shape[-1] // n_heads)), -3, -2)


def _split_interleaved(x, n_heads):
    return np.moveaxis(x.reshape(x.shape[:-1] + (x.shape[-1] // n_heads, n_heads)), -1, -3)


def _split_reshaped(x, n_heads):
    return x.reshape(x.shape[:-2] + (n_heads, x.shape[-2], x.shape[-1] // n_heads))


def _merge_blocks(x):
    x = np.swapaxes(x, -3, -2)
    return x.reshape(x.shape[:-2] + (-1,))


def _merge_interleaved(x):
    x = np.moveaxis(x, -3, -1)
    return x.reshape(x.shape[:-2] + (-1,))


def _merge_reshaped(x):
    return x.reshape(x.shape[:-3] + (x.shape[-2], -1))


HEAD_PARTS = ("split_heads", "merge_heads")


def _mha_stand_in(inputs, parameters, mask, n_heads, project=True, fixed=None, moving=PROJECTIONS,
                  split=_split_interleaved, merge=_merge_interleaved):
    """Multi-head self-attention with the scenarios' stand-in attention: each head attends by v + q * sum(k over
    its features), plus each query's count of visible keys. The heads are split and merged by `split` and
    `merge`, by default the scenarios' stand-ins: head h holds features h, h + n_heads, h + 2 n_heads... With
    `fixed` inputs, only the projections named in `moving` read `inputs`; the others read `fixed`."""
    (wq, bq), (wk, bk), (wv, bv), (wo, bo) = (parameters[name] for name in ("dense_q", "dense_k", "dense_v", "dense_o"))
    read = {name: inputs if fixed is None or name in moving else fixed for name in PROJECTIONS}
    q, k, v = (split(x, n_heads) for x in (read["dense_q"] @ wq + bq, read["dense_k"] @ wk + bk,
                                           read["dense_v"] @ wv + bv))
    visible = 0 if mask is None else mask.sum(axis=-1, keepdims=True)
    merged = merge(v + q * k.sum(axis=-1, keepdims=True) + visible)
    return merged @ wo + bo if project else merged


def _mha_backward_stand_in(inputs, parameters, n_heads, dvalues, forward_split, split, merge, swapped=False):
    """dinputs of _mha_stand_in's layer whose forward pass split the heads by `forward_split` (right by then: the
    backward checks wait for the forward one), and whose backward pass splits dense_o's dinputs by `split` and
    merges the heads' gradients by `merge`; `swapped`: with dense_k given the values' gradient and dense_v the
    keys'."""
    (wq, bq), (wk, bk), (wv, bv), (wo, _) = (parameters[name] for name in ("dense_q", "dense_k", "dense_v", "dense_o"))
    q, k = forward_split(inputs @ wq + bq, n_heads), forward_split(inputs @ wk + bk, n_heads)
    dheads = split(dvalues @ wo.T, n_heads)
    dq, dk = dheads * k.sum(axis=-1, keepdims=True), np.broadcast_to((dheads * q).sum(axis=-1, keepdims=True), k.shape)
    dv = dheads
    if swapped:
        dk, dv = dv, dk
    return merge(dq) @ wq.T + merge(dk) @ wk.T + merge(dv) @ wv.T


def _judged_run(got, want, keys):
    """(got, want, own): the run of the scenario to judge the learner's layer by. With the stand-ins for
    split_heads and merge_heads where the layer called both of them, so that a mistake in those two parts does
    not count again here; with the true ones (the module's own) where it did not, or where it gives the right
    `keys` only that way, so that a layer which splits or merges the heads itself, wholly or in part, is judged
    with that code (own is True). A layer that never called the stand-in Attention's forward computes the
    attention itself: it is judged whole, by the run with its own Attention and heads (own is WHOLE)."""
    # All come from the worker: a value of another kind than the scenario gives is read as no call, no run.
    whole, whole_want = got.get("own_attention"), want["own_attention"]
    if got.get("attended") is False and isinstance(whole, dict) and set(whole) == set(whole_want):
        expect.true(_agree(got.get("attention_probe"), want["attention_probe"]), WAITS_FOR_ATTENTION)
        return whole, whole_want, WHOLE
    called = got.get("called")
    called = set(called) if isinstance(called, list) and all(isinstance(name, str) for name in called) else set()
    own, own_want = got.get("own_heads"), want["own_heads"]
    if not (isinstance(own, dict) and set(own) == set(own_want)):
        return got, want, False
    right_by_own = all(_agree(own[key], own_want[key]) for key in keys)
    if called >= set(HEAD_PARTS) and not right_by_own:
        return got, want, False
    return own, own_want, True


# _judged_run's word for a layer judged whole, and what a mismatch of such a layer adds (_said_whole).
WHOLE = "whole"
ATTENDS_ITSELF = ("Your Layer_MultiHeadAttention computes the attention itself rather than through "
                  "self.attention.forward, so this check ran it whole, with that attention and its own heads: a "
                  "mistake in either shows here too.")


WAITS_FOR_ATTENTION = ("Your Layer_MultiHeadAttention computes the attention itself rather than through "
                       "self.attention.forward, so it is judged whole, once your Attention gives the right answers: "
                       "it does not yet, and its mistakes could offset the layer's. Fix Attention first (its own "
                       "checks say how), or call self.attention.forward and self.attention.backward, and the layer "
                       "is judged on its own.")


@contextlib.contextmanager
def _said_whole(own):
    """A mismatch of a layer judged whole (own is WHOLE) adds ATTENDS_ITSELF."""
    __tracebackhide__ = True
    try:
        yield
    except expect.Mismatch as mismatch:
        if own != WHOLE:
            raise
        raise expect.Mismatch(f"{mismatch} {ATTENDS_ITSELF}", mismatch.mistake, mismatch.figure) from None


def _agree(got, want):
    """Whether got holds want's arrays (in the same dicts and lists), each to the rounding of float32 work."""
    if isinstance(want, dict):
        return isinstance(got, dict) and all(_agree(got.get(key), value) for key, value in want.items())
    if isinstance(want, (list, tuple)):
        return isinstance(got, (list, tuple)) and len(got) == len(want) and all(map(_agree, got, want))
    if want is None:
        return got is None
    try:
        return expect.close(got, want)
    except (TypeError, ValueError):
        return False


def _head_ways(own):
    """The split and merge of the heads that the judged run makes: the true ones, or the stand-ins'."""
    return (_split_blocks, _merge_blocks) if own else (_split_interleaved, _merge_interleaved)


# What a layer's own split or merge did wrong, said of {split} (the projections, or dense_o's dinputs) or of
# {merged} (the heads, or the heads' gradients).
SPLIT_BY_RESHAPE = ("splits {split} into heads by a reshape alone, to (batch, n_heads, sequence, d_head), so each "
                    "head holds a slice of positions instead of a slice of features: reshape to (batch, sequence, "
                    "n_heads, d_head), then transpose(0, 2, 1, 3), as split_heads does")
SPLIT_INTERLEAVED = ("splits {split} into heads feature by feature (a reshape to (batch, sequence, d_head, "
                     "n_heads)), so head h holds features h, h + n_heads, h + 2 n_heads...; each head takes a block "
                     "of d_head features side by side: reshape to (batch, sequence, n_heads, d_head), then "
                     "transpose(0, 2, 1, 3), as split_heads does")
MERGE_BY_RESHAPE = ("merges {merged} by a reshape alone, which mixes positions and heads: transpose(0, 2, 1, 3) "
                    "back to (batch, sequence, n_heads, d_head) first, then reshape to (batch, sequence, d_model), "
                    "as merge_heads does")
MERGE_INTERLEAVED = ("merges {merged} feature by feature (transpose(0, 2, 3, 1) before the reshape), so the heads' "
                     "features end up interleaved; each head's d_head features go side by side: transpose(0, 2, 1, "
                     "3), then reshape, as merge_heads does")
WRONG_SPLITS = {SPLIT_BY_RESHAPE: _split_reshaped, SPLIT_INTERLEAVED: _split_interleaved}
WRONG_MERGES = {MERGE_BY_RESHAPE: _merge_reshaped, MERGE_INTERLEAVED: _merge_interleaved}


def _own_head_mistakes(own, value, backward=False):
    """{sentence: what value(split, merge) is} for the wrong ways of splitting or merging the heads that the
    layer's own code may have taken, where it is judged with that code (own); in forward, or in backward. A
    backward pass judged with the stand-ins (its forward pass called split_heads and merge_heads) may still split or
    merge by a reshape alone: that gives the same whatever the heads' layout, so it is told with the stand-ins."""
    if not (own or backward):
        return {}
    pass_name, split_what, merged_what = (("Layer_MultiHeadAttention.backward", "dense_o's dinputs",
                                           "the heads' gradients") if backward else
                                          ("Layer_MultiHeadAttention.forward", "the projections", "the heads"))
    split, merge = _head_ways(own)
    splits, merges = {None: split, **WRONG_SPLITS}, {None: merge, **WRONG_MERGES}
    if not own:
        splits, merges = ({None: split, SPLIT_BY_RESHAPE: _split_reshaped},
                          {None: merge, MERGE_BY_RESHAPE: _merge_reshaped})
    mistakes = {}
    for (split_said, split_way), (merge_said, merge_way) in itertools.product(splits.items(), merges.items()):
        said = [part.format(split=split_what, merged=merged_what) for part in (split_said, merge_said) if part]
        if said:
            mistakes[f"{pass_name} " + ", and ".join(said) + " (or call split_heads and merge_heads)."] = value(
                split_way, merge_way)
    return mistakes


def _layernorm_dinputs(dnorm, normalized, std):
    """dinputs of layer normalisation, from the gradient dnorm that reaches normalized."""
    return (dnorm - dnorm.mean(axis=-1, keepdims=True)
            - normalized * (dnorm * normalized).mean(axis=-1, keepdims=True)) / std


def _layernorm(inputs, gamma, beta, axis=-1, ddof=0, epsilon=1e-5, inside=True):
    mean = inputs.mean(axis=axis, keepdims=True)
    variance = inputs.var(axis=axis, keepdims=True, ddof=ddof)
    std = np.sqrt(variance + epsilon) if inside else np.sqrt(variance) + epsilon
    return gamma * (inputs - mean) / std + beta


def _expect_gradients(got, arrays, forward, dvalues):
    """Each gradient got[name] against central differences of sum(forward(**arrays) * dvalues) in arrays[name].

    `forward` must broadcast leading axes: the differences are taken on a stack of points at once, each given
    as many axes as the largest array (gamma (D,) becomes (P, 1, 1, D) beside inputs (B, T, D)).
    """
    depth = max(x.ndim for x in arrays.values())
    summed = tuple(range(-dvalues.ndim, 0))
    for name, x in arrays.items():
        def objective(points, name=name, x=x):
            points = points.reshape(points.shape[:1] + (1,) * (depth - x.ndim) + x.shape)
            return np.sum(forward(**{**arrays, name: points}) * dvalues, axis=summed)
        expect.gradient(got[name], expect.numerical_gradient(objective, x, batched=True), f"self.{name}")


# --- softmax and the mask ------------------------------------------------------------------------

@check("attention", hint=("Which axis holds the keys, whatever the number of axes before it? See chapter 4.",
                           "exp_values = np.exp(scores - np.max(scores, axis=-1, keepdims=True)), then divide by "
                           "np.sum(exp_values, axis=-1, keepdims=True)."))
def test_softmax(run):
    """softmax normalises the last axis of an array of any shape, without overflow, its scores unchanged"""
    got, want = run("softmax")
    scores = want["scores"]
    with np.errstate(all="ignore"):   # the batch-wide shift underflows whole rows to 0 / 0; no shift overflows
        whole_batch_shift = np.exp(scores - scores.max()) / np.exp(scores - scores.max()).sum(axis=-1, keepdims=True)
        unshifted = np.exp(scores) / np.exp(scores).sum(axis=-1, keepdims=True)
    expect.array(got["output"], want["output"], "softmax(scores)", mistakes={
        named("lost_axis", f"softmax normalised axis 1 (axis={1 - scores.ndim}, counted from the end, of these "
                           f"{scores.ndim}-D scores), as the book's 2-D softmax does with axis=1; here it must be the "
                           "last axis, axis=-1, whatever the number of axes."): _softmax(scores, axis=1),
        named("lost_axis", "softmax normalised axis 0, across the batch; it must be the last axis, axis=-1, the "
                           "keys of each query, whatever the number of axes."): _softmax(scores, axis=0),
        "np.exp overflowed: the row of scores near 1000 gives inf / inf. Subtract each row's maximum before the "
        "exponential, scores - np.max(scores, axis=-1, keepdims=True), which leaves the softmax unchanged.": unshifted,
        named("batch_max_shift", "The scores were shifted by the largest value of the whole array, so rows far "
                                 "below it underflow: subtract each row's own maximum (axis=-1, keepdims=True)."):
            whole_batch_shift,
    })
    expect.unchanged(got["scores_after"], scores, "The scores array given to softmax", KEEP_SCORES)


@check("attention", hint=("Which keys may query i look at if it must not see the future? See Vaswani et al. 2017, section 3.2.3.",
                      "np.tril(np.ones((length, length), dtype=bool)): True on and below the diagonal."))
def test_causal_mask(run):
    """causal_mask(length) is True where query i may look at key j, that is j <= i"""
    got, want = run("mask")
    mask = expect.shape(got["mask"], (5, 5), "causal_mask(5)", "one row per query and one column per key")
    expect.true(not np.array_equal(mask.astype(bool), ~want["mask"]),
                "causal_mask(5) is True above the diagonal, where the future is: a query may look at itself and "
                "the keys before it, so the mask is np.tril, True on and below the diagonal.")
    expect.true(not np.array_equal(mask.astype(bool), np.tril(want["mask"], -1)),
                "causal_mask(5) leaves out the diagonal: each query may look at its own position too (np.tril "
                "with the default k=0).")
    _expect_mask(mask, want["mask"], "causal_mask(5)")
    _expect_mask(expect.shape(got["single"], (1, 1), "causal_mask(1)", "one query and one key"), want["single"],
                 "causal_mask(1)")
    expect.true(mask.dtype == bool, f"causal_mask(5) is True and False in the right places, as an array of "
                f"{mask.dtype}: a mask is a boolean array, np.tril(np.ones((length, length), dtype=bool)), which ~mask "
                "turns over and which picks values out of the scores as it is (scores[mask]).")


def _expect_mask(mask, want, what):
    """A mask is right or wrong position by position: say where it lets a query look or not, in True and False.
    (expect.array's advice is for products, such as a transpose from the order of np.dot's arguments.)"""
    __tracebackhide__ = True
    wrong = np.argwhere(mask.astype(bool) != want)
    if wrong.size and np.array_equal(mask.astype(bool), want.T):
        expect.fail(f"{what} is True on and above the diagonal (np.triu), where query i would see the keys after "
                    "it: query i may look at key j only where j <= i, on and below the diagonal (np.tril).")
    if wrong.size:
        row, column = (int(index) for index in wrong[0])
        expect.fail(f"{what} is {bool(mask[row, column])} at row {row}, column {column} (query {row}, key {column}) "
                    f"({len(wrong)} of its {want.size} positions are wrong): it must be True exactly where j <= i, so "
                    "that query i looks at key j only on and below the diagonal (np.tril).")
    expect.array(mask, want, what)


# --- scaled dot-product attention -----------------------------------------------------------------

def _expect_weights(got, want, mask=None):
    q, k = want["q"], want["k"]
    mistakes = {UNSCALED: _weights(q, k, mask, scale=False), BY_D_K: _weights(q, k, mask, scale="d_k"),
                QUERIES_AXIS: _weights(q, k, mask, axis=-2),
                BATCH_AXIS: _weights(q, k, mask, axis=0)}
    # Divided by the root of another size than d_k: said where it differs from d_k in this check.
    for size, what in ((q.shape[-2], "the number of queries (q.shape[-2], the sequence)"),
                       (k.shape[-2], "the number of keys (k.shape[-2])"),
                       (want["v"].shape[-1] if "v" in want else q.shape[-1], "d_v, the values' size (v.shape[-1])")):
        if size != q.shape[-1]:
            mistakes.setdefault(named("unscaled_attention", f"The scores were divided by sqrt({size}), the root of "
                                      f"{what}: divide them by the root of d_k, the size of each query and key, "
                                      "np.sqrt(q.shape[-1])."), _weights(q, k, mask, scale=np.sqrt(size)))
    if mask is not None:
        mistakes.update({
            AFTER_SOFTMAX: _weights(q, k, mask, mask_after=True),
            "The hidden scores were set to 0, not to MASK_VALUE: e^0 = 1 still gives the future keys weight. "
            "Use np.where(mask, scores, MASK_VALUE).": _weights(q, k, mask, hidden=0.0),
            "The mask was read the other way round: it is True where a query may look, so keep the scores where it "
            "is True and hide the others.": _weights(q, k, ~mask),
            "The mask was not applied: every query still gives weight to the keys after it. Hide them before the "
            "softmax with np.where(mask, scores, MASK_VALUE) when a mask is given.": _weights(q, k),
        })
    expect.array(got["attention_weights"], want["attention_weights"], "self.attention_weights", mistakes=mistakes,
                 set_by=(got.get("set"), want.get("set"), "Attention.forward"))


@check("attention", hint=("Which axis of q · kᵀ holds the keys, and why divide the scores by sqrt(d_k)? "
                        "See chapters 3 and 4, and Vaswani et al. 2017, section 3.2.1.",
                        "scores = np.matmul(q, k.swapaxes(-1, -2)) / np.sqrt(q.shape[-1]); attention_weights = "
                        "softmax(scores); output = np.matmul(attention_weights, v)."))
def test_attention_forward(run):
    """Attention.forward sets attention_weights (softmax over keys of q · kᵀ / sqrt(d_k)) and output; q, k, v unchanged"""
    got, want = run("attention_forward")
    _expect_weights(got, want)
    expect.array(got["output"], want["output"], "self.output",
                 set_by=(got.get("set"), want["set"], "Attention.forward"), mistakes={
        "The output is q · kᵀ · v without the softmax's weights: multiply the attention weights by v.":
            np.matmul(np.matmul(want["q"], np.swapaxes(want["k"], -1, -2)), want["v"]),
    })
    given = (f"q, k and v of shape {want['q4'].shape} (batch, heads, positions, d_k), as multi-head attention gives "
             "them,")
    expect.of_another_size(got["output_4d"], want["output_4d"], f"Attention.forward on {given}" if isinstance(
        got["output_4d"], str) else f"self.output for {given}", LEADING_AXES, hint=LEADING_AXES_HINT)
    expect.of_another_size(got["output_wide"], want["output_wide"], "self.output for queries and keys of 5 "
                           "features", "Is d_k written into the code (np.sqrt(3), say)? Scale by the features the "
                           "keys have: np.sqrt(q.shape[-1]).")
    expect.of_another_size(got["again"], want["again"], "self.output when the layer of the first call runs again, on "
                           "6 queries and 7 keys of 5 features,", KEPT_BY_THE_LAYER)
    for name in ("q", "k", "v"):
        expect.unchanged(got[f"{name}_after"], want[name], f"The {name} array given to Attention.forward", KEEP_QKV)


@check("attention", depends="attention_forward",
       hint=("Must a hidden key get a small weight or none at all, and do each query's weights still sum to 1? "
             "See chapter 4.",
             "scores = np.where(mask, scores, MASK_VALUE) before the softmax: e^-1e9 is exactly 0."))
def test_attention_masked(run):
    """With a causal mask, each query's softmax runs over the keys up to its own position only"""
    got, want = run("attention_masked")
    expect.true(not (_agree(got["output"], want["output"])
                     and _agree(got["attention_weights"], _weights(want["q"], want["k"]))),
                "self.output is right, masked, but self.attention_weights holds the weights of the unmasked scores: "
                "backward reads self.attention_weights, so the hidden keys would get gradients. Keep the weights of "
                "the masked scores, self.attention_weights = softmax(scores) after np.where(mask, scores, "
                "MASK_VALUE), and compute the output from them.")
    _expect_weights(got, want, want["mask"])
    expect.array(got["output"], want["output"], "self.output with the causal mask")
    weights, expected = got["row_hidden_weights"], want["row_hidden_weights"]
    query = NO_KEY_QUERY
    scores = np.matmul(want["q"], np.swapaxes(want["k"], -1, -2)) / np.sqrt(want["q"].shape[-1])
    what = f"With a mask that hides every key from query {query}, self.attention_weights"
    if _nan_in_hidden_row_alone(weights, expected, query):
        far, far_expected = got["far_rows_weights"], want["far_rows_weights"]
        if isinstance(far, np.ndarray) and far.shape == far_expected.shape and not _agree(far, far_expected):
            if _agree(far[1:], far_expected[1:]):
                expect.fail(f"{what} is NaN in query {query}'s row alone, and right in every other row; and without a "
                            "mask, where the first sequence's scores are a thousand times the second's, the first "
                            "sequence's weights alone are wrong: the softmax subtracts no maximum, so e^1000 overflows "
                            "to inf (inf / inf is NaN), and a row of MASK_VALUE alone gives e^-1e9 = 0 throughout (0 / 0 "
                            "is NaN). Subtract each row's own maximum before np.exp, np.max(scores, axis=-1, "
                            "keepdims=True).")
            expect.fail(f"{what} is NaN in query {query}'s row alone, and right in every other row; and without a "
                        "mask, where the first sequence's scores are a thousand times the second's, the second's "
                        "weights are wrong too: the softmax subtracts one maximum for all the scores, not each row's "
                        "own, so a row far below it (every score at MASK_VALUE, say) gives e^-1000 = 0 throughout, "
                        "and 0 / 0 = NaN. Subtract each row's own maximum, np.max(scores, axis=-1, keepdims=True).")
        expect.fail(f"{what} is NaN in query {query}'s row alone, and right in every other row: the hidden scores "
                    "were set to -np.inf, whose row alone has no softmax (-inf - -inf is NaN); or the maximum the "
                    "softmax subtracts was taken from the scores before the mask set them, so that a row of "
                    "MASK_VALUE alone gives e^-1e9 = 0 throughout; or the mask was applied to the weights after the "
                    "softmax and each row divided by its sum, which is 0 in a row that may look at no key. Set the "
                    "hidden scores to the README's MASK_VALUE = -1e9 first, np.where(mask, scores, MASK_VALUE), then "
                    "take the softmax of the masked scores, each row's own maximum subtracted: a query that may look "
                    "at no key then weighs every key alike.")
    expect.array(weights, expected, what, mistakes={
        f"Query {query}'s weights are the softmax of its own scores, as if nothing hid its keys: MASK_VALUE was added "
        "to the hidden scores (scores + (1 - mask) * MASK_VALUE), which keeps their differences, where the README "
        "sets them to it. Set them, np.where(mask, scores, MASK_VALUE): a query that may look at no key then weighs "
        "every key alike.": np.where(np.arange(expected.shape[-2])[:, None] == query, _softmax(scores), expected)})
    expect.array(got["row_hidden_output"], want["row_hidden_output"], f"self.output with a mask that hides every key "
                 f"from query {query}")
    _expect_masked_heads(got, want)
    again, what = got["unmasked_again_weights"], "the same Attention called again without a mask"
    if isinstance(again, str):
        expect.fail(f"The masked call went well, but {what} raised {again}. A call without "
                    "a mask hides no key: mask=None leaves the scores as they are.")
    expect.array(again, want["unmasked_again_weights"], f"self.attention_weights of {what}", mistakes={
        "The second call, given no mask, still hid the keys the first call's mask hid: the mask was kept on self and "
        "used again. Each call masks with its own mask argument alone, and mask=None hides nothing.":
            want["attention_weights"]})


def _nan_in_hidden_row_alone(weights, expected, query):
    """Whether `weights` are NaN in row `query` of the queries axis alone, and agree with `expected` elsewhere: a
    mask of -np.inf, whose fully hidden row has no softmax."""
    if not (isinstance(weights, np.ndarray) and weights.shape == expected.shape and weights.dtype.kind == "f"):
        return False
    return bool(np.isnan(weights[..., query, :]).all()) and _agree(np.delete(weights, query, axis=-2),
                                                                   np.delete(expected, query, axis=-2))


def _expect_masked_heads(got, want):
    """The causal mask on scores of (batch, heads, queries, keys): the last two axes, whatever leads them."""
    q, k = want["heads_q"], want["heads_k"]
    what = (f"Attention.forward with q, k and v of shape {q.shape} (batch, heads, positions, d_k), as multi-head "
            f"attention gives them, and a ({q.shape[-2]}, {k.shape[-2]}) causal mask")
    expect.true(got["heads_raised"] is None, f"{what} raised {got['heads_raised']}. The mask covers the last two "
                "axes of the scores, whatever axes lead them: np.where(mask, scores, MASK_VALUE) broadcasts it "
                "over them.")
    scores = np.matmul(q, np.swapaxes(k, -1, -2)) / np.sqrt(q.shape[-1])
    misplaced = scores.copy()
    misplaced[:, ~want["mask"][:q.shape[-2], :k.shape[-2]]] = MASK_VALUE
    expect.array(got["heads_weights"], want["heads_weights"], f"self.attention_weights of {what}", mistakes={
        "The mask hid whole rows of the wrong axes: scores[:, ~mask] puts the mask on the axes after the first, "
        "the heads and the queries of 4-D scores, not on the queries and the keys. Mask the last two axes, whatever "
        "leads them: np.where(mask, scores, MASK_VALUE).": _softmax(misplaced)})


# Said where predict on fewer sequences does not give what it gave for them among more.
KEPT_BY_PREDICT = ("Does predict keep something of an earlier call on self (its tokens, its result)? Run the network "
                   "on the tokens of each call.")
# Said where Attention goes wrong on (batch, heads, positions, d_k) alone, as a 3-D transpose does.
LEADING_AXES = ("Attention works on any number of leading axes, as the README's conventions say: transpose only the "
                "last two, np.swapaxes(x, -1, -2) (x.T or x.transpose(0, 2, 1) reverses or names every axis), and "
                "multiply with np.matmul or @, which run over whatever axes lead.")
LEADING_AXES_HINT = ("Which axes does each transpose of your Attention move? Try it on q, k and v of shape (2, 3, 4, "
                     "3), (batch, heads, positions, d_k): only the last two axes may swap. See the README's "
                     "conventions.")
# Said where the layer of a check's first call goes wrong when called again on other sizes.
KEPT_BY_THE_LAYER = ("Is d_k written into the code (np.sqrt(3), say), or does the layer keep something of its first "
                     "call on self (the scale np.sqrt(d_k), an array made once, the mask)? Compute each from the q, "
                     "k, v and mask of the call.")


def _attention_gradients(q, k, v, mask, dvalues):
    """{"dq", "dk", "dv"}: what the right Attention.backward gives for `dvalues` after a forward pass on q, k, v."""
    weights = _weights(q, k, mask)
    dweights = np.matmul(dvalues, np.swapaxes(v, -1, -2))
    dscores = weights * (dweights - np.sum(dweights * weights, axis=-1, keepdims=True)) / np.sqrt(q.shape[-1])
    return {"dq": np.matmul(dscores, k), "dk": np.matmul(np.swapaxes(dscores, -1, -2), q),
            "dv": np.matmul(np.swapaxes(weights, -1, -2), dvalues)}


def _expect_attention_backward(got, want):
    q, k, v, mask, dvalues = want["q"], want["k"], want["v"], want["mask"], want["dvalues"]
    set_by = got.get("set"), want["set"], "Attention.backward"

    def ignored(name):
        return dvalues_ignored("Attention.backward", lambda given: _attention_gradients(q, k, v, mask, given)[name],
                               dvalues.shape, np.matmul(_weights(q, k, mask), v))

    expect.array(got["dv"], want["dv"], "self.dv", set_by=set_by, mistakes=ignored("dv"))
    unscaled_dq = want["dq"] * np.sqrt(q.shape[-1])
    weights, dweights = _weights(q, k, mask), np.matmul(dvalues, np.swapaxes(v, -1, -2))
    jacobian = {
        "The softmax's backward pass is missing: the gradient of the weights must go through the softmax's "
        "Jacobian, weights * (dweights - sum(dweights * weights, axis=-1, keepdims=True)).": dweights,
        "The softmax's backward pass kept only the Jacobian's diagonal, weights * (1 - weights) * dweights: each "
        "weight also moves with every other weight of its query, so dscores = weights * (dweights - "
        "sum(dweights * weights, axis=-1, keepdims=True)).": weights * (1 - weights) * dweights,
        named("attention_softmax_axis", "The softmax's backward pass summed over the queries (axis=-2): the sum "
                                        "runs over each query's keys, sum(dweights * weights, axis=-1, "
                                        "keepdims=True)."):
            weights * (dweights - np.sum(dweights * weights, axis=-2, keepdims=True)),
    }
    root = np.sqrt(q.shape[-1])
    # A scale forward stored wrong (self.scale = 1.0), which backward reads right: said of forward, where it is wrong.
    numbers = got.get("numbers") if isinstance(got.get("numbers"), dict) else {}
    stored = {f"That is the gradient of scores {how} self.{name} = {value:g}, which Attention.forward stored and "
              f"backward reads, where they are divided by sqrt(d_k) = {root:.4g}: backward uses the scale right, and "
              f"the scale is wrong where forward sets it. Fix it there (self.{name} = 1 / np.sqrt(q.shape[-1])) "
              "first.": factor
              for name, value in numbers.items()
              if isinstance(value, float) and np.isfinite(value) and value > 0
              and not np.isclose(value, 1 / root) and not np.isclose(value, root)
              for how, factor in (("multiplied by", root * value), ("divided by", root / value))}
    expect.array(got["dq"], want["dq"], "self.dq", set_by=set_by, mistakes={
        **{said: want["dq"] * factor for said, factor in stored.items()}, UNSCALED_GRADIENT: unscaled_dq,
        **{said: np.matmul(dscores, k) / root for said, dscores in jacobian.items()},
        "self.dq holds the keys' gradient, one row per key: dq and dk are swapped. Each query's gradient comes from "
        "its row of scores and the keys, dq = dscores · k; each key's from its column and the queries, dk = "
        "dscoresᵀ · q.": want["dk"], **ignored("dq")})
    expect.array(got["dk"], want["dk"], "self.dk", set_by=set_by, mistakes={
        **{said: want["dk"] * factor for said, factor in stored.items()},
        UNSCALED_GRADIENT: want["dk"] * root, **ignored("dk"),
        "self.dk is divided by sqrt(d_k) twice: the q it reads was divided by it already, where Attention.forward "
        "scaled q in place (q /= np.sqrt(d_k)) and kept it. Scale the scores, or a new array, q / np.sqrt(d_k), "
        "and keep the q forward was given.": want["dk"] / root,
        **{said: np.matmul(np.swapaxes(dscores, -1, -2), q) / root for said, dscores in jacobian.items()}})
    _expect_gradients(got, {"dq": q, "dk": k, "dv": v}, lambda dq, dk, dv: _attention_loops(dq, dk, dv, mask),
                      dvalues)
    again = got["again"]
    for index, name in enumerate(("dq", "dk", "dv")):
        expect.of_another_size(again if isinstance(again, str) else again[index], want["again"][index],
                               f"self.{name} when the layer of these passes runs both again, unmasked, on two more "
                               "queries and keys of 5 features,", KEPT_BY_THE_LAYER)
    heads = got["heads"]
    given = (f"q, k and v of shape {np.shape(want['heads'][0])} (batch, heads, positions, d_k), as multi-head "
             "attention gives them,")
    for index, name in enumerate(("dq", "dk", "dv")):
        expect.of_another_size(heads if isinstance(heads, str) else heads[index], want["heads"][index],
                               f"Attention.backward on {given}" if isinstance(heads, str)
                               else f"self.{name} for {given}", LEADING_AXES, hint=LEADING_AXES_HINT)


# The backward checks give Attention.backward the cache a correct forward pass leaves (scenarios._attention_backward):
# they run whatever the forward checks found, as the README promises.
@check("attention",
       hint=("Three matrix products make the output: which products of the cached arrays and dvalues give each "
             "gradient, and where does the softmax's backward pass come in? See chapter 9.",
             "dv = weightsᵀ · dvalues; dweights = dvalues · vᵀ; dscores = weights * (dweights - sum(dweights * "
             "weights, axis=-1, keepdims=True)) / sqrt(d_k); dq = dscores · k; dk = dscoresᵀ · q."))
def test_attention_backward(run):
    """Attention.backward sets dq, dk and dv, which agree with numerical gradients"""
    got, want = run("attention_backward")
    _expect_attention_backward(got, want)


@check("attention", depends="attention_backward",
       hint="A hidden key had weight 0: what gradient does its score get? See chapter 9.")
def test_attention_backward_masked(run):
    """Attention.backward with a causal mask gives no gradient to the hidden positions"""
    got, want = run("attention_backward_masked")
    _expect_attention_backward(got, want)


@check("attention", depends="attention_backward",
       hint="Does a line of your backward pass assign into dvalues[...] or use -=, += on it? See chapter 9.")
def test_attention_backward_keeps_dvalues(run):
    """Attention.backward leaves the dvalues it was given, and the weights its forward pass stored, unchanged"""
    got, want = run("attention_backward")
    expect.unchanged(got["dvalues_after"], want["dvalues"], "The dvalues array given to Attention.backward",
                     KEEP_DVALUES)
    # The reference's weights: the layer's own are them, to float32's rounding, or were set to them before backward.
    expect.true(expect.agrees(got["weights_after"], want["weights_after"], kinds="f"), "Attention.backward changed "
                "self.attention_weights, the weights its forward pass stored: a second backward pass, or whoever "
                "looks at the attention pattern, reads them again. Compute dscores into a new array, weights * "
                "(dweights - ...), rather than with *= into self.attention_weights or a name for it.")


# --- heads ------------------------------------------------------------------------------------------

@check("shape", hint=("Each head takes a slice of the features: which axis must be split, and where must the "
                      "heads' axis end up? See the README's conventions.",
                      "inputs.reshape(batch, sequence, n_heads, d_model // n_heads).transpose(0, 2, 1, 3)."))
def test_split_heads(run):
    """split_heads turns (batch, sequence, d_model) into (batch, n_heads, sequence, d_model / n_heads)"""
    got, want = run("split_heads")
    inputs = want["inputs"]
    for key, n_heads in (("split_3", 3), ("split_2", 2)):
        what = f"split_heads(inputs, {n_heads}) for inputs of shape (2, 5, 6)"
        value = expect.as_array(got[key], what, want[key].shape)
        expect.true(value.shape != (2, 5, n_heads, 6 // n_heads), f"{what} has shape {value.shape}, but "
                    f"{want[key].shape} was expected: bring the heads' axis before the sequence's with "
                    "transpose(0, 2, 1, 3).")
        expect.array(value, want[key], what, mistakes={
            HEADS_RESHAPED: inputs.reshape(2, n_heads, 5, 6 // n_heads),
            INTERLEAVED.format(how="a reshape to", fix="reshape to (batch, sequence, n_heads, d_head), then "
                               "transpose(0, 2, 1, 3)."):
                _split_interleaved(inputs, n_heads)})


@check("shape", hint=("merge_heads undoes split_heads: in which order must transpose and reshape come? "
                      "See the README's conventions.",
                      "inputs.transpose(0, 2, 1, 3).reshape(batch, sequence, n_heads * d_head)."))
def test_merge_heads(run):
    """merge_heads turns (batch, n_heads, sequence, d_head) back into (batch, sequence, n_heads * d_head)"""
    got, want = run("merge_heads")
    merged = want["merged"]
    expect.array(got["merge"], want["merge"], "merge_heads(inputs) for inputs of shape (2, 3, 5, 2)",
                 mistakes={MERGED_RESHAPED: merged.reshape(2, 5, 6),
                           INTERLEAVED.format(how="a reshape from", fix="transpose(0, 2, 1, 3) to (batch, sequence, "
                                              "n_heads, d_head), then reshape."): _merge_interleaved(merged)})


# --- multi-head attention ----------------------------------------------------------------------------

@check("forward",
       hint=("Where do the heads split off, and which layer brings them back together? See Vaswani et al. 2017, section 3.2.2.",
             "Project with dense_q, dense_k and dense_v on inputs.reshape(-1, d_model), split each into heads, "
             "attend, merge, then project with dense_o and reshape to (batch, sequence, d_model)."))
def test_mha_forward(run):
    """Layer_MultiHeadAttention.forward projects, splits into heads, attends, merges and projects again"""
    # The scenario runs the layer with stand-ins for Attention and for the split_heads and merge_heads it calls
    # (scenarios.py).
    got, want = run("mha_forward")
    inputs, parameters, mask = want["inputs"], want["parameters"], want["mask"]
    got, want, own = _judged_run(got, want, ("output",))
    split, merge = _head_ways(own)
    with _said_whole(own):
        expect.array(got["output"], want["output"], "self.output",
                     set_by=(got.get("set"), want.get("set"), "Layer_MultiHeadAttention.forward"),
                     mistakes=None if own == WHOLE else lambda: {
            "The output projection dense_o is missing: after merging the heads, run them through dense_o.":
                _mha_stand_in(inputs, parameters, mask, 3, project=False, split=split, merge=merge),
            "The causal mask was not passed on to the attention: give self.attention.forward the mask.":
                _mha_stand_in(inputs, parameters, None, 3, split=split, merge=merge),
            "All heads attended at once (one head of d_model features): split the projections into n_heads heads.":
                _mha_stand_in(inputs, parameters, mask, 1, split=split, merge=merge),
            **_own_head_mistakes(own, lambda split, merge: _mha_stand_in(inputs, parameters, mask, 3, split=split,
                                                                         merge=merge)),
        })


def _projections_left_out(want, summed, split, merge):
    """What dinputs is when the backward pass sums the gradient of one or two of the three projections only."""
    inputs, parameters, mask, dvalues = want["inputs"], want["parameters"], want["mask"], want["dvalues"]
    mistakes = {}
    for moving in [(name,) for name in PROJECTIONS] + list(itertools.combinations(PROJECTIONS, 2)):
        taken = " and ".join(f"{name}.dinputs" for name in moving)
        mistakes[f"self.dinputs holds {taken} alone: the inputs went into all three projections, dense_q, dense_k "
                 "and dense_v, so dinputs is the sum of their three dinputs."] = expect.numerical_gradient(
            lambda x, moving=moving: np.sum(_mha_stand_in(x, parameters, mask, 3, fixed=inputs, moving=moving,
                                                          split=split, merge=merge) * dvalues, axis=summed),
            inputs, batched=True)
    return mistakes


@check("backprop", depends=("mha_forward",),
       hint=("The inputs went into three projections: how do their three gradients come together? See chapter 9.",
             "dense_o.backward, split its dinputs into heads, attention.backward, then each of dense_q, dense_k "
             "and dense_v on its merged gradient; dinputs is the sum of their three dinputs."))
def test_mha_backward(run):
    """Layer_MultiHeadAttention.backward sets dinputs and every projection's dweights and dbiases"""
    got, want = run("mha_backward")
    inputs, parameters, mask, dvalues = want["inputs"], want["parameters"], want["mask"], want["dvalues"]
    got, want, own = _judged_run(got, want, ("dinputs", "gradients"))
    split, merge = _head_ways(own)
    summed = tuple(range(-dvalues.ndim, 0))
    # Each projection's (dweights, dbiases), or (None, None) where the answer holds no such pair.
    gradients = {name: tuple(pair) if isinstance(pair, list) and len(pair) == 2 else (None, None)
                 for name, pair in (got["gradients"] if isinstance(got["gradients"], dict) else {}).items()}
    with _said_whole(own):
        expect.array(got["dinputs"], want["dinputs"], "self.dinputs",
                     set_by=(got.get("set"), want.get("set"), "Layer_MultiHeadAttention.backward"),
                     # Given as a function: their central differences are taken only for wrong values.
                     mistakes=None if own == WHOLE else lambda: {
            **_projections_left_out({**want, "inputs": inputs, "parameters": parameters, "mask": mask,
                                     "dvalues": dvalues}, summed, split, merge),
            **_own_head_mistakes(own, lambda way, back: _mha_backward_stand_in(inputs, parameters, 3, dvalues, split,
                                                                                  way, back), backward=True),
            "dense_k was given the values' gradient and dense_v the keys' (self.attention.dk and dv swapped): each "
            "projection's backward takes the gradient of its own output, dense_k.backward(merge_heads("
            "self.attention.dk)...) and dense_v.backward(merge_heads(self.attention.dv)...).":
                _mha_backward_stand_in(inputs, parameters, 3, dvalues, split, split, merge, swapped=True),
            **dvalues_ignored("Layer_MultiHeadAttention.backward", lambda given: _mha_backward_stand_in(
                inputs, parameters, 3, given, split, split, merge), dvalues.shape,
                _mha_stand_in(inputs, parameters, mask, 3, split=split, merge=merge))})
        # The central differences are of the stand-ins' layer: a layer judged whole has its answers alone.
        if own != WHOLE:
            expect.gradient(got["dinputs"], expect.numerical_gradient(
                lambda x: np.sum(_mha_stand_in(x, parameters, mask, 3, split=split, merge=merge) * dvalues,
                                 axis=summed), inputs, batched=True), "self.dinputs")
        for name in ("dense_q", "dense_k", "dense_v", "dense_o"):
            dweights, dbiases = gradients.get(name, (None, None))
            expect.array(dweights, want["gradients"][name][0], f"self.{name}.dweights")
            expect.array(dbiases, want["gradients"][name][1], f"self.{name}.dbiases")
    if own == WHOLE:
        return
    weights_q, biases_q = parameters["dense_q"]
    # Each point (D, D) of the stack gets an axis for the batch, so that inputs (B, T, D) @ points broadcasts.
    expect.gradient(gradients["dense_q"][0], expect.numerical_gradient(
        lambda w: np.sum(_mha_stand_in(inputs, {**parameters, "dense_q": (w[:, None], biases_q)}, mask, 3,
                                       split=split, merge=merge) * dvalues, axis=summed),
        weights_q, batched=True), "self.dense_q.dweights")


@check("backprop", depends="mha_backward", hint="Does a line of your backward pass assign into dvalues[...] or "
       "use -=, += on it? See chapter 9.")
def test_mha_backward_keeps_dvalues(run):
    """Layer_MultiHeadAttention.backward leaves the dvalues it was given unchanged"""
    got, want = run("mha_backward")
    got = _judged_run(got, want, ("dinputs", "gradients"))[0]
    expect.unchanged(got["dvalues_after"], want["dvalues"], "The dvalues array given to "
                     "Layer_MultiHeadAttention.backward", KEEP_DVALUES)


# --- layer normalisation -----------------------------------------------------------------------------

@check("forward", hint=("Over which axis are the mean and the variance taken, and by what is the sum of squared "
                        "deviations divided? The book has no layer normalisation. See Ba et al. 2016, section 3.",
                        "mean = np.mean(inputs, axis=-1, keepdims=True); variance = np.mean((inputs - mean) ** 2, "
                        "axis=-1, keepdims=True); std = np.sqrt(variance + epsilon)."))
def test_layernorm_forward(run):
    """Layer_LayerNorm.forward normalises each position over its features, then scales by gamma and shifts by beta"""
    got, want = run("layernorm_forward")
    inputs, gamma, beta = want["inputs"], want["gamma"], want["beta"]
    expect.array(got["output"], want["output"], "self.output",
                 set_by=(got["set"], want["set"], "Layer_LayerNorm.forward"), mistakes={
        BATCH_STATISTICS: _layernorm(inputs, gamma, beta, axis=0),
        named("layernorm_batch_axis", "The mean and the variance were taken over the positions (axis=-2), not over "
                                      "each position's features: axis=-1, keepdims=True."):
            _layernorm(inputs, gamma, beta, axis=-2),
        UNBIASED: _layernorm(inputs, gamma, beta, ddof=1),
        "gamma and beta were left out: output = gamma * normalized + beta.": _layernorm(inputs, 1, 0),
    })
    small = want["small"]
    expect.array(got["output_small"], want["output_small"], "self.output for features of variance near epsilon",
                 mistakes={
                     named("epsilon_placement", "epsilon was added outside the square root; it goes inside: "
                                                "np.sqrt(variance + epsilon)."): _layernorm(small, 1, 0, inside=False),
                     "epsilon is missing: without it, features that barely vary are blown up to ±1.":
                         _layernorm(small, 1, 0, epsilon=0),
                     UNBIASED: _layernorm(small, 1, 0, ddof=1),
                 })
    raised = got["other_epsilon_raised"]
    expect.true(raised is None, f"Layer_LayerNorm(3, epsilon=0.01) raised {raised}: __init__ takes the epsilon the "
                "layer is made with, def __init__(self, n_features, epsilon=1e-5), as the stub gives it, and keeps it, "
                "self.epsilon = epsilon, for forward to use.")
    expect.array(got["output_other_epsilon"], want["output_other_epsilon"], "self.output of "
                 "Layer_LayerNorm(3, epsilon=0.01) for features of variance near epsilon", mistakes={
                     "The layer's own epsilon was left unused: forward adds 1e-5, written into the formula, where "
                     "the layer was made with epsilon=0.01. Use self.epsilon, which __init__ keeps.":
                         _layernorm(small, 1, 0, epsilon=1e-5)})
    expect.unchanged(got["inputs_after"], inputs, "The inputs array given to Layer_LayerNorm.forward",
                     "Work on new arrays: inputs - mean makes one, where inputs -= mean changes the array the "
                     "caller passed in. The Transformer passes each layer norm a sum made for it, but a layer cannot "
                     "count on that: its caller may still need the array after the call, as this check's does.")


@check("backprop",
       hint=("normalized depends on every feature of its position through the mean and the variance: which terms "
             "does that add to dinputs? See chapter 9.",
             "dnorm = dvalues * gamma; dinputs = (dnorm - mean(dnorm, -1) - normalized * mean(dnorm * normalized, "
             "-1)) / std; dgamma and dbeta sum over every axis but the last."))
def test_layernorm_backward(run):
    """Layer_LayerNorm.backward sets dinputs, dgamma and dbeta, which agree with numerical gradients"""
    got, want = run("layernorm_backward")
    inputs, gamma, beta, dvalues = want["inputs"], want["gamma"], want["beta"], want["dvalues"]
    std = np.sqrt(inputs.var(axis=-1, keepdims=True) + 1e-5)
    unsummed = ("{} was not summed: {} is one row of features, used at every position of every sequence, so its "
                "gradient sums {} over every axis but the last, in its shape (1, features): reshape to (-1, "
                "features) and sum over axis 0 with keepdims=True.")
    set_by = got["set"], want["set"], "Layer_LayerNorm.backward"
    normalized = (inputs - inputs.mean(axis=-1, keepdims=True)) / std

    def ignored(gradient):
        return dvalues_ignored("Layer_LayerNorm.backward", gradient, dvalues.shape, gamma * normalized + beta)

    expect.array(got["dbeta"], want["dbeta"], "self.dbeta", set_by=set_by, mistakes={
        **ignored(lambda given: given.reshape(-1, inputs.shape[-1]).sum(axis=0, keepdims=True)),
        named("lost_axis", "dbeta was summed over the batch only; beta was added at every position of every "
                           "sequence, so sum over every axis but the features."): dvalues.sum(axis=0),
        named("lost_axis", unsummed.format("dbeta", "beta", "dvalues")): dvalues,
        "dbeta holds what dgamma should: beta is added, so dbeta sums dvalues itself, and gamma multiplies "
        "normalized, so dgamma sums dvalues * normalized.": want["dgamma"]})
    expect.array(got["dgamma"], want["dgamma"], "self.dgamma", set_by=set_by, mistakes={
        named("lost_axis", "dgamma was summed over the batch only; gamma scaled every position of every sequence, "
                           "so sum dvalues * normalized over every axis but the features."):
            (dvalues * normalized).sum(axis=0),
        named("lost_axis", unsummed.format("dgamma", "gamma", "dvalues * normalized")): dvalues * normalized,
        "dgamma was taken from self.output, gamma * normalized + beta: gamma multiplies normalized alone, so dgamma "
        "sums dvalues * self.normalized.":
            (dvalues * (gamma * normalized + beta)).reshape(-1, inputs.shape[-1]).sum(axis=0, keepdims=True),
        **ignored(lambda given: (given * normalized).reshape(-1, inputs.shape[-1]).sum(axis=0, keepdims=True))})
    gained = dvalues * gamma
    expect.array(got["dinputs"], want["dinputs"], "self.dinputs", set_by=set_by, mistakes={
        "dinputs treats the mean and the standard deviation as constants (dvalues * gamma / std): they depend on "
        "every feature of the position, which adds two terms.": dvalues * gamma / std,
        "gamma is missing from dinputs: the output is gamma * normalized + beta, so the gradient that reaches "
        "normalized is dvalues * gamma, the dnorm the two other terms are built from.":
            _layernorm_dinputs(dvalues, normalized, std),
        "dinputs lacks the term of the variance, - normalized * mean(dnorm * normalized, axis=-1): the standard "
        "deviation depends on every feature of the position too, so dinputs = (dnorm - mean(dnorm) - normalized * "
        "mean(dnorm * normalized)) / std, with dnorm = dvalues * gamma.":
            (gained - gained.mean(axis=-1, keepdims=True)) / std,
        "dinputs lacks the term of the mean, - mean(dnorm, axis=-1): the mean depends on every feature of the "
        "position too, so dinputs = (dnorm - mean(dnorm) - normalized * mean(dnorm * normalized)) / std, with "
        "dnorm = dvalues * gamma.":
            (gained - normalized * (gained * normalized).mean(axis=-1, keepdims=True)) / std,
        **ignored(lambda given: _layernorm_dinputs(given * gamma, normalized, std))})
    _expect_gradients(got, {"dinputs": inputs, "dgamma": gamma, "dbeta": beta},
                      lambda dinputs, dgamma, dbeta: _layernorm(dinputs, dgamma, dbeta), dvalues)
    flat = inputs[0]
    flat_normalized = (flat - flat.mean(axis=-1, keepdims=True)) / np.sqrt(flat.var(axis=-1, keepdims=True) + 1e-5)
    for name, summed in (("dbeta", dvalues[0]), ("dgamma", dvalues[0] * flat_normalized)):
        expect.array(got[f"flat_{name}"], want[f"flat_{name}"], f"self.{name} for 2-D inputs (samples, features)",
                     mistakes={named("lost_axis", f"{name} was summed over axes (0, 1), which for 2-D inputs are the "
                                                  "samples and the features: sum over every axis but the last, "
                                                  "whatever their number, reshape(-1, features).sum(axis=0, "
                                                  "keepdims=True)."):
                               summed.sum(keepdims=True).reshape(1, 1)})


@check("backprop", depends="layernorm_backward", hint="Does a line of your backward pass assign into dvalues[...] "
       "or use -=, += on it? See chapter 9.")
def test_layernorm_backward_keeps_dvalues(run):
    """Layer_LayerNorm.backward leaves the dvalues it was given unchanged"""
    got, want = run("layernorm_backward")
    expect.unchanged(got["dvalues_after"], want["dvalues"], "The dvalues array given to Layer_LayerNorm.backward",
                     KEEP_DVALUES)


@check("backprop", depends=("attention_backward", "layernorm_backward"),
       uses=("attention_forward", "attention_masked", "layernorm_forward"),
       hint=("Which arrays does each backward pass read, and does forward keep every one of them? See chapter 9.",
             "Attention.forward keeps self.q, self.k, self.v and self.attention_weights; Layer_LayerNorm.forward "
             "keeps self.std and self.normalized."))
def test_backward_after_own_forward(run):
    """Attention and Layer_LayerNorm keep in forward what their backward passes read"""
    got, want = run("round_trips")
    for name, owner in (("dq", "Attention"), ("dk", "Attention"), ("dv", "Attention"), ("dinputs", "Layer_LayerNorm"),
                        ("dgamma", "Layer_LayerNorm"), ("dbeta", "Layer_LayerNorm")):
        expect.array(got[name], want[name], f"self.{name} of {owner}.backward after its own forward pass")


# --- positional encoding -----------------------------------------------------------------------------

def _encoding(length, d_model, exponent=None, cos_first=False, halves=False):
    positions = np.arange(length)[:, np.newaxis]
    pairs = np.arange(d_model // 2)
    angles = positions / 10000 ** ((2 * pairs if exponent is None else exponent(pairs)) / d_model)
    first, second = (np.cos(angles), np.sin(angles)) if cos_first else (np.sin(angles), np.cos(angles))
    if halves:
        return np.concatenate([first, second], axis=1)
    return np.stack([first, second], axis=2).reshape(length, d_model)


def _encoding_by_feature(length, d_model, factor=1, sines_only=False, paired=False):
    """The mistake of an exponent factor * j / d_model for feature j, where the pair 2i, 2i + 1 shares
    2i / d_model; `paired`: the pair's own exponent; `sines_only`: a sine at every feature."""
    exponent = 2 * (np.arange(d_model) // 2) if paired else factor * np.arange(d_model)
    angles = np.arange(length)[:, np.newaxis] / 10000 ** (exponent / d_model)
    return np.sin(angles) if sines_only else np.where(np.arange(d_model) % 2 == 0, np.sin(angles), np.cos(angles))


@check("forward", hint=("Which features hold sines and which cosines, and which exponent does feature 2i use? "
                        "See Vaswani et al. 2017, section 3.5.",
                        "angles = pos / 10000 ** (2 * (np.arange(d_model) // 2) / d_model); sines at the even "
                        "features, cosines at the odd ones."))
def test_positional_encoding(run):
    """positional_encoding(length, d_model) holds sin(pos / 10000^(2i/d)) at feature 2i and its cos at 2i + 1"""
    got, want = run("positions")
    for key, (length, d_model) in (("encoding", (7, 8)), ("small", (3, 4))):
        expect.array(got[key], want[key], f"positional_encoding({length}, {d_model})", mistakes={
            "Sines and cosines are swapped: feature 2i holds the sine and feature 2i + 1 the cosine.":
                _encoding(length, d_model, cos_first=True),
            "The exponent used the feature's own index; features 2i and 2i + 1 share the angle "
            "pos / 10000 ** (2i / d_model).": _encoding_by_feature(length, d_model),
            "The exponent doubled the feature's own index, 2 * j / d_model for feature j; features 2i and 2i + 1 "
            "share the angle pos / 10000 ** (2i / d_model), the exponent 2 * (np.arange(d_model) // 2) / d_model.":
                _encoding_by_feature(length, d_model, factor=2),
            "The exponent is i / d_model; for the pair of features 2i and 2i + 1 it is 2i / d_model.":
                _encoding(length, d_model, exponent=lambda pairs: pairs),
            "The exponent counts the 2 of 2i twice: where i runs over the even features, range(0, d_model, 2), "
            "i is the paper's 2i already, so the pair that starts at feature i takes the exponent i / d_model, "
            "not 2 * i / d_model.": _encoding(length, d_model, exponent=lambda pairs: 4 * pairs),
            "The sines fill the first half of the features and the cosines the second; the paper interleaves "
            "them: sines at the even features, cosines at the odd ones.": _encoding(length, d_model, halves=True),
            "The positions count from 1; the first position is 0, np.arange(length), so that its encoding is "
            "sin(0) = 0 and cos(0) = 1.": _encoding(length + 1, d_model)[1:],
            "Every feature holds a sine: the odd features, 2i + 1, hold the cosine of the same angle, "
            "encoding[:, 1::2] = np.cos(angles[:, 1::2]).": _encoding_by_feature(length, d_model, sines_only=True,
                                                                                   paired=True),
        })
    expect.of_another_size(got["odd"], want["odd"], "positional_encoding(4, 5)", "Does it fill the sines and the "
                           "cosines by halves, encoding[:, 0::2] and encoding[:, 1::2], which differ in size for an "
                           "odd d_model? Compute every feature's angle, then take the sine of the even features and "
                           "the cosine of the odd ones.")


# --- the Transformer ---------------------------------------------------------------------------------

@check("model", hint=("Follow one sequence through the block: which arrays are added before each LayerNorm? "
                      "See Vaswani et al. 2017, section 3.1, and the README, step 6.",
                      "embedded = embedding(one-hot) + positions; x = norm1(embedded + attention(embedded)); "
                      "x = norm2(x + dense2(relu(dense1(x)))); output = classifier(x)."),
       uses=("split_heads", "merge_heads", "mha_forward"))
def test_transformer_forward(run):
    """Transformer.forward gives each position's scores over the tokens, (batch, sequence, vocabulary)"""
    got, want, own = _judged_run(*run("transformer_forward"), ("output",))
    with _said_whole(own):
        _transformer_output(got, want)


def _transformer_output(got, want):
    __tracebackhide__ = True
    expect.array(got["output"], want["output"], "self.output",
                 set_by=(got.get("set"), want.get("set"), "Transformer.forward"), mistakes={
        "That is the block without the positional encoding: the embedded tokens are embedding.output reshaped to "
        "(batch, sequence, d_model) plus self.positions[:sequence], so that attention can tell the positions "
        "apart.": want["without_positions"],
        "That is norm2 given the embedded tokens plus the feed-forward branch's output: the second residual "
        "connection goes around the feed-forward branch alone, so norm2's input is norm1.output plus "
        "dense2.output.": want["norm2_after_embedded"],
        "That is norm1 given the attention's output alone: a residual connection adds a branch's input to its "
        "output, so norm1's input is the embedded tokens plus self.attention.output (and in backward, the embedded "
        "tokens' gradient is norm1.dinputs plus self.attention.dinputs).": want["attention_alone"],
        "That is norm2 given the feed-forward branch's output alone: a residual connection adds a branch's input to "
        "its output, so norm2's input is norm1.output plus dense2.output (and in backward, norm1's gradient is "
        "norm2.dinputs plus the branch's dinputs).": want["feed_forward_alone"],
        "That is the block without the feed-forward branch's ReLU: dense2 takes self.relu.output, after "
        "self.relu.forward(self.dense1.output).": want["without_relu"],
        **{f"That is a pre-LN block, the LayerNorm {where}: this one normalises after each branch, "
           "norm1(embedded + attention(embedded)) and norm2(norm1.output + the feed-forward branch's output), as "
           "Vaswani et al. 2017 do.": want[key]
           for key, where in (("attention_normed_first", "before the attention"),
                              ("normed_first", "before each branch"))},
        "That is the output with a causal mask, though forward was given none: hand attention the mask forward "
        "is given, None by default, self.attention.forward(embedded, mask); train passes the causal one.":
            want["output_masked"]})
    if isinstance(got["output_masked"], str):
        expect.fail(f"Transformer.forward(tokens, mask) with a causal mask "
                    f"raised {got['output_masked']}: forward takes the mask and hands it to self.attention.forward.")
    expect.array(got["output_masked"], want["output_masked"], "self.output of forward(tokens, mask) with a causal "
                 "mask", mistakes={"That is the output without the mask: Transformer.forward hands its mask on, "
                                   "self.attention.forward(embedded, mask), so that each position attends only to "
                                   "the positions the mask allows.": want["output"]})
    again = got["output_unmasked_again"]
    what = "forward(tokens) without a mask, on the model that had just run forward(tokens, mask),"
    if isinstance(again, str):
        expect.fail(f"{what} raised {again}. A call without a mask hides nothing.")
    expect.array(again, want["output_unmasked_again"], f"self.output of {what}", mistakes={
        "That is the output with the causal mask, though this call gave none: the mask of the call before was kept "
        "on self (by the model, its attention layer or Attention) and used again. Each call masks with its own mask "
        "argument alone, and mask=None hides nothing.": want["output_masked"]})
    four = "Transformer(5, 4, d_model=8, n_heads=4, d_ff=12)"
    if isinstance(got["output_four_heads"], str):
        expect.fail(f"{four}.forward raised {got['output_four_heads']}: "
                    "the model builds its attention with the n_heads it is given.")
    expect.array(got["output_four_heads"], want["output_four_heads"], f"self.output of {four}", mistakes={
        "That is the output of 2 heads: Transformer.__init__ builds its attention with the n_heads it is given, "
        "Layer_MultiHeadAttention(d_model, n_heads), not a number of its own.": want["output"]})


# Apart from transformer_forward, which the checks that train build on: they train on sequences of full length.
@check("model", depends="transformer_forward", hint="A model built for sequences of some length takes shorter ones "
       "too: which positions does a sequence of 3 tokens get? See Vaswani et al. 2017, section 3.5.")
def test_transformer_shorter_sequences(run):
    """Transformer.forward takes sequences shorter than the model was built for, with their own positions"""
    got, want, own = _judged_run(*run("transformer_forward"), ("output_shorter", "output_full_again"))
    with _said_whole(own):
        expect.of_another_size(got["output_shorter"], want["output_shorter"], "Transformer.forward on sequences of "
                               "3 tokens, one fewer than the model was built for,", "A model takes sequences up to "
                               "the length it was built for: add the positions of the sequence it is given, "
                               "self.positions[:length] with length = tokens.shape[1], not all of them.")
        expect.of_another_size(got["output_full_again"], want["output_full_again"], "Transformer.forward on "
                               "sequences of 4 tokens, after the same model took sequences of 3,", "A call must "
                               "leave the model as able to take every length as before: keep what one call needs "
                               "(self.positions[:length], the sequence's length) in local names, not on self.")


@check("model", depends="transformer_forward",
       hint=("A residual connection adds its input to a branch's output: where must its gradient go? See chapter 9.",
             "norm1's dvalues are norm2.dinputs + the feed-forward branch's dinputs; the embedding's are "
             "norm1.dinputs + attention.dinputs."),
       uses="mha_backward")
def test_transformer_backward(run):
    """Transformer.backward sets the dweights and dbiases of every dense layer"""
    # The stub's classes decide this check's outcome: a fault in them is told first, as theirs.
    expect.given_code_kept(*run("given_code"), only=("dense_forward", "dense_backward", "relu_backward"))
    got, want, own = _judged_run(*run("transformer_backward"), ("dweights", "dbiases"))
    with _said_whole(own):
        _transformer_gradients(got, want)


def _transformer_gradients(got, want):
    __tracebackhide__ = True
    names = {"classifier": "classifier", "dense2": "dense2", "dense1": "dense1", "dense_o": "attention.dense_o",
             "dense_v": "attention.dense_v", "dense_k": "attention.dense_k", "dense_q": "attention.dense_q",
             "embedding": "embedding"}
    # The scenario reads one gradient per layer; a layer it could not read is None, as a missing gradient.
    dweights, dbiases = (got[key] if isinstance(got[key], dict) else {} for key in ("dweights", "dbiases"))
    # The passes without a layer that still agree with every gradient judged right so far: of the layers the pass
    # reaches after the one left out, another may have the same gradients with a different layer left out.
    left_out = {sentence: without for sentence, without in zip(LEFT_OUT, want["without_each"])
                if isinstance(without, dict)}
    for name, where in names.items():
        if name == "dense_o" and dweights.get("embedding") is not None \
                and all(dweights.get(projection) is None for projection in ATTENTION_PROJECTIONS):
            expect.fail(ATTENTION_LEFT_OUT, "wrong_backward_input")
        try:
            expect.array(dweights.get(name), want["dweights"][name], f"self.{where}.dweights", mistakes={
                sentence: without[name] for sentence, without in left_out.items() if without.get(name) is not None})
            left_out = {sentence: without for sentence, without in left_out.items()
                        if without.get(name) is not None and expect.close(without[name], want["dweights"][name])}
            expect.array(dbiases.get(name), want["dbiases"][name], f"self.{where}.dbiases")
        except expect.Mismatch as mismatch:
            # Every layer before this one in the backward pass got its gradients right; one never set is said so.
            if name not in RESIDUAL_GRADIENTS or mismatch.mistake is not None or dweights.get(name) is None:
                raise
            raise expect.Mismatch(f"{mismatch} {RESIDUAL_GRADIENTS[name]}", None, mismatch.figure) from None


# Every layer the backward pass reaches before the attention and after it got gradients, the attention's four
# projections none: its backward pass never ran, or never reached them.
ATTENTION_PROJECTIONS = ("dense_o", "dense_v", "dense_k", "dense_q")
ATTENTION_LEFT_OUT = (
    "None of the four projections of self.attention (dense_q, dense_k, dense_v, dense_o) has dweights after "
    "Transformer.backward, though the layers after it and the embedding before it do: self.attention.backward was "
    "left out of the pass, or it never calls its projections' backward passes. Call "
    "self.attention.backward(self.norm1.dinputs), then give the embedding's backward self.norm1.dinputs + "
    "self.attention.dinputs.")


# What Transformer.backward did where the dense layers' dweights are those of a pass without the backward pass of
# norm2, of the ReLU, or of norm1 (scenarios.LEFT_OUT, in that order).
LEFT_OUT = (
    expect.backward_left_out("self.dense2.backward", "self.classifier.dinputs", "self.norm2",
                             "Call self.norm2.backward with self.classifier.dinputs (reshaped to (batch, length, "
                             "d_model)), then give self.norm2.dinputs to self.dense2.backward and to the sum that "
                             "self.norm1.backward is given."),
    expect.backward_left_out("self.dense1.backward", "self.dense2.dinputs", "self.relu",
                             "Call self.relu.backward(self.dense2.dinputs), then "
                             "self.dense1.backward(self.relu.dinputs)."),
    expect.backward_left_out("self.attention.backward", "the sum of self.norm2.dinputs and the feed-forward branch's "
                             "dinputs", "self.norm1", "Call self.norm1.backward with that sum, then give "
                             "self.norm1.dinputs to self.attention.backward and to the sum the embedding's backward "
                             "is given."),
)


# What a wrong gradient says where the gradients of every layer the backward pass reached before it are right:
# the scenario gives the block its layer norms and attention, and the multi-head attention has checks of its own,
# so the dvalues at a residual connection's fork went wrong.
RESIDUAL_GRADIENTS = {
    "dense_o": "The classifier's and the feed-forward branch's gradients are right, so look at what reaches the "
               "attention: norm1's output feeds dense1 and, through the second residual connection, norm2, so "
               "norm1.backward is given norm2.dinputs plus the feed-forward branch's dinputs (dense1.dinputs, "
               "reshaped), and attention.backward then norm1.dinputs.",
    "embedding": "Every gradient inside the block is right, so look at what the embedding's backward was given: the "
                 "embedded tokens feed the attention and, through the first residual connection, norm1, so their "
                 "dvalues are norm1.dinputs plus attention.dinputs.",
}


@check("training", depends=("transformer_forward", "transformer_backward", "mha_backward", "attention_forward",
                             "attention_backward_masked", "backward_after_own_forward", "positional_encoding",
                             "layernorm_backward", "split_heads", "merge_heads", "softmax"),
       hint="The step budget is the steps argument, 150 unless told otherwise: one loss per step, one batch of "
            "batch_size (32 by default) per step, the batches taken in turn and wrapping around past the last "
            "sequence (start = step * batch_size % len(X)), so that no batch is empty. See chapter 10.")
def test_step_budget(run):
    """train(X, Y, steps) runs exactly `steps` training steps and returns one loss per step; 150 by default"""
    got, want = run("training")
    expect.no_empty_batch(got["batch_sizes"], STEPS, TRAINING_SEQUENCES, BATCH, "sequences", got["raised"])
    losses = expect.one_loss_a_step(got["losses"], STEPS, f"train(X, Y, steps={STEPS})")
    expect.finite_losses(losses)
    default = got["default_steps"]
    expect.true(type(default) is int and default == DEFAULT_STEPS, f"train(X, Y) runs {default!r} steps when not told "
                f"otherwise; the challenge's default is {DEFAULT_STEPS}: train(X, Y, steps=150, batch_size=32).")
    sizes, raised = got["batches_of_8"] if isinstance(got["batches_of_8"], list) and len(got["batches_of_8"]) == 2 \
        else (None, None)
    # A train that also predicts (on a batch, or on other sequences, to print an accuracy) runs more passes.
    steps = [size for size in sizes if size == 8] if isinstance(sizes, list) else []
    expect.true(len(steps) >= 3,
                f"train(X, Y, steps=3, batch_size=8) on 40 sequences gave the Transformer batches of {sizes} "
                f"sequences{f' and raised {raised}' if isinstance(raised, str) else ''}, where batch_size=8 asks for "
                "three batches of 8: each step takes X[start:start + batch_size] with start = step * batch_size % "
                "len(X), batch_size being train's argument, not a number written into the loop.")
    runs = got["other_vocabulary"] if isinstance(got["other_vocabulary"], list) else [None, None]
    for other, expected, largest_in in zip(runs, want["other_vocabulary"], ("one target", "one input sequence")):
        said = f"raised {other}" if isinstance(other, str) else f"predicted an array of shape {other}"
        # Another number of rows than of sequences asked about: predict did not run on them.
        expect.true(not (isinstance(other, list) and other and isinstance(expected, list) and len(other) ==
                         len(expected) and other[0] != expected[0]), f"train on 40 sequences, then predict for 2 "
                    f"of them, {said}; {expected} was expected: predict answered for {other and other[0]} sequences, "
                    "not for the 2 it was given. Does it run the network forward on its own tokens? An output kept "
                    "from the last training batch is that batch's.")
        # Tokens up to 9: a vocabulary of 10, which an argmax across the positions leaves as predict's last axis.
        expect.true(not (isinstance(expected, list) and other == [*expected[:-1], 10]), f"train on 40 sequences, then "
                    f"predict for 2 of them, {said}; {expected} was expected, one token for each position: the "
                    "model's output is (sequences, positions, vocabulary), and predict took its argmax across the "
                    "positions. Take it over the last axis, the vocabulary's: np.argmax(self.output, axis=-1).")
        expect.true(other == expected, f"train on sequences of tokens up to 9 (9 only in {largest_in}, no 7 "
                    f"anywhere), then predict for 2 of them, {said}; {expected} was expected. Is the vocabulary "
                    "written into the code, counted from the tokens seen (len(np.unique(...))), or taken from X or Y "
                    "alone? Token ids run from 0 to the largest in X or Y, used or not: vocabulary = "
                    "int(max(X.max(), Y.max())) + 1.")


@check("training", depends="step_budget",
       hint=("Does each step take the next 32 sequences, and run pre_update_params, update_params on every layer of "
             "model.trainable_layers() and post_update_params? See chapter 10.",
             "start = step * batch_size % len(X); batch_size=32 by default; the loss is the mean over every "
             "position of the batch; the optimizer's three calls come after model.backward."))
def test_training_recipe(run):
    """train follows the recipe: from the same starting weights, each of its 20 losses is the reference's"""
    # The stub's classes decide this check's outcome: a fault in them is told first, as theirs.
    expect.given_code_kept(*run("given_code"))
    got, want = run("training")
    changed_rate = expect.other_learning_rate(got["learning_rate"], want["learning_rate"])
    rate = want["learning_rate"]
    rescaled = expect.rescaled_gradient(got["losses"], want["losses"], "every position of every sequence of the batch")

    def later(step):
        if changed_rate:
            return f"The first step agrees, so a later one differs: {changed_rate}"
        if step in (SHORT_STEP, SHORT_STEP + 1):
            # Every step before agrees: this one's loss is the first on the batch cut short, or the next one's, the
            # first after that batch's update.
            return (f"The first {step - 1} steps agree, and step {SHORT_STEP}'s batch is the one that reaches the end "
                    "of the data: take the batches in turn, start = step * batch_size % len(X) and X[start:start + "
                    "batch_size], the one that reaches the end cut short, not wrapped round to the first sequences or "
                    "started again at 0" + ("; and average the loss's gradient over the sequences that batch holds, "
                                            "not over batch_size." if step > SHORT_STEP else ".") + rescaled)
        batches = ("take the batches in turn, wrapping around with start = step * batch_size % len(X)"
                   if step >= SHORT_STEP else "take the next batch_size sequences at each step")
        return ("The first step agrees, so the training step differs: start backward from the loss's gradient, "
                f"loss_activation.backward(loss_activation.output, targets), {batches}, and call pre_update_params, "
                "update_params for every layer and post_update_params once per step, with "
                f"Optimizer_Adam(learning_rate={rate:g})." + (rescaled or ("" if step >= SHORT_STEP else
                " Where train does all that, the first update moved the weights otherwise than the gradients the "
                "recipe gives: check each layer's backward pass.")))
    expect.optimizer_not_built_at_import(got["optimizer_at_import"], "train")
    expect.built_once(got["optimizers_in_turn"], f"train's {STEPS} steps")
    expect.steps_counted(got["iterations"], want["iterations"], f"train's {STEPS} steps")
    unmoved = got["unmoved"]
    if isinstance(unmoved, list) and unmoved and all(type(number) is int and 0 <= number < len(BUILT)
                                                      for number in unmoved):
        stuck = " and of ".join(BUILT[number] for number in unmoved)
        expect.fail(f"The weights of {stuck} did not change in the {STEPS} steps: call optimizer.update_params on "
                    f"{'it' if len(unmoved) == 1 else 'each of them'} at every step, for every layer of "
                    "model.trainable_layers(), between pre_update_params and post_update_params.")
    heads = got["attention_heads"]
    first = ("The first loss differs: check the batch (the first 32 sequences, the default batch_size), the one-hot "
             "tokens, the loss over every position, and that no mask is given (reversing a sequence needs every "
             "position to see every other: model.forward(batch_X) alone). The checks give Layer_Dense fixed starting "
             "weights in the order Transformer creates its layers, which the stub gives.")
    if type(heads) is int and heads != want["attention_heads"]:
        # The heads change no layer's shape, so nothing else the checks watch points at them.
        first = (f"The first loss differs: train's Transformer has {expect.counted(heads, 'attention head')}, where "
                 f"the recipe's has {want['attention_heads']}, the default n_heads: each head attends over d_model / "
                 "n_heads features of its own, so the same weights give other outputs. Build it as "
                 "Transformer(vocabulary, X.shape[1]), its defaults unchanged.")
    expect.same_losses(got["losses"], want["losses"], first, later)


@check("training", depends="step_budget", hint="If the loss does not fall, does every layer of "
       "model.trainable_layers() get updated after every backward pass? See chapter 10.")
def test_loss_goes_down(run):
    """The loss falls while training"""
    got, want = run("training")
    losses = expect.losses(got["losses"])
    start, end = float(np.mean(losses[:3])), float(np.mean(losses[-3:]))
    expect.true(end < 0.25 * start, f"The loss went from {start:.3f} (first 3 steps) to {end:.3f} (last 3); it "
                f"should fall below a quarter of where it started (the reference ends at "
                f"{float(np.mean(want['losses'][-3:])):.3f}).")


@check("training", points=2, depends="loss_goes_down", hint="predict runs forward and returns np.argmax of the "
       "output over the tokens, the last axis. See chapter 10.")
def test_held_out_accuracy(run):
    """The Transformer reverses 95% of the tokens of the 16 pairs it never saw, after 20 steps on 400 others"""
    got, want = run("training")
    labels = want["labels"]
    predictions = expect.as_array(got["on_held_out"], "model.predict on the held-out pairs", labels.shape)
    expect.true(predictions.shape == labels.shape, f"model.predict returned shape {predictions.shape}; expected "
                f"{labels.shape}, one token per position (np.argmax(output, axis=-1)).")
    # Reversing a sequence needs no network: the accuracy is that of the trained layers' own parameters, run
    # forward here, and predict must give what they give.
    shapes = [(weights.shape, biases.shape) for weights, biases in want["parameters"]]
    parameters = expect.trained_parameters(got["parameters"], shapes, "the Transformer train trained")
    scores = _transformer_scores(want["held_out"], parameters)
    expect.classes_predicted_by_the_network(predictions, scores, "model.predict on the held-out pairs",
                                            "predict must run the Transformer's forward pass on the tokens it is "
                                            "given and return np.argmax of the scores over the last axis.")
    accuracy = float(np.mean(np.argmax(scores, axis=-1) == labels))
    reference = float(np.mean(want["on_held_out"] == labels))
    expect.true(accuracy >= HELD_OUT_ACCURACY, f"{accuracy:.3f} of the held-out tokens are right; at least "
                f"{HELD_OUT_ACCURACY} was expected after {STEPS} steps (the reference reaches {reference:.3f}).")


N_HEADS = 2   # the Transformer train builds: Transformer(vocabulary, length), d_model=32, n_heads=2
# Its dense layers, in the order it builds them (scenarios._starts).
BUILT = ("the embedding", "the query projection (dense_q)", "the key projection (dense_k)",
         "the value projection (dense_v)", "the output projection (dense_o)", "dense1", "dense2", "the classifier")


def _transformer_scores(tokens, parameters):
    """The scores (batch, sequence, vocabulary) of the Transformer train builds, with these parameters of its dense
    layers in the order it builds them (embedding, q, k, v, o, dense1, dense2, classifier) and its layer norms as
    built (gamma 1, beta 0), for `tokens`, computed here rather than by the learner's predict."""
    embedding, dense_q, dense_k, dense_v, dense_o, dense1, dense2, classifier = parameters
    vocabulary, d_model = embedding[0].shape
    batch, length = tokens.shape
    d_head = d_model // N_HEADS
    angles = np.arange(length).reshape(-1, 1) / 10000 ** (2 * (np.arange(d_model) // 2) / d_model)
    positions = np.where(np.arange(d_model) % 2, np.cos(angles), np.sin(angles))

    def dense(inputs, layer):
        return inputs @ layer[0] + layer[1]

    with np.errstate(all="ignore"):   # a network that diverged gives NaN here as in the learner's predict
        embedded = dense(np.eye(vocabulary)[tokens].reshape(-1, vocabulary), embedding)
        embedded = embedded.reshape(batch, length, d_model) + positions
        rows = embedded.reshape(-1, d_model)
        q, k, v = (dense(rows, layer).reshape(batch, length, N_HEADS, d_head).transpose(0, 2, 1, 3)
                   for layer in (dense_q, dense_k, dense_v))
        attended = np.matmul(_weights(q, k), v).transpose(0, 2, 1, 3).reshape(-1, d_model)
        norm1 = _layernorm(embedded + dense(attended, dense_o).reshape(batch, length, d_model), 1.0, 0.0)
        hidden = dense(np.maximum(0, dense(norm1.reshape(-1, d_model), dense1)), dense2)
        norm2 = _layernorm(norm1 + hidden.reshape(batch, length, d_model), 1.0, 0.0)
        return dense(norm2.reshape(-1, d_model), classifier).reshape(batch, length, -1)


@check("training", depends="held_out_accuracy", hint="predict must only run the network forward. See chapter 11.")
def test_predict_does_not_learn(run):
    """predict only runs the network: the same sequences give the same tokens, and the layers stay as trained"""
    got, want = run("training")
    changed = got["changed_by_predict"]
    expect.true(not (isinstance(changed, str) and changed), f"model.predict changed {changed!s:.300}: it trained the "
                "network. predict must only run the forward pass, with no backward pass or optimizer step.")
    before = expect.as_array(got["on_held_out"], "model.predict on the held-out pairs")
    after = expect.as_array(got["on_held_out_again"], "model.predict called again")
    expect.true(before.shape == after.shape and np.array_equal(before, after),
                "model.predict gave other tokens when called a second time: it changed the network.")
    fewer = got["on_fewer"]
    if isinstance(fewer, str):
        expect.fail(f"model.predict on the first 5 held-out sequences, after all of them, "
                    f"raised {fewer}. {KEPT_BY_PREDICT}")
    fewer = expect.as_array(fewer, "model.predict on the first 5 held-out sequences")
    expect.true(fewer.shape == before[:5].shape and np.array_equal(fewer, before[:5]), "model.predict on the first "
                f"5 held-out sequences, after all {len(before)} of them, gave tokens of shape {fewer.shape} that are "
                f"not the first 5 rows it gave then. {KEPT_BY_PREDICT}")


@figure("held_out_accuracy", "step_budget", "loss_goes_down")
def attention_pattern(run):
    got, want = run("figure_attention")
    yours = expect.as_array(got["pattern"], "the attention weights", want["pattern"].shape)
    expect.true(yours.shape == want["pattern"].shape, f"The attention weights have shape {yours.shape}; "
                f"{want['pattern'].shape} was expected, so there is no pattern to draw.")
    sequence = " ".join(str(int(token)) for token in want["sequence"])
    return figures.heatmaps(
        f"Where each position looks after {FIGURE_STEPS} steps of reversing sequences of 6 tokens (from fixed "
        f"starting weights), for the held-out sequence {sequence}: the "
        "attention weights of the first head, one row per query and one column per key, with your Transformer "
        "and with the reference's (reversing a sequence, each position should look at its mirror image)",
        {"yours": yours[0, 0], "reference": want["pattern"][0, 0]}, scale="weight", peak=1.0)
