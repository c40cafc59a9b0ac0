"""The named misconceptions of the book's material, and sentences that name them.

A failed check that recognises one of these reports its id in the result's
`mistake` field, so reports can count them across a class. `expect` detects
some of them by itself (a transpose, a factor of the batch size, a sign, a lost
axis, an (n, n) blow-up, a list or a wrong dtype, an input modified in place);
spec files name the others by passing, for each, the value that mistake would
produce (`expect.array(..., mistakes={named(...): value})`).
"""
import numpy as np

MISCONCEPTIONS = {
    "transposed": "a transposed result",
    "batch_factor": "a result off by a factor of the batch size",
    "sign_flipped": "a flipped sign",
    "lost_axis": "a missing keepdims, or a reduction along the wrong axis",
    "no_max_shift": "softmax without subtracting the row maximum",
    "unclipped_log": "the log of a probability that was not clipped",
    "wrong_derivative_input": "a derivative taken on the wrong input (the inputs for the output, dvalues for the "
                              "inputs, the weights for the biases)",
    "in_place": "the caller's array modified in place",
    "broadcast_square": "an (n,) and an (n, 1) array broadcast into (n, n)",
    "not_an_array": "a list, or an array of the wrong dtype, returned",
    "batch_max_shift": "softmax shifted by the whole batch's maximum instead of each row's",
    "epsilon_placement": "epsilon added outside the square root of the cache, or inside it",
    "no_square_root": "an update divided by the cache instead of its square root",
    "step_count": "the optimizer's step counter advanced in the wrong place, or iterations for iterations + 1",
    "state_on_optimizer": "a per-layer cache or momentum kept on the optimizer, shared by every layer",
    "memory_reset": "an optimizer's momentums or cache started from zero again at every step",
    "stale_forward": "a training step that does not run the forward pass on the current weights",
    "loss_after_update": "a step's loss, or its penalty, recorded after the update, from the weights of the step after",
    "one_hot_by_dtype": "one-hot targets told from class indices by their dtype instead of their shape",
    "optimizer_settings": "an optimizer built with another learning rate or decay (or of another kind) than the "
                          "chapter trains with",
    "wrong_backward_input": "a backward pass fed the wrong values, or a layer left out of it",
    "predict_reuses_training": "predict answering from the training data (its last pass, X again, or train's y) "
                               "instead of its inputs alone",
    "training_flag": "a forward pass without the training argument that switches dropout off",
    "attribute_never_set": "a result stored under another name than the one the book reads",
    "misspelt_name": "a class, function or method named otherwise than the book names it",
    "validation_once": "validation run once after training instead of after every epoch",
    "flipped_kernel": "a true convolution (kernel flipped) where the layer is a cross-correlation",
    "output_size": "an output size off by one for the padding or the stride",
    "channels_last": "(N, H, W, C) arrays where the layers use (N, C, H, W)",
    "pool_gradient_everywhere": "max-pool backward sending the gradient to every position of the window",
    "regularization_not_in_loss": "a reported loss without the regularisation penalties",
    "penalty_in_measured_loss": "the regularisation penalties added to a loss that only measures the network",
    "gradient_overwritten": "a gradient replaced by a term that belongs added to it (= where += belongs)",
    "gradient_accumulated": "a gradient added to the previous pass's, never set anew (+= where = belongs)",
    "last_row_only": "a loop over the samples that sets the whole result anew for each, keeping only one row",
    "validation_in_training": "validation data used in training, or a gap measured on the training data",
    "unscaled_attention": "attention scores q · kᵀ not divided by sqrt(d_k)",
    "mask_after_softmax": "an attention mask applied after the softmax instead of to the scores before it",
    "attention_softmax_axis": "the attention softmax taken over the queries (or the batch) instead of the keys",
    "layernorm_batch_axis": "layer normalisation statistics taken over the batch instead of each position's features",
    "unbiased_variance": "the unbiased variance or standard deviation (ddof=1) where the book divides by the number "
                         "of values (layer normalisation, standardisation)",
    "heads_wrong_axis": "heads split or merged by a reshape without the transpose, along the wrong axis",
    "combined_gradient_misapplied": "the combined softmax and cross-entropy gradient used where the model does not "
                                    "end in softmax with categorical cross-entropy",
    "output_activation_skipped": "predictions read from the last dense layer, before the output activation",
    "accuracy_not_initialised": "a regression accuracy whose precision was never set from the targets, or set "
                                "again when it should stay",
    "data_pickled": "a saved model that still holds the data of its last pass",
    "activations_trainable": "activations or dropout counted among the trainable layers",
    "no_input_layer": "a model whose first layer has no Layer_Input before it",
}


