"""Named misconceptions about the book's material, as (sentence, the value the mistake produces).

Spec files pass these to `expect.array(..., mistakes=...)`, so a failed check can
say what the learner probably did.
"""
import numpy as np

CHAPTER_2_LAYOUT = ("That is one row per neuron, the layout of chapter 2; the book switches to "
                    "(n_inputs, n_neurons) in chapter 3 so that no transpose is needed.")
FLAT_BIASES = ("A 1-D shape (n_neurons,) also broadcasts, but the book keeps biases two-dimensional: "
               "np.zeros((1, n_neurons)).")
NO_MAX_SHIFT = ("np.exp overflowed to inf, and inf / inf is NaN: subtract each row's maximum "
                "(np.max(inputs, axis=1, keepdims=True)) before np.exp.")


def softmax_mistakes(inputs):
    """The common softmax mistakes on `inputs`, each with and without the max shift."""
    with np.errstate(all="ignore"):
        naive = np.exp(inputs)
        # Overflow comes first: with huge inputs several mistakes give the same NaNs.
        mistakes = [(NO_MAX_SHIFT, naive / np.sum(naive, axis=1, keepdims=True))]
        for exp in (np.exp(inputs - np.max(inputs, axis=1, keepdims=True)), naive):
            mistakes += [
                ("Each value was divided by its column's sum (axis=0); softmax normalises each row, axis=1.",
                 exp / np.sum(exp, axis=0, keepdims=True)),
                ("Every value was divided by the sum over the whole batch; divide by each row's own sum.",
                 exp / np.sum(exp)),
            ]
            if inputs.shape[0] == inputs.shape[1]:
                mistakes.append(("The row sums lost their axis: without keepdims=True, a row's sum is divided "
                                 "into a column. Use np.sum(exp_values, axis=1, keepdims=True).",
                                 exp / np.sum(exp, axis=1)))
        mistakes.append(("The exponentials are missing: softmax divides e^x, not x, by the row sum.",
                         inputs / np.sum(inputs, axis=1, keepdims=True)))
    return mistakes