class Named(str):
    """A sentence for the learner that names one of the MISCONCEPTIONS."""

    def __new__(cls, mistake, sentence):
        if mistake not in MISCONCEPTIONS:
            raise ValueError(f"unknown misconception {mistake!r}; add it to MISCONCEPTIONS first")
        named = super().__new__(cls, sentence)
        named.mistake = mistake
        return named


def named(mistake, sentence):
    return Named(mistake, sentence)


def mistake_of(sentence):
    """The misconception a sentence names, or None."""
    return getattr(sentence, "mistake", None)


CHAPTER_2_LAYOUT = named("transposed", "That is one row per neuron, the layout of chapter 2; the book switches to "
                                       "(n_inputs, n_neurons) in chapter 3 so that no transpose is needed. (Or the "
                                       "two sizes are taken in the other order: the book's parameters are "
                                       "n_inputs, then n_neurons.)")
ONE_SIZE_WEIGHTS = ("np.random.randn was given one size, so it drew one weight per neuron: it takes the two sizes "
                    "apart, np.random.randn(n_inputs, n_neurons), one row of weights per input.")
FLAT_BIASES = named("lost_axis", "A 1-D shape (n_neurons,) also broadcasts, but the book keeps biases "
                                 "two-dimensional: np.zeros((1, n_neurons)).")
COLUMN_BIASES = named("transposed", "That is a column, one row per neuron: the biases are one row, one bias per "
                                    "neuron, np.zeros((1, n_neurons)), which is added to every sample's row.")
BIASES_NOT_ADDED = "The biases were not added: output = np.dot(inputs, weights) + biases."
BATCH_MAX_SHIFT = named("batch_max_shift", "The inputs were shifted by the largest value of the whole batch, so a "
                                           "row far below it underflows to 0 / 0 = NaN: subtract each row's own "
                                           "maximum, np.max(inputs, axis=1, keepdims=True).")
NO_MAX_SHIFT = named("no_max_shift", "np.exp overflowed to inf, and inf / inf is NaN: subtract each row's maximum "
                                     "(np.max(inputs, axis=1, keepdims=True)) before np.exp.")


def dvalues_ignored(method, gradient, shape, output=None):
    """{sentence: value} for a backward pass `method` that built a gradient from something else than the dvalues
    (of `shape`) it was given: ones, as if nothing came after the layer, or `output`, the layer's own output, where
    given. `gradient(dvalues)` is what the right backward pass gives for those dvalues."""
    mistakes = {named("wrong_backward_input", f"That is what {method} gives for dvalues of ones: it never read the "
                                              "dvalues it was given (np.ones_like in their place, say). Every "
                                              "gradient it sets is built from dvalues, the gradient of the loss "
                                              "with respect to the layer's output, which the layer after it sends "
                                              "back."): gradient(np.ones(shape))}
    if output is not None:
        mistakes[named("wrong_backward_input", f"That is what {method} gives for dvalues equal to self.output, the "
                                               "layer's own output: backward passes on the gradient it was given, "
                                               "dvalues, not the values its forward pass produced.")] = gradient(output)
    return mistakes


# The hints of the checks that a loss clips its predictions (challenges 1 and 4), from a guiding question to the
# most specific. Their messages already give np.clip(y_pred, 1e-7, 1 - 1e-7), so no level repeats it: each adds
# what the message does not say.
CLIP_HINTS = ("What is np.log(0), and what does one infinite loss do to the mean of them all? See chapter 5.",
              "Chapter 5 keeps every prediction a hair away from 0 before the log, so that a confident wrong answer "
              "costs a large loss but never an infinite one. See chapter 5.",
              "Clip once, before the log and before the true class's confidences are picked out, into a new array "
              "(y_pred_clipped) that every later line reads; y_pred stays as the caller gave it. See chapter 5.")
# The hint of a loss clipped at a bound other than the book's (expect.clip_bound), in place of CLIP_HINTS's log(0).
CLIP_BOUND_HINT = ("Any bound above 0 keeps log(0) away; the book's 1e-7 also sets how large the loss of a confident "
                   "wrong answer is, and the checks compare your losses with the book's. See chapter 5.")
CLIP_TOP_HINTS = ("Why would the book clip the top end too? A loss of exactly 0 says the model cannot improve. "
                  "See chapter 5.",
                  "Chapter 5 clips both ends by the same 1e-7, so that the mean loss is pulled neither toward the "
                  "confident wrong answers nor toward the confident right ones. See chapter 5.",
                  "np.maximum(y_pred, 1e-7) or np.clip(y_pred, 1e-7, None) clips the bottom only, and an upper bound "
                  "of 1 leaves a prediction of 1 as it is: the upper bound must sit below 1. See chapter 5.")


def clip_onehot_hints(question):
    """The hints of the checks that one-hot targets meet the clipped predictions too, after the challenge's own
    guiding question."""
    return (question,
            "Chapter 5 clips before it looks at the shape of y_true, so that class indices and one-hot rows both "
            "read the same clipped predictions. See chapter 5.",
            "In the one-hot branch, np.sum(y_pred_clipped * y_true, axis=1): the clipped array, not y_pred. "
            "See chapter 5.")


def leaky_for_relu(inputs, slopes=(0.01, 0.02, 0.05, 0.1, 0.2, 0.3)):
    """(sentence, what leaky ReLU of `inputs` gives) for each slope a learner may have taken ReLU for leaky ReLU
    with: chapter 4's ReLU sets every negative input to 0."""
    return [(f"Negative inputs kept {slope:g} of their value: that is leaky ReLU, np.maximum({slope:g} * inputs, "
             "inputs). ReLU makes every negative input 0: np.maximum(0, inputs).", np.where(inputs > 0, inputs,
                                                                                            slope * inputs))
            for slope in slopes]


def softmax_mistakes(inputs):
    """The common softmax mistakes on `inputs`, each with and without the max shift."""
    with np.errstate(all="ignore"):
        naive = np.exp(inputs)
        # Overflow comes first: with huge inputs several mistakes give the same NaNs.
        mistakes = [(NO_MAX_SHIFT, naive / np.sum(naive, axis=1, keepdims=True))]
        shifted = np.exp(inputs - np.max(inputs))
        mistakes.append((BATCH_MAX_SHIFT, shifted / np.sum(shifted, axis=1, keepdims=True)))
        from_minimum = np.exp(inputs - np.min(inputs, axis=1, keepdims=True))
        mistakes.append((named("no_max_shift", "Each row's minimum (or another value below its maximum) was "
                                               "subtracted: that leaves the other values large and positive, and "
                                               "np.exp of them overflows. Subtract each row's maximum, so that every "
                                               "value is at most 0."),
                         from_minimum / np.sum(from_minimum, axis=1, keepdims=True)))
        from_mean = np.exp(inputs - np.mean(inputs, axis=1, keepdims=True))
        mistakes.append((named("no_max_shift", "Each row's mean was subtracted: the values above it stay large and "
                                               "positive, and np.exp of them overflows. Subtract each row's maximum, "
                                               "so that every value is at most 0."),
                         from_mean / np.sum(from_mean, axis=1, keepdims=True)))
        from_column_max = np.exp(inputs - np.max(inputs, axis=0, keepdims=True))
        mistakes.append((named("lost_axis", "Each column's maximum was subtracted (axis=0): softmax gives the same "
                                            "probabilities only when one number is subtracted from a whole row, so "
                                            "subtract each row's own maximum: np.max(inputs, axis=1, "
                                            "keepdims=True)."),
                         from_column_max / np.sum(from_column_max, axis=1, keepdims=True)))
        for exp in (np.exp(inputs - np.max(inputs, axis=1, keepdims=True)), naive):
            mistakes += [
                (named("lost_axis", "Each value was divided by its column's sum (axis=0); softmax normalises "
                                    "each row, axis=1."), exp / np.sum(exp, axis=0, keepdims=True)),
                (named("lost_axis", "Every value was divided by the sum over the whole batch; divide by each "
                                    "row's own sum."), exp / np.sum(exp)),
            ]
            if inputs.shape[0] == inputs.shape[1]:
                mistakes.append((named("lost_axis", "The row sums lost their axis: without keepdims=True, "
                                                    "np.sum(exp_values, axis=1) has shape (n,), so each column was "
                                                    "divided by one row's sum. Use np.sum(exp_values, axis=1, "
                                                    "keepdims=True)."), exp / np.sum(exp, axis=1)))
        if inputs.shape[0] == inputs.shape[1]:
            # np.max(inputs, axis=1) without keepdims has shape (n,): row i's maximum is subtracted from column i.
            lost_max = np.exp(inputs - np.max(inputs, axis=1))
            sentence = named("lost_axis", "The row maxima lost their axis: without keepdims=True, np.max(inputs, "
                                          "axis=1) has shape (n,), so each row's maximum was subtracted from a "
                                          "column instead of its own row. Use np.max(inputs, axis=1, "
                                          "keepdims=True).")
            mistakes += [(sentence, lost_max / np.sum(lost_max, axis=1, keepdims=True)),
                         (sentence, lost_max / np.sum(lost_max, axis=1))]
        if inputs.shape[0] == inputs.shape[1]:
            rows = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
            mistakes.append((named("transposed", "It is the transpose of the expected result: each sample's "
                                                 "probabilities came out as a column, as a softmax taken down the "
                                                 "columns of inputs.T gives them. Take it along each row of inputs "
                                                 "itself, axis=1 with keepdims=True, so that the result has the "
                                                 "inputs' shape, one row per sample."),
                             (rows / np.sum(rows, axis=1, keepdims=True)).T))
        mistakes.append(("The exponentials are missing: softmax divides e^x, not x, by the row sum.",
                         inputs / np.sum(inputs, axis=1, keepdims=True)))
        below_max = inputs - np.max(inputs, axis=1, keepdims=True)
        mistakes.append(("The exponentials are missing: the shifted inputs, x - max, were divided by their row sum. "
                         "Softmax takes np.exp of them first, then divides by the row sum of the exponentials.",
                         below_max / np.sum(below_max, axis=1, keepdims=True)))
        shifted_rows = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        mistakes.append(("Each row was divided by its largest exponential, not by the sum of its exponentials: "
                         "np.sum(exp_values, axis=1, keepdims=True), so that the row sums to 1.",
                         shifted_rows / np.max(shifted_rows, axis=1, keepdims=True)))
        other_sums = ("The exponentials were divided by the sum of other exponentials ({} where the values divided "
                      "are {}), so the rows do not sum to 1: divide exp_values by np.sum(exp_values, axis=1, "
                      "keepdims=True), the sum of the very values divided.")
        mistakes += [(other_sums.format("np.exp(inputs)", "np.exp(inputs - max)"),
                      shifted_rows / np.sum(naive, axis=1, keepdims=True)),
                     (other_sums.format("np.exp(inputs - max)", "np.exp(inputs)"),
                      naive / np.sum(shifted_rows, axis=1, keepdims=True))]
        after_exp = ("The maximum was subtracted after np.exp, from the exponentials, which can then be negative or "
                     "0: subtract it from the inputs, inside np.exp, np.exp(inputs - np.max(inputs, axis=1, "
                     "keepdims=True)).")
        for after in (naive - np.max(inputs, axis=1, keepdims=True), naive - np.max(naive, axis=1, keepdims=True)):
            mistakes.append((after_exp, after / np.sum(after, axis=1, keepdims=True)))
        divided = np.exp(inputs / np.max(inputs, axis=1, keepdims=True))
        mistakes.append(("Each row was divided by its maximum, not shifted by it: softmax subtracts it, "
                         "np.exp(inputs - np.max(inputs, axis=1, keepdims=True)), which leaves the probabilities as "
                         "they are.", divided / np.sum(divided, axis=1, keepdims=True)))
    return mistakes
