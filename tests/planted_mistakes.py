"""Mistakes planted into solutions.

PLANTED: (challenge, replacements, check id, category, status, words in the message).
NAMED: one or more submissions for each of grader.mistakes.MISCONCEPTIONS.
"""

# Mistakes planted in a PLANTED row and in a NAMED row alike (a submission is graded once for both).
PENALTY_READ_AFTER_UPDATE = [
    ("        losses.append(data_loss + network.regularization_loss())\n", ""),
    ("        optimizer.post_update_params()\n",
     "        optimizer.post_update_params()\n        losses.append(data_loss + network.regularization_loss())\n")]
LOSS_RECORDED_AFTER_UPDATE = [
    ("        losses.append(loss_activation.forward(dense2.output, y))\n",
     "        loss_activation.forward(dense2.output, y)\n"),
    ("        optimizer.post_update_params()\n",
     "        optimizer.post_update_params()\n        dense1.forward(X)\n"
     "        activation1.forward(dense1.output)\n        dense2.forward(activation1.output)\n"
     "        losses.append(loss_activation.forward(dense2.output, y))\n")]
PREDICT_ON_TRAINING_X = [("    def predict(inputs):\n        dense1.forward(inputs)",
                          "    def predict(inputs):\n        dense1.forward(X)")]
BIAS_L2_FROM_WEIGHTS = [("self.dbiases += 2 * self.bias_regularizer_l2 * self.biases",
                         "self.dbiases = self.dbiases + 2 * self.bias_regularizer_l2 * self.weights")]
BIAS_L1_FROM_WEIGHTS_RAISES = [
    ("            dL1 = np.ones_like(self.biases)\n            dL1[self.biases < 0] = -1\n",
     "            dL1 = np.ones_like(self.weights)\n            dL1[self.weights < 0] = -1\n")]
PREDICT_LOSS_ON_TRAINING_Y = [("        dense2.forward(activation1.output)\n        return np.argmax(dense2.output, axis=1)",
                               "        dense2.forward(activation1.output)\n"
                               "        loss_activation.forward(dense2.output, y)\n"
                               "        return np.argmax(loss_activation.output, axis=1)")]
OPTIMIZER_STEP = ("        optimizer.pre_update_params()\n        optimizer.update_params(dense1)\n"
                  "        optimizer.update_params(dense2)\n        optimizer.post_update_params()\n")
TRAINING_AND_VALIDATION_SETS_SWAPPED = [
    ("    train_accuracy, train_loss = evaluate(network, X, y)\n"
     "    validation_accuracy, validation_loss = evaluate(network, X_val, y_val)\n",
     "    train_accuracy, train_loss = evaluate(network, X_val, y_val)\n"
     "    validation_accuracy, validation_loss = evaluate(network, X, y)\n")]
DROPOUT_IN_PLACE = [("self.output = inputs * self.binary_mask",
                     "inputs *= self.binary_mask\n        self.output = inputs"),
                    ("self.dinputs = dvalues * self.binary_mask",
                     "dvalues *= self.binary_mask\n        self.dinputs = dvalues")]
CH15_DECAY_OF_CH10 = [("optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-5)",
                       "optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-7)")]

RELU_ROW_LOOP = [("self.output = np.maximum(0, inputs)",
                  "for row in inputs:\n            self.output = np.maximum(0, row)")]

CH7_ADAM = "    optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-7)\n"


def dense2_own_adam(second, built=CH7_ADAM, calls=("pre", "update", "post"), in_loop=False, dense2="dense2"):
    """Replacements that step dense2 with an Optimizer_Adam of its own, `second` (the call that builds it), after
    the first optimizer's step: built beside the solution's line `built`, or inside the loop where `in_loop`; it
    calls those of pre_update_params, update_params and post_update_params that `calls` names."""
    step = {"pre": "        optimizer2.pre_update_params()\n",
            "update": f"        optimizer2.update_params({dense2})\n",
            "post": "        optimizer2.post_update_params()\n"}
    stepped = ("        optimizer.post_update_params()\n" + (f"        optimizer2 = {second}\n" if in_loop else "")
               + "".join(step[call] for call in calls))
    return ([] if in_loop else [(built, f"{built}    optimizer2 = {second}\n")]) + [
        (f"        optimizer.update_params({dense2})\n        optimizer.post_update_params()\n", stepped)]


def adam_rebuilt_every(steps, made):
    """Replacements that build the optimizer again, `made` (the call that builds it), at the last step of every run
    of `steps` steps: too seldom for the watched first steps of a training to show it."""
    loop = "    for step in range(steps):\n"
    return [(loop, f"{loop}        if step % {steps} == {steps - 1}:\n            optimizer = {made}\n")]


# The line of challenge 17's solution that pads the inputs, in conv2d_loops and again in im2col.
PADDED = "    padded = np.pad(inputs, ((0, 0), (0, 0), (padding, padding), (padding, padding)))"
BACKWARD_ERRORS_SCALE = "scale = max(np.max(np.abs(analytic[name])), np.max(np.abs(numeric[name])), 1e-12)"
PLANTED = [
    ("challenge_1_forward_pass", [("np.dot(inputs, self.weights) + self.biases", "np.dot(inputs, self.weights)")],
     "dense_forward", "forward", "failed", "biases were not added"),
    ("challenge_1_forward_pass", [("self.biases = np.zeros((1, n_neurons))", "self.biases = np.zeros(n_neurons)")],
     "dense_init_shapes", "shape", "failed", "shape (7,)"),
    ("challenge_1_forward_pass", [("self.biases = np.zeros((1, n_neurons))",
                                   "self.biases = np.zeros((1, n_neurons), dtype=int)")],
     "dense_init_values", "forward", "failed", "are integer zeros (int64), not floats"),
    ("challenge_1_forward_pass", [("np.exp(inputs - np.max(inputs, axis=1, keepdims=True))", "np.exp(inputs)")],
     "softmax_large_logits", "activation", "failed", "subtract each row's maximum"),
    ("challenge_1_forward_pass", [("np.sum(exp_values, axis=1, keepdims=True)", "np.sum(exp_values, axis=1)")],
     "softmax_forward", "activation", "failed", "keepdims=True"),
    ("challenge_1_forward_pass", [("np.clip(y_pred, 1e-7, 1 - 1e-7)", "y_pred")],
     "cce_clipping", "loss", "failed", "clip y_pred"),
    ("challenge_1_forward_pass", [("return np.mean(sample_losses)", "return np.sum(sample_losses)")],
     "loss_calculate", "loss", "failed", "sum of the per-sample losses"),
    ("challenge_1_forward_pass", [("return np.mean(sample_losses)", "return np.mean(output)")],
     "loss_calculate", "loss", "failed", "That is the mean of the predictions, output, not of the losses"),
    ("challenge_1_forward_pass", [("return np.mean(sample_losses)", "return np.mean(y)")],
     "loss_calculate", "loss", "failed", "That is the mean of the targets, y, not of the losses"),
    ("challenge_1_forward_pass", [("        self.output = np.dot(inputs, self.weights) + self.biases",
                                   "        if getattr(self, 'output', None) is None:\n"
                                   "            self.output = np.dot(inputs, self.weights) + self.biases")],
     "dense_forward", "forward", "failed", "It still holds the first call's output"),
    ("challenge_1_forward_pass", [("        self.output = np.maximum(0, inputs)",
                                   "        if not hasattr(self, 'output'):\n            self.output = np.maximum(0, inputs)")],
     "relu_forward", "activation", "failed", "It still holds the first call's output"),
    ("challenge_1_forward_pass", [("exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))",
                                   "inputs -= np.max(inputs, axis=1, keepdims=True)\n        exp_values = np.exp(inputs)")],
     "softmax_keeps_input", "activation", "failed", "was modified"),
    ("challenge_1_forward_pass", [("np.sum(y_pred_clipped * y_true, axis=1)", "np.sum(y_pred * y_true, axis=1)")],
     "cce_clipping_onehot", "loss", "failed", "the one-hot branch used y_pred as it came"),
    ("challenge_1_forward_pass", [("            correct_confidences = np.sum(y_pred_clipped * y_true, axis=1)\n"
                                   "        return -np.log(correct_confidences)",
                                   "            return -np.sum(y_true * np.log(y_pred), axis=1)\n"
                                   "        return -np.log(correct_confidences)")],
     "cce_clipping_onehot", "loss", "failed", "-np.sum(y_true * np.log(y_pred), axis=1) took the log of y_pred"),
    ("challenge_2_shapes", [("np.dot(inputs, weights) + biases", "np.dot(inputs, weights) + biases.T")],
     "dense_forward_shape", "shape", "error", "is a column of 3 values, and (5, 3) has 3 columns: to meet each "
                                              "column, the 3 values must be a row, shape (1, 3). Biases made as a "
                                              "column, np.zeros((n_neurons, 1)), or turned into one by a .T (biases.T, "
                                              "say)"),
    ("challenge_2_shapes", [("np.dot(np.array(inputs), np.array(neuron_weights).T) + biases",
                             "np.dot(np.array(neuron_weights), np.array(inputs).T) + biases")],
     "neuron_rows", "forward", "error", "has one value for each of the 3 rows of (3, 5), not for its 5 columns. "
                                        "One value per row must be a column, (3, 1)"),
    ("challenge_2_shapes", [("np.random.randn(n_inputs, n_neurons)", "np.random.randn(n_neurons, n_inputs)")],
     "init_weights_shape", "shape", "failed", "one row per neuron"),
    ("challenge_2_shapes", [("x.reshape(1, -1)", "x.reshape(-1, 1)")],
     "as_batch_sample", "shape", "failed", "transpose"),
    ("challenge_2_shapes", [("    x = np.asarray(x)\n    return x.reshape(1, -1) if x.ndim == 1 else x",
                             "    return np.reshape(x, (-1, 4))")],
     "as_batch_sample", "shape", "failed", "Is the number of features, 4, written into it?"),
    # The learner's as_batch of round 6: every input made a column, (4, 1) for a sample of 4 features.
    ("challenge_2_shapes", [("    x = np.asarray(x)\n    return x.reshape(1, -1) if x.ndim == 1 else x",
                             "    return np.reshape(x, (-1, 1))")],
     "as_batch_sample", "shape", "failed", "has shape (4, 1), but (1, 4) was expected. That is a column, one row per feature"),
    ("challenge_2_shapes", [("    x = np.asarray(x)\n    return x.reshape(1, -1) if x.ndim == 1 else x",
                             "    return np.asarray(x)")],
     "as_batch_sample", "shape", "failed", "That is the sample as it came, one-dimensional"),
    ("challenge_2_shapes", [("    x = np.asarray(x)\n    return x.reshape(1, -1) if x.ndim == 1 else x",
                             "    return np.expand_dims(np.asarray(x), 0)")],
     "as_batch_batch", "shape", "failed", "The batch got an extra axis in front"),
    ("challenge_2_shapes", [("    x = np.asarray(x)\n    return x.reshape(1, -1) if x.ndim == 1 else x",
                             "    return np.reshape(x, (1, -1))")],
     "as_batch_batch", "shape", "failed", "The batch was flattened into one row"),
    ("challenge_3_activations", [("np.max(inputs, axis=1, keepdims=True)", "np.min(inputs, axis=1, keepdims=True)")],
     "softmax_large_logits", "activation", "failed", "Each row's minimum (or another value below its maximum)"),
    ("challenge_3_activations", [("np.max(inputs, axis=1, keepdims=True)", "np.mean(inputs, axis=1, keepdims=True)")],
     "softmax_large_logits", "activation", "failed", "Each row's mean was subtracted"),
    ("challenge_3_activations", [("np.max(inputs, axis=1, keepdims=True)", "np.max(inputs, axis=0, keepdims=True)")],
     "softmax", "activation", "failed", "Each column's maximum was subtracted (axis=0)"),
    ("challenge_3_activations", [("np.where(inputs > 0, inputs, alpha * inputs)",
                                  "np.where(inputs > 0, inputs, alpha * np.abs(inputs))")],
     "leaky_relu", "activation", "failed", "Negative values became positive"),
    ("challenge_3_activations", [("1 / (1 + np.exp(-inputs))", "1 / (1 + np.exp(inputs))")],
     "sigmoid", "activation", "failed", "minus sign"),
    ("challenge_3_activations", [("np.where(inputs > 0, inputs, alpha * inputs)",
                                  "np.where(inputs > 0, inputs, 0.01 * inputs)")],
     "leaky_relu_alpha", "activation", "failed", "alpha=0.2 was ignored"),
    ("challenge_3_activations", [("np.sum(exp_values, axis=1, keepdims=True)", "np.sum(exp_values, axis=0, keepdims=True)")],
     "softmax", "activation", "failed", "column's sum (axis=0)"),
    ("challenge_3_activations", [("exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))",
                                  "inputs -= np.max(inputs, axis=1, keepdims=True)\n    exp_values = np.exp(inputs)")],
     "softmax_keeps_inputs", "activation", "failed", "was modified"),
    ("challenge_3_activations", [("return 1 / (1 + np.exp(-inputs))", "return np.clip(1 / (1 + np.exp(-inputs)), 1e-7, 1 - 1e-7)")],
     "sigmoid_extremes", "activation", "failed", "Was the output clipped"),
    ("challenge_3_activations", [("return 1 / (1 + np.exp(-inputs))", "return 1 / (1 + np.exp(-np.clip(inputs, -20, 20)))")],
     "sigmoid_extremes", "activation", "failed", "the inputs were clipped to ±20 before e^-x"),
    ("challenge_3_activations", [("np.exp(inputs - np.max(inputs, axis=1, keepdims=True))", "np.exp(inputs - np.max(inputs, axis=1))")],
     "softmax", "activation", "failed", "The row maxima lost their axis"),
    ("challenge_4_loss_debug", [("predictions = np.argmax(y_pred, axis=1)\n    return np.mean(predictions == y_true)",
                                 "return np.mean(y_pred[range(len(y_pred)), y_true])")],
     "accuracy_sparse", "loss", "failed", "mean probability given to the true class"),
    ("challenge_4_loss_debug", [("return y_pred[range(len(y_pred)), y_true]", "return np.max(y_pred, axis=1)")],
     "confidences_sparse", "loss", "failed", "largest probabilities"),
    ("challenge_4_loss_debug", [("return np.mean(-np.log(correct_confidences(y_pred_clipped, y_true)))",
                                 "return np.sum(-np.log(correct_confidences(y_pred_clipped, y_true)))")],
     "cce_sparse", "loss", "failed", "as many times the loss as there are samples"),
    ("challenge_4_loss_debug", [("y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)", "y_pred_clipped = y_pred")],
     "cce_clipping", "loss", "failed", "log(0)"),
    ("challenge_4_loss_debug", [("return y_pred[range(len(y_pred)), y_true]",
                                 "return np.clip(y_pred, 1e-7, 1 - 1e-7)[range(len(y_pred)), y_true]")],
     "confidences_unclipped", "loss", "failed", "it clipped them"),
    ("challenge_4_loss_debug", [("return np.mean(predictions == y_true)", "return np.sum(predictions == y_true)")],
     "accuracy_sparse", "loss", "failed", "how many of the 8 samples were predicted right"),
    ("challenge_4_loss_debug", [("return np.mean(predictions == y_true)", "return 100 * np.mean(predictions == y_true)")],
     "accuracy_sparse", "loss", "failed", "That is a percentage"),
    ("challenge_4_loss_debug", [("    y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)",
                                 "    if len(y_true.shape) == 2:\n"
                                 "        return np.mean(-np.log(np.sum(y_pred * y_true, axis=1)))\n"
                                 "    y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)")],
     "cce_clipping_onehot", "loss", "failed", "the one-hot targets met y_pred as it came"),
    ("challenge_4_loss_debug", [("    y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)",
                                 "    if len(y_true.shape) == 2:\n"
                                 "        return np.mean(-np.sum(y_true * np.log(y_pred), axis=1))\n"
                                 "    y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)")],
     "cce_clipping_onehot", "loss", "failed", "the loss is NaN: -np.sum(y_true * np.log(y_pred), axis=1)"),
    ("challenge_5_backprop", [("        self.dinputs[range(samples), y_true] -= 1\n        self.dinputs = self.dinputs / samples",
                               "        self.dinputs[range(samples), y_true] -= 1\n        self.dinputs = self.dinputs / 6")],
     "combined_backward", "backprop", "failed", "It was divided by 6, the number of samples in the first batch"),
    ("challenge_5_backprop", [("self.dinputs[self.inputs <= 0] = 0", "self.dinputs[self.inputs < 0] = 0")],
     "relu_backward", "backprop", "failed", "not only where inputs < 0"),
    ("challenge_5_backprop", [("        if len(y_true.shape) == 2:\n            y_true = np.argmax(y_true, axis=1)\n"
                               "        self.dinputs = dvalues.copy()",
                               "        if len(y_true.shape) == 2:\n            y_true = np.argmax(y_true, axis=1)\n"
                               "        if not hasattr(self, 'y_first'):\n            self.y_first = y_true\n"
                               "        y_true = self.y_first\n        self.dinputs = dvalues.copy()")],
     "combined_backward", "backprop", "failed", "It used the targets of the first call"),
    ("challenge_5_backprop", [("        if len(y_true.shape) == 2:\n            y_true = np.argmax(y_true, axis=1)\n"
                               "        self.dinputs = dvalues.copy()", "        self.dinputs = dvalues.copy()")],
     "combined_backward", "backprop", "failed", "turn them into class indices first, y_true = np.argmax(y_true"),
    ("challenge_5_backprop", [("        labels = len(dvalues[0])",
                               "        labels = len(dvalues[0])\n        if hasattr(self, 'y_first'):\n"
                               "            y_true = self.y_first\n        self.y_first = y_true")],
     "cce_backward", "backprop", "failed", "It used the targets of the first call"),
    ("challenge_5_backprop", [("labels = len(dvalues[0])", "labels = 3")],
     "cce_backward", "backprop", "failed", "Is 6 or 3 written into it as a number?"),
    ("challenge_5_backprop", [("self.dinputs = -y_true / dvalues\n        self.dinputs = self.dinputs / samples",
                               "dvalues[:] = -y_true / dvalues / samples\n        self.dinputs = dvalues")],
     "cce_backward_keeps_dvalues", "backprop", "failed", "was modified"),
    ("challenge_5_backprop", [("np.dot(single_output, single_output.T)", "np.dot(single_output.T, single_output)")],
     "softmax_backward", "backprop", "failed", "The Jacobian subtracted np.dot(s.T, s), one number"),
    # The book's np.dot(s, s.T) on the 1-D row, not reshaped to a column: .T does nothing, the product is a number.
    ("challenge_5_backprop", [("            single_output = single_output.reshape(-1, 1)\n", "")],
     "softmax_backward", "backprop", "failed", "a row of self.output is 1-D, so its .T does nothing"),
    ("challenge_5_backprop", [("self.dweights = np.dot(self.inputs.T, dvalues)",
                               "self.dweights = np.dot(dvalues.T, self.inputs)")],
     "dense_backward_dweights", "backprop", "failed", "transpose"),
    ("challenge_5_backprop", [("self.dbiases = np.sum(dvalues, axis=0, keepdims=True)",
                               "self.dbiases = np.sum(dvalues, axis=0)")],
     "dense_backward_dbiases", "backprop", "failed", "keepdims=True"),
    ("challenge_5_backprop", [("self.dinputs = self.dinputs / samples\n\n\nclass Activation_Softmax_Loss",
                               "self.dinputs = self.dinputs\n\n\nclass Activation_Softmax_Loss")],
     "cce_backward", "backprop", "failed", "divide by the number of samples"),
    ("challenge_5_backprop", [("self.dinputs = dvalues.copy()\n        self.dinputs[self.inputs <= 0] = 0",
                               "self.dinputs = dvalues\n        self.dinputs[self.inputs <= 0] = 0")],
     "relu_backward_keeps_dvalues", "backprop", "failed", "was modified"),
    ("challenge_5_backprop", [("self.dinputs[self.inputs <= 0] = 0", "self.dinputs[dvalues <= 0] = 0")],
     "relu_backward", "backprop", "failed", "mask was taken from dvalues"),
    ("challenge_5_backprop", [("self.dinputs = -y_true / dvalues", "return -y_true / dvalues / len(dvalues)")],
     "cce_backward", "backprop", "failed", "a value the method returns is not kept"),
    ("challenge_5_backprop", [("self.dinputs = -y_true / dvalues", "self.dinputs = y_true / dvalues")],
     "cce_backward", "backprop", "failed", "wrong sign"),
    ("challenge_6_optimizers", [("layer.weight_momentums = self.beta_1 * layer.weight_momentums + (1 - self.beta_1) * "
                                 "layer.dweights\n", "layer.weight_momentums = self.beta_1 * layer.weight_momentums + "
                                 "(1 - self.beta_1) * layer.dweights ** 2\n")],
     "adam", "optimizer", "failed", "The momentums averaged the squared gradient"),
    ("challenge_6_optimizers", [("weight_updates = self.momentum * layer.weight_momentums - self.current_learning_rate",
                                 "weight_updates = self.momentum * layer.weight_momentums + self.current_learning_rate")],
     "sgd_momentum", "optimizer", "failed", "the gradient was added to the momentum instead of subtracted"),
    ("challenge_6_optimizers", [("bias_updates = self.momentum * layer.bias_momentums - self.current_learning_rate * "
                                 "layer.dbiases", "bias_updates = -self.current_learning_rate * layer.dbiases")],
     "sgd_momentum", "optimizer", "failed", "The biases took plain SGD steps while the weights kept their momentum"),
    ("challenge_6_optimizers", [("bias_updates = -self.current_learning_rate * layer.dbiases",
                                 "bias_updates = np.zeros_like(layer.biases)")],
     "sgd_step", "optimizer", "failed", "The biases never moved"),
    ("challenge_6_optimizers", [("bias_updates = -self.current_learning_rate * layer.dbiases",
                                 "bias_updates = self.current_learning_rate * layer.dbiases")],
     "sgd_step", "optimizer", "failed", "The biases moved along the gradient"),
    ("challenge_6_optimizers", [("bias_updates = -self.current_learning_rate * layer.dbiases",
                                 "bias_updates = -0.1 * self.current_learning_rate * layer.dbiases")],
     "sgd_step", "optimizer", "failed", "The biases after each of 3 SGD steps"),
    ("challenge_6_optimizers", [("            weight_updates = -self.current_learning_rate * layer.dweights\n"
                                 "            bias_updates = -self.current_learning_rate * layer.dbiases\n",
                                 "            weight_updates = -self.learning_rate * layer.dweights\n"
                                 "            bias_updates = -self.learning_rate * layer.dbiases\n")],
     "sgd_decay", "optimizer", "failed", "The update used learning_rate, not the decayed current_learning_rate"),
    ("challenge_6_optimizers", [("weight_cache_corrected = layer.weight_cache / (1 - self.beta_2 ** (self.iterations + 1))",
                                 "weight_cache_corrected = layer.weight_cache")],
     "adam", "optimizer", "failed", "The cache's bias correction is missing"),
    ("challenge_6_optimizers", [("weight_updates = self.momentum * layer.weight_momentums - "
                                 "self.current_learning_rate * layer.dweights",
                                 "weight_updates = self.momentum * layer.weight_momentums - "
                                 "self.learning_rate * layer.dweights")],
     "sgd_momentum_with_decay", "optimizer", "failed", "used learning_rate, not the decayed"),
    ("challenge_6_optimizers", [("weight_momentums_corrected = layer.weight_momentums / "
                                 "(1 - self.beta_1 ** (self.iterations + 1))",
                                 "weight_momentums_corrected = layer.weight_momentums"),
                                ("weight_cache_corrected = layer.weight_cache / "
                                 "(1 - self.beta_2 ** (self.iterations + 1))",
                                 "weight_cache_corrected = layer.weight_cache")],
     "adam", "optimizer", "failed", "bias correction is missing"),
    ("challenge_6_optimizers", [("self.learning_rate * (1. / (1. + self.decay * self.iterations))",
                                 "self.learning_rate * (1. / (1. + self.decay * (self.iterations + 1)))")],
     "sgd_decay", "optimizer", "failed", "decay starts one step early"),
    ("challenge_6_optimizers", [("layer.weight_cache = self.rho * layer.weight_cache + (1 - self.rho) * "
                                 "layer.dweights ** 2",
                                 "layer.weight_cache += layer.dweights ** 2")],
     "rmsprop", "optimizer", "failed", "the AdaGrad way"),
    ("challenge_6_optimizers", [("weight_updates = -self.current_learning_rate * layer.dweights",
                                 "weight_updates = self.current_learning_rate * layer.dweights")],
     "sgd_step", "optimizer", "failed", "along the gradient instead of against"),
    ("challenge_9_binary_and_regression", [("        self.dinputs = dvalues.copy()\n\n\nclass", "        self.dinputs = dvalues\n\n\nclass")],
     "linear", "activation", "failed", "shares its memory with the dvalues given to Activation_Linear.backward"),
    # A view is no copy: it shares the caller's memory as the array itself does.
    ("challenge_9_binary_and_regression", [("        self.dinputs = dvalues.copy()\n\n\nclass",
                                            "        self.dinputs = dvalues[:]\n\n\nclass")],
     "linear", "activation", "failed", "shares its memory with the dvalues given to Activation_Linear.backward"),
    # NumPy's functions are the learner's to replace: the check reads memory with the array's own methods.
    ("challenge_9_binary_and_regression", [("        self.dinputs = dvalues.copy()\n\n\nclass",
                                            "        self.dinputs = dvalues\n\n\nclass"),
                                           ("import numpy as np\n", "import numpy as np\n"
                                            "np.shares_memory = lambda *args, **kwargs: False\n"
                                            "np.may_share_memory = np.shares_memory\n")],
     "linear", "activation", "failed", "shares its memory with the dvalues given to Activation_Linear.backward"),
    ("challenge_9_binary_and_regression", [("self.output = 1 / (1 + np.exp(-inputs))",
                                            "np.negative(inputs, out=inputs)\n        np.exp(inputs, out=inputs)\n"
                                            "        inputs += 1\n        self.output = np.reciprocal(inputs, out=inputs)")],
     "sigmoid_forward", "activation", "failed", "The inputs given to Activation_Sigmoid.forward were modified"),
    ("challenge_9_binary_and_regression", [("return np.mean((y_true - y_pred) ** 2, axis=-1)",
                                            "np.subtract(y_pred, y_true, out=y_pred)\n        return np.mean(y_pred ** 2, axis=-1)")],
     "mse_forward", "loss", "failed", "The y_pred given to Loss_MeanSquaredError.forward was modified"),
    ("challenge_9_binary_and_regression", [("return np.mean(np.abs(y_true - y_pred), axis=-1)",
                                            "y_pred -= y_true\n        return np.mean(np.abs(y_pred), axis=-1)")],
     "mae_forward", "loss", "failed", "The y_pred given to Loss_MeanAbsoluteError.forward was modified"),
    ("challenge_9_binary_and_regression", [("self.dinputs = -2 * (y_true - dvalues) / outputs\n        self.dinputs = self.dinputs / samples",
                                            "dvalues -= y_true\n        dvalues *= 2 / outputs / samples\n        self.dinputs = dvalues")],
     "mse_backward", "backprop", "failed", "The dvalues given to Loss_MeanSquaredError.backward were modified"),
    ("challenge_9_binary_and_regression", [("self.dinputs = np.sign(dvalues - y_true) / outputs\n        self.dinputs = self.dinputs / samples",
                                            "dvalues -= y_true\n        np.sign(dvalues, out=dvalues)\n"
                                            "        dvalues /= outputs * samples\n        self.dinputs = dvalues")],
     "mae_backward", "backprop", "failed", "The dvalues given to Loss_MeanAbsoluteError.backward were modified"),
    ("challenge_9_binary_and_regression", [("outputs = len(dvalues[0])\n        clipped_dvalues",
                                            "outputs = 2\n        clipped_dvalues")],
     "bce_backward", "backprop", "failed", "It was divided by 2 outputs, as many as the first batch has"),
    ("challenge_9_binary_and_regression", [("outputs = len(dvalues[0])\n        self.dinputs = -2",
                                            "outputs = 2\n        self.dinputs = -2")],
     "mse_backward", "backprop", "failed", "It was divided by 2 outputs, as many as the first batch has"),
    ("challenge_9_binary_and_regression", [("outputs = len(dvalues[0])\n        # d|y - p|/dp",
                                            "outputs = 2\n        # d|y - p|/dp")],
     "mae_backward", "backprop", "failed", "outputs = len(dvalues[0])"),
    ("challenge_9_binary_and_regression", [("y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)",
                                            "y_pred_clipped = y_pred")],
     "bce_clipping", "loss", "failed", "clip y_pred"),
    ("challenge_9_binary_and_regression", [("clipped_dvalues = np.clip(dvalues, 1e-7, 1 - 1e-7)",
                                            "clipped_dvalues = dvalues")],
     "bce_clipping", "loss", "failed", "backward clips dvalues too"),
    ("challenge_9_binary_and_regression", [("self.dinputs = -2 * (y_true - dvalues) / outputs",
                                            "self.dinputs = -(y_true - dvalues) / outputs")],
     "mse_backward", "backprop", "failed", "factor 2"),
    ("challenge_9_binary_and_regression", [("self.dinputs = np.sign(dvalues - y_true) / outputs",
                                            "self.dinputs = np.sign(y_true - dvalues) / outputs")],
     "mae_backward", "backprop", "failed", "The book prints"),
    ("challenge_9_binary_and_regression", [("self.dinputs = np.sign(dvalues - y_true) / outputs",
                                            "self.dinputs = np.sign(dvalues - y_true)")],
     "mae_backward", "backprop", "failed", "not divided by the number of outputs per sample (2)"),
    ("challenge_9_binary_and_regression", [("- (1 - y_true) / (1 - clipped_dvalues)) / outputs",
                                            "- (1 - y_true) / (1 - clipped_dvalues))")],
     "bce_backward", "backprop", "failed", "number of outputs"),
    ("challenge_8_regularization", [("layer.weight_regularizer_l1 * np.sum(np.abs(layer.weights))",
                                     "layer.weight_regularizer_l1 * np.sum(layer.weights)")],
     "regularization_loss", "regularization", "failed", "L1 sums the absolute values, np.abs(w)"),
    ("challenge_8_regularization", [("self.dweights += 2 * self.weight_regularizer_l2 * self.weights",
                                                                     "self.dweights += self.weight_regularizer_l2 * self.weights")],
     "backward_l2", "regularization", "failed", "factor 2 is missing"),
    ("challenge_8_regularization", [("np.random.binomial(1, self.rate, size=inputs.shape) / self.rate",
                                                                     "np.random.binomial(1, self.rate, size=inputs.shape)")],
     "dropout_scales_the_kept_values", "regularization", "failed", "were not scaled"),
    ("challenge_8_regularization", [("self.dinputs = dvalues * self.binary_mask",
                                     "self.dinputs = dvalues * np.random.binomial(1, self.rate, "
                                     "size=dvalues.shape) / self.rate")],
     "dropout_backward_reuses_the_mask", "backprop", "failed", "drew a new mask"),
    ("challenge_8_regularization", [("self.rate = 1 - rate", "self.rate = rate")],
     "dropout_drops_the_right_share", "regularization", "failed", "the share it should have kept"),
    ("challenge_8_regularization", [("        self.binary_mask = np.random.binomial(",
                                     "        if not hasattr(self, 'binary_mask'):\n"
                                     "            self.binary_mask = np.random.binomial(")],
     "dropout_draws_a_new_mask_each_pass", "regularization", "failed", "the mask was drawn once and kept"),
    ("challenge_8_regularization", [("size=inputs.shape) / self.rate", "size=inputs.shape[1:]) / self.rate")],
     "dropout_drops_the_right_share", "regularization", "failed", "shared by the whole batch"),
    ("challenge_8_regularization", [("size=inputs.shape) / self.rate", "size=(len(inputs), 1)) / self.rate")],
     "dropout_drops_the_right_share", "regularization", "failed", "dropped or kept whole"),
    ("challenge_8_regularization", [("            regularization_loss += layer.weight_regularizer_l2 * "
                                     "np.sum(layer.weights * layer.weights)",
                                     "            regularization_loss += layer.weight_regularizer_l2 * "
                                     "np.sum(np.abs(layer.weights))")],
     "regularization_loss", "regularization", "failed", "L2 squares the parameters"),
    ("challenge_7_training", [("        optimizer.update_params(dense1)\n        optimizer.update_params(dense2)\n", "")],
     "training_step", "training", "failed", "the weights are never updated"),
    ("challenge_7_training", [("    for step in range(steps):\n        dense1.forward(X)\n",
                               "    for step in range(steps):\n        keys = np.random.permutation(len(X))\n"
                               "        X[:] = X[keys]\n        y[:] = y[keys]\n        dense1.forward(X)\n")],
     "train_keeps_inputs", "training", "failed", "The X given to train was modified"),
    ("challenge_7_training", [("for step in range(steps):", "for step in range(1, steps):")],
     "every_step", "training", "failed", "ran 2 steps, each with its forward pass, backward pass and update: the loop "
                                         "stops 1 step short"),
    ("challenge_7_training", [("for step in range(steps):", "for step in range(1, steps):")],
     "step_budget", "training", "failed", "returned 59 losses; expected 60, one a step. Either the loop stops one"),
    ("challenge_7_training", [("    optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-7)\n", ""),
                              ("    for step in range(steps):\n", "    for step in range(steps):\n"
                                                               "        optimizer = Optimizer_Adam(learning_rate=0.05, "
                                                               "decay=5e-7)\n")],
     "every_step", "training", "failed", "train built Optimizer_Adam 3 times in 3 steps: build it once"),
    ("challenge_7_training", [("for step in range(steps):", "for step in range(steps + 100):")],
     "step_budget", "training", "failed", "returned 160 losses; expected 60, one a step. The 100 more"),
    ("challenge_7_training", [("        return np.argmax(dense2.output, axis=1)", "        return dense2.output")],
     "training_accuracy", "training", "failed", "class indices"),
    ("challenge_7_training", [("        return np.argmax(dense2.output, axis=1)",
                               "        dense2.weights *= 0.5\n        return np.argmax(dense2.output, axis=1)")],
     "predict_does_not_learn", "training", "failed", "changed the network"),
    ("challenge_7_training", [("optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-7)\n    losses",
                               "optimizer = Optimizer_Adam(learning_rate=0.0005, decay=5e-7)\n    losses")],
     "training_step", "training", "failed", "learning_rate=0.05"),
    ("challenge_10_model", [("predictions = self.output_layer_activation.predictions(output)",
                             "predictions = self.output_layer_activation.predictions(self.forward(batch_X, training=True))")],
     "train_in_batches", "model", "failed", "this run had no validation data. It ran twice per batch"),
    ("challenge_10_model", [("                self.optimizer.pre_update_params()\n", "")],
     "train_whole_batch", "model", "failed", "the learning rate never decayed"),
    ("challenge_10_model", [("        return np.vstack(output)", "        return output[-1]")],
     "predict_in_batches", "model", "failed", "predict returned only the last batch's output"),
    ("challenge_10_model", [("epochs=1, batch_size=None, print_every=1", "epochs=2, batch_size=None, print_every=1")],
     "train_whole_batch", "model", "failed", "then a train with epochs left at its default, 1); expected 4"),
    ("challenge_10_model", [("        for step in range(_steps(len(X), batch_size)):\n            batch_X = X if",
                             "        for step in range(1):\n            batch_X = X if")],
     "predict_in_batches", "model", "failed", "only the first batch"),
    ("challenge_10_model", [("if not step % print_every or step == train_steps - 1:", "if not step % print_every:")],
     "train_reports_progress", "model", "failed", "at the last step of the epoch"),
    ("challenge_10_model", [("self.accumulated_sum = getattr(self, \"accumulated_sum\", 0) + np.sum(sample_losses)\n"
                             "        self.accumulated_count = getattr(self, \"accumulated_count\", 0) + len(sample_losses)",
                             "self.accumulated_sum = getattr(self, \"accumulated_sum\", 0) + data_loss\n"
                             "        self.accumulated_count = getattr(self, \"accumulated_count\", 0) + 1")],
     "train_reports_progress", "model", "failed", "mean of the batches' own losses"),
    ("challenge_10_model", [("self.accumulated_sum = getattr(self, \"accumulated_sum\", 0) + np.sum(comparisons)\n"
                             "        self.accumulated_count = getattr(self, \"accumulated_count\", 0) + len(comparisons)",
                             "self.accumulated_sum = getattr(self, \"accumulated_sum\", 0) + accuracy\n"
                             "        self.accumulated_count = getattr(self, \"accumulated_count\", 0) + 1")],
     "evaluate", "model", "failed", "mean of the batches' own accuracies"),
    ("challenge_10_model", [("    return steps + 1 if steps * batch_size < samples else steps", "    return steps")],
     "predict_in_batches", "model", "failed", "partial batch"),
    ("challenge_10_model", [("        self.loss.new_pass()\n        self.accuracy.new_pass()\n"
                             "        for step in range(_steps(len(X_val), batch_size)):",
                             "        for step in range(_steps(len(X_val), batch_size)):")],
     "evaluate", "model", "failed", "validation"),
    ("challenge_10_model", [("            for name in [\"inputs\", \"output\", \"dinputs\", \"dweights\", \"dbiases\"]:\n"
                             "                layer.__dict__.pop(name, None)\n", "            pass\n")],
     "save_and_load", "model", "failed", "still holds data of its last pass"),
    ("challenge_10_model", [("            layer.set_parameters(*parameter_set)",
                             "            layer.set_parameters(parameter_set[0], layer.biases)")],
     "parameters_round_trip", "model", "failed", "both its weights and its biases"),
    # Mistakes real learners make, planted where the checks once missed them or named them wrongly.
    ("challenge_1_forward_pass", [("np.exp(inputs - np.max(inputs, axis=1, keepdims=True))",
                                   "np.exp(inputs - np.max(inputs))")],
     "softmax_large_logits", "activation", "failed", "each row's own maximum"),
    ("challenge_6_optimizers", [("(1 - self.rho) * layer.dbiases ** 2\n"
                                 "        layer.weights += -self.current_learning_rate * layer.dweights / "
                                 "(np.sqrt(layer.weight_cache) + self.epsilon)",
                                 "(1 - self.rho) * layer.dbiases ** 2\n"
                                 "        layer.weights += -self.current_learning_rate * layer.dweights / "
                                 "np.sqrt(layer.weight_cache) + self.epsilon")],
     "rmsprop", "optimizer", "failed", "epsilon is outside the square root"),
    ("challenge_6_optimizers", [("(np.sqrt(weight_cache_corrected) + self.epsilon)",
                                 "np.sqrt(weight_cache_corrected + self.epsilon)")],
     "adam", "optimizer", "failed", "epsilon went inside the square root"),
    ("challenge_6_optimizers", [("if not hasattr(layer, 'weight_momentums'):\n"
                                 "                layer.weight_momentums = np.zeros_like(layer.weights)\n"
                                 "                layer.bias_momentums = np.zeros_like(layer.biases)\n"
                                 "            weight_updates = self.momentum * layer.weight_momentums",
                                 "if not hasattr(self, 'weight_momentums'):\n"
                                 "                self.weight_momentums = np.zeros_like(layer.weights)\n"
                                 "                self.bias_momentums = np.zeros_like(layer.biases)\n"
                                 "            weight_updates = self.momentum * self.weight_momentums"),
                                ("            layer.weight_momentums = weight_updates\n"
                                 "            bias_updates = self.momentum * layer.bias_momentums",
                                 "            self.weight_momentums = weight_updates\n"
                                 "            bias_updates = self.momentum * self.bias_momentums"),
                                ("            layer.bias_momentums = bias_updates",
                                 "            self.bias_momentums = bias_updates")],
     "sgd_momentum_with_decay", "optimizer", "failed", "on the optimizer itself"),
    ("challenge_6_optimizers", [("def __init__(self, learning_rate=1., decay=0., epsilon=1e-7):",
                                 "def __init__(self, learning_rate=0.001, decay=0., epsilon=1e-7):")],
     "defaults", "optimizer", "failed", "the book's default learning_rate for Optimizer_Adagrad is 1"),
    ("challenge_7_training", [("        optimizer.update_params(dense1)\n", "")],
     "training_step", "training", "failed", "The weights of dense1 did not change"),
    ("challenge_7_training", [("        optimizer.post_update_params()\n",
                               "        optimizer.post_update_params()\n        optimizer.post_update_params()\n")],
     "every_step", "training", "failed", "post_update_params was called 6 times"),
    ("challenge_7_training", [("losses.append(loss_activation.forward(dense2.output, y))",
                               "losses.append(loss_activation.forward(dense1.output[:, :3], y))")],
     "training_step", "training", "failed", "The loss of the first step"),
    ("challenge_8_regularization", [("        if not training:\n            self.output = inputs.copy()\n"
                                     "            return\n", "")],
     "dropout_inference", "regularization", "failed", "dropout was applied at inference"),
    ("challenge_8_regularization", [("        if layer.weight_regularizer_l2 > 0:\n",
                                     "        elif layer.weight_regularizer_l2 > 0:\n")],
     "regularization_loss", "regularization", "failed", "four separate ifs, not elif"),
    ("challenge_8_regularization", BIAS_L2_FROM_WEIGHTS,
     "backward_l2", "regularization", "failed", "used the weights where the biases belong"),
    ("challenge_8_regularization", [("            dL1 = np.ones_like(self.biases)\n            dL1[self.biases < 0] = -1\n"
                                     "            self.dbiases += self.bias_regularizer_l1 * dL1",
                                     "            dL1 = np.ones_like(self.weights)\n            dL1[self.weights < 0] = -1\n"
                                     "            self.dbiases = self.dbiases + self.bias_regularizer_l1 * dL1")],
     "backward_l1", "regularization", "failed", "the biases' L1 gradient used the weights where the biases belong"),
    ("challenge_8_regularization", BIAS_L1_FROM_WEIGHTS_RAISES,
     "backward_l1", "regularization", "failed", "cannot be added into dbiases"),
    # The L1 slips named as the L2 ones are, through the same allowance at w = 0 as the learner's values.
    ("challenge_8_regularization", [("self.dweights += self.weight_regularizer_l1 * dL1",
                                     "self.dweights += self.weight_regularizer_l1 * -np.sign(self.weights)")],
     "backward_l1", "regularization", "failed", "The L1 gradient has the wrong sign"),
    ("challenge_8_regularization", [("self.dweights += self.weight_regularizer_l1 * dL1", "pass")],
     "backward_l1", "regularization", "failed", "The L1 gradient is missing"),
    ("challenge_8_regularization", [("self.dweights += self.weight_regularizer_l1 * dL1", "self.dweights += dL1")],
     "backward_l1", "regularization", "failed", "not multiplied by its lambda"),
    ("challenge_8_regularization", [("self.dbiases += self.bias_regularizer_l1 * dL1", "pass")],
     "backward_l1", "regularization", "failed", "The biases' L1 gradient is missing"),
    ("challenge_8_regularization", [("self.dweights += self.weight_regularizer_l1 * dL1",
                                     "self.dweights = self.weight_regularizer_l1 * dL1")],
     "backward_l1", "regularization", "failed", "self.dweights is the penalty's gradient alone"),
    ("challenge_8_regularization", [("self.dbiases += self.bias_regularizer_l1 * dL1",
                                     "self.dbiases = self.bias_regularizer_l1 * dL1")],
     "backward_l1", "regularization", "failed", "self.dbiases is the penalty's gradient alone"),
    ("challenge_8_regularization", [("self.dweights += 2 * self.weight_regularizer_l2 * self.weights",
                                     "self.dweights = 2 * self.weight_regularizer_l2 * self.weights")],
     "backward_l2", "regularization", "failed", "replaced the gradient of the data"),
    ("challenge_8_regularization", [("self.dbiases += 2 * self.bias_regularizer_l2 * self.biases",
                                     "self.dbiases = 2 * self.bias_regularizer_l2 * self.biases")],
     "backward_l2", "regularization", "failed", "self.dbiases += 2 * self.bias_regularizer_l2 * self.biases"),
    ("challenge_8_regularization", [("        self.rate = 1 - rate\n\n    def forward(self, inputs, training=True):",
                                     "        self.rate = 1 - rate\n\n    def forward(self, inputs, training=False):")],
     "dropout_default_drops", "regularization", "failed", "Make the default True"),
    ("challenge_8_regularization", [("        self.rate = 1 - rate\n\n    def forward(self, inputs, training=True):",
                                     "        self.rate = 1 - rate\n\n    def forward(self, inputs, **options):\n"
                                     "        training = options.get('training', False)")],
     "dropout_default_drops", "regularization", "failed", "Make the default True"),
    ("challenge_13_regularized_training", [("        self.rate = 1 - rate\n\n    def forward(self, inputs, training=True):",
                                            "        self.rate = 1 - rate\n\n    def forward(self, inputs, **options):\n"
                                            "        training = options.get('training', False)")],
     "dropout_default_drops", "regularization", "failed", "Make the default True"),
    ("challenge_8_regularization", [("self.output = inputs * self.binary_mask",
                                     "self.outputs = inputs * self.binary_mask")],
     "dropout_drops_the_right_share", "regularization", "failed", "never set self.output"),
    # Dropout's forward checks judge forward alone: a backward still to be written does not hide them.
    ("challenge_8_regularization", [("self.rate = 1 - rate", "self.rate = rate"),
                                    ("        self.dinputs = dvalues * self.binary_mask",
                                     "        raise NotImplementedError")],
     "dropout_drops_the_right_share", "regularization", "failed", "the share it should have kept"),
    # Both arrays written into are named at once, not the dvalues only at the next run.
    ("challenge_8_regularization", DROPOUT_IN_PLACE,
     "dropout_keeps_its_arguments", "regularization", "failed",
     "The dvalues given to Layer_Dropout.backward were modified"),
    ("challenge_13_regularized_training", DROPOUT_IN_PLACE,
     "dropout_keeps_its_arguments", "regularization", "failed",
     "The dvalues given to Layer_Dropout.backward were modified"),
    ("challenge_6_optimizers", [("            layer.weight_cache = np.zeros_like(layer.weights)\n"
                                 "            layer.bias_cache = np.zeros_like(layer.biases)\n"
                                 "        layer.weight_cache = self.rho * layer.weight_cache",
                                 "            layer.weight_cache = np.ones_like(layer.weights)\n"
                                 "            layer.bias_cache = np.zeros_like(layer.biases)\n"
                                 "        layer.weight_cache = self.rho * layer.weight_cache")],
     "rmsprop", "optimizer", "failed", "The cache started at ones"),
    ("challenge_6_optimizers", [("layer.weight_cache = self.rho * layer.weight_cache + (1 - self.rho) * layer.dweights ** 2",
                                 "layer.weight_cache = layer.weight_cache + (1 - self.rho) * layer.dweights ** 2")],
     "rmsprop", "optimizer", "failed", "The old cache was kept whole"),
    ("challenge_6_optimizers", [("layer.weight_momentums / (1 - self.beta_1 ** (self.iterations + 1))",
                                 "layer.weight_momentums / (1 - self.beta_1 ** self.iterations + 1)"),
                                ("layer.weight_cache / (1 - self.beta_2 ** (self.iterations + 1))",
                                 "layer.weight_cache / (1 - self.beta_2 ** self.iterations + 1)")],
     "adam", "optimizer", "failed", "The bias correction's parentheses are missing"),
    ("challenge_6_optimizers", [("layer.weight_momentums / (1 - self.beta_1 ** (self.iterations + 1))",
                                 "layer.weight_momentums / (1 - self.beta_1 * (self.iterations + 1))"),
                                ("layer.weight_cache / (1 - self.beta_2 ** (self.iterations + 1))",
                                 "layer.weight_cache / (1 - self.beta_2 * (self.iterations + 1))")],
     "adam", "optimizer", "failed", "multiplied where it raises to a power"),
    ("challenge_6_optimizers", [("layer.weight_cache / (1 - self.beta_2 ** (self.iterations + 1))",
                                 "layer.weight_cache / (1 - self.beta_1 ** (self.iterations + 1))")],
     "adam", "optimizer", "failed", "The cache's bias correction used beta_1"),
    ("challenge_6_optimizers", [("self.beta_1 * layer.weight_momentums + (1 - self.beta_1) * layer.dweights",
                                 "(1 - self.beta_1) * layer.weight_momentums + self.beta_1 * layer.dweights")],
     "adam", "optimizer", "failed", "The momentums' moving average has its two weights swapped"),
    ("challenge_6_optimizers", [("layer.weights += -self.current_learning_rate * weight_momentums_corrected /",
                                 "layer.weights += -self.current_learning_rate * layer.dweights /")],
     "adam", "optimizer", "failed", "The step took the raw gradient"),
    ("challenge_6_optimizers", [("decay=0., epsilon=1e-7, beta_1=0.9, beta_2=0.999", "decay=0., epsilon=1e-8, beta_1=0.9, beta_2=0.999")],
     "adam", "optimizer", "failed", "yours are epsilon=1e-08: the book's defaults are learning_rate=0.001, decay=0., "
                                    "epsilon=1e-7, beta_1=0.9, beta_2=0.999"),
    ("challenge_6_optimizers", [("learning_rate=1., decay=0., epsilon=1e-7):",
                                 "learning_rate=1., decay=0., epsilon=1e-8):")],
     "adagrad", "optimizer", "failed", "Optimizer_Adagrad(learning_rate=0.5, decay=0.1) leaves the rest at their "
                                       "defaults, and yours are epsilon=1e-08"),
    ("challenge_6_optimizers", [("epsilon=1e-7, rho=0.9):", "epsilon=1e-7, rho=0.99):")],
     "defaults", "optimizer", "failed", "Optimizer_RMSprop() leaves every setting at its default, and yours are "
                                        "rho=0.99: the book's defaults are learning_rate=0.001, decay=0., "
                                        "epsilon=1e-7, rho=0.9"),
    ("challenge_8_regularization", [("        if layer.bias_regularizer_l2 > 0:\n"
                                     "            regularization_loss += layer.bias_regularizer_l2 * np.sum(layer.biases * layer.biases)\n",
                                     "")],
     "regularization_loss", "regularization", "failed", "The bias_regularizer_l2 penalty is 0: it was left out, or multiplied by another penalty's lambda"),
    ("challenge_8_regularization", [("layer.weight_regularizer_l2 * np.sum(layer.weights * layer.weights)",
                                     "layer.weight_regularizer_l2 * np.sum(layer.weights) ** 2")],
     "regularization_loss", "regularization", "failed", "np.sum(w) ** 2 squares the sum"),
    ("challenge_8_regularization", [("            dL1[self.weights < 0] = -1", "            dL1[self.dweights < 0] = -1")],
     "backward_l1", "regularization", "failed", "The L1 gradient took its signs from dweights"),
    ("challenge_8_regularization", [("self.dinputs = dvalues * self.binary_mask", "self.dinputs = dvalues * self.output")],
     "dropout_backward_reuses_the_mask", "backprop", "failed", "multiplied by the layer's output, not by its mask"),
    ("challenge_8_regularization", [("layer.weight_regularizer_l2 * np.sum(layer.weights * layer.weights)",
                                     "layer.weight_regularizer_l2 * np.mean(layer.weights * layer.weights)")],
     "regularization_loss", "regularization", "failed", "np.mean divides the penalty by the number of parameters"),
    ("challenge_8_regularization", [("layer.bias_regularizer_l1 * np.sum(np.abs(layer.biases))",
                                     "layer.bias_regularizer_l1 * np.mean(np.abs(layer.biases))")],
     "regularization_loss", "regularization", "failed", "np.mean divides the penalty by the number of parameters"),
    ("challenge_8_regularization", [("layer.bias_regularizer_l2 * np.sum(layer.biases * layer.biases)",
                                     "layer.bias_regularizer_l2 * np.sum(layer.weights * layer.weights)")],
     "regularization_loss", "regularization", "failed",
     "The bias_regularizer_l2 penalty was computed from the layer's weights"),
    ("challenge_8_regularization", [("layer.bias_regularizer_l1 * np.sum(np.abs(layer.biases))",
                                     "layer.bias_regularizer_l1 * np.sum(np.abs(layer.weights))")],
     "regularization_loss", "regularization", "failed",
     "The bias_regularizer_l1 penalty was computed from the layer's weights"),
    ("challenge_8_regularization", [("self.dweights += self.weight_regularizer_l1 * dL1",
                                     "self.dweights += 2 * self.weight_regularizer_l1 * self.weights")],
     "backward_l1", "regularization", "failed", "That is the L2 penalty's gradient, 2 · lambda · w"),
    ("challenge_8_regularization", [("self.dbiases += self.bias_regularizer_l1 * dL1",
                                     "self.dbiases += 2 * self.bias_regularizer_l1 * self.biases")],
     "backward_l1", "regularization", "failed", "That is the L2 penalty's gradient, 2 · lambda · b"),
    # A row of the weights' signs fits dbiases' shape: nothing raises, and the weights are still named.
    ("challenge_8_regularization", [("            dL1 = np.ones_like(self.biases)\n            dL1[self.biases < 0] = -1\n"
                                     "            self.dbiases += self.bias_regularizer_l1 * dL1",
                                     "            dL1 = np.ones_like(self.weights)\n            dL1[self.weights < 0] = -1\n"
                                     "            self.dbiases += self.bias_regularizer_l1 * dL1[-1]")],
     "backward_l1", "regularization", "failed", "dbiases holds the signs of a row of the weights"),
    ("challenge_8_regularization", [("self.dbiases += 2 * self.bias_regularizer_l2 * self.biases", "pass")],
     "backward_l2", "regularization", "failed", "The biases' L2 gradient is missing"),
    ("challenge_8_regularization", [("self.dbiases += 2 * self.bias_regularizer_l2 * self.biases",
                                     "self.dbiases += 2 * self.bias_regularizer_l1 * self.biases")],
     "backward_l2", "regularization", "failed", "or was multiplied by another penalty's lambda (0 in this check)"),
    ("challenge_8_regularization", [("            dL1 = np.ones_like(self.biases)\n            dL1[self.biases < 0] = -1\n"
                                     "            self.dbiases += self.bias_regularizer_l1 * dL1",
                                     "            self.dbiases = self.dbiases + self.bias_regularizer_l1 * np.sign(self.weights)")],
     "backward_l1", "regularization", "failed", "dbiases took the shape of the weights"),
    ("challenge_8_regularization", [("self.dbiases += 2 * self.bias_regularizer_l2 * self.biases",
                                     "self.dbiases += 2 * self.weight_regularizer_l2 * self.biases")],
     "backward_l2", "regularization", "failed", "The biases' L2 gradient took the weights' lambda"),
    ("challenge_8_regularization", [("self.dweights += 2 * self.weight_regularizer_l2 * self.weights",
                                     "self.dweights += 2 * self.bias_regularizer_l2 * self.weights")],
     "backward_l2", "regularization", "failed", "The weights' L2 gradient took the biases' lambda"),
    ("challenge_8_regularization", [("self.dbiases += 2 * self.bias_regularizer_l2 * self.biases",
                                     "self.dbiases += self.bias_regularizer_l2 * self.biases")],
     "backward_l2", "regularization", "failed", "The factor 2 is missing from the biases' L2 gradient"),
    ("challenge_13_regularized_training", [("        self.dense1 = Layer_Dense(2, hidden, weight_regularizer_l2=l2, bias_regularizer_l2=l2)",
                                            "        self.dense1 = Layer_Dense(2, hidden, weight_regularizer_l2=l2)")],
     "network_backward", "backprop", "failed", "dense1's biases have no L2 gradient"),
    ("challenge_13_regularized_training", [("self.dbiases += 2 * self.bias_regularizer_l2 * self.biases",
                                            "self.dbiases += 2 * self.weight_regularizer_l2 * self.biases")],
     "dense_backward_l2", "regularization", "failed", "or it took the weights' lambda (0.2)"),
    ("challenge_8_regularization", [("size=inputs.shape) / self.rate", "size=inputs.shape) * self.rate")],
     "dropout_scales_the_kept_values", "regularization", "failed",
     "multiplied by the share kept, 0.7, instead of divided by it"),
    ("challenge_8_regularization", [("size=inputs.shape) / self.rate", "size=inputs.shape) / (1 - self.rate)")],
     "dropout_scales_the_kept_values", "regularization", "failed", "divided by the share dropped, rate = 0.3"),
    ("challenge_8_regularization", [("size=inputs.shape) / self.rate", "size=inputs.shape) * (1 - self.rate)")],
     "dropout_scales_the_kept_values", "regularization", "failed", "multiplied by the share dropped, rate = 0.3"),
    ("challenge_8_regularization", [("size=inputs.shape) / self.rate", "size=inputs.shape) / self.rate ** 2")],
     "dropout_scales_the_kept_values", "regularization", "failed", "multiplied by 2.041; 1 / (1 - rate) = 1.429"),
    # Classic dropout: the mask unscaled, the output scaled by the share kept at inference.
    ("challenge_8_regularization", [("            self.output = inputs.copy()", "            self.output = inputs * self.rate"),
                                    ("size=inputs.shape) / self.rate", "size=inputs.shape)")],
     "dropout_inference", "regularization", "failed", "that is classic dropout, which scales at inference"),
    ("challenge_13_regularized_training", [("size=inputs.shape) / self.rate", "size=inputs.shape) * self.rate")],
     "dropout_while_training", "regularization", "failed",
     "multiplied by the share kept, 0.7, instead of divided by it"),
    ("challenge_11_random_search_and_derivatives", [("    for index in np.ndindex(x.shape):",
                                                     "    for index in range(len(x)):")],
     "numerical_gradient", "backprop", "failed", "Each row was moved as a whole"),
    ("challenge_11_random_search_and_derivatives", [("    for index in np.ndindex(x.shape):\n        kept = x[index]",
                                                     "    for index in range(len(x)):\n        kept = x[index].copy()")],
     "numerical_gradient", "backprop", "failed", "Each row was moved as a whole"),
    ("challenge_14_binary_and_regression_training",
     [("    optimizer = Optimizer_Adam(decay=5e-7)\n    losses = []\n    for step in range(steps):\n",
       "    losses = []\n    for step in range(steps):\n        optimizer = Optimizer_Adam(decay=5e-7)\n")],
     "binary_every_step", "training", "failed", "3 different Optimizer_Adam updated the layers"),
    ("challenge_14_binary_and_regression_training",
     [("    def predict(inputs):\n        dense1.forward(inputs)\n        activation1.forward(dense1.output)\n"
       "        dense2.forward(activation1.output)\n        activation2",
       "    def predict(inputs):\n        dense1.forward(X)\n        activation1.forward(dense1.output)\n"
       "        dense2.forward(activation1.output)\n        activation2")],
     "binary_learns_the_spiral", "training", "failed", "predict ignored its inputs argument and answered from the "
                                                       "training"),
    ("challenge_14_binary_and_regression_training", [("X_train.std(axis=0)", "X_train.std(axis=0, ddof=1)")],
     "split_and_standardize", "data", "failed", "ddof=1, the sample standard deviation"),
    ("challenge_14_binary_and_regression_training", [("y_train.std()", "y_train.std(ddof=1)")],
     "targets_scaled_with_training_statistics", "data", "failed", "ddof=1, the sample standard deviation"),
    ("challenge_14_binary_and_regression_training", [("    return X_train, y_train, X_test, y_test",
                                                      "    return X_train, X_test, y_train, y_test")],
     "split_and_standardize", "data", "failed", "scikit-learn's train_test_split order"),
    ("challenge_16_real_dataset", [('        label_magic, label_count = np.frombuffer(file.read(8), dtype=">i4")',
                                    '        label_magic, label_count, _, _ = np.frombuffer(file.read(16), dtype=">i4")')],
     "load_idx", "data", "error", "An IDX labels file's header is 8 bytes"),
    ("challenge_16_real_dataset", [("    model.add(Layer_Dense(128, 128))\n    model.add(Activation_ReLU())\n", "")],
     "builds_the_chapter_19_network", "model", "failed",
     "has the layers Layer_Dense (64, 128), Activation_ReLU, Layer_Dense (128, 10), Activation_Softmax (the weights'"),
    ("challenge_16_real_dataset", [("    model.train(X, y, epochs=epochs, batch_size=batch_size, print_every=100)",
                                    "    model.train(X[:720], y[:720], epochs=epochs, batch_size=batch_size, print_every=100)")],
     "builds_the_chapter_19_network", "model", "failed", "model.train was given 720 of the 800 digits"),
    ("challenge_16_real_dataset", [("    model.train(X, y, epochs=epochs, batch_size=batch_size, print_every=100)",
                                    "    model.train((X - 127.5) / 127.5, y, epochs=epochs, batch_size=batch_size, "
                                    "print_every=100)")],
     "trains_on_the_digits", "training", "failed", "they were scaled again"),
    ("challenge_16_real_dataset", [("    for label in sorted(os.listdir(os.path.join(path, dataset))):",
                                    "    for position, label in enumerate(sorted(os.listdir(os.path.join(path, dataset)))):"),
                                   ("            y.append(int(label))", "            y.append(position)")],
     "load_image_folder", "data", "failed", "Each label is its folder's position in the listing"),
    ("challenge_10_model", [("    return X[step * batch_size:(step + 1) * batch_size], y[step * batch_size:(step + 1) * batch_size]",
                             "    return X[step * batch_size:step + 1 * batch_size], y[step * batch_size:step + 1 * batch_size]")],
     "train_in_batches", "model", "failed", "forward was given batches of 128, 1, 0, 128"),
    ("challenge_10_model", [("    return X[step * batch_size:(step + 1) * batch_size], y[step * batch_size:(step + 1) * batch_size]",
                             "    return np.array_split(X, 3)[step], np.array_split(y, 3)[step]")],
     "train_in_batches", "model", "failed", "forward was given batches of 100, 100, 100"),
    ("challenge_10_model", [("            self.accuracy.new_pass()\n            for step in range(train_steps):",
                             "            self.accuracy.new_pass()\n            order = np.random.permutation(len(X))\n"
                             "            X, y = X[order], y[order]\n            for step in range(train_steps):")],
     "train_in_batches", "model", "failed", "held other samples than the book's, or in another order"),
    ("challenge_10_model", [("            for layer in reversed(self.layers[:-1]):",
                             "            for layer in self.layers[:-1]:")],
     "train_in_batches", "model", "error", "for layer in reversed(self.layers)"),
    ("challenge_10_model", [("        return np.vstack(output)", "        return np.array(output)")],
     "predict_in_batches", "model", "error", "join arrays along their first axis with np.vstack"),
    ("challenge_10_model", [("            output = self.forward(batch_X, training=False)\n",
                             "            output = self.forward(batch_X, training=True)\n")],
     "evaluate", "model", "failed", "evaluate ran the forward pass with training=True"),
    ("challenge_10_model", [("            output.append(self.forward(batch_X, training=False))",
                             "            output.append(self.forward(batch_X, training=True))")],
     "evaluate", "model", "failed", "predict ran the forward pass with training=True"),
    ("challenge_10_model", [("    @staticmethod\n    def load(path):", "    def load(self, path):")],
     "save_and_load", "model", "error", "the book makes it a @staticmethod, def load(path)"),
    ("challenge_10_model", [("        train_steps = _steps(len(X), batch_size)",
                             "        train_steps = _steps(len(X), batch_size or 100)")],
     "train_whole_batch", "model", "failed", "steps in 4 epochs without batch_size"),
    ("challenge_10_model", [("            self.accuracy.calculate(predictions, batch_y)\n        validation_loss",
                             "            self.accuracy.calculate(predictions, batch_y)\n"
                             "            self.backward(output, batch_y)\n"
                             "            for layer in self.trainable_layers:\n"
                             "                self.optimizer.update_params(layer)\n        validation_loss")],
     "evaluate", "model", "failed", "evaluate or predict changed"),
    ("challenge_10_model", [("            if validation_data is not None:\n"
                             "                self.evaluate(*validation_data, batch_size=batch_size)\n", "")],
     "validation_every_epoch", "model", "failed", "printed 0 validation lines"),
    ("challenge_10_model", [("    return steps + 1 if steps * batch_size < samples else steps", "    return steps + 1")],
     "validation_every_epoch", "model", "failed", "made 12 steps in 3 epochs in batches of 100"),
    ("challenge_10_model", [("            print(f\"epoch: {epoch}\")\n            self.loss.new_pass()\n"
                             "            self.accuracy.new_pass()\n", "            print(f\"epoch: {epoch}\")\n")],
     "train_reports_progress", "model", "failed", "start every epoch with self.loss.new_pass()"),
    ("challenge_10_model", [("data_loss, regularization_loss = self.loss.calculate(output, batch_y, include_regularization=True)",
                             "data_loss = self.loss.calculate(output, batch_y)\n                regularization_loss = 0")],
     "train_reports_progress", "model", "failed", "printed at step 0 of epoch 1 is 0, but 0.014 was expected"),
    ("challenge_10_model", [("epoch_data_loss, epoch_regularization_loss = self.loss.calculate_accumulated("
                             "include_regularization=True)",
                             "epoch_data_loss = self.loss.calculate_accumulated()\n            "
                             "epoch_regularization_loss = 0")],
     "train_reports_progress", "model", "failed", "calculate_accumulated(include_regularization=True)"),
    ("challenge_10_model", [("        model = copy.deepcopy(self)\n        model.loss.new_pass()",
                             "        model = self\n        model.loss.new_pass()")],
     "save_and_load", "model", "failed", "save took the data of the last pass from the model itself"),
    ("challenge_10_model", [("                for layer in self.trainable_layers:\n"
                             "                    self.optimizer.update_params(layer)\n",
                             "                self.optimizer.update_params(self.trainable_layers[-1])\n")],
     "train_in_batches", "model", "failed", "are the ones it started with: it was never updated"),
    ("challenge_10_model", [("        if self.loss is not None:\n            self.loss.remember_trainable_layers(self.trainable_layers)\n",
                             "")],
     "finalize_links", "model", "failed", "self.loss.remember_trainable_layers(self.trainable_layers)"),
    ("challenge_10_model", [("        if loss is not None:\n            self.loss = loss\n        if optimizer is not None:\n"
                  "            self.optimizer = optimizer\n        if accuracy is not None:\n            self.accuracy = accuracy",
                  "        self.loss = loss\n        self.optimizer = optimizer\n        self.accuracy = accuracy")],
     "set_keeps_given", "model", "failed", "model.loss holds None, not the first loss: set keeps each"),
    ("challenge_10_model", [("        with open(path, \"wb\") as f:\n            pickle.dump(self.get_parameters(), f)",
                             "        with open(path, \"w\") as f:\n            pickle.dump(self.get_parameters(), f)")],
     "parameters_round_trip", "model", "failed", "save_parameters opened its file for text, with 'w'"),
    ("challenge_10_model", [("        with open(path, \"rb\") as f:\n            return pickle.load(f)",
                             "        with open(path, \"r\") as f:\n            return pickle.load(f)")],
     "save_and_load", "model", "failed", "Model.load opened its file for text, with 'r'"),
    ("challenge_7_training", PREDICT_ON_TRAINING_X,
     "validation_accuracy", "training", "failed", "predict ignored its inputs argument"),
    ("challenge_7_training", LOSS_RECORDED_AFTER_UPDATE,
     "training_step", "training", "failed", "each loss was recorded after the step's update"),
    # A loss that turns NaN (here a log of 0 from the fourth step on) is named by its first step.
    ("challenge_7_training", [("        losses.append(loss_activation.forward(dense2.output, y))\n",
                               "        losses.append(loss_activation.forward(dense2.output, y) + (np.log(0.0) * 0 "
                               "if step >= 3 else 0))\n")],
     "step_budget", "training", "failed", "Some losses are NaN or infinite, the first at step 4"),
    ("challenge_7_training", [("for step in range(steps):", "for step in range(500):")],
     "every_step", "training", "failed", "loop for range(steps)"),
    ("challenge_7_training", PREDICT_LOSS_ON_TRAINING_Y,
     "validation_accuracy", "training", "failed", "predict ran the loss with train's y, the 300 targets of the "
                                                  "training data, which do not fit the 210 samples it was given"),
    ("challenge_7_training", [("dense1.backward(activation1.dinputs)", "dense1.backward(activation1.output)")],
     "training_step", "training", "failed", "dense1.backward was given activation1.output, what a forward pass "
                                            "computed, instead of activation1.dinputs"),
    ("challenge_7_training", [("dense2.backward(loss_activation.dinputs)", "dense2.backward(loss_activation.output)")],
     "training_step", "training", "failed", "dense2.backward was given loss_activation.output"),
    ("challenge_7_training", [("        loss_activation.backward(loss_activation.output, y)\n"
                               "        dense2.backward(loss_activation.dinputs)\n        activation1.backward(dense2.dinputs)\n"
                               "        dense1.backward(activation1.dinputs)\n", ""),
                              (OPTIMIZER_STEP, "")],
     "training_step", "training", "failed", "The backward pass never ran while training: no backward was called"),
    ("challenge_7_training", [("        dense2.backward(loss_activation.dinputs)\n        activation1.backward(dense2.dinputs)\n"
                               "        dense1.backward(activation1.dinputs)\n", ""),
                              (OPTIMIZER_STEP, "")],
     "training_step", "training", "failed", "The loss's backward ran while training, but neither dense layer's"),
    ("challenge_7_training", [("        return np.argmax(dense2.output, axis=1)",
                               "        return np.argmax(dense2.output, axis=1).reshape(len(X))")],
     "validation_accuracy", "training", "failed", "on 210 samples where train had 300: does predict use something "
                                                  "of train's"),
    ("challenge_6_optimizers", [("layer.weight_cache += layer.dweights ** 2", "layer.weight_cache = layer.dweights ** 2")],
     "adagrad", "optimizer", "failed", "only this step's squared gradient"),
    ("challenge_6_optimizers", [("layer.weights += -self.current_learning_rate * weight_momentums_corrected",
                                 "layer.weights += -self.learning_rate * weight_momentums_corrected")],
     "adam", "optimizer", "failed", "not the decayed current_learning_rate"),
    ("challenge_6_optimizers", [("layer.weight_cache = self.beta_2 * layer.weight_cache + (1 - self.beta_2) * layer.dweights ** 2",
                                 "layer.weight_cache = self.beta_1 * layer.weight_cache + (1 - self.beta_1) * layer.dweights ** 2"),
                                ("layer.bias_cache = self.beta_2 * layer.bias_cache + (1 - self.beta_2) * layer.dbiases ** 2",
                                 "layer.bias_cache = self.beta_1 * layer.bias_cache + (1 - self.beta_1) * layer.dbiases ** 2")],
     "adam", "optimizer", "failed", "The cache's moving average used beta_1"),
    ("challenge_6_optimizers", [("(1 - self.beta_2) * layer.dweights ** 2", "((1 - self.beta_2) * layer.dweights) ** 2"),
                                ("(1 - self.beta_2) * layer.dbiases ** 2", "((1 - self.beta_2) * layer.dbiases) ** 2")],
     "adam", "optimizer", "failed", "(1 - beta_2) was squared with the gradient"),
    ("challenge_6_optimizers", [("        weight_momentums_corrected = layer.weight_momentums / (1 - self.beta_1 ** (self.iterations + 1))\n"
                                 "        bias_momentums_corrected = layer.bias_momentums / (1 - self.beta_1 ** (self.iterations + 1))\n",
                                 "        layer.weight_momentums = layer.weight_momentums / (1 - self.beta_1 ** (self.iterations + 1))\n"
                                 "        layer.bias_momentums = layer.bias_momentums / (1 - self.beta_1 ** (self.iterations + 1))\n"
                                 "        weight_momentums_corrected, bias_momentums_corrected = layer.weight_momentums, layer.bias_momentums\n"),
                                ("        weight_cache_corrected = layer.weight_cache / (1 - self.beta_2 ** (self.iterations + 1))\n"
                                 "        bias_cache_corrected = layer.bias_cache / (1 - self.beta_2 ** (self.iterations + 1))\n",
                                 "        layer.weight_cache = layer.weight_cache / (1 - self.beta_2 ** (self.iterations + 1))\n"
                                 "        layer.bias_cache = layer.bias_cache / (1 - self.beta_2 ** (self.iterations + 1))\n"
                                 "        weight_cache_corrected, bias_cache_corrected = layer.weight_cache, layer.bias_cache\n")],
     "adam", "optimizer", "failed", "stored back on the layer, so the next step corrects them again"),
    ("challenge_6_optimizers", [("            weight_updates = self.momentum * layer.weight_momentums - self.current_learning_rate * layer.dweights\n"
                                 "            layer.weight_momentums = weight_updates\n"
                                 "            bias_updates = self.momentum * layer.bias_momentums - self.current_learning_rate * layer.dbiases\n"
                                 "            layer.bias_momentums = bias_updates\n",
                                 "            weight_updates, bias_updates = layer.weight_momentums, layer.bias_momentums\n"
                                 "            layer.weight_momentums = self.momentum * layer.weight_momentums - self.current_learning_rate * layer.dweights\n"
                                 "            layer.bias_momentums = self.momentum * layer.bias_momentums - self.current_learning_rate * layer.dbiases\n")],
     "sgd_momentum", "optimizer", "failed", "every update comes one step late"),
    ("challenge_6_optimizers", [("(1 - self.rho) * layer.dweights ** 2", "(1 - self.rho) * np.abs(layer.dweights)"),
                                ("(1 - self.rho) * layer.dbiases ** 2", "(1 - self.rho) * np.abs(layer.dbiases)")],
     "rmsprop", "optimizer", "failed", "np.abs(dweights), not their squares"),
    ("challenge_7_training", [("        dense2.backward(loss_activation.dinputs)\n        activation1.backward(dense2.dinputs)\n"
                               "        dense1.backward(activation1.dinputs)\n\n", ""),
                              ("        optimizer.post_update_params()\n",
                               "        optimizer.post_update_params()\n        dense2.backward(loss_activation.dinputs)\n"
                               "        activation1.backward(dense2.dinputs)\n        dense1.backward(activation1.dinputs)\n")],
     "training_step", "training", "error", "'Layer_Dense' object has no attribute 'dweights'"),
    ("challenge_11_random_search_and_derivatives", [("        x[index] = kept - h\n        below = f(x)\n        x[index] = kept\n"
                                                    "        gradient[index] = (above - below) / (2 * h)",
                                                    "        x[index] = kept\n        below = f(x)\n"
                                                    "        gradient[index] = (above - below) / h")],
     "numerical_gradient", "backprop", "failed", "That is the forward difference"),
    ("challenge_11_random_search_and_derivatives",
     [("dense1.weights, dense1.biases = best_dense1_weights.copy(), best_dense1_biases.copy()",
       "dense1.weights, dense1.biases = best_dense1_weights, best_dense1_biases")],
     "random_search_returns_the_best", "training", "failed", "keep the best ones with .copy()"),
    ("challenge_11_random_search_and_derivatives",
     [("        else:\n            dense1.weights, dense1.biases = best_dense1_weights.copy(), best_dense1_biases.copy()\n"
       "            dense2.weights, dense2.biases = best_dense2_weights.copy(), best_dense2_biases.copy()\n", "")],
     "random_search_returns_the_best", "training", "failed", "hold the last nudge"),
    ("challenge_11_random_search_and_derivatives", [("lowest_losses.append(lowest_loss)", "lowest_losses.append(loss)")],
     "random_search_keeps_the_lowest", "training", "failed", "each iteration's own loss"),
    ("challenge_11_random_search_and_derivatives", [("            lowest_loss = loss\n", "")],
     "random_search_keeps_the_lowest", "training", "failed", "The lowest loss never fell in 400 iterations"),
    ("challenge_11_random_search_and_derivatives", [(f"{array} += step", f"{array} = step") for array in (
        "dense1.weights", "dense1.biases", "dense2.weights", "dense2.biases")],
     "random_search_learns_the_vertical_data", "training", "failed", "rather than put in its place (=)"),
    ("challenge_11_random_search_and_derivatives",
     [("return (f(x + h) - f(x - h)) / (2 * h)", "return (f(x + h) - f(x)) / h")],
     "numerical_derivative", "backprop", "failed", "forward difference"),
    ("challenge_11_random_search_and_derivatives",
     [("return (f(x + h) - f(x - h)) / (2 * h)", "return (f(x + h) - f(x - h)) / h")],
     "numerical_derivative", "backprop", "failed", "divide by 2 * h"),
    ("challenge_11_random_search_and_derivatives",
     [("return (f(x + h) - f(x - h)) / (2 * h)", "return (f(x - h) - f(x + h)) / (2 * h)")],
     "numerical_derivative", "backprop", "failed", "wrong sign"),
    ("challenge_11_random_search_and_derivatives", [("        x[index] = kept\n", "")],
     "numerical_gradient_keeps_x", "backprop", "failed", "was modified"),
    ("challenge_11_random_search_and_derivatives",
     [("return np.sum(layer.output * dvalues)", "return np.sum(layer.output)")],
     "backward_errors_pass_a_correct_layer", "backprop", "failed", "np.sum(layer.output * dvalues)"),
    ("challenge_11_random_search_and_derivatives", [(f"{array} += step *", f"{array} += 0.05 *") for array in (
        "dense1.weights", "dense1.biases", "dense2.weights", "dense2.biases")],
     "random_search_uses_step", "training", "failed", "the step given was not used"),
    ("challenge_11_random_search_and_derivatives", [("iterations=1000, step=0.05):", "iterations=1000, step=0.5):")],
     "random_search_uses_step", "training", "failed", "default step is 0.5"),
    ("challenge_11_random_search_and_derivatives", [("iterations=1000, step=0.05):", "iterations=1000, step=None):"),
                                                    ("    dense1, activation1 = Layer_Dense(X.shape[1], 3)",
                                                     "    step = 0.5 if step is None else step\n"
                                                     "    dense1, activation1 = Layer_Dense(X.shape[1], 3)")],
     "random_search_uses_step", "training", "failed", "Make step=0.05 the default"),
    ("challenge_11_random_search_and_derivatives",
     [("        dense2.weights += step * np.random.randn(*dense2.weights.shape)\n"
       "        dense2.biases += step * np.random.randn(*dense2.biases.shape)\n", "")],
     "random_search_learns_the_vertical_data", "training", "failed", "dense2 was never nudged"),
    ("challenge_11_random_search_and_derivatives",
     [("return (f(x + h) - f(x - h)) / (2 * h)", "return (f(x + h) - f(x - h)) / 2 * h")],
     "numerical_derivative", "backprop", "failed", "/ 2 * h divides by 2 and then multiplies by h"),
    ("challenge_11_random_search_and_derivatives",
     [("gradient[index] = (above - below) / (2 * h)", "gradient[index] = (above - below) / 2 * h")],
     "numerical_gradient", "backprop", "failed", "/ 2 * h divides by 2 and then multiplies by h"),
    ("challenge_11_random_search_and_derivatives", [("        x[index] = kept\n", "        x[index] = kept + 1e-9\n")],
     "numerical_gradient_keeps_x", "backprop", "failed", "more than rounding"),
    ("challenge_12_validation_and_preprocessing", [("return X[keys], y[keys]", "np.random.shuffle(keys)\n    return X[keys], y[np.random.permutation(keys)]")],
     "shuffle_keeps_pairs", "data", "failed", "shuffled apart"),
    ("challenge_12_validation_and_preprocessing", [("    keys = np.array(range(X.shape[0]))\n    np.random.shuffle(keys)\n    return X[keys], y[keys]",
             "    np.random.shuffle(X)\n    return X, y")],
     "shuffle_keeps_pairs", "data", "failed", "no longer sit next to their own labels"),
    ("challenge_12_validation_and_preprocessing", [("    keys = np.array(range(X.shape[0]))\n    np.random.shuffle(keys)\n    return X[keys], y[keys]",
             "    state = np.random.get_state()\n    np.random.shuffle(X)\n    np.random.set_state(state)\n"
             "    np.random.shuffle(y)\n    return X, y")],
     "shuffle_keeps_inputs", "data", "failed", "shuffle keys = np.arange(len(X))"),
    # Written into with an assignment, np.random.shuffle never called: both arrays named, the advice fits.
    ("challenge_12_validation_and_preprocessing", [("    return X[keys], y[keys]",
                                                    "    X[:] = X[keys]\n    y[:] = y[keys]\n    return X, y")],
     "shuffle_keeps_inputs", "data", "failed", "The y given to shuffle was modified"),
    ("challenge_12_validation_and_preprocessing", [("mean, std = X_train.mean(axis=0), X_train.std(axis=0)",
                                                    "mean, std = X_train.mean(axis=0), X_train.std(axis=0, ddof=1)")],
     "standardize_with_training_statistics", "data", "failed", "population standard deviation"),
    ("challenge_12_validation_and_preprocessing", [("    X, y = shuffle(X, y)\n    n_test", "    n_test")],
     "split_is_shuffled", "data", "failed", "shuffle them before slicing"),
    ("challenge_12_validation_and_preprocessing", [("X[n_test:held_out], y[n_test:held_out]", "X[:n_validation], y[:n_validation]")],
     "split_without_leakage", "data", "failed", "in both the validation and the test set"),
    ("challenge_12_validation_and_preprocessing", [("(np.concatenate(folds[:i] + folds[i + 1:]), fold)", "(np.arange(n_samples), fold)")],
     "k_fold_trains_on_the_other_folds", "data", "failed", "validation data used in training"),
    ("challenge_12_validation_and_preprocessing", [("folds = np.array_split(np.arange(n_samples), k)",
             "folds = [np.arange(n_samples)[i * (n_samples // k):(i + 1) * (n_samples // k)] for i in range(k)]")],
     "k_fold_validates_every_sample_once", "data", "failed", "the remainder included"),
    ("challenge_12_validation_and_preprocessing", [("score(fit(X[train], y[train])", "score(fit(X, y)")],
     "cross_validate", "data", "failed", "validation data were used in training"),
    ("challenge_12_validation_and_preprocessing", [("mean, std = X_train.mean(axis=0), X_train.std(axis=0)",
             "everything = np.concatenate((X_train, *others))\n    mean, std = everything.mean(axis=0), everything.std(axis=0)")],
     "standardize_with_training_statistics", "data", "failed", "leaked into the preprocessing"),
    ("challenge_12_validation_and_preprocessing", [("low, high = X_train.min(axis=0), X_train.max(axis=0)",
             "everything = np.concatenate((X_train, *others))\n    low, high = everything.min(axis=0), everything.max(axis=0)")],
     "scale_to_range_with_training_statistics", "data", "failed", "leaked into the preprocessing"),
    ("challenge_12_validation_and_preprocessing", [("mean, std = X_train.mean(axis=0), X_train.std(axis=0)", "mean, std = X_train.mean(), X_train.std()")],
     "standardize_with_training_statistics", "data", "failed", "per feature"),
    ("challenge_12_validation_and_preprocessing", [("    mean, std = X_train.mean(axis=0), X_train.std(axis=0)\n"
             "    return tuple((X - mean) / std for X in (X_train, *others))",
             "    return tuple((X - X.mean(axis=0)) / X.std(axis=0) for X in (X_train, *others))")],
     "standardize_with_training_statistics", "data", "failed", "its own mean and standard deviation"),
    ("challenge_12_validation_and_preprocessing", [("    low, high = X_train.min(axis=0), X_train.max(axis=0)\n"
             "    return tuple(2 * (X - low) / (high - low) - 1 for X in (X_train, *others))",
             "    return tuple(2 * (X - X.min(axis=0)) / (X.max(axis=0) - X.min(axis=0)) - 1 for X in (X_train, *others))")],
     "scale_to_range_with_training_statistics", "data", "failed", "its own minimum and maximum"),
    ("challenge_12_validation_and_preprocessing", [("return tuple(2 * (X - low) / (high - low) - 1 for X",
                                                    "return tuple((X - low) / (high - low) for X")],
     "scale_to_range_with_training_statistics", "data", "failed", "scaled onto [0, 1]"),
    ("challenge_12_validation_and_preprocessing", [("score(fit(X[train], y[train]), X[validation], y[validation])",
             "score(fit(X[validation], y[validation]), X[train], y[train])")],
     "cross_validate", "data", "failed", "fit was given 6 samples and score 16"),
    ("challenge_12_validation_and_preprocessing", [("    return X[held_out:], y[held_out:], X[n_test:held_out], y[n_test:held_out], X[:n_test], y[:n_test]",
             "    n_train = len(X) - held_out\n    return X[:n_train], y[:n_train], X[n_train:n_train + n_validation], "
             "y[n_train:n_train + n_validation], X[-n_test:], y[-n_test:]")],
     "split_sizes", "data", "failed", "With test=0, n_test is 0 and -n_test is -0"),
    ("challenge_12_validation_and_preprocessing", [("    return X[held_out:], y[held_out:], X[n_test:held_out], y[n_test:held_out], X[:n_test], y[:n_test]",
             "    return X[n_test:-n_validation], y[n_test:-n_validation], X[-n_validation:], y[-n_validation:], "
             "X[:n_test], y[:n_test]")],
     "split_sizes", "data", "failed", "With validation=0, n_validation is 0"),
    ("challenge_12_validation_and_preprocessing", [("score(fit(X[train], y[train])", "score(fit(X[train], y)")],
     "cross_validate", "data", "failed", "16 rows of X but 22 labels"),
    ("challenge_12_validation_and_preprocessing", [("score(fit(X[train], y[train])",
                                                    "score(fit(X[train] * np.nan, y[train])")],
     "cross_validate", "data", "failed", "fit was given rows or labels that are not finite numbers"),
    ("challenge_12_validation_and_preprocessing", [("score(fit(X[train], y[train])",
                                                    "score(fit((X[train] - X[train].mean(axis=0)) / "
                                                    "X[train].std(axis=0), y[train])")],
     "cross_validate", "data", "failed", "fit was given rows that are not X's own"),
    ("challenge_12_validation_and_preprocessing", [("X[validation], y[validation])", "X[validation], y[train][:len(validation)])")],
     "cross_validate", "data", "failed", "labels that belong to other samples than its rows"),
    ("challenge_12_validation_and_preprocessing", [("    keys = np.array(range(X.shape[0]))\n",
                                                    "    np.random.seed(42)\n    keys = np.array(range(X.shape[0]))\n")],
     "shuffle_new_order_every_call", "data", "failed", "it seeds the generator itself"),
    ("challenge_12_validation_and_preprocessing", [("return X[held_out:], y[held_out:], X[n_test:held_out], y[n_test:held_out], X[:n_test], y[:n_test]",
                                                    "return X[held_out:], X[n_test:held_out], X[:n_test], y[held_out:], y[n_test:held_out], y[:n_test]")],
     "split_sizes", "data", "failed", "scikit-learn's train_test_split order"),
    ("challenge_12_validation_and_preprocessing", [("    mean, std = X_train.mean(axis=0), X_train.std(axis=0)\n"
                                                    "    return tuple((X - mean) / std for X in (X_train, *others))",
                                                    "    return tuple((X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)\n"
                                                    "                 for X in (X_train, *others))")],
     "standardize_with_training_statistics", "data", "failed", "per sample, along each row (axis=1)"),
    ("challenge_12_validation_and_preprocessing", [("    low, high = X_train.min(axis=0), X_train.max(axis=0)\n"
                                                    "    return tuple(2 * (X - low) / (high - low) - 1 for X in (X_train, *others))",
                                                    "    return tuple(2 * (X - X.min(axis=1, keepdims=True)) / (X.max(axis=1, keepdims=True)\n"
                                                    "                 - X.min(axis=1, keepdims=True)) - 1 for X in (X_train, *others))")],
     "scale_to_range_with_training_statistics", "data", "failed", "per sample, along each row (axis=1)"),
    ("challenge_15_complete_model", [("        self.binary_mask = np.random.binomial(1, self.rate, size=inputs.shape) / self.rate",
                                      "        if getattr(self, 'binary_mask', None) is None or self.binary_mask.shape != inputs.shape:\n"
                                      "            self.binary_mask = np.random.binomial(1, self.rate, size=inputs.shape) / self.rate")],
     "dropout_training_flag", "regularization", "failed", "the mask was drawn once and kept"),
    ("challenge_15_complete_model", [("np.random.binomial(1, self.rate, size=inputs.shape) / self.rate",
                                      "np.random.binomial(1, 1 - self.rate, size=inputs.shape) / self.rate")],
     "dropout_training_flag", "regularization", "failed", "drawn with the drop rate, 1 - self.rate, instead of the keep probability"),
    ("challenge_15_complete_model", [("np.random.binomial(1, self.rate, size=inputs.shape) / self.rate",
                                      "np.random.binomial(1, self.rate, size=(inputs.shape[0], 1)) / self.rate")],
     "dropout_training_flag", "regularization", "failed", "the mask had one value per sample"),
    ("challenge_13_regularized_training", [("self.dense1 = Layer_Dense(2, hidden, weight_regularizer_l2=l2, bias_regularizer_l2=l2)",
                                            "self.dense1 = Layer_Dense(2, hidden, weight_regularizer_l2=l2)")],
     "network_regularization_loss", "regularization", "failed", "That is the penalty of dense1's weights alone"),
    ("challenge_14_binary_and_regression_training", [("    predictions = (output > 0.5) * 1\n    return np.mean(predictions == y)",
                                                      "    return np.mean(output == y)")],
     "binary_accuracy", "loss", "failed", "The outputs were compared with y as they are"),
    ("challenge_14_binary_and_regression_training", [("    if scale_targets:", "    if False:")],
     "targets_scaled_with_training_statistics", "data", "failed", "The targets were not scaled at all"),
    ("challenge_15_complete_model", [("        self.loss.backward(output, y)\n        for layer in reversed(self.layers):\n",
                                      "        self.loss.backward(output, y)\n"
                                      "        self.layers[-1].dinputs = self.loss.dinputs\n"
                                      "        for layer in reversed(self.layers[:-1]):\n")],
     "backward", "backprop", "failed", "the last layer's backward never ran"),
    ("challenge_15_complete_model", [("            output.append(self.forward(batch_X, training=False))",
                                      "            output.append(self.forward(batch_X, training=True))")],
     "predict", "forward", "failed", "gave other outputs the second time on the same X"),
    ("challenge_16_real_dataset", [("np.argmax(confidences, axis=1)[0]", "np.argmax(confidences, axis=0)[0]")],
     "predict_label", "training", "failed", "the argmax along axis 0 of a batch of one row"),
    ("challenge_16_real_dataset", [("    X, y = X[keys], y[keys]", "    X[:], y[:] = X[keys], y[keys]")],
     "train_model_keeps_inputs", "training", "failed", "The X given to train_model was modified"),
    ("challenge_16_real_dataset", [("            y.append(int(label))", "            y.append(len(y) % 10)")],
     "load_image_folder", "data", "failed", "labels"),
    ("challenge_16_real_dataset", [("            y.append(int(label))", "            y.append(label)"),
                                   ('np.array(y).astype("uint8")', "np.array(y)")],
     "load_image_folder", "data", "failed", "labels returned by load_image_folder are an array of strings"),
    ("challenge_16_real_dataset", [("return (X.reshape(X.shape[0], -1).astype(np.float32) - 127.5) / 127.5",
             "return X.reshape(X.shape[0], -1).astype(np.float32) / 255")],
     "prepare", "data", "failed", "onto [0, 1]"),
    ("challenge_16_real_dataset", [("return (X.reshape(X.shape[0], -1).astype(np.float32) - 127.5) / 127.5",
             "return (X.astype(np.float32) - 127.5) / 127.5")],
     "prepare", "data", "failed", "shape"),
    ("challenge_16_real_dataset", [("return (X.reshape(X.shape[0], -1).astype(np.float32) - 127.5) / 127.5",
             "return (X.reshape(X.shape[0], -1) - 127.5) / 127.5")],
     "prepare", "data", "failed", "the right values as float64; expected float32"),
    # The IDX header read little-endian: the reshape by its numbers raises, and the check names the byte order.
    ("challenge_16_real_dataset", [("magic, count, rows, columns = np.frombuffer(file.read(16), dtype=\">i4\")",
                                    "magic, count, rows, columns = np.frombuffer(file.read(16), dtype=np.int32)")],
     "load_idx", "data", "failed", "The header's numbers were read byte-swapped"),
    # predict_label still a TODO, the training it follows written: the usual "Not started" of a TODO.
    ("challenge_16_real_dataset", [("    confidences = model.predict(prepare(image[np.newaxis]))\n"
                                    "    return label_names[int(np.argmax(confidences, axis=1)[0])]",
                                    "    raise NotImplementedError")],
     "predict_label", "training", "failed", "Not started: predict_label still raises NotImplementedError (line"),
    # Wrong values in float64: the message about the values does not call float64 right.
    ("challenge_16_real_dataset", [("return (X.reshape(X.shape[0], -1).astype(np.float32) - 127.5) / 127.5",
                                    "return X.reshape(X.shape[0], -1) / 255")],
     "prepare", "data", "failed", "but dtype float64 (float32 is expected), and the wrong values"),
    ("challenge_16_real_dataset", [("return (X.reshape(X.shape[0], -1).astype(np.float32) - 127.5) / 127.5",
             "return ((X.reshape(X.shape[0], -1) - 127) / 127).astype(np.float32)")],
     "prepare", "data", "failed", "wraps around below 0"),
    ("challenge_16_real_dataset", [("return (X.reshape(X.shape[0], -1).astype(np.float32) - 127.5) / 127.5",
             "return (X.reshape(X.shape[0], -1) - 128).astype(np.float32) / 128")],
     "prepare", "data", "failed", "Convert to float first"),
    ("challenge_16_real_dataset", [("model.train(X, y, epochs=epochs, batch_size=batch_size, print_every=100)",
             "model.train(X, y, epochs=1, batch_size=len(X), print_every=100)")],
     "trains_on_the_digits", "training", "failed", "epochs and batch_size passed on"),
    ("challenge_16_real_dataset", [("    np.random.shuffle(keys)\n", "")],
     "trains_on_the_digits", "training", "failed", "shuffled together first"),
    ("challenge_16_real_dataset", [("confidences = model.predict(prepare(image[np.newaxis]))",
             "confidences = model.predict(image.reshape(1, -1))")],
     "predict_label", "training", "failed", "Prepare the one image as the training images were"),
    ("challenge_16_real_dataset", [("return label_names[int(np.argmax(confidences, axis=1)[0])]",
             "return int(np.argmax(confidences, axis=1)[0])")],
     "predict_label", "training", "failed", "not their indices"),
    ("challenge_16_real_dataset", [("    return (X[:DIGITS_TRAINING], y[:DIGITS_TRAINING]), (X[DIGITS_TRAINING:], y[DIGITS_TRAINING:])",
             "    return (X, y), (X[DIGITS_TRAINING:], y[DIGITS_TRAINING:])")],
     "load_dataset_finds_the_data", "data", "failed", "an empty folder"),
    ("challenge_16_real_dataset", [("(X[DIGITS_TRAINING:], y[DIGITS_TRAINING:])",
             "(X[:len(X) - DIGITS_TRAINING], y[:len(X) - DIGITS_TRAINING])")],
     "load_dataset_finds_the_data", "data", "failed", "are also among its 1,500 training digits"),
    ("challenge_16_real_dataset", [("(X[:DIGITS_TRAINING], y[:DIGITS_TRAINING]), (X[DIGITS_TRAINING:], y[DIGITS_TRAINING:])",
             "(X[:DIGITS_TRAINING], y[-DIGITS_TRAINING:]), (X[DIGITS_TRAINING:], y[:len(X) - DIGITS_TRAINING])")],
     "load_dataset_finds_the_data", "data", "failed", "carry another digit's label"),
    ("challenge_16_real_dataset", [("def train_model(X, y, *, epochs=10, batch_size=128):",
             "def train_model(X, y, *, epochs=None, batch_size=None):\n    epochs = epochs or 10\n"
             "    batch_size = batch_size or 100")],
     "builds_the_chapter_19_network", "model", "failed", "in batches of 96 to 127"),
    ("challenge_17_convolution", [("np.put_along_axis(mask, windows.argmax(axis=-1)[..., np.newaxis], 1.0, axis=-1)",
                                   "mask = (windows == windows.max(axis=-1, keepdims=True)).astype(float)")],
     "pool_backward_ties", "backprop", "failed", "Every value tied for a window's maximum got the window's gradient"),
    ("challenge_17_convolution", [("        p = self.pool_size\n        out_h, out_w", "        p = 2\n        out_h, out_w")],
     "pool_uses_pool_size", "backprop", "failed", "pooled 2 x 2 windows"),
    ("challenge_17_convolution", [("windows.argmax(axis=-1)[..., np.newaxis]", "windows.argmin(axis=-1)[..., np.newaxis]")],
     "pool_backward", "backprop", "failed", "argmax, not argmin"),
    # The row and column that fill no window zeroed in the caller's array: the output is right all the same.
    ("challenge_17_convolution", [("    def forward(self, inputs):\n        self.inputs = inputs\n"
                                   "        self.output = self._windows(inputs).max(axis=-1)",
                                   "    def forward(self, inputs):\n        self.inputs = inputs\n"
                                   "        inputs[:, :, inputs.shape[2] // 2 * 2:] = 0\n"
                                   "        inputs[:, :, :, inputs.shape[3] // 2 * 2:] = 0\n"
                                   "        self.output = self._windows(inputs).max(axis=-1)")],
     "layers_keep_their_arguments", "backprop", "failed",
     "The inputs array given to Layer_MaxPool2D.forward was modified"),
    ("challenge_17_convolution", [("        routed = (mask * dvalues[..., np.newaxis])",
                                   "        dvalues *= 2\n        routed = (mask * dvalues[..., np.newaxis] / 2)")],
     "layers_keep_their_arguments", "backprop", "failed",
     "The dvalues array given to Layer_MaxPool2D.backward was modified"),
    # The leftover row zeroed by backward, in self.inputs: the caller's array that forward was given.
    ("challenge_17_convolution", [("    def backward(self, dvalues):\n        windows = self._windows(self.inputs)",
                                   "    def backward(self, dvalues):\n"
                                   "        self.inputs[:, :, self.inputs.shape[2] // 2 * 2:] = 0\n"
                                   "        windows = self._windows(self.inputs)")],
     "layers_keep_their_arguments", "backprop", "failed",
     "The inputs array given to Layer_MaxPool2D.forward, once backward had run, was modified"),
    ("challenge_17_convolution", [("        self.output = inputs.reshape(len(inputs), -1)",
                                   "        inputs.shape = (len(inputs), -1)\n        self.output = inputs")],
     "flatten", "forward", "failed", "changed shape from (3, 2, 4, 5) to (3, 40). inputs.shape = ..."),
    ("challenge_17_convolution", [("padded[sample, :, i * stride:i * stride + kernel_size,",
                                   "padded[sample, :, i:i + kernel_size,"),
                                  ("j * stride:j * stride + kernel_size]", "j:j + kernel_size]")],
     "conv_loops_stride_padding", "convolution", "failed", "moved by 1, not by the stride"),
    ("challenge_17_convolution", [("output.reshape(n_samples, out_h, out_w, -1).transpose(0, 3, 1, 2)",
                                   "output.reshape(n_samples, -1, out_h, out_w)")],
     "conv_forward", "convolution", "failed", "reshaped straight to (N, F, H_out, W_out)"),
    ("challenge_17_convolution", [("np.sum(window * weights[f])", "np.sum(window * weights[f][:, ::-1, ::-1])")],
     "conv_loops", "convolution", "failed", "cross-correlation"),
    ("challenge_17_convolution", [("return (size + 2 * padding - kernel_size) // stride + 1",
                                   "return (size + padding - kernel_size) // stride + 1")],
     "output_size", "shape", "failed", "one side only"),
    ("challenge_17_convolution", [("return (size + 2 * padding - kernel_size) // stride + 1",
                                   "return (size + 2 * padding - kernel_size) / stride + 1")],
     "output_size", "shape", "failed", "returned 4.5, but 4 was expected: a count of positions is a whole number"),
    ("challenge_17_convolution", [("output.reshape(n_samples, out_h, out_w, -1).transpose(0, 3, 1, 2) + self.biases",
                                   "output.reshape(n_samples, out_h, out_w, -1) + self.biases.reshape(1, 1, 1, -1)")],
     "conv_forward", "convolution", "failed", "channels last"),
    ("challenge_17_convolution", [("np.put_along_axis(mask, windows.argmax(axis=-1)[..., np.newaxis], 1.0, axis=-1)",
                                   "mask[:] = 1.0")],
     "pool_backward", "backprop", "failed", "Every position of each window"),
    ("challenge_17_convolution", [("np.sum(dvalues, axis=(0, 2, 3), keepdims=True)",
                                   "np.sum(dvalues, axis=(2, 3), keepdims=True)")],
     "conv_backward_dbiases", "convolution", "failed", "wrong axes"),
    ("challenge_17_convolution", [("+= windows[:, :, ki, kj]", "= windows[:, :, ki, kj]")],
     "col2im", "convolution", "failed", "add them up with +="),
    # Each window put back in turn with =, as a loop over the rows of columns writes it: the later window stays.
    ("challenge_17_convolution", [("    for ki in range(kernel_size):\n        for kj in range(kernel_size):\n"
                                   "            padded[:, :, ki:ki + stride * out_h:stride, kj:kj + stride * out_w:stride]"
                                   " += windows[:, :, ki, kj]\n",
                                   "    for i in range(out_h):\n        for j in range(out_w):\n"
                                   "            padded[:, :, i * stride:i * stride + kernel_size, "
                                   "j * stride:j * stride + kernel_size] = windows[:, :, :, :, i, j]\n")],
     "col2im", "convolution", "failed", "add them up with +="),
    # The windows put back with = in orders where, along one axis, the earlier window's value stays and, along the
    # other, the later one's: whatever order overwrites, the mistake is named.
    ("challenge_17_convolution", [("    for ki in range(kernel_size):\n        for kj in range(kernel_size):\n"
                                   "            padded[:, :, ki:ki + stride * out_h:stride, kj:kj + stride * out_w:stride]"
                                   " += windows[:, :, ki, kj]\n",
                                   "    for i in reversed(range(out_h)):\n        for j in range(out_w):\n"
                                   "            padded[:, :, i * stride:i * stride + kernel_size, "
                                   "j * stride:j * stride + kernel_size] = windows[:, :, :, :, i, j]\n")],
     "col2im", "convolution", "failed", "add them up with +="),
    ("challenge_17_convolution", [("    for ki in range(kernel_size):\n        for kj in range(kernel_size):\n"
                                   "            padded[:, :, ki:ki + stride * out_h:stride, kj:kj + stride * out_w:stride]"
                                   " += windows[:, :, ki, kj]\n",
                                   "    for j in reversed(range(out_w)):\n        for i in range(out_h):\n"
                                   "            padded[:, :, i * stride:i * stride + kernel_size, "
                                   "j * stride:j * stride + kernel_size] = windows[:, :, :, :, i, j]\n")],
     "col2im", "convolution", "failed", "add them up with +="),
    # dvalues reshaped to (N * H_out * W_out, F) without the transpose: the forward pass's mistake, in backward.
    ("challenge_17_convolution", [("rows = dvalues.transpose(0, 2, 3, 1).reshape(-1, n_filters)",
                                   "rows = dvalues.reshape(-1, n_filters)")],
     "conv_backward_dweights", "convolution", "failed", "dvalues (N, F, H_out, W_out) was reshaped straight"),
    ("challenge_17_convolution", [("rows = dvalues.transpose(0, 2, 3, 1).reshape(-1, n_filters)",
                                   "rows = dvalues.reshape(-1, n_filters)")],
     "conv_backward_dinputs", "convolution", "failed", "dvalues.transpose(0, 2, 3, 1).reshape(-1, F)"),
    ("challenge_17_convolution", [("    return padded[:, :, padding:padding + height, padding:padding + width]",
                                   "    return padded")],
     "col2im", "convolution", "failed", "the padded images' shape; the images had (2, 3, 5, 6): cut the padding off"),
    ("challenge_17_convolution", [("self.output = inputs.reshape(len(inputs), -1)",
                                   "self.output = inputs.transpose(0, 2, 3, 1).reshape(len(inputs), -1)")],
     "flatten", "forward", "failed", "channels last"),
    ("challenge_17_convolution", [("return columns.transpose(0, 4, 5, 1, 2, 3)",
                                   "return columns.transpose(0, 4, 5, 2, 3, 1)")],
     "im2col", "convolution", "failed", "channels last"),
    # Windows reshaped from the whole 9 x 11 inputs: the reshape raises, and the check names the odd sizes.
    ("challenge_17_convolution", [("inputs[:, :, :out_h * p, :out_w * p].reshape(", "inputs.reshape(")],
     "pool_forward", "forward", "failed", "H = 9 and W = 11 do not divide by 2"),
    ("challenge_17_convolution", [("        self.output = self._windows(inputs).max(axis=-1)",
                                   "        n, c, h, w = inputs.shape\n        p = self.pool_size\n"
                                   "        self.output = inputs[:, :, :h // p * p, :w // p * p].reshape("
                                   "n, c, h // p, p, w // p, p).max(axis=(2, 4))")],
     "pool_forward", "forward", "failed", "axes 3 and 5 hold one window's values"),
    # Batches that never wrap: past the 400 digits the batch is empty, and im2col raises on it.
    ("challenge_17_convolution", [("        start = step * batch_size % len(X)\n"
                                   "        batch_X, batch_y = X[start:start + batch_size], y[start:start + batch_size]",
                                   "        batch_X = X[step * batch_size:(step + 1) * batch_size]\n"
                                   "        batch_y = y[step * batch_size:(step + 1) * batch_size]")],
     "step_budget", "training", "failed", "The batch of step 14 (step = 13 in the loop) was empty"),
    # A layer with weights the optimizer never updates: the check names it, as challenge 14's does.
    ("challenge_17_convolution", [("        optimizer.update_params(layers[0])\n", "")],
     "training_recipe", "training", "failed", "The weights of the convolution (Layer_Conv2D) did not change"),
    ("challenge_17_convolution", [("        optimizer.update_params(layers[4])\n", "")],
     "training_recipe", "training", "failed", "The weights of the dense layer (Layer_Dense) did not change"),
    ("challenge_13_regularized_training", [("        self.rate = 1 - rate\n\n    def forward(self, inputs, training=True):",
                                            "        self.rate = 1 - rate\n\n    def forward(self, inputs, training=False):")],
     "dropout_default_drops", "regularization", "failed", "Make the default True"),
    ("challenge_13_regularized_training", [("        self.rate = 1 - rate\n\n    def forward(self, inputs, training=True):",
                                            "        self.rate = 1 - rate\n\n    def forward(self, inputs, training=False):"),
                                           ("self.dropout1.forward(self.activation1.output, training=training)",
                                            "self.dropout1.forward(self.activation1.output)")],
     "network_forward_while_training", "training", "failed", "so no mask was drawn, and dropout1.backward then"),
    ("challenge_13_regularized_training", [("        self.binary_mask = np.random.binomial(",
                                            "        if not hasattr(self, 'binary_mask'):\n"
                                            "            self.binary_mask = np.random.binomial(")],
     "dropout_while_training", "regularization", "failed", "the mask was drawn once and kept"),
    ("challenge_13_regularized_training", [("size=inputs.shape) / self.rate", "size=inputs.shape[1:]) / self.rate")],
     "dropout_while_training", "regularization", "failed", "shared by the whole batch"),
    ("challenge_13_regularized_training", [("        optimizer.update_params(network.dense2)\n", "")],
     "training_step", "training", "failed", "dense2's weights after 3 steps are the ones it started with"),
    ("challenge_13_regularized_training", [("self.dinputs = dvalues * self.binary_mask",
                                            "self.dinputs = dvalues * np.random.binomial(1, self.rate, "
                                            "size=dvalues.shape) / self.rate")],
     "dropout_backward_reuses_the_mask", "backprop", "failed", "backward drew a new mask"),
    ("challenge_13_regularized_training", [("losses.append(data_loss + network.regularization_loss())", "losses.append(data_loss)")],
     "training_step", "training", "failed", "data loss alone"),
    ("challenge_13_regularized_training", [("self.dropout1.forward(self.activation1.output, training=training)",
                                            "self.dropout1.forward(self.activation1.output, training=True)")],
     "network_forward_at_inference", "regularization", "failed", "dropout was applied at inference"),
    ("challenge_13_regularized_training", [("        if not training:\n            self.output = inputs.copy()\n            return\n", "")],
     "dropout_at_inference", "regularization", "failed", "Layer_Dropout.forward dropped values where its training"),
    ("challenge_13_regularized_training", [("loss = network.forward(X, y, training=False)", "loss = network.forward(X, y)")],
     "evaluate", "training", "failed", "evaluate must ask, network.forward(X, y, training=False)"),
    ("challenge_13_regularized_training", [("np.random.binomial(1, self.rate, size=inputs.shape) / self.rate",
                                            "np.random.binomial(1, self.rate, size=inputs.shape)")],
     "dropout_while_training", "regularization", "failed", "The kept values were not scaled"),
    ("challenge_13_regularized_training", [("self.rate = 1 - rate", "self.rate = rate")],
     "dropout_while_training", "regularization", "failed", "the rate was used as the share to keep"),
    ("challenge_13_regularized_training", [("self.dweights += 2 * self.weight_regularizer_l2 * self.weights",
                                            "self.dweights += self.weight_regularizer_l2 * self.weights")],
     "dense_backward_l2", "regularization", "failed", "factor 2 is missing"),
    ("challenge_13_regularized_training", [("regularization_loss += layer.bias_regularizer_l2 * np.sum(layer.biases * layer.biases)",
                                            "pass")],
     "regularization_loss", "regularization", "failed", "biases' penalty was left out"),
    ("challenge_13_regularized_training", [("regularization_loss += layer.bias_regularizer_l2 * np.sum(layer.biases * layer.biases)",
                                            "regularization_loss += layer.weight_regularizer_l2 * np.sum(layer.biases * layer.biases)")],
     "regularization_loss", "regularization", "failed", "the biases' penalty is there, but multiplied by "
                                                        "weight_regularizer_l2 (0.2) instead of bias_regularizer_l2 (0.4)"),
    ("challenge_13_regularized_training", [("regularization_loss += layer.weight_regularizer_l2 * np.sum(layer.weights * layer.weights)",
                                            "regularization_loss += layer.bias_regularizer_l2 * np.sum(layer.weights * layer.weights)")],
     "regularization_loss", "regularization", "failed", "the weights' penalty is there, but multiplied by "
                                                        "bias_regularizer_l2 (0.4) instead of weight_regularizer_l2 (0.2)"),
    ("challenge_13_regularized_training", [("\n                + self.loss_activation.loss.regularization_loss(self.dense2))", ")")],
     "network_regularization_loss", "regularization", "failed",
     "Network.regularization_loss() with weight_regularizer_l2=0.01 on dense2 too is "),
    ("challenge_13_regularized_training", [("        self.dropout1.backward(self.dense2.dinputs)\n        self.activation1.backward(self.dropout1.dinputs)",
                                            "        self.activation1.backward(self.dense2.dinputs)")],
     "network_backward", "backprop", "failed", "dropout layer was left out of the backward pass"),
    ("challenge_13_regularized_training", [("network, losses = train(X, y, l2=l2, dropout=dropout, steps=steps)",
                                            "network, losses = train(np.concatenate((X, X_val)), np.concatenate((y, y_val)), "
                                            "l2=l2, dropout=dropout, steps=steps)")],
     "train_and_validate", "training", "failed", "validation data were used in training"),
    ("challenge_13_regularized_training", [("validation_accuracy, validation_loss = evaluate(network, X_val, y_val)",
                                            "validation_accuracy, validation_loss = evaluate(network, X, y)")],
     "train_and_validate", "training", "failed", "the gap was measured on the training data"),
    ("challenge_13_regularized_training", TRAINING_AND_VALIDATION_SETS_SWAPPED,
     "train_and_validate", "training", "failed", "the two sets were swapped, so the training figures were measured "
                                                 "on the validation data"),
    ("challenge_13_regularized_training", [("train_accuracy, train_loss = evaluate(network, X, y)",
                                            "train_accuracy, train_loss = evaluate(network, X_val, y_val)")],
     "train_and_validate", "training", "failed", "train_accuracy and train_loss are what evaluate gives the trained "
                                                 "network on (X_val, y_val): the training figures were measured on "
                                                 "the validation data"),
    ("challenge_13_regularized_training", [("train_accuracy, train_loss = evaluate(network, X, y)",
                                            "train_accuracy, train_loss = evaluate(network, np.concatenate((X, X_val)), "
                                            "np.concatenate((y, y_val)))")],
     "train_and_validate", "training", "failed", "Training did not change (both runs trained dense1 to the same "
                                                 "weights), so the training figures follow the validation data"),
    ("challenge_13_regularized_training", [("train_accuracy, train_loss = evaluate(network, X, y)",
                                            "train_accuracy, _ = evaluate(network, X, y)\n    train_loss = losses[-1]")],
     "train_and_validate", "training", "failed", "That is the last loss train reported"),
    ("challenge_13_regularized_training", CH15_DECAY_OF_CH10,
     "training_step", "training", "failed", "took its first step with learning_rate=0.05 and decay=5e-07"),
    ("challenge_13_regularized_training", [("optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-5)",
                                            "optimizer = Optimizer_Adam(learning_rate=0.02, decay=5e-5)")],
     "training_step", "training", "failed", "chapter 15 trains with Optimizer_Adam(learning_rate=0.05"),
    ("challenge_13_regularized_training", [("network = Network(l2, dropout)", "network = Network(dropout, l2)")],
     "training_step", "training", "failed", "built its network as Network(l2=0, dropout=0.01): l2 and dropout were "
                                            "swapped"),
    ("challenge_13_regularized_training", [("network = Network(l2, dropout)", "network = Network()")],
     "training_step", "training", "failed", "the l2 and dropout train was given never reached it"),
    ("challenge_13_regularized_training", PENALTY_READ_AFTER_UPDATE,
     "training_step", "training", "failed", "plus the penalty of the weights the update left"),
    ("challenge_13_regularized_training",
     [("        losses.append(data_loss + network.regularization_loss())\n", ""),
      ("        optimizer.post_update_params()\n",
       "        optimizer.post_update_params()\n"
       "        losses.append(network.forward(X, y, training=True) + network.regularization_loss())\n")],
     "training_step", "training", "failed", "each loss was recorded after the step's update"),
    ("challenge_13_regularized_training", [("    loss = network.forward(X, y, training=False)\n",
                                            "    loss = network.forward(X, y, training=False) + network.regularization_loss()\n")],
     "evaluate", "training", "failed", "the penalties were added to the loss evaluate measures"),
    ("challenge_13_regularized_training", [("    validation_accuracy, validation_loss = evaluate(network, X_val, y_val)\n",
                                            "    validation_accuracy, validation_loss = evaluate(network, X_val, y_val)\n"
                                            "    validation_loss = validation_loss + network.regularization_loss()\n")],
     "train_and_validate", "training", "failed", "validation_loss is 1.148: the reference's data loss plus"),
    ("challenge_13_regularized_training", [("    train_accuracy, train_loss = evaluate(network, X, y)\n",
                                            "    train_accuracy, train_loss = evaluate(network, X, y)\n"
                                            "    train_loss = train_loss + network.regularization_loss()\n")],
     "train_and_validate", "training", "failed", "train_loss is 0.9485: the reference's data loss plus"),
    ("challenge_14_binary_and_regression_training", [(
        "(y_test - y_mean) / y_std", "(y_test - y_test.mean()) / y_test.std()")],
     "targets_scaled_with_training_statistics", "data", "failed", "The test targets were scaled with their own"),
    ("challenge_14_binary_and_regression_training",
     [("        activation2.backward(loss_function.dinputs)\n        dense2.backward(activation2.dinputs)\n",
       "        dense2.backward(loss_function.dinputs)\n")],
     "binary_step", "training", "failed", "the sigmoid's backward pass was left out"),
    ("challenge_14_binary_and_regression_training",
     [("        losses.append(data_loss + regularization_loss)\n", ""),
      ("        optimizer.post_update_params()\n",
       "        optimizer.post_update_params()\n        dense1.forward(X)\n        activation1.forward(dense1.output)\n"
       "        dense2.forward(activation1.output)\n        activation2.forward(dense2.output)\n"
       "        losses.append(loss_function.calculate(activation2.output, y)\n"
       "                      + loss_function.regularization_loss(dense1) + loss_function.regularization_loss(dense2))\n")],
     "binary_step", "training", "failed", "each loss was recorded after the step's update"),
    ("challenge_14_binary_and_regression_training",
     [("        activation2.backward(dense3.dinputs)\n        dense2.backward(activation2.dinputs)\n",
       "        dense2.backward(dense3.dinputs)\n")],
     "regression_step", "training", "failed", "dense2.backward was given dense3.dinputs: the ReLU's backward pass"),
    ("challenge_14_binary_and_regression_training",
     [("    y = y.reshape(-1, 1)\n    dense1", "    dense1")],
     "binary_step", "training", "failed", "y = y.reshape(-1, 1)"),
    ("challenge_14_binary_and_regression_training",
     [("predictions = (output > 0.5) * 1", "predictions = np.argmax(output, axis=1)")],
     "binary_accuracy", "loss", "failed", "np.argmax over a single output is always 0"),
    ("challenge_14_binary_and_regression_training",
     [("predictions = (output > 0.5) * 1", "predictions = (output >= 0.5) * 1")],
     "binary_accuracy", "loss", "failed", "exactly 0.5"),
    ("challenge_14_binary_and_regression_training",
     [("predictions = (output > 0.5) * 1", "predictions = (output < 0.5) * 1")],
     "binary_accuracy", "loss", "failed", "wrong side"),
    # A column against a flat array: the message says which side was flattened.
    ("challenge_14_binary_and_regression_training",
     [("    return np.mean(predictions == y)", "    return np.mean(predictions == y.reshape(-1))")],
     "binary_accuracy", "loss", "failed", "The targets were flattened to shape (n,)"),
    ("challenge_14_binary_and_regression_training",
     [("    return np.mean(predictions == y)", "    return np.mean(predictions.reshape(-1) == y)")],
     "binary_accuracy", "loss", "failed", "The predictions were flattened to shape (n,)"),
    ("challenge_14_binary_and_regression_training",
     [("accuracy_precision = np.std(y) / 250", "accuracy_precision = np.std(output) / 250")],
     "regression_accuracy", "loss", "failed", "the predictions' spread"),
    ("challenge_14_binary_and_regression_training",
     [("    for layer in (dense1, dense2, dense3):\n", "    for layer in ():\n")],
     "regression_initialisation", "training", "failed", "0.01 * np.random.randn, the default"),
    ("challenge_14_binary_and_regression_training",
     [("return np.mean((y_true - y_pred) ** 2, axis=-1)", "return np.mean((y_true - y_pred) ** 2, axis=0)")],
     "losses_per_sample", "training", "failed", "not over the samples"),
    ("challenge_14_binary_and_regression_training",
     [("y_mean, y_std = y_train.mean(), y_train.std()", "y_mean, y_std = y.mean(), y.std()")],
     "targets_scaled_with_training_statistics", "data", "failed", "test targets included"),
    ("challenge_14_binary_and_regression_training",
     [("mean, std = X_train.mean(axis=0), X_train.std(axis=0)", "mean, std = X.mean(axis=0), X.std(axis=0)")],
     "split_and_standardize", "data", "failed", "leaked into the preprocessing"),
    ("challenge_14_binary_and_regression_training",
     [("losses.append(data_loss + regularization_loss)", "losses.append(data_loss)")],
     "binary_step", "training", "failed", "the data loss alone"),
    # Challenge 12's judgement of shuffle, reused: X and y drawn in two orders.
    ("challenge_14_binary_and_regression_training",
     [("    X, y = X[keys], y[keys].reshape(-1, 1)\n",
       "    X = X[keys]\n    np.random.shuffle(keys)\n    y = y[keys].reshape(-1, 1)\n")],
     "split_and_standardize", "data", "failed", "X and y were shuffled apart: index both with the same keys"),
    ("challenge_14_binary_and_regression_training",
     [("optimizer = Optimizer_Adam(learning_rate=0.005, decay=1e-3)", "optimizer = Optimizer_Adam(decay=1e-3)")],
     "regression_step", "training", "failed", "learning_rate=0.005, decay=1e-3"),
    ("challenge_17_convolution", [("columns.transpose(0, 4, 5, 1, 2, 3)", "columns.transpose(4, 5, 0, 1, 2, 3)")],
     "im2col", "convolution", "failed", "The rows come position by position, the samples of each together"),
    ("challenge_12_validation_and_preprocessing",
     [("return X[held_out:], y[held_out:], X[n_test:held_out], y[n_test:held_out], X[:n_test], y[:n_test]",
       "return X[held_out:], y[held_out:], X[:n_test], y[:n_test], X[n_test:held_out], y[n_test:held_out]")],
     "split_sizes", "data", "failed", "the two are swapped"),
    ("challenge_12_validation_and_preprocessing",
     [("return X[held_out:], y[held_out:], X[n_test:held_out]", "return X[n_test:], y[n_test:], X[n_test:held_out]")],
     "split_sizes", "data", "failed", "it also holds the 10 samples of the validation set"),
    ("challenge_12_validation_and_preprocessing",
     [("n_test, n_validation = int(len(X) * test), int(len(X) * validation)",
       "n_test, n_validation = round(len(X) * test), round(len(X) * validation)")],
     "split_sizes", "data", "failed", "rounded down as the book does, not with round(...)"),
    ("challenge_12_validation_and_preprocessing",
     [("n_test, n_validation = int(len(X) * test), int(len(X) * validation)",
       "n_test, n_validation = int(np.ceil(len(X) * test)), int(np.ceil(len(X) * validation))")],
     "split_sizes", "data", "failed", "or np.ceil(...)"),
    ("challenge_6_optimizers", [("        weight_momentums_corrected = layer.weight_momentums / (1 - self.beta_1 ** "
                                 "(self.iterations + 1))",
                                 "        layer.weight_momentums = layer.weight_momentums / (1 - self.beta_1 ** "
                                 "(self.iterations + 1))\n        weight_momentums_corrected = layer.weight_momentums")],
     "adam", "optimizer", "failed", "The bias-corrected momentums were stored back on the layer"),
    ("challenge_6_optimizers", [("self.current_learning_rate = self.learning_rate * (1. / (1. + self.decay * "
                                 "self.iterations))", "self.current_learning_rate = self.learning_rate * 1. / 1. + "
                                 "self.decay * self.iterations")],
     "sgd_decay", "optimizer", "failed", "The parentheses are missing"),
    ("challenge_12_validation_and_preprocessing",
     [("return tuple((X - mean) / std for X", "return tuple((X - mean) for X")],
     "standardize_with_training_statistics", "data", "failed", "centred but not divided by the standard deviation"),
    ("challenge_12_validation_and_preprocessing", [("mean, std = X_train.mean(axis=0), X_train.std(axis=0)",
                                                    "mean, std = X_train.mean(axis=0), X_train.var(axis=0)")],
     "standardize_with_training_statistics", "data", "failed", "divided by the variance"),
    ("challenge_12_validation_and_preprocessing", [("return tuple(2 * (X - low) / (high - low) - 1",
                                                    "return tuple((X - low) / (high - low) - 1")],
     "scale_to_range_with_training_statistics", "data", "failed", "The factor 2 is missing"),
    ("challenge_6_optimizers",
     [("layer.weight_cache = self.rho * layer.weight_cache + (1 - self.rho) * layer.dweights ** 2",
       "layer.weight_cache = self.rho * layer.weight_cache + layer.dweights ** 2")],
     "rmsprop", "optimizer", "failed", "The new squared gradient was added whole"),
    ("challenge_6_optimizers", [("self.current_learning_rate = self.learning_rate * (1. / (1. + self.decay * "
                                 "self.iterations))", "self.current_learning_rate = self.learning_rate / (1. + "
                                 "self.decay) * self.iterations")],
     "sgd_decay", "optimizer", "failed", "The parentheses are misplaced"),
    ("challenge_9_binary_and_regression", [("        outputs = len(dvalues[0])\n        self.dinputs = -2 *",
                                            "        outputs = len(dvalues)\n        self.dinputs = -2 *")],
     "mse_backward", "backprop", "failed", "outputs was taken as len(dvalues), the number of samples"),
    ("challenge_9_binary_and_regression", [("                         - (1 - y_true) / (1 - clipped_dvalues))",
                                            "                         + (1 - y_true) / (1 - clipped_dvalues))")],
     "bce_backward", "backprop", "failed", "The second term's sign is flipped"),
    ("challenge_9_binary_and_regression", [("return np.mean((y_true - y_pred) ** 2, axis=-1)",
                                            "return np.sum((y_true - y_pred) ** 2, axis=-1)")],
     "mse_forward", "loss", "failed", "The squared errors were summed over each sample's outputs"),
    ("challenge_9_binary_and_regression", [("return np.mean(np.abs(y_true - y_pred), axis=-1)",
                                            "return np.mean(y_true - y_pred, axis=-1)")],
     "mae_forward", "loss", "failed", "averaged without their absolute values"),
    ("challenge_7_training", [("        losses.append(loss_activation.forward(dense2.output, y))",
                               "        losses.append(loss_activation.forward(dense2.output, y) * len(X))")],
     "training_step", "training", "failed", "300 times the reference's"),
    ("challenge_7_training",
     [("        return np.argmax(dense2.output, axis=1)", "        return np.argmax(dense2.output)")],
     "training_accuracy", "training", "failed", "np.argmax without an axis gives the position of the largest value"),
    ("challenge_7_training", [("        return np.argmax(dense2.output, axis=1)",
                               "        return np.argmax(dense2.output, axis=0)")],
     "training_accuracy", "training", "failed", "np.argmax(output, axis=0) takes the largest of each column"),
    ("challenge_4_loss_debug", [("return np.mean(-np.log(correct_confidences(y_pred_clipped, y_true)))",
                                 "return np.mean(np.log(correct_confidences(y_pred_clipped, y_true)))")],
     "cce_sparse", "loss", "failed", "The minus sign is missing"),
    ("challenge_2_shapes", [("return np.dot(np.array(inputs), np.array(neuron_weights).T) + biases",
                             "return np.dot(np.array(inputs), np.array(neuron_weights).T)")],
     "neuron_rows", "forward", "failed", "The biases were not added"),
    ("challenge_5_backprop", [("        self.dinputs = dvalues.copy()\n        self.dinputs[self.inputs <= 0] = 0\n",
                               "        self.dinputs = (self.inputs > 0).astype(float)\n")],
     "relu_backward", "backprop", "failed", "That is ReLU's derivative alone"),
    ("challenge_5_backprop", [("        self.dinputs = -y_true / dvalues\n        self.dinputs = self.dinputs / samples",
                               "        self.dinputs = -y_true / dvalues\n        self.dinputs = self.dinputs / "
                               "len(dvalues[0])")],
     "cce_backward", "backprop", "failed", "It was divided by 3, the number of classes"),
    ("challenge_5_backprop", [("self.dinputs[range(samples), y_true] -= 1", "self.dinputs[:, y_true] -= 1")],
     "combined_backward", "backprop", "failed", "dinputs[:, y_true] -= 1 subtracted 1 in every row"),
    ("challenge_7_training",
     [(OPTIMIZER_STEP, "        for layer in (dense1, dense2):\n            layer.weights -= 0.05 * layer.dweights\n"
                       "            layer.biases -= 0.05 * layer.dbiases\n")],
     "training_step", "training", "failed", "No Optimizer_Adam's update_params ran while training"),
    ("challenge_7_training",
     [(OPTIMIZER_STEP, "        optimizer.update_params(dense1)\n        optimizer.update_params(dense2)\n"
                       "        optimizer.pre_update_params()\n        optimizer.post_update_params()\n")],
     "training_step", "training", "failed", "an update_params ran before pre_update_params"),
    ("challenge_7_training",
     [(OPTIMIZER_STEP, "        optimizer.pre_update_params()\n        optimizer.update_params(dense1)\n"
                       "        optimizer.post_update_params()\n        optimizer.update_params(dense2)\n"
                       "        optimizer.post_update_params()\n")],
     "training_step", "training", "failed", "post_update_params ran before an update_params"),
    ("challenge_10_model", [("        for step in range(_steps(len(X_val), batch_size)):",
                             "        for step in range(1 if batch_size is None else len(X_val) // batch_size):")],
     "evaluate", "model", "failed", "The last, partial batch of 36 was skipped"),
    ("challenge_10_model", [("                self.optimizer.post_update_params()\n", "")],
     "train_whole_batch", "model", "failed", "Its iterations are still 0: each step ends with"),
    ("challenge_10_model", [("accuracy = self.accuracy.calculate(predictions, batch_y)",
                             "accuracy = self.accuracy.calculate(predictions, batch_y) + 0.5")],
     "train_reports_progress", "model", "failed", "A step line reports that step's batch alone"),
    ("challenge_12_validation_and_preprocessing",
     [("return [(np.concatenate(folds[:i] + folds[i + 1:]), fold) for i, fold in enumerate(folds)]",
       "return [(fold, np.concatenate(folds[:i] + folds[i + 1:])) for i, fold in enumerate(folds)]")],
     "k_fold_validates_every_sample_once", "data", "failed", "each pair is (validation, train), swapped"),
    ("challenge_12_validation_and_preprocessing",
     [("X[validation], y[validation]) for train", "X[train], y[train]) for train")],
     "cross_validate", "data", "failed", "the model was scored on the data it was fitted to"),
    ("challenge_12_validation_and_preprocessing",
     [("    np.random.shuffle(keys)\n", "    keys = np.random.default_rng().permutation(len(keys))\n")],
     "shuffle_new_order_every_call", "data", "failed", "it draws from another generator than np.random's"),
    ("challenge_13_regularized_training",
     [("        self.activation1.forward(self.dense1.output)\n        self.dropout1.forward(self.activation1.output, "
       "training=training)\n        self.dense2.forward(self.dropout1.output)",
       "        self.dropout1.forward(self.dense1.output, training=training)\n        self.activation1.forward("
       "self.dropout1.output)\n        self.dense2.forward(self.activation1.output)")],
     "network_forward_while_training", "training", "failed", "dropout1 ran on dense1.output, before the ReLU"),
    ("challenge_13_regularized_training",
     [("        optimizer.pre_update_params()\n        optimizer.update_params(network.dense1)\n"
       "        optimizer.update_params(network.dense2)\n        optimizer.post_update_params()\n",
       "        optimizer.pre_update_params()\n        optimizer.post_update_params()\n"
       "        optimizer.update_params(network.dense1)\n        optimizer.update_params(network.dense2)\n")],
     "training_step", "training", "failed", "post_update_params ran before an update_params"),
    ("challenge_15_complete_model",
     [("            output = self.forward(batch_X, training=False)\n            self.loss.calculate",
       "            output = self.forward(batch_X, training=True)\n            self.loss.calculate")],
     "train_categorical", "training", "failed", 'relies on what "Model.evaluate prints the validation accuracy'),
    ("challenge_15_complete_model",
     [("        return (outputs > 0.5) * 1", "        return np.argmax(outputs, axis=1)")],
     "predictions", "activation", "failed", "That is the softmax's rule, np.argmax(outputs, axis=1)"),
    ("challenge_15_complete_model", [("return np.absolute(predictions - y) < self.precision",
                                      "return predictions - y < self.precision")],
     "accuracy_regression", "loss", "failed", "counts every prediction below its target as right"),
    ("challenge_4_loss_debug", [("np.clip(y_pred, 1e-7, 1 - 1e-7)", "np.clip(y_pred, 1e-15, 1 - 1e-15)")],
     "cce_clipping", "loss", "failed", "that sample's loss was 34.5388, -log(1e-15): the predictions were clipped at"),
    ("challenge_17_convolution", [("dcolumns = np.dot(rows, self.weights.reshape(n_filters, -1))",
                                   "dcolumns = np.dot(rows, self.weights.reshape(-1, n_filters).T)")],
     "conv_backward_dinputs", "convolution", "failed", "the gradient through self.weights.reshape(-1, F).T"),
    ("challenge_17_convolution", [("padded = np.pad(inputs, ((0, 0), (0, 0), (padding, padding), (padding, padding)))",
                                   "padded = np.pad(inputs, padding)")],
     "conv_loops_stride_padding", "convolution", "error", "which pads the last two axes (H and W) alone"),
    ("challenge_17_convolution", [("self.dweights = np.dot(rows.T, self.columns)", "self.dweights = np.dot(self.columns.T, rows)")],
     "conv_backward_dweights", "convolution", "failed", "That is np.dot(self.columns.T, rows) reshaped"),
    ("challenge_18_attention", [("return np.argmax(self.output, axis=-1)", "return np.argmax(self.output, axis=1)")],
     "step_budget", "training", "failed", "predict took its argmax across the positions"),
    ("challenge_18_attention", [(" + self.positions[:length]\n", "\n")],
     "transformer_forward", "model", "failed", "That is the block without the positional encoding"),
    ("challenge_18_attention", [("self.norm2.forward(self.norm1.output + self.dense2.output",
                                 "self.norm2.forward(embedded + self.dense2.output")],
     "transformer_forward", "model", "failed", "norm2's input is norm1.output plus dense2.output"),
    ("challenge_18_attention", [("self.norm1.backward(self.norm2.dinputs + self.dense1.dinputs",
                                 "self.norm1.backward(self.dense1.dinputs")],
     "transformer_backward", "model", "failed", "norm1.backward is given norm2.dinputs plus the feed-forward branch's"),
    ("challenge_18_attention", [("dembedded = self.norm1.dinputs + self.attention.dinputs",
                                 "dembedded = self.attention.dinputs")],
     "transformer_backward", "model", "failed", "their dvalues are norm1.dinputs plus attention.dinputs"),
    ("challenge_18_attention", [("self.dgamma = np.sum((dvalues * self.normalized).reshape(-1, features), axis=0, "
                                 "keepdims=True)", "self.dgamma = np.sum(dvalues * self.normalized, axis=0)")],
     "layernorm_backward", "backprop", "failed", "dgamma was summed over the batch only"),
    ("challenge_18_attention", [("        self.q, self.k, self.v = q, k, v\n"
                                 "        scores = np.matmul(q, k.swapaxes(-1, -2)) / np.sqrt(q.shape[-1])\n",
                                 "        q /= np.sqrt(q.shape[-1])\n        self.q, self.k, self.v = q, k, v\n"
                                 "        scores = np.matmul(q, k.swapaxes(-1, -2))\n")],
     "attention_forward", "attention", "failed", "The q array given to Attention.forward was modified"),
    ("challenge_18_attention", [("keepdims=True)) / np.sqrt(self.q.shape[-1])", "keepdims=True))")],
     "attention_backward", "attention", "failed", "did not divide the scores' gradient by sqrt(d_k)"),
    # q divided by sqrt(d_k) in forward and kept so, which is right; backward then forgets the factor on dq alone.
    ("challenge_18_attention", [("        self.q, self.k, self.v = q, k, v\n",
                                 "        self.scale = 1 / np.sqrt(q.shape[-1])\n        q = q * self.scale\n"
                                 "        self.q, self.k, self.v = q, k, v\n"),
                                ("scores = np.matmul(q, k.swapaxes(-1, -2)) / np.sqrt(q.shape[-1])",
                                 "scores = np.matmul(q, k.swapaxes(-1, -2))"),
                                ("keepdims=True)) / np.sqrt(self.q.shape[-1])", "keepdims=True))")],
     "attention_backward", "attention", "failed", "did not divide the scores' gradient by sqrt(d_k)"),
    ("challenge_18_attention", [("dinputs = self.dense_q.dinputs + self.dense_k.dinputs + self.dense_v.dinputs",
                                 "dinputs = self.dense_q.dinputs + self.dense_k.dinputs")],
     "mha_backward", "backprop", "failed", "self.dinputs holds dense_q.dinputs and dense_k.dinputs alone"),
    ("challenge_18_attention", [("scores = np.matmul(q, k.swapaxes(-1, -2)) / np.sqrt(q.shape[-1])",
                                 "scores = np.matmul(q, k.swapaxes(-1, -2)) / q.shape[-1]")],
     "attention_forward", "attention", "failed", "The scores were divided by d_k itself"),
    ("challenge_18_attention", [("self.attention_weights = softmax(scores)\n        self.output = np.matmul(self.attention_weights, v)",
                                 "self.attn_weights = softmax(scores)\n        self.output = np.matmul(self.attn_weights, v)")],
     "attention_forward", "attention", "failed", "it set self.attn_weights"),
    ("challenge_18_attention", [("        if mask is not None:\n"
                                 "            scores = np.where(mask, scores, MASK_VALUE)\n",
                                 "")],
     "attention_masked", "attention", "failed", "The mask was not applied"),
    ("challenge_18_attention", [("scores = np.matmul(q, k.swapaxes(-1, -2)) / np.sqrt(q.shape[-1])",
                                 "scores = np.matmul(q, k.swapaxes(-1, -2))")],
     "attention_forward", "attention", "failed", "sqrt(d_k)"),
    ("challenge_18_attention", [("self.attention_weights = softmax(scores)\n",
                                 "self.attention_weights = softmax(scores.swapaxes(-1, -2)).swapaxes(-1, -2)\n")],
     "attention_forward", "attention", "failed", "over the queries"),
    ("challenge_18_attention", [("        if mask is not None:\n            scores = np.where(mask, scores, MASK_VALUE)\n"
                                 "        self.attention_weights = softmax(scores)\n",
                                 "        self.attention_weights = softmax(scores)\n        if mask is not None:\n"
                                 "            self.attention_weights = self.attention_weights * mask\n")],
     "attention_masked", "attention", "failed", "after the softmax"),
    ("challenge_18_attention", [("mean = np.mean(inputs, axis=-1, keepdims=True)\n        variance = np.mean((inputs - mean) ** 2, "
                                 "axis=-1, keepdims=True)",
                                 "mean = np.mean(inputs, axis=0, keepdims=True)\n        variance = np.mean((inputs - mean) ** 2, "
                                 "axis=0, keepdims=True)")],
     "layernorm_forward", "forward", "failed", "over the batch"),
    ("challenge_18_attention", [("variance = np.mean((inputs - mean) ** 2, axis=-1, keepdims=True)",
                                 "variance = np.var(inputs, axis=-1, keepdims=True, ddof=1)")],
     "layernorm_forward", "forward", "failed", "unbiased"),
    ("challenge_18_attention", [("return inputs.reshape(batch, length, n_heads, d_model // n_heads).transpose(0, 2, 1, 3)",
                                 "return inputs.reshape(batch, n_heads, length, d_model // n_heads)")],
     "split_heads", "shape", "failed", "reshape alone"),
    ("challenge_18_attention", [("return inputs.transpose(0, 2, 1, 3).reshape(batch, length, n_heads * d_head)",
                                 "return inputs.reshape(batch, length, n_heads * d_head)")],
     "merge_heads", "shape", "failed", "reshape alone"),
    ("challenge_18_attention", [("encoding = np.sin(angles)\n    encoding[:, 1::2] = np.cos(angles[:, 1::2])",
                                 "encoding = np.cos(angles)\n    encoding[:, 1::2] = np.sin(angles[:, 1::2])")],
     "positional_encoding", "forward", "failed", "swapped"),
    ("challenge_18_attention", [("self.dinputs = (dnormalized - np.mean(dnormalized, axis=-1, keepdims=True)\n"
                                 "                        - self.normalized * np.mean(dnormalized * self.normalized, axis=-1, "
                                 "keepdims=True)) / self.std",
                                 "self.dinputs = dnormalized / self.std")],
     "layernorm_backward", "backprop", "failed", "constants"),
    # Batches that never wrap: past the 400 pairs the batch is empty, and its loss the mean of nothing.
    ("challenge_18_attention", [("        start = step * batch_size % len(X)\n"
                                 "        batch_X, batch_Y = X[start:start + batch_size], Y[start:start + batch_size]",
                                 "        batch_X = X[step * batch_size:(step + 1) * batch_size]\n"
                                 "        batch_Y = Y[step * batch_size:(step + 1) * batch_size]")],
     "step_budget", "training", "failed", "was empty: a batch that starts at step * batch_size = 416"),
    ("challenge_15_complete_model", [("self.layers[i].prev = self.input_layer if i == 0 else self.layers[i - 1]",
                                      "self.layers[i].prev = self.input_layer if i == 0 else self.layers[i]")],
     "finalize", "model", "failed", "layers[1].prev is layers[1], not layers[0]"),
    # The binary model's dense layers are every other layer; the categorical model's are not.
    ("challenge_15_complete_model", [("for parameter_set, layer in zip(parameters, self.trainable_layers):",
                                      "for parameter_set, layer in zip(parameters, self.layers[::2]):")],
     "parameters_round_trip", "training", "error", "'Layer_Dropout' object has no attribute 'set_parameters'"),
    ("challenge_15_complete_model", [('    """The model\'s first layer: its output is the data."""\n\n    def forward(self, inputs, training=True):\n'
                                      "        self.output = inputs\n",
                                      '    """The model\'s first layer: its output is the data."""\n\n    def forward(self, inputs, training=True):\n'
                                      "        self.inputs = self.output = inputs\n")],
     "save_and_load", "training", "failed", "its list does not pop input_layer.inputs"),
    ("challenge_15_complete_model", [("                output = self.forward(batch_X, training=True)",
                                      "                output = self.forward(batch_X, training=False)")],
     "train_categorical", "training", "error", "it draws the mask only while training, so backward follows a forward pass with training=True"),
    ("challenge_15_complete_model", [("        validation_accuracy = self.accuracy.calculate_accumulated()",
                                      "        validation_accuracy = self.accuracy.calculate(predictions, batch_y)")],
     "evaluate", "training", "failed", "The accuracy printed is the last batch's alone, of 8 samples"),
    ("challenge_15_complete_model", [("            self.loss.calculate(output, batch_y)\n",
                                      "            validation_loss = self.loss.calculate(output, batch_y)\n"),
                                     ("        validation_loss = self.loss.calculate_accumulated()\n", "")],
     "evaluate", "training", "failed", "The loss printed is the last batch's alone, of 28 samples: calculate returns"),
    ("challenge_14_binary_and_regression_training", [
        ("    X, y = X[keys], y[keys].reshape(-1, 1)\n", "    X, y = X[keys].astype(np.float32), y[keys].reshape(-1, 1)\n"),
        ("X_train.std(axis=0)", "X_train.std(axis=0, ddof=1)")],
     "split_and_standardize", "data", "failed", "dtype float32 but the wrong values: the largest difference is 0.0347056 "
                                                "at [8, 2] (expected -2.75899, got -2.72428); 119 of 120 values are off. "
                                                "The standard deviation divides by n - 1"),
    ("challenge_14_binary_and_regression_training", [("dense1 = Layer_Dense(X.shape[1], 64, weight",
                                                      "dense1 = Layer_Dense(1, 64, weight")],
     "binary_step", "training", "error", "here the inputs a are (200, 2) and the weights b (1, 64), so the weights "
                                         "take 1 input a sample and were given 2. Either the inputs are not the ones "
                                         "meant"),
    ("challenge_2_shapes", [("return dense_forward(hidden, w2, b2)", "return dense_forward(inputs, w2, b2)")],
     "two_layer_shape", "shape", "error", "Either the inputs are not the ones meant (a layer after the first takes the "
                                          "output of the layer before it, not the data)"),
    ("challenge_5_backprop", [("self.dweights = np.dot(self.inputs.T, dvalues)",
                               "self.dweights = np.dot(dvalues, self.inputs.T)")],
     "dense_backward_dweights", "backprop", "error", "here a is (5, 3) and b (4, 5), and 3 is not 4: see which one "
                                                     "needs .T, or which one is the wrong array. The other order, "
                                                     "np.dot(b, a), would fit"),
    ("challenge_4_loss_debug", [("        y_true = np.argmax(y_true, axis=1)", "        y_true = np.argmax(y_true)")],
     "accuracy_onehot", "loss", "failed", "That is what np.argmax(y_true) without an axis gives"),
    ("challenge_4_loss_debug", [("y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)",
                                 "y_pred_clipped = np.clip(y_pred, 1 - 1e-7, 1e-7)")],
     "cce_sparse", "loss", "failed", "Every probability became 1e-7, whatever it was"),
    ("challenge_4_loss_debug", [("return np.mean(-np.log(correct_confidences(y_pred_clipped, y_true)))", "return np.mean(-np.log10(correct_confidences(y_pred_clipped, y_true)))")],
     "cce_sparse", "loss", "failed", "That is the base-10 logarithm"),
    ("challenge_4_loss_debug", [("return np.mean(-np.log(correct_confidences(y_pred_clipped, y_true)))", "return np.mean(-np.log(y_pred_clipped))")],
     "cce_sparse", "loss", "failed", "That is the mean of -log of every probability"),
    ("challenge_4_loss_debug", [("return np.mean(-np.log(correct_confidences(y_pred_clipped, y_true)))", "return np.mean(-np.log(1 - correct_confidences(y_pred_clipped, y_true)))")],
     "cce_sparse", "loss", "failed", "That is -log(1 - p) of the true class's probability p"),
    ("challenge_4_loss_debug", [("    y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)\n",
                                 "    y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)\n    if len(y_true.shape) == 2:\n"
                                 "        return np.mean(-y_true * np.log(y_pred_clipped))\n")],
     "cce_onehot", "loss", "failed", "That is the loss divided by the 3 classes"),
    ("challenge_5_backprop", [("self.dweights = np.dot(self.inputs.T, dvalues)",
                               "self.dweights = np.dot(self.output.T, dvalues)")],
     "dense_backward_dweights", "backprop", "failed", "dweights was built from the layer's output"),
    ("challenge_5_backprop", [("self.dinputs = -y_true / dvalues", "self.dinputs = -y_true * np.log(dvalues)")],
     "cce_backward", "backprop", "failed", "That is the loss itself, -y_true * log(dvalues), not its derivative"),
    ("challenge_5_backprop", [("self.dinputs[range(samples), y_true] -= 1", "self.dinputs[range(samples), y_true] += 1")],
     "combined_backward", "backprop", "failed", "1 was added at the true class"),
    ("challenge_5_backprop", [("jacobian_matrix = np.diagflat(single_output) - np.dot(single_output, single_output.T)", "jacobian_matrix = np.diag(single_output) - np.dot(single_output, single_output.T)")],
     "softmax_backward", "backprop", "failed", "np.diag of the row reshaped to a column gave its first value alone"),
    ("challenge_5_backprop", [("jacobian_matrix = np.diagflat(single_output) - np.dot(single_output, single_output.T)", "jacobian_matrix = np.diagflat(single_dvalues) - np.dot(single_output, single_output.T)")],
     "softmax_backward", "backprop", "failed", "The Jacobian's diagonal was built from dvalues"),
    ("challenge_5_backprop", [("return self.loss.calculate(self.output, y_true)",
                               "return self.loss.calculate(inputs, y_true)")],
     "combined_forward", "loss", "failed", "That is the loss of the raw inputs, as if they were probabilities"),
    ("challenge_5_backprop", [("self.dweights = np.dot(self.inputs.T, dvalues)",
                               "if not hasattr(self, 'dweights'):\n            self.dweights = 0\n"
                               "        self.dweights += np.dot(self.inputs.T, dvalues)")],
     "dense_backward_dweights", "backprop", "failed", "That is the first call's dweights plus the second's"),
    ("challenge_3_activations", [("1 / (1 + np.exp(-inputs))", "1 / (1 + np.exp(-np.clip(inputs, -10, 10)))")],
     "sigmoid_extremes", "activation", "failed", "which is sigmoid(-10): the inputs were clipped to ±10"),
    ("challenge_1_forward_pass", [("self.output = np.maximum(0, inputs)", "self.output = np.max(0, inputs)")],
     "relu_forward", "activation", "error", "np.max(0, inputs) reads inputs as the axis of 0"),
    ("challenge_1_forward_pass", [("self.output = np.maximum(0, inputs)", "self.output = max(0, inputs)")],
     "relu_forward", "activation", "error", "Python's own max, min, if, and, or need one truth value"),
    ("challenge_3_activations", [("import numpy as np\n", "import math\n\nimport numpy as np\n"),
                                 ("1 / (1 + np.exp(-inputs))", "1 / (1 + math.exp(-inputs))")],
     "sigmoid", "activation", "error", "A function of Python's math module (math.exp, math.log)"),
    ("challenge_11_random_search_and_derivatives", [("    layer.forward(inputs)\n    layer.backward(dvalues)",
                                                     "    layer.backward(dvalues)")],
     "backward_errors_pass_a_correct_layer", "backprop", "error", "call layer.forward(inputs) before "
                                                                  "layer.backward(dvalues)"),
    ("challenge_11_random_search_and_derivatives", [("    return (f(x + h) - f(x - h)) / (2 * h)",
                                                     "    return (f(x + 1e-4) - f(x - 1e-4)) / (2 * 1e-4)")],
     "numerical_derivative", "backprop", "failed", "as a much smaller step than the h given (0.5) gives it"),
    ("challenge_11_random_search_and_derivatives", [("    gradient = np.zeros(x.shape)\n",
                                                     "    gradient = np.zeros(x.shape)\n    h = 1e-5\n")],
     "numerical_gradient", "backprop", "failed", "as a much smaller step than the h given (0.01) gives it"),
    ("challenge_11_random_search_and_derivatives", [("        lowest_losses.append(lowest_loss)\n", ""),
                                                    ("        if loss < lowest_loss:\n",
                                                     "        lowest_losses.append(lowest_loss)\n"
                                                     "        if loss < lowest_loss:\n")],
     "random_search_keeps_the_lowest", "training", "failed", "The first lowest loss recorded is inf"),
    ("challenge_11_random_search_and_derivatives", [("        if loss < lowest_loss:\n", "        if loss > lowest_loss:\n")],
     "random_search_keeps_the_lowest", "training", "error", "assigned only inside an if or a loop whose condition "
                                                            "never held"),
    ("challenge_7_training", [("    losses = []\n    for step in range(steps):\n",
                               "    losses = []\n    np.random.shuffle(X)\n    for step in range(steps):\n")],
     "training_step", "training", "failed", "The X given to train was modified"),
    ("challenge_7_training", [("    losses = []\n    for step in range(steps):\n", "    for step in range(steps):\n"),
                              ("def train(X, y, steps=500):\n", "losses = []\n\n\ndef train(X, y, steps=500):\n")],
     "step_budget", "training", "failed", "are from an earlier call, if the list of losses is made outside train"),
    ("challenge_7_training", [("        losses.append(loss_activation.forward(dense2.output, y))\n",
                               "        loss_activation.forward(dense2.output, y)\n"
                               "        losses.append(loss_activation.loss.calculate(dense2.output, y))\n")],
     "training_step", "training", "failed", "that is the cross-entropy of the raw scores, dense2.output"),
    ("challenge_7_training", [("        losses.append(loss_activation.forward(dense2.output, y))\n",
                               "        loss_activation.forward(dense2.output, y)\n"
                               "        losses.append(loss_activation.loss.forward(loss_activation.output, y))\n")],
     "step_budget", "training", "failed", "returned 60 entries of 300 values each, 18000 in all: one loss per sample"),
    ("challenge_5_backprop", [("    def backward(self, dvalues, y_true):\n        samples = len(dvalues)\n"
                               "        if len(y_true.shape) == 2:\n            y_true = np.argmax(y_true, axis=1)\n"
                               "        self.dinputs = dvalues.copy()",
                               "    def backward(self, dvalues, y_true):\n        samples = len(dvalues)\n"
                               "        if len(y_true.shape) == 2:\n            y_true = np.argmax(y_true, axis=1)\n"
                               "        self.dinputs = dvalues.copy")],
     "combined_backward", "backprop", "error", "is a method used without its parentheses"),
    ("challenge_9_binary_and_regression", [("self.dinputs = dvalues * (1 - self.output) * self.output",
                                            "self.dinputs = dvalues * (1 + self.output) * self.output")],
     "sigmoid_backward", "backprop", "failed", "That is s · (1 + s)"),
    ("challenge_9_binary_and_regression", [("        self.dinputs = -(y_true / clipped_dvalues\n"
                                            "                         - (1 - y_true) / (1 - clipped_dvalues)) / outputs",
                                            "        self.dinputs = -(y_true * np.log(clipped_dvalues)\n"
                                            "                         + (1 - y_true) * np.log(1 - clipped_dvalues)) "
                                            "/ outputs")],
     "bce_backward", "backprop", "failed", "That is the loss itself"),
    ("challenge_9_binary_and_regression", [("np.clip(dvalues, 1e-7, 1 - 1e-7)", "np.clip(dvalues, 1e-7, 1e-7)")],
     "bce_backward", "backprop", "failed", "Every dvalue was clipped to 1e-7, so both clip bounds are 1e-7"),
    ("challenge_9_binary_and_regression", [("return np.mean((y_true - y_pred) ** 2, axis=-1)",
                                            "return np.mean(y_true - y_pred, axis=-1) ** 2")],
     "mse_forward", "loss", "failed", "The mean of the differences was squared"),
    ("challenge_9_binary_and_regression", [("self.dinputs = np.sign(dvalues - y_true) / outputs",
                                            "self.dinputs = np.abs(dvalues - y_true) / outputs")],
     "mae_backward", "backprop", "failed", "That is the absolute error, not its derivative"),
    ("challenge_9_binary_and_regression", [("        self.dinputs = self.dinputs / samples\n\n\nclass Loss_MeanAbsoluteError",
                                            "        self.dinputs = self.dinputs // samples\n\n\nclass Loss_MeanAbsoluteError")],
     "mse_backward", "backprop", "failed", "Every value is a whole number where fractions were expected: // is floor "
                                           "division"),
    ("challenge_12_validation_and_preprocessing", [
        ("    return [score(fit(X[train], y[train]), X[validation], y[validation]) for train, validation in "
         "k_fold(len(X), k)]",
         "    return np.mean([score(fit(X[train], y[train]), X[validation], y[validation]) for train, validation in "
         "k_fold(len(X), k)])")],
     "cross_validate", "data", "failed", "cross_validate returned one number, 3.0, where it returns the list"),
    ("challenge_12_validation_and_preprocessing", [("for train, validation in k_fold(len(X), k)]",
                                                    "for train, validation in k_fold(k, len(X))]")],
     "cross_validate", "data", "failed", "That is one fold a sample, as k_fold(4, 22) makes"),
    ("challenge_12_validation_and_preprocessing", [("def standardize(X_train, *others):",
                                                    "def standardize(X_train, X_val, X_test):\n    others = X_val, X_test")],
     "standardize_with_training_statistics", "data", "failed", "standardize(X_train, X_val) raised TypeError"),
    ("challenge_12_validation_and_preprocessing", [("    mean, std = X_train.mean(axis=0), X_train.std(axis=0)",
                                                    "    both = np.concatenate([X_train, others[0]])\n"
                                                    "    mean, std = both.mean(axis=0), both.std(axis=0)")],
     "standardize_with_training_statistics", "data", "failed", "The mean and the standard deviation came from X_train "
                                                               "and X_val together"),
    ("challenge_12_validation_and_preprocessing", [("    low, high = X_train.min(axis=0), X_train.max(axis=0)",
                                                    "    low = X_train.min(axis=0)\n"
                                                    "    high = np.concatenate([X_train, *others]).max(axis=0)")],
     "scale_to_range_with_training_statistics", "data", "failed", "The minimum came from X_train and the maximum from "
                                                                  "all the arrays together"),
    ("challenge_12_validation_and_preprocessing", [("    return tuple((X - mean) / std for X in (X_train, *others))",
                                                    "    return ((X_train - mean) / std, *others)")],
     "standardize_with_training_statistics", "data", "failed", "X_val came back as it was given"),
    ("challenge_12_validation_and_preprocessing", [("    return X[keys], y[keys]\n",
                                                    "    return X[keys], y[keys].reshape(-1, 1)\n")],
     "shuffle_keeps_pairs", "data", "failed", "shuffle(X, y) gave labels of shape (30, 1), a column"),
    ("challenge_12_validation_and_preprocessing", [("    X, y = shuffle(X, y)\n    n_test, n_validation",
                                                    "    np.random.seed(42)\n    X, y = shuffle(X, y)\n"
                                                    "    n_test, n_validation")],
     "split_is_shuffled", "data", "failed", "Called twice on the same data, train_val_test_split(X, y) returned the "
                                            "same training set both times"),
    ("challenge_18_attention", [("scores = np.matmul(q, k.swapaxes(-1, -2)) / np.sqrt(q.shape[-1])",
                                 "scores = np.matmul(q, k.swapaxes(-1, -2)) / np.sqrt(q.shape[1])")],
     "attention_forward", "attention", "failed", "The scores were divided by sqrt(4), the root of the number of "
                                                 "queries"),
    ("challenge_18_attention", [("dscores = weights * (dweights - np.sum(dweights * weights, axis=-1, keepdims=True)) / np.sqrt(self.q.shape[-1])",
                                 "dscores = weights * (1 - weights) * dweights / np.sqrt(self.q.shape[-1])")],
     "attention_backward", "attention", "failed", "kept only the Jacobian's diagonal"),
    ("challenge_18_attention", [("dscores = weights * (dweights - np.sum(dweights * weights, axis=-1, keepdims=True)) / np.sqrt(self.q.shape[-1])",
                                 "dscores = weights * (dweights - np.sum(dweights * weights, axis=-2, keepdims=True)) / np.sqrt(self.q.shape[-1])")],
     "attention_backward", "attention", "failed", "The softmax's backward pass summed over the queries (axis=-2)"),
    ("challenge_18_attention", [("dnormalized = dvalues * self.gamma", "dnormalized = dvalues")],
     "layernorm_backward", "backprop", "failed", "gamma is missing from dinputs"),
    ("challenge_18_attention", [("self.dgamma = np.sum((dvalues * self.normalized)", "self.dgamma_ = np.sum((dvalues * self.normalized)"),
                                ("self.dbeta = np.sum(dvalues.reshape(-1, features), axis=0, keepdims=True)",
                                 "self.dbeta = self.dgamma_\n        self.dgamma = np.sum(dvalues.reshape(-1, features), axis=0, keepdims=True)")],
     "layernorm_backward", "backprop", "failed", "dbeta holds what dgamma should"),
    ("challenge_18_attention", [("optimizer = Optimizer_Adam(learning_rate=0.01)", "optimizer = Optimizer_Adam()")],
     "training_recipe", "training", "failed", "the first update used a learning rate of 0.001, where the recipe's is "
                                              "Optimizer_Adam(learning_rate=0.01)"),
    ("challenge_18_attention", [("        optimizer.post_update_params()\n", "")],
     "training_recipe", "training", "failed", "the optimizer's iterations is still 0, where the reference's counted 20 "
                                              "steps: post_update_params was never called"),
    ("challenge_17_convolution", [("        optimizer.post_update_params()\n", "")],
     "training_recipe", "training", "failed", "the optimizer's iterations is still 0, where the reference's counted 16 "
                                              "steps"),
    ("challenge_18_attention", [("        self.attention.forward(embedded, mask)\n",
                                 "        self.attention.forward(embedded)\n")],
     "transformer_forward", "model", "failed", "That is the output without the mask: Transformer.forward hands its "
                                              "mask on"),
    ("challenge_18_attention", [("    exp_values = np.exp(scores - np.max(scores, axis=-1, keepdims=True))\n",
                                 "    scores -= np.max(scores, axis=-1, keepdims=True)\n"
                                 "    exp_values = np.exp(scores)\n")],
     "softmax", "attention", "failed", "The scores array given to softmax was modified"),
    ("challenge_18_attention", [("        mean = np.mean(inputs, axis=-1, keepdims=True)\n"
                                 "        variance = np.mean((inputs - mean) ** 2, axis=-1, keepdims=True)\n"
                                 "        self.std = np.sqrt(variance + self.epsilon)\n"
                                 "        self.normalized = (inputs - mean) / self.std\n",
                                 "        inputs -= np.mean(inputs, axis=-1, keepdims=True)\n"
                                 "        variance = np.mean(inputs ** 2, axis=-1, keepdims=True)\n"
                                 "        self.std = np.sqrt(variance + self.epsilon)\n"
                                 "        self.normalized = inputs / self.std\n")],
     "layernorm_forward", "forward", "failed", "The inputs array given to Layer_LayerNorm.forward was modified"),
    ("challenge_8_regularization", [("self.dweights += 2 * self.weight_regularizer_l2 * self.weights",
                                     "self.dweights += 2 * self.weight_regularizer_l2 * self.weights ** 2")],
     "backward_l2", "regularization", "failed", "The weights were squared in the gradient"),
    ("challenge_8_regularization", [("regularization_loss += layer.weight_regularizer_l2 * np.sum(layer.weights * "
                                     "layer.weights)",
                                     "regularization_loss += 0.5 * layer.weight_regularizer_l2 * np.sum(layer.weights "
                                     "* layer.weights)")],
     "regularization_loss", "regularization", "failed", "That is half the penalty"),
    ("challenge_8_regularization", [("            dL1 = np.ones_like(self.weights)\n            dL1[self.weights < 0] = -1\n"
                                     "            self.dweights += self.weight_regularizer_l1 * dL1",
                                     "            self.dweights += self.weight_regularizer_l1 * np.abs(self.weights)")],
     "backward_l1", "regularization", "failed", "That is lambda · |w|, the penalty itself"),
    ("challenge_10_model", [("            batch_X = X if batch_size is None else X[step * batch_size:(step + 1) * batch_size]\n"
                             "            output.append(self.forward(batch_X, training=False))\n"
                             "        return np.vstack(output)",
                             "            output.append(self.forward(X, training=False))\n"
                             "            break\n"
                             "        return np.vstack(output)")],
     "predict_in_batches", "model", "failed", "gave the network batches of [300] samples; expected [128, 128, 44]"),
    ("challenge_15_complete_model", [("            batch_X = X if batch_size is None else X[step * batch_size:(step + 1) * batch_size]\n"
                                      "            output.append(self.forward(batch_X, training=False))\n"
                                      "        return np.vstack(output)",
                                      "            output.append(self.forward(X, training=False))\n"
                                      "            break\n"
                                      "        return np.vstack(output)")],
     "predict", "forward", "failed", "gave the network batches of [200] samples; expected [64, 64, 64, 8]"),
    ("challenge_15_complete_model", [("        self.dinputs = dvalues.copy()\n\n    def predictions(self, outputs):\n"
                                      "        return outputs\n",
                                      "        self.dinputs = dvalues.copy()\n\n    def predictions(self, outputs):\n"
                                      "        return np.round(outputs)\n")],
     "predictions", "activation", "failed", "Every value is the expected one rounded to a whole number"),
    ("challenge_10_model", [("        return [layer.get_parameters() for layer in self.trainable_layers]",
                             "        return [layer.get_parameters() for layer in reversed(self.trainable_layers)]")],
     "parameters_round_trip", "model", "error", "Weights set afterwards may also be another layer's"),
    ("challenge_15_complete_model", [("            output.append(self.forward(batch_X, training=False))\n"
                                      "        return np.vstack(output)",
                                      "            output.append(self.forward(batch_X, training=False))\n"
                                      "        return output if len(output) > 1 else output[0]")],
     "predict", "forward", "failed", "is a Python list of 4 arrays, of 64, 64, 64, 8 rows"),
    ("challenge_10_model", [("                self.layers[i].next = self.loss\n", "")],
     "finalize_links", "model", "failed", "finalize gave it no next at all"),
    ("challenge_15_complete_model", [("            pickle.dump(model, f)", "            pickle.dump(model.get_parameters(), f)")],
     "save_and_load", "training", "failed", "Model.load returned a list; expected the Model that save pickled"),
    ("challenge_10_model", [("epoch_data_loss, epoch_regularization_loss = self.loss.calculate_accumulated("
                             "include_regularization=True)",
                             "epoch_data_loss, epoch_regularization_loss = self.loss.accumulated_sum / train_steps, "
                             "self.loss.regularization_loss()")],
     "train_reports_progress", "model", "failed", "That is the sum of the epoch's sample losses divided by its 3 "
                                                  "batches"),
    ("challenge_15_complete_model", [("        self.binary_mask = np.random.binomial(1, self.rate, size=inputs.shape) / self.rate\n"
                                      "        self.output = inputs * self.binary_mask\n",
                                      "        self.mask = np.random.binomial(1, self.rate, size=inputs.shape) / self.rate\n"
                                      "        self.output = inputs * self.mask\n")],
     "dropout_backward", "regularization", "failed", "does forward keep it as self.binary_mask?"),
    ("challenge_13_regularized_training", [("losses.append(data_loss + network.regularization_loss())",
                                            "losses.append((data_loss, network.regularization_loss()))")],
     "training_step", "training", "failed", "returned 3 entries of 2 numbers each"),
    ("challenge_12_validation_and_preprocessing", [("    X, y = shuffle(X, y)\n    n_test", "    X, y = X[::-1], y[::-1]\n    n_test")],
     "split_is_shuffled", "data", "failed", "in their original order (or its reverse)"),
    ("challenge_16_real_dataset", [("astype(np.float32) - 127.5) / 127.5", "astype(np.float32) - 128) / 128")],
     "prepare", "data", "failed", "The pixels were centred on 128 and divided by 128"),
    ("challenge_12_validation_and_preprocessing", [
        ("    return tuple(2 * (X - low) / (high - low) - 1 for X in (X_train, *others))",
         "    return (2 * (X_train - low) / (high - low) - 1,\n"
         "            *(2 * (X - X.min(axis=0)) / (high - low) - 1 for X in others))")],
     "scale_to_range_with_training_statistics", "data", "failed", "This array was shifted by its own minimum"),
    ("challenge_16_real_dataset", [("reshape(count, rows, columns)", "reshape(count, columns, rows)")],
     "load_idx", "data", "failed", "rows and columns are swapped"),
    ("challenge_16_real_dataset", [("    confidences = model.predict(prepare(image[np.newaxis]))\n",
                                    "    model.predict(prepare(image[np.newaxis]))\n"
                                    "    confidences = model.layers[-3].output\n")],
     "predict_label", "training", "failed", "is not one of the 10 classes. It is the argmax of the model's last output"),
    ("challenge_13_regularized_training", [("self.dbiases += 2 * self.bias_regularizer_l2 * self.biases",
                                            "self.dbiases = self.dbiases + 2 * self.bias_regularizer_l2 * self.weights")],
     "dense_backward_l2", "regularization", "failed", "dbiases took the shape of the weights"),
    ("challenge_13_regularized_training", [("self.dbiases += 2 * self.bias_regularizer_l2 * self.biases",
                                            "self.dbiases += 2 * self.bias_regularizer_l2 * self.weights")],
     "dense_backward_l2", "regularization", "error", "writes into the array on its left, which keeps its shape (1,3); "
                                                     "the value on the right would make it (4,3)"),
    ("challenge_13_regularized_training", [("regularization_loss += layer.bias_regularizer_l2 * "
                                            "np.sum(layer.biases * layer.biases)",
                                            "regularization_loss += layer.bias_regularizer_l2 * "
                                            "np.sum(layer.weights * layer.weights)")],
     "regularization_loss", "regularization", "failed", "The biases' penalty was computed from the layer's weights"),
    ("challenge_13_regularized_training", [("self.dinputs = dvalues * self.binary_mask",
                                            "self.dinputs = dvalues * self.output")],
     "dropout_backward_reuses_the_mask", "backprop", "failed", "dvalues was multiplied by the layer's output"),
    ("challenge_6_optimizers", [("layer.biases += -self.current_learning_rate * bias_momentums_corrected / "
                                 "(np.sqrt(bias_cache_corrected) + self.epsilon)",
                                 "layer.biases += -self.current_learning_rate * layer.bias_momentums / "
                                 "(np.sqrt(layer.bias_cache) + self.epsilon)")],
     "adam", "optimizer", "failed", "The weights are updated right and the biases are not. The bias correction is "
                                    "missing"),
    ("challenge_6_optimizers", [("        layer.bias_cache += layer.dbiases ** 2\n",
                                 "        layer.bias_cache += layer.dbiases\n")],
     "adagrad", "optimizer", "failed", "the biases are not. The cache was built from the gradients "
                                       "themselves, not their squares"),
    ("challenge_6_optimizers", [("(np.sqrt(layer.weight_cache) + self.epsilon)\n        layer.biases += "
                                 "-self.current_learning_rate * layer.dbiases / (np.sqrt(layer.bias_cache) + "
                                 "self.epsilon)\n\n    def post_update_params(self):\n        self.iterations += 1\n"
                                 "\n\nclass Optimizer_Adam",
                                 "(np.sqrt(layer.weight_cache) + self.epsilon)\n        layer.biases += "
                                 "-self.current_learning_rate * layer.dbiases / np.sqrt(layer.bias_cache + "
                                 "self.epsilon)\n\n    def post_update_params(self):\n        self.iterations += 1\n"
                                 "\n\nclass Optimizer_Adam")],
     "rmsprop", "optimizer", "failed", "the biases are not. epsilon went inside the square root"),
    ("challenge_15_complete_model", [("np.random.binomial(1, self.rate, size=inputs.shape) / self.rate\n"
                                      "        self.output = inputs * self.binary_mask\n",
                                      "np.random.binomial(1, self.rate, size=inputs.shape)\n"
                                      "        self.output = inputs * self.binary_mask / self.rate\n")],
     "dropout_backward", "regularization", "failed", "forward divides the kept values by self.rate, so backward must too"),
    ("challenge_15_complete_model", [("        self.dinputs = dvalues * self.binary_mask\n",
                                      "        self.dinputs = dvalues * self.binary_mask / self.rate\n")],
     "dropout_backward", "regularization", "failed", "The gradient was scaled twice"),
    ("challenge_15_complete_model", [("        self.dinputs = dvalues * self.binary_mask\n",
                                      "        self.dinputs = dvalues.copy()\n")],
     "dropout_backward", "regularization", "failed", "backward let the whole gradient through"),
    ("challenge_17_convolution", [("        losses.append(loss_activation.forward(values, batch_y))\n",
                                   "        loss_activation.forward(values, batch_y)\n"),
                                  ("        optimizer.post_update_params()\n",
                                   "        optimizer.post_update_params()\n        values = batch_X\n"
                                   "        for layer in layers:\n            layer.forward(values)\n"
                                   "            values = layer.output\n"
                                   "        losses.append(loss_activation.forward(values, batch_y))\n")],
     "training_recipe", "training", "failed", "train ran the network forward 32 times in its 16 steps, twice a step"),
    ("challenge_10_model", [("            self.accuracy.calculate(predictions, batch_y)\n"
                             "        validation_loss = self.loss.calculate_accumulated()\n"
                             "        validation_accuracy = self.accuracy.calculate_accumulated()\n",
                             "            validation_accuracy = self.accuracy.calculate(predictions, batch_y)\n"
                             "        validation_loss = self.loss.calculate_accumulated()\n")],
     "evaluate", "model", "failed", "That is the accuracy of the last batch alone, of 36 samples"),
    ("challenge_10_model", [("            self.loss.calculate(output, batch_y)\n            predictions",
                             "            validation_loss = self.loss.calculate(output, batch_y)\n            predictions"),
                            ("        validation_loss = self.loss.calculate_accumulated()\n        validation_accuracy",
                             "        validation_accuracy")],
     "evaluate", "model", "failed", "print what self.loss.calculate_accumulated() returns"),
    ("challenge_15_complete_model", [("            epoch_data_loss, epoch_regularization_loss = self.loss.calculate_accumulated("
                                      "include_regularization=True)",
                                      "            epoch_data_loss = self.loss.calculate_accumulated()\n"
                                      "            epoch_regularization_loss = regularization_loss")],
     "train_binary", "training", "failed", "an epoch's summary takes its penalty from self.loss.calculate_accumulated"),
    ("challenge_15_complete_model", [("            output.append(self.forward(batch_X, training=False))\n",
                                      "            output = [self.forward(batch_X, training=False)]\n")],
     "predict", "forward", "failed", "predict returned only the last batch"),
    ("challenge_15_complete_model", [("        self.accuracy.init(y)", "        self.accuracy.init(y, reinit=True)")],
     "train_sets_precision", "training", "failed", "a second train keeps that precision"),
    ("challenge_15_complete_model", [("        return (outputs > 0.5) * 1", "        return (outputs > 0) * 1")],
     "predictions", "activation", "failed", "The threshold is 0"),
    ("challenge_15_complete_model", [("        self.dinputs = dvalues.copy()\n\n    def predictions(self, outputs):\n"
                                      "        return outputs\n",
                                      "        self.dinputs = dvalues.copy()\n\n    def predictions(self, outputs):\n"
                                      "        return np.argmax(outputs, axis=1)\n")],
     "predictions", "activation", "failed", "A linear output predicts its outputs as they are"),
    ("challenge_15_complete_model", [("        return np.vstack(output)",
                                      "        return self.output_layer_activation.predictions(np.vstack(output))")],
     "predict", "forward", "failed", "predict returned classes: it returns the outputs themselves"),
    ("challenge_17_convolution", [("            columns[:, :, ki, kj] = padded[:, :, ki:ki + stride * out_h:stride, kj:kj + stride * out_w:stride]",
                                   "            columns[:, :, ki, kj] = padded[:, :, ki:ki + out_h, kj:kj + out_w]")],
     "im2col", "convolution", "failed", "The windows were taken 1 apart, not stride apart"),
    ("challenge_17_convolution", [("        windows = inputs[:, :, :out_h * p, :out_w * p].reshape(n_samples, channels, out_h, p, out_w, p)\n"
                                   "        return windows.transpose(0, 1, 2, 4, 3, 5).reshape(n_samples, channels, out_h, out_w, p * p)",
                                   "        return inputs[:, :, :out_h * p, :out_w * p].reshape(n_samples, channels, out_h, out_w, p * p)")],
     "pool_forward", "forward", "failed", "without the transpose: a reshape keeps the values in their order"),
    ("challenge_17_convolution", [("            padded[:, :, ki:ki + stride * out_h:stride, kj:kj + stride * out_w:stride] += windows[:, :, ki, kj]",
                                   "            padded[:, :, ki:ki + out_h, kj:kj + out_w] += windows[:, :, ki, kj]")],
     "col2im", "convolution", "failed", "The windows were put back 1 apart, not stride apart"),
    ("challenge_17_convolution", [("        self.dinputs[:, :, :out_h * p, :out_w * p] = routed.transpose(0, 1, 2, 4, 3, 5).reshape(",
                                   "        self.dinputs[:, :, :out_h * p, :out_w * p] = routed.reshape(")],
     "pool_backward", "backprop", "failed", "laid back without the transpose"),
    ("challenge_17_convolution", [("    optimizer = Optimizer_Adam(learning_rate=0.02)", "    optimizer = Optimizer_Adam()")],
     "training_recipe", "training", "failed", "the first update used a learning rate of 0.001"),
    ("challenge_17_convolution", [("    layers = [Layer_Conv2D(1, 8, 3, padding=1), Activation_ReLU(), Layer_MaxPool2D(2),",
                                   "    layers = [Layer_Conv2D(1, 8, 3, padding=1), Layer_MaxPool2D(2),"),
                                  ("        optimizer.update_params(layers[4])", "        optimizer.update_params(layers[3])")],
     "held_out_accuracy", "training", "failed", "train must build the recipe's network (Layer_Conv2D with padding 1, ReLU"),
    ("challenge_17_convolution", [("+ biases[0, f, 0, 0]", "+ biases[0, f]")],
     "conv_loops", "convolution", "error", "index it down to a single number"),
    ("challenge_15_complete_model", [('print(f"validation, acc: {validation_accuracy:.3f}, loss: {validation_loss:.3f}")',
                                      'print(f"validation, acc: {validation_loss:.3f}, loss: {validation_accuracy:.3f}")')],
     "evaluate", "training", "failed", "the two are swapped"),
    ("challenge_15_complete_model", [("                loss = data_loss + regularization_loss\n",
                                      "                loss = data_loss\n")],
     "train_binary", "training", "failed", "at every step and in every epoch's summary, is data_loss + regularization_loss"),
    ("challenge_15_complete_model", [("            epoch_accuracy = self.accuracy.calculate_accumulated()",
                                      "            epoch_accuracy = accuracy")],
     "train_regression", "training", "failed", "not the last batch's accuracy"),
    ("challenge_15_complete_model", [("    return steps + 1 if steps * batch_size < samples else steps",
                                      "    return steps")],
     "train_categorical", "training", "error", "most often no batch ran, because the number of steps came out 0"),
    ("challenge_15_complete_model",
     [("if isinstance(self.layers[-1], Activation_Softmax) and isinstance(self.loss, Loss_CategoricalCrossentropy):",
       "if isinstance(self.loss, Loss_CategoricalCrossentropy):")],
     "finalize_combined_gradient", "model", "failed", "A model trained with categorical cross-entropy but ending in Linear got the "
                                    "combined softmax and cross-entropy"),
    ("challenge_15_complete_model", [("if isinstance(self.layers[-1], Activation_Softmax) and isinstance(self.loss, "
                                      "Loss_CategoricalCrossentropy):",
                                      "if isinstance(self.layers[-1], (Activation_Softmax, Activation_Sigmoid)):")],
     "finalize_combined_gradient", "model", "failed", "only for a Softmax output"),
    ("challenge_15_complete_model", [("            self.loss.new_pass()\n            self.accuracy.new_pass()\n", "")],
     "train_regression", "training", "failed", "started again with new_pass() at each epoch"),
    ("challenge_15_complete_model", [("self.output_layer_activation = self.layers[i]",
                                      "self.output_layer_activaton = self.layers[i]")],
     "finalize", "model", "failed", "it set self.output_layer_activaton"),
    ("challenge_15_complete_model", [("model = copy.deepcopy(self)", "model = self")],
     "save_and_load", "training", "failed", "from the model itself"),
    ("challenge_15_complete_model", [("        self.accuracy.init(y)\n        train_steps", "        train_steps")],
     "train_sets_precision", "training", "failed", "self.accuracy.init(y)"),
    ("challenge_15_complete_model", [("        self.accuracy.init(y)\n        train_steps", "        train_steps"),
                                     ("                batch_X, batch_y = _batch(X, y, step, batch_size)\n",
                                      "                batch_X, batch_y = _batch(X, y, step, batch_size)\n"
                                      "                self.accuracy.init(batch_y)\n")],
     "train_sets_precision", "training", "failed", "precision of the first batch's targets"),
    ("challenge_15_complete_model", [("        if self.precision is None or reinit:\n            self.precision = np.std(y) / 250",
                                      "        self.precision = np.std(y) / 250")],
     "accuracy_regression", "loss", "failed", "keeps the precision"),
    ("challenge_15_complete_model", [("            output = self.forward(batch_X, training=False)\n            self.loss.calculate",
                                      "            output = self.forward(batch_X, training=True)\n"
                                      "            self.loss.calculate")],
     "evaluate", "training", "failed", "dropout was on"),
    ("challenge_15_complete_model", [("            layer.forward(layer.prev.output, training)",
                                      "            layer.forward(layer.prev.output)")],
     "forward", "forward", "failed", "Dropout was active with training=False"),
    ("challenge_15_complete_model", [("self.layers[i].prev = self.input_layer if i == 0 else self.layers[i - 1]",
                                      "self.layers[i].prev = self.layers[i - 1]")],
     "finalize", "model", "failed", "not the model's input layer"),
    ("challenge_15_complete_model", [("                loss = data_loss + regularization_loss", "                loss = data_loss"),
                                     ("            epoch_loss = epoch_data_loss + epoch_regularization_loss",
                                      "            epoch_loss = epoch_data_loss")],
     "train_binary", "training", "failed", "data_loss + regularization_loss"),
    ("challenge_15_complete_model", [("            for name in [\"inputs\", \"output\", \"dinputs\", \"dweights\", \"dbiases\"]:\n"
                                      "                layer.__dict__.pop(name, None)\n", "            pass\n")],
     "save_and_load", "training", "failed", "still holds the data of the model's last pass"),
    ("challenge_15_complete_model", [("            if hasattr(self.layers[i], \"weights\"):",
                                      "            if hasattr(self.layers[i], \"forward\"):")],
     "finalize", "model", "failed", "Activations and dropout have nothing to train"),
    ("challenge_15_complete_model", [("        if not self.binary and len(y.shape) == 2:", "        if len(y.shape) == 2:")],
     "accuracy_categorical", "loss", "failed", "compare the column as it is"),
    ("challenge_15_complete_model", [("        return (outputs > 0.5) * 1", "        return (outputs >= 0.5) * 1")],
     "predictions", "activation", "failed", "exactly 0.5"),
    ("challenge_15_complete_model", [("        with open(path, \"wb\") as f:\n            pickle.dump(model, f)",
                                      "        with open(path, \"w\") as f:\n            pickle.dump(model, f)")],
     "save_and_load", "training", "failed", "save opened its file for text, with 'w': open it in binary mode"),
    ("challenge_15_complete_model", [("        if loss is not None:\n            self.loss = loss\n        if optimizer is not None:\n"
                  "            self.optimizer = optimizer\n        if accuracy is not None:\n            self.accuracy = accuracy",
                  "        self.loss = loss\n        self.optimizer = optimizer\n        self.accuracy = accuracy")],
     "set_keeps_given", "model", "failed", "model.loss holds None, not the first loss: set keeps each"),
    # The error is raised in dense_forward; the mistake is in the line that called it.
    ("challenge_2_shapes", [("return dense_forward(hidden, w2, b2)", "return dense_forward(hidden, w2.T, b2)")],
     "two_layer_shape", "shape", "error", "in dense_forward called from line 36: return dense_forward(hidden, w2.T"),
    # A loop over the samples that sets the whole output for each: the last row is left.
    ("challenge_1_forward_pass", RELU_ROW_LOOP, "relu_forward", "activation", "failed",
     "It equals the last row of the expected result: a loop over the rows that sets the whole result anew"),
    ("challenge_3_activations", [("    exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))\n"
                                  "    return exp_values / np.sum(exp_values, axis=1, keepdims=True)",
                                  "    for row in inputs:\n        exp_values = np.exp(row - np.max(row))\n"
                                  "        result = exp_values / np.sum(exp_values)\n    return result")],
     "softmax", "activation", "failed", "It equals the last row of the expected result"),
    ("challenge_1_forward_pass", [("self.output = np.maximum(0, inputs)",
                                   "self.output = np.maximum(0.01 * inputs, inputs)")],
     "relu_forward", "activation", "failed", "Negative inputs kept 0.01 of their value: that is leaky ReLU"),
    ("challenge_1_forward_pass", [("self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)",
                                   "self.output = exp_values / np.sum(np.exp(inputs), axis=1, keepdims=True)")],
     "softmax_forward", "activation", "failed", "The exponentials were divided by the sum of other exponentials "
                                                "(np.exp(inputs) where the values divided are np.exp(inputs - max))"),
    ("challenge_3_activations", [("exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))",
                                  "exp_values = np.exp(inputs) - np.max(inputs, axis=1, keepdims=True)")],
     "softmax", "activation", "failed", "The maximum was subtracted after np.exp"),
    # Rows that are no probabilities, from a mistake no sentence names.
    ("challenge_3_activations", [("return exp_values / np.sum(exp_values, axis=1, keepdims=True)",
                                  "return exp_values / np.sum(exp_values + 1, axis=1, keepdims=True)")],
     "softmax", "activation", "failed", "Each row should sum to 1, but yours sum to between "),
    ("challenge_2_shapes", [("    return dense_forward(hidden, w2, b2)",
                             "    return dense_forward(np.maximum(0, hidden), w2, b2)")],
     "two_layer_forward", "forward", "failed", "A ReLU (or another activation) was put between the two layers"),
    # np.dot of 3-D arrays is no batched product: the error comes at the next product, from its 4-D result.
    ("challenge_18_attention", [("scores = np.matmul(q, k.swapaxes(-1, -2)) / np.sqrt(q.shape[-1])",
                                 "scores = np.dot(q, k.swapaxes(-1, -2)) / np.sqrt(q.shape[-1])")],
     "attention_forward", "attention", "error", "An array with more axes than the other often comes from np.dot of "
                                                "two arrays of 3 or more dimensions, which is not batched"),
    # IDX bytes read as another type or from another place.
    ("challenge_16_real_dataset", [("X = np.frombuffer(file.read(), dtype=np.uint8)",
                                    "X = np.frombuffer(file.read(), dtype=np.int8)")],
     "load_idx", "data", "failed", "The pixels were read as signed bytes (int8), so every value above 127 came out "
                                   "negative"),
    ("challenge_16_real_dataset", [("        X = np.frombuffer(file.read(), dtype=np.uint8)",
                                    "        file.seek(8)\n"
                                    "        X = np.frombuffer(file.read(count * rows * columns), dtype=np.uint8)")],
     "load_idx", "data", "failed", "The pixels are the file's, moved by 8 bytes: they were read starting 8 bytes too "
                                   "early. The images file's header is 16 bytes"),
    ("challenge_16_real_dataset", [("        y = np.frombuffer(file.read(), dtype=np.uint8)",
                                    "        y = np.frombuffer(file.read() + b'0', dtype=np.uint8)[1:]")],
     "load_idx", "data", "failed", "The labels are the file's, moved by 1 byte: they were read starting 1 byte too "
                                   "late"),
    ("challenge_16_real_dataset", [("return (X.reshape(X.shape[0], -1).astype(np.float32) - 127.5) / 127.5",
                                    "return (X.reshape(X.shape[0], -1, order='F').astype(np.float32) - 127.5) "
                                    "/ 127.5")],
     "prepare", "data", "failed", "Each image was flattened column by column"),
    ("challenge_16_real_dataset", [('return load_image_folder(folder, "train"), load_image_folder(folder, "test")',
                                    'return load_image_folder(folder, "test"), load_image_folder(folder, "train")')],
     "load_dataset_finds_the_data", "data", "failed", "The training and the test data are swapped"),
    ("challenge_10_model", [("if not step % print_every or step == train_steps - 1:",
                             "if not (step + 1) % print_every or step == train_steps - 1:")],
     "train_reports_progress", "model", "failed", "at step 2; expected 2, at steps 0 and 2: every print_every steps, "
                                                  "and at the last step of the epoch (step 2) whatever print_every is, "
                                                  "as the book prints them. Print when not step % print_every or step "
                                                  "== train_steps - 1. Only the last step's line came. The first "
                                                  "line belongs at step 0"),
    # The layers built once, when the file is imported, and trained by every call.
    ("challenge_7_training", [("def train(X, y, steps=500):",
                               "dense1, activation1, dense2 = Layer_Dense(2, 64), Activation_ReLU(), Layer_Dense(64, 3)"
                               "\n\n\ndef train(X, y, steps=500):"),
                              ("    dense1, activation1, dense2 = Layer_Dense(2, 64), Activation_ReLU(), "
                               "Layer_Dense(64, 3)\n", "")],
     "training_step", "training", "failed", "Your file builds a Layer_Dense(2, 64) when it is imported, at its top "
                                            "level, and train trains that one: build the layers inside train"),
    # A step's order and its backward pass, told apart by the first step.
    ("challenge_10_model", [("self.layers[-1].dinputs = self.softmax_classifier_output.dinputs",
                             "self.layers[-1].backward(self.softmax_classifier_output.dinputs)")],
     "train_in_batches", "model", "failed", "dense layer 2's dweights when the optimizer updated it in the first step "
                                            "of training of 300 samples in batches of 128 have the right shape "
                                            "(16, 3) and dtype float64 but the wrong values"),
    ("challenge_10_model", [("                    self.optimizer.update_params(layer)\n"
                             "                self.optimizer.post_update_params()\n",
                             "                    self.optimizer.update_params(layer)\n"),
                            ("                self.optimizer.pre_update_params()\n",
                             "                self.optimizer.pre_update_params()\n"
                             "                self.optimizer.post_update_params()\n")],
     "train_in_batches", "model", "failed", "The optimizer's first calls were pre_update_params, post_update_params, "
                                            "update_params, update_params: post_update_params ran before an "
                                            "update_params"),
    ("challenge_16_real_dataset", [(".reshape(count, rows, columns)", ".reshape(count, rows * columns)")],
     "load_idx", "data", "failed", "each image was flattened into a row. load_idx keeps each image's rows and columns"),
    ("challenge_7_training", [("    dense1, activation1, dense2 = Layer_Dense(2, 64), Activation_ReLU(), "
                               "Layer_Dense(64, 3)\n", ""),
                              ("    for step in range(steps):\n",
                               "    for step in range(steps):\n"
                               "        dense1, activation1, dense2 = Layer_Dense(2, 64), Activation_ReLU(), "
                               "Layer_Dense(64, 3)\n")],
     "every_step", "training", "failed", "train built a Layer_Dense(2, 64) 3 times in 3 steps, and the first ran 1 "
                                         "forward pass: build the layers once, before the loop"),
    ("challenge_7_training", [("def train(X, y, steps=500):",
                               "optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-7)\n\n\n"
                               "def train(X, y, steps=500):"),
                              ("    optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-7)\n", "")],
     "training_step", "training", "failed", "Your file builds an Optimizer_Adam when it is imported, at its top level, "
                                            "and train uses that one"),
    # Rows a loop over the columns never reached.
    ("challenge_3_activations", [("    exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))\n"
                                  "    return exp_values / np.sum(exp_values, axis=1, keepdims=True)",
                                  "    output = np.zeros_like(inputs)\n    for i in range(inputs.shape[1]):\n"
                                  "        exp_values = np.exp(inputs[i] - np.max(inputs[i]))\n"
                                  "        output[i] = exp_values / np.sum(exp_values)\n    return output")],
     "softmax_rows_sum_to_one", "activation", "failed", "The first 3 rows are right and the other 4 are not: was every "
                                                        "row computed?"),
    ("challenge_1_forward_pass", [("self.output = np.dot(inputs, self.weights) + self.biases",
                                   "for sample in inputs:\n"
                                   "            self.output = np.dot(sample, self.weights) + self.biases")],
     "dense_forward_shape", "shape", "failed", "That is the shape of one row of the 6 expected: a loop over the rows"),
    # A model or an optimizer built once, as the file is imported, for every call of train_model.
    ("challenge_16_real_dataset", [("def train_model(X, y, *, epochs=10, batch_size=128):",
                                    "MODEL = Model()\n\n\ndef train_model(X, y, *, epochs=10, batch_size=128):"),
                                   ("    model = Model()\n    model.add(Layer_Dense(X.shape[1], 128))",
                                    "    model = MODEL\n    model.add(Layer_Dense(X.shape[1], 128))")],
     "builds_the_chapter_19_network", "model", "failed", "train_model trained with the Model your file built when it "
                                                         "was imported, at its top level: build it inside train_model"),
    ("challenge_16_real_dataset", [("def train_model(X, y, *, epochs=10, batch_size=128):",
                                    "OPTIMIZER = Optimizer_Adam(decay=1e-3)\n\n\n"
                                    "def train_model(X, y, *, epochs=10, batch_size=128):"),
                                   ("optimizer=Optimizer_Adam(decay=1e-3),", "optimizer=OPTIMIZER,")],
     "builds_the_chapter_19_network", "model", "failed", "train_model trained with the optimizer your file built"),
    ("challenge_2_shapes", [("return np.dot(inputs, weights) + biases", "return np.dot(inputs, weights.T) + biases")],
     "dense_forward_shape", "shape", "error", "b, weights.T, (3, 4), and 4 is not 3; the array before the .T would "
                                              "fit, np.dot(inputs, weights)"),
    ("challenge_2_shapes", [("biases = np.zeros((1, n_neurons))", "biases = np.zeros((n_neurons, 1))")],
     "init_biases_shape", "shape", "failed", "That is a column, one row per neuron: the biases are one row"),
    ("challenge_2_shapes", [("return np.dot(inputs, weights) + biases", "return (np.dot(inputs, weights) + biases).T")],
     "dense_forward_shape", "shape", "failed", "The two axes are swapped: for a product, check the order of the "
                                               "arguments to np.dot"),
    ("challenge_3_activations", [("exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))",
                                  "exp_values = np.exp(inputs / np.max(inputs, axis=1, keepdims=True))")],
     "softmax", "activation", "failed", "Each row was divided by its maximum, not shifted by it"),
    ("challenge_3_activations", [("exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))",
                                  "exp_values = np.exp(inputs)\n    exp_values = exp_values - np.max(exp_values, "
                                  "axis=1, keepdims=True)")],
     "softmax", "activation", "failed", "The maximum was subtracted after np.exp"),
    ("challenge_16_real_dataset", [("model.predict(prepare(image[np.newaxis]))", "model.predict(prepare(image))")],
     "predict_label", "training", "failed", "prepare was given the image alone, (8, 8), so each of its 8 rows became a "
                                            "sample of 8 pixels: give it a batch of one image, image[np.newaxis]"),
    ("challenge_2_shapes", [("    x = np.asarray(x)\n", "")],
     "as_batch_sample", "shape", "error", "A plain Python list (or tuple) was given where an array was expected"),
    ("challenge_5_backprop", [("self.dinputs = np.dot(dvalues, self.weights.T)",
                               "self.dinputs = np.dot(self.inputs, self.weights.T)")],
     "dense_backward_dinputs", "backprop", "error", "here a, self.inputs, is (5, 4) and b, self.weights.T, (3, 4), "
                                                    "already transposed"),
    ("challenge_2_shapes", [("return dense_forward(hidden, w2, b2)", "return dense_forward(hidden, w2, b1)")],
     "two_layer_shape", "shape", "error", "(1, 3) is a row of 3 values, and (5, 2) has 2 columns: a row meets every "
                                          "row of a 2-D array only with one value per column. Biases hold one value "
                                          "per neuron of their own layer"),
    ("challenge_3_activations", [("return 1 / (1 + np.exp(-inputs))",
                                  "return np.exp(inputs) / (1 + np.exp(inputs))")],
     "sigmoid_extremes", "activation", "failed", "e^x / (1 + e^x) is sigmoid too, but e^1000 overflows to inf"),
    ("challenge_3_activations", [("np.where(inputs > 0, inputs, alpha * inputs)",
                                  "np.where(inputs > 0, alpha * inputs, 0)")],
     "leaky_relu", "activation", "failed", "Positive values were scaled by alpha and negative ones became 0"),
    ("challenge_16_real_dataset", [("- 127.5) / 127.5", "- 127.5) / 127")],
     "prepare", "data", "failed", "The pixels were divided by 127, not 127.5"),
    ("challenge_1_forward_pass", [("correct_confidences = y_pred_clipped[range(samples), y_true]",
                                   "correct_confidences = y_pred_clipped[:, y_true]")],
     "cce_sparse", "loss", "failed", "y_pred[:, y_true] takes, for every sample, the probabilities of every sample's "
                                     "true class"),
    # The column on the left of the +: the same sentence.
    ("challenge_2_shapes", [("return np.dot(inputs, weights) + biases", "return biases.T + np.dot(inputs, weights)")],
     "dense_forward_shape", "shape", "error", "(3, 1) is a column of 3 values, and (5, 3) has 3 columns"),
    ("challenge_2_shapes", [("np.random.randn(n_inputs, n_neurons)", "np.random.randn(n_neurons)")],
     "init_weights_shape", "shape", "failed", "np.random.randn was given one size, so it drew one weight per neuron"),
    ("challenge_7_training", [("        activation1.forward(dense1.output)\n"
                               "        dense2.forward(activation1.output)\n",
                               "        dense2.forward(dense1.output)\n"),
                              ("        activation1.backward(dense2.dinputs)\n"
                               "        dense1.backward(activation1.dinputs)",
                               "        dense1.backward(dense2.dinputs)")],
     "training_step", "training", "failed", "that is the loss of the network without its ReLU, dense2 given "
                                            "dense1.output"),
    # Weights drawn again in forward: stored on the layer, or kept in a local variable.
    ("challenge_1_forward_pass",
     [("        self.output = np.dot(inputs, self.weights) + self.biases",
       "        self.weights = 0.01 * np.random.randn(*self.weights.shape)\n"
       "        self.output = np.dot(inputs, self.weights) + self.biases")],
     "dense_forward", "forward", "failed", "Layer_Dense.forward changed self.weights"),
    ("challenge_1_forward_pass",
     [("        self.output = np.dot(inputs, self.weights) + self.biases",
       "        self.output = np.dot(inputs, 0.01 * np.random.randn(*self.weights.shape)) + self.biases")],
     "dense_forward", "forward", "failed", "two different outputs for the same sample"),
    ("challenge_7_training",
     [("        activation1.forward(dense1.output)\n        dense2.forward(activation1.output)\n        return",
       "        dense2.forward(dense1.output)\n        return")],
     "training_accuracy", "training", "failed", "the trained network without its ReLU"),
    ("challenge_16_real_dataset",
     [("(X[DIGITS_TRAINING:], y[DIGITS_TRAINING:])", "(X[DIGITS_TRAINING + 1:], y[DIGITS_TRAINING + 1:])")],
     "load_dataset_finds_the_data", "data", "failed", "the test set holds 296 digits where the README keeps"),
    ("challenge_16_real_dataset",
     [("(X[:DIGITS_TRAINING], y[:DIGITS_TRAINING])", "(X[:DIGITS_TRAINING - 1], y[:DIGITS_TRAINING - 1])")],
     "load_dataset_finds_the_data", "data", "failed", "the training set holds 1499 digits where the README keeps"),
    ("challenge_10_model",
     [("if not step % print_every or step == train_steps - 1:", "if step == train_steps - 1:")],
     "train_reports_progress", "model", "failed", "is that condition, not step % print_every, missing, or is the "
                                                  "count shifted"),
    # Which steps challenge 15's train prints, judged as challenge 10's.
    ("challenge_15_complete_model",
     [("if not step % print_every or step == train_steps - 1:", "if step == train_steps - 1:")],
     "train_regression", "training", "failed", "at step 3; expected 3, at steps 0 and 2 and 3"),
    ("challenge_15_complete_model",
     [("if not step % print_every or step == train_steps - 1:",
       "if not (step + 1) % print_every or step == train_steps - 1:")],
     "train_regression", "training", "failed", "at step 1 and 3; expected 3, at steps 0 and 2 and 3"),
    # Given code changed: what the given __init__ makes, and a kernel size other than 3.
    ("challenge_17_convolution",
     [("self.biases = np.zeros((1, n_filters, 1, 1))", "self.biases = np.zeros((1, n_filters))")],
     "conv_forward", "convolution", "failed", "Layer_Conv2D(3, 4, 2) made biases of shape (1, 4), but (1, 4, 1, 1)"),
    ("challenge_17_convolution", [("self.kernel_size = kernel_size", "self.kernel_size = 3")],
     "conv_forward", "convolution", "failed", "2 x 2 kernels raised ValueError"),
    ("challenge_17_convolution", [("n_filters, _, kernel_size, _ = weights.shape",
                                   "n_filters, kernel_size = len(weights), 3")],
     "conv_loops", "convolution", "failed", "where kernels of 3 x 3 gave no error: is the kernel's size written as 3"),
    # A slope twice too large, from either side of the fraction.
    ("challenge_11_random_search_and_derivatives",
     [("return (f(x + h) - f(x - h)) / (2 * h)", "return (f(x + h) - f(x - h)) / h")],
     "numerical_derivative", "backprop", "failed", "Every slope is twice too large"),
    ("challenge_11_random_search_and_derivatives",
     [("return (f(x + h) - f(x - h)) / (2 * h)", "return (f(x + 2 * h) - f(x - 2 * h)) / (2 * h)")],
     "numerical_derivative", "backprop", "failed", "divided by half the distance between its two points"),
    # Random search measuring another network than the book's.
    ("challenge_11_random_search_and_derivatives",
     [("dense2.forward(activation1.output)", "dense2.forward(dense1.output)")],
     "random_search_returns_the_best", "training", "failed", "which these same layers give without the ReLU"),
    ("challenge_11_random_search_and_derivatives",
     [("loss = loss_function.calculate(activation2.output, y)", "loss = loss_function.calculate(dense2.output, y)")],
     "random_search_returns_the_best", "training", "failed", "which these same layers give without the softmax"),
    ("challenge_11_random_search_and_derivatives",
     [("scale = max(np.max(np.abs(analytic[name])), np.max(np.abs(numeric[name])), 1e-12)",
       "scale = max(np.max(analytic[name]), np.max(numeric[name]), 1e-12)")],
     "backward_errors_pass_a_correct_layer", "backprop", "failed", "divided by the gradients' largest values"),
    ("challenge_11_random_search_and_derivatives",
     [("scale = max(np.max(np.abs(analytic[name])), np.max(np.abs(numeric[name])), 1e-12)",
       "scale = max(np.max(analytic[name]), np.max(numeric[name]))")],
     "backward_errors_pass_a_correct_layer", "backprop", "failed", "its divisor np.max(analytic), negative"),
    ("challenge_11_random_search_and_derivatives",
     [("errors[name] = float(np.max(np.abs(analytic[name] - numeric[name])) / scale)",
       "errors[name] = float(np.max(analytic[name] - numeric[name]) / scale)")],
     "backward_errors_pass_a_correct_layer", "backprop", "failed", "np.max(np.abs(analytic - numeric))"),
    ("challenge_14_binary_and_regression_training",
     [("    loss_function = Loss_MeanSquaredError()\n",
       "    y = y.reshape(1, -1)\n    loss_function = Loss_MeanSquaredError()\n")],
     "regression_step", "training", "failed", "after dense3.backward was given a gradient of shape (250, 250)"),
    # An optimizer built at import and used by every call of the training function.
    ("challenge_13_regularized_training",
     [("def train(X, y, *, l2=5e-4, dropout=0.1, steps=500):",
       "OPTIMIZER = Optimizer_Adam(learning_rate=0.05, decay=5e-5)\n\n\n"
       "def train(X, y, *, l2=5e-4, dropout=0.1, steps=500):"),
      ("    optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-5)", "    optimizer = OPTIMIZER")],
     "train_and_validate", "training", "failed", "Your file builds an Optimizer_Adam when it is imported"),
    ("challenge_14_binary_and_regression_training",
     [("def train_binary(X, y, steps=10001):",
       "BINARY_OPTIMIZER = Optimizer_Adam(decay=5e-7)\n\n\ndef train_binary(X, y, steps=10001):"),
      ("    optimizer = Optimizer_Adam(decay=5e-7)", "    optimizer = BINARY_OPTIMIZER")],
     "binary_step", "training", "failed", "and train_binary uses that one: build it inside train_binary"),
    ("challenge_14_binary_and_regression_training",
     [("        optimizer.pre_update_params()\n        optimizer.update_params(dense1)\n"
       "        optimizer.update_params(dense2)\n        optimizer.post_update_params()\n\n    def predict",
       "        optimizer.update_params(dense1)\n        optimizer.update_params(dense2)\n"
       "        optimizer.pre_update_params()\n        optimizer.post_update_params()\n\n    def predict")],
     "binary_every_step", "training", "failed", "an update_params ran before pre_update_params"),
    ("challenge_14_binary_and_regression_training",
     [("accuracy_precision = np.std(y) / 250", "accuracy_precision = np.std(y) / 25")],
     "regression_accuracy", "loss", "failed", "The precision is ten times too wide"),
    ("challenge_14_binary_and_regression_training",
     [("accuracy_precision = np.std(y) / 250", "accuracy_precision = np.std(output - y) / 250")],
     "regression_accuracy", "loss", "failed", "The precision came from the errors' spread"),
    ("challenge_14_binary_and_regression_training",
     [("np.absolute(output - y) < accuracy_precision", "np.absolute(output - y) <= accuracy_precision")],
     "regression_accuracy", "loss", "failed", "<, not <="),
    ("challenge_14_binary_and_regression_training",
     [("accuracy_precision = np.std(y) / 250", "accuracy_precision = np.std(y, ddof=1) / 250")],
     "regression_accuracy", "loss", "failed", "not np.std(y, ddof=1)"),
    ("challenge_13_regularized_training",
     [("np.random.binomial(1, self.rate, size=inputs.shape) / self.rate",
       "np.random.binomial(1, 1 - self.rate, size=inputs.shape) / self.rate")],
     "dropout_while_training", "regularization", "failed", "the mask kept each value with probability 0.3, the share"),
    ("challenge_13_regularized_training",
     [("layer.weight_regularizer_l2 * np.sum(layer.weights * layer.weights)",
       "layer.weight_regularizer_l2 * np.sum(layer.weights * layer.weights, axis=0)")],
     "regularization_loss", "regularization", "failed", "A sum or a mean given an axis leaves one value per row"),
    ("challenge_13_regularized_training",
     [("        self.dweights = np.dot(self.inputs.T, dvalues)\n        self.dbiases = np.sum(dvalues, axis=0, "
       "keepdims=True)\n", "        self.dweights = np.zeros_like(self.weights)\n"
       "        self.dbiases = np.zeros_like(self.biases)\n"),
      ("            self.dbiases += 2 * self.bias_regularizer_l2 * self.biases\n",
       "            self.dbiases += 2 * self.bias_regularizer_l2 * self.biases\n"
       "        self.dweights = np.dot(self.inputs.T, dvalues)\n"
       "        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)\n")],
     "dense_backward_l2", "regularization", "failed", "added before self.dweights = np.dot(...) is replaced"),
    ("challenge_6_optimizers",
     [("            layer.bias_momentums = bias_updates\n",
       "            layer.bias_momentums = bias_updates\n            weight_updates, bias_updates = -weight_updates, "
       "-bias_updates\n")],
     "sgd_momentum", "optimizer", "failed", "or the update was subtracted from the weights"),
    ("challenge_17_convolution",
     [("return (size + 2 * padding - kernel_size) // stride + 1",
       "return (size + 2 * padding - kernel_size + 1) // stride")],
     "output_size", "shape", "failed", "the + 1 was put inside the division by the stride"),
    ("challenge_17_convolution",
     [("return padded[:, :, padding:padding + height, padding:padding + width]",
       "return padded[:, :, padding:-padding, padding:-padding]")],
     "col2im", "convolution", "failed", "with padding 0, a slice [p:-p] is [0:0], which is empty"),
    ("challenge_14_binary_and_regression_training",
     [("        return activation2.output", "        return (activation2.output > 0.5) * 1")],
     "binary_learns_the_spiral", "training", "failed", "gave classes, 0s and 1s, where the sigmoid's outputs belong"),
    ("challenge_14_binary_and_regression_training",
     [("    n_test = int(len(X) * test)", "    n_test = round(len(X) * test)")],
     "split_and_standardize", "data", "failed", "held out 10 of 48 samples; 9 was expected"),
    ("challenge_14_binary_and_regression_training",
     [("    X, y = X[keys], y[keys].reshape(-1, 1)", "    X[:], y[:] = X[keys], y[keys]\n    y = y.reshape(-1, 1)")],
     "split_and_standardize", "data", "failed", "split_and_standardize changed the X it was given"),
    ("challenge_17_convolution",
     [("        n_filters = len(self.weights)\n        rows = dvalues",
       "        np.clip(dvalues, -1, 1, out=dvalues)\n        n_filters = len(self.weights)\n        rows = dvalues")],
     "conv_backward_dweights", "convolution", "failed", "Values changed before they were used change the gradients"),
    ("challenge_11_random_search_and_derivatives",
     [("    for iteration in range(iterations):\n", "    for iteration in range(iterations):\n        np.random.seed(0)\n")],
     "random_search_keeps_the_lowest", "training", "failed", "inside the loop makes every iteration draw the same"),
    ("challenge_1_forward_pass",
     [("        self.output = np.dot(inputs, self.weights) + self.biases",
       "        self.biases = self.biases + 0.1\n        self.output = np.dot(inputs, self.weights) + self.biases")],
     "dense_forward", "forward", "failed", "Layer_Dense.forward changed self.biases"),
    ("challenge_14_binary_and_regression_training",
     [("accuracy_precision = np.std(y) / 250", "accuracy_precision = np.std(y) / 300")],
     "regression_accuracy", "loss", "failed", "is the precision a little off?"),
    ("challenge_14_binary_and_regression_training", [("    y = y.reshape(-1, 1)\n    dense1", "    dense1")],
     "binary_step", "training", "failed", "Training raised ValueError: shapes (200,200) and (1,64) not aligned"),
    ("challenge_15_complete_model", [("                if not step % print_every or step == train_steps - 1:\n",
                                      "                if True:\n")],
     "train_regression", "training", "failed", "Is print_every used?"),
    ("challenge_10_model", [("                if not step % print_every or step == train_steps - 1:\n",
                             "                if True:\n")],
     "train_reports_progress", "model", "failed", "Is print_every used?"),
    ("challenge_15_complete_model", [('f"reg_loss: {regularization_loss:.3f}), lr: {self.optimizer.current_learning_rate}")',
                                      'f"reg_loss: {regularization_loss:.3f}), lr: {self.optimizer.learning_rate}")')],
     "train_binary", "training", "failed", "and learning_rate, the rate the optimizer was built with, stays"),
    ("challenge_15_complete_model", [('print(f"step: {step}, acc: {accuracy:.3f}, loss:',
                                      'print(f"step: {step}, acc: {self.accuracy.calculate_accumulated():.3f}, loss:')],
     "train_regression", "training", "failed", "not the epoch's so far"),
    ("challenge_8_regularization", [("self.output = inputs * self.binary_mask", "self.output = inputs.copy()")],
     "dropout_drops_the_right_share", "regularization", "failed", "No value was dropped: is the mask applied"),
    ("challenge_13_regularized_training", [("self.output = inputs * self.binary_mask", "self.output = inputs.copy()")],
     "dropout_while_training", "regularization", "failed", "No value was dropped: is the mask applied"),
    ("challenge_8_regularization", [("self.dweights += self.weight_regularizer_l1 * dL1",
                                     "self.dweights += self.bias_regularizer_l1 * dL1")],
     "backward_l1", "regularization", "failed", "The weights' L1 gradient took the biases' lambda"),
    ("challenge_8_regularization", [("self.dbiases += self.bias_regularizer_l1 * dL1",
                                     "self.dbiases += self.weight_regularizer_l1 * dL1")],
     "backward_l1", "regularization", "failed", "The biases' L1 gradient took the weights' lambda"),
    ("challenge_9_binary_and_regression", [("return np.mean(sample_losses, axis=-1)",
                                            "return np.sum(sample_losses, axis=-1) / len(y_pred)")],
     "bce_forward", "loss", "failed", "divided by the number of samples (6), not by its number of outputs (2)"),
    ("challenge_12_validation_and_preprocessing",
     [("    return [score(fit(X[train], y[train]), X[validation], y[validation]) for train, validation in "
       "k_fold(len(X), k)]",
       "    model = fit(X, y)\n    return [score(model, X[validation], y[validation]) for train, validation in "
       "k_fold(len(X), k)]")],
     "cross_validate", "data", "failed", "a model that saw that fold's validation data"),
    ("challenge_15_complete_model", [("            for layer in reversed(self.layers[:-1]):",
                                      "            for layer in reversed(self.layers):")],
     "backward", "backprop", "error", "for layer in reversed(self.layers[:-1])"),
    ("challenge_10_model", [("            for layer in reversed(self.layers[:-1]):",
                             "            for layer in reversed(self.layers):")],
     "train_in_batches", "model", "error", "for layer in reversed(self.layers[:-1])"),
    ("challenge_15_complete_model", [('    """Layers, a loss, an optimizer and an accuracy, trained and used as one object."""\n\n'
                                      '    def __init__(self):\n        self.layers = []\n',
                                      '    """Layers, a loss, an optimizer and an accuracy, trained and used as one object."""\n'
                                      '    layers = []\n\n    def __init__(self):\n        pass\n')],
     "finalize", "model", "failed", "it holds the layers of models built before it too"),
    ("challenge_16_real_dataset",
     [("    model.add(Layer_Dense(X.shape[1], 128))\n    model.add(Activation_ReLU())\n"
       "    model.add(Layer_Dense(128, 128))\n    model.add(Activation_ReLU())\n",
       "    relu = Activation_ReLU()\n    model.add(Layer_Dense(X.shape[1], 128))\n    model.add(relu)\n"
       "    model.add(Layer_Dense(128, 128))\n    model.add(relu)\n")],
     "builds_the_chapter_19_network", "model", "error", "holds one Activation_ReLU object twice, at positions 1 and 3"),
    ("challenge_8_regularization", [("dL1 = np.ones_like(self.weights)", "dL1 = self.weights")],
     "backward_l1", "regularization", "failed", "changed self.weights: backward computes gradients"),
    ("challenge_15_complete_model", [("                if not step % print_every or step == train_steps - 1:\n"
                                      "                    print(f\"step: {step}, ",
                                      "                if True:\n                    print(f\"step: {step + 1}, ")],
     "train_regression", "training", "failed", "at steps 1, 2, 3, 4; expected 3"),
    ("challenge_8_regularization", [("            self.dbiases += 2 * self.bias_regularizer_l2 * self.biases",
                                     "            dL2 = self.biases\n            dL2 *= 2 * self.bias_regularizer_l2\n"
                                     "            self.dbiases += dL2")],
     "backward_l2", "regularization", "failed", "Start from a new array: 2 * self.bias_regularizer_l2 * self.biases"),
    ("challenge_10_model", [('    """Layers, a loss, an optimizer and an accuracy, trained and used as one object."""\n\n'
                             '    def __init__(self):\n        self.layers = []\n',
                             '    """Layers, a loss, an optimizer and an accuracy, trained and used as one object."""\n'
                             '    layers = []\n\n    def __init__(self):\n        pass\n')],
     "finalize_links", "model", "failed", "holds the layers of the model built before it too"),
    ("challenge_3_activations", [('    """1 / (1 + e^-x) for every value, for an array of any shape."""\n',
                                  '    """1 / (1 + e^-x) for every value, for an array of any shape."""\n'
                                  '    np.clip(inputs, -500, 500, out=inputs)\n')],
     "sigmoid_extremes", "activation", "failed", "without out=, never inputs[...] = or out=inputs"),
    ("challenge_4_loss_debug", [("    if len(y_true.shape) == 2:\n        y_true = np.argmax(y_true, axis=1)\n"
                                 "    predictions = np.argmax(y_pred, axis=1)", "    predictions = np.argmax(y_pred, axis=1)")],
     "accuracy_onehot", "loss", "failed", "y_true = np.argmax(y_true, axis=1) where len(y_true.shape) == 2"),
    ("challenge_4_loss_debug", [("    predictions = np.argmax(y_pred, axis=1)\n    return np.mean(predictions == y_true)",
                                 "    predictions = np.argmax(y_pred, axis=0)\n    return np.mean(predictions == y_true)")],
     "accuracy_sparse", "loss", "failed", "the predicted class of each sample is np.argmax(y_pred, axis=1)"),
    ("challenge_4_loss_debug", [("        return np.sum(y_pred * y_true, axis=1)", "        return np.sum(y_pred * y_true)")],
     "confidences_onehot", "loss", "failed", "np.sum(y_pred * y_true) without an axis adds every sample's"),
    ("challenge_5_backprop", [("jacobian_matrix = np.diagflat(single_output) - np.dot(single_output, single_output.T)",
                               "jacobian_matrix = np.eye(len(single_output)) - np.dot(single_output, single_output.T)")],
     "softmax_backward", "backprop", "failed", "The Jacobian's diagonal holds ones, np.eye(n)"),
    # The same numbers in one pass as in batches: only the batches' sizes tell.
    ("challenge_10_model", [("        for step in range(_steps(len(X_val), batch_size)):\n"
                             "            batch_X, batch_y = _batch(X_val, y_val, step, batch_size)\n",
                             "        for step in range(1):\n            batch_X, batch_y = X_val, y_val\n")],
     "evaluate", "model", "failed", "gave the network batches of [100] samples; expected [64, 36]"),
    ("challenge_15_complete_model", [("        for step in range(_steps(len(X_val), batch_size)):\n"
                                      "            batch_X, batch_y = _batch(X_val, y_val, step, batch_size)\n",
                                      "        for step in range(1):\n            batch_X, batch_y = X_val, y_val\n")],
     "evaluate", "training", "failed", "gave the network batches of [200] samples; expected [64, 64, 64, 8]"),
    # X centred in place: the loss hardly moves, the gradients do.
    ("challenge_7_training", [("    losses = []\n    for step in range(steps):\n",
                               "    losses = []\n    X -= X.mean(axis=0)\n    for step in range(steps):\n")],
     "training_step", "training", "failed", "The X given to train was modified: 600 of 600 values changed"),
    ("challenge_7_training", [("    def predict(inputs):\n", "    def predict(inputs):\n"
                               "        inputs -= 0.001 * inputs.mean(axis=0)\n")],
     "predict_does_not_learn", "training", "failed", "The X given to predict was modified"),
    # Data standardised inside train: batches of the right sizes, of samples that are not X's.
    ("challenge_10_model", [("        self.accuracy.init(y)\n",
                             "        self.accuracy.init(y)\n        X = (X - X.mean(axis=0)) / X.std(axis=0)\n")],
     "train_in_batches", "model", "failed", "but the first sample of 9 of them is not a sample of the X train was given"),
    ("challenge_15_complete_model", [("        self.accuracy.init(y)\n        train_steps",
                                      "        self.accuracy.init(y)\n        X = (X - X.mean(axis=0)) / X.std(axis=0)\n"
                                      "        train_steps")],
     "train_regression", "training", "failed", "64 samples of the first batch the network was given are not samples "
                                               "of the X train was given"),
    # predict trained on its own classes: they come out the same twice, the layers do not.
    ("challenge_17_convolution", [("        return np.argmax(values, axis=1)\n",
                                   "        pred = np.argmax(values, axis=1)\n"
                                   "        loss_activation.forward(values, pred)\n"
                                   "        loss_activation.backward(loss_activation.output, pred)\n"
                                   "        layers[4].backward(loss_activation.dinputs)\n"
                                   "        optimizer.pre_update_params()\n"
                                   "        optimizer.update_params(layers[4])\n"
                                   "        optimizer.post_update_params()\n"
                                   "        return pred\n")],
     "predict_does_not_learn", "training", "failed", "predict changed the weights of trained layer 2 (Layer_Dense)"),
    ("challenge_18_attention", [("        return np.argmax(self.output, axis=-1)\n",
                                 "        pred = np.argmax(self.output, axis=-1)\n"
                                 "        self.classifier.weights += 1e-3 * np.sign(self.classifier.weights)\n"
                                 "        return pred\n")],
     "predict_does_not_learn", "training", "failed", "model.predict changed the weights of trained layer 8"),
    ("challenge_6_optimizers", [("        layer.weights += -self.current_learning_rate * weight_momentums_corrected",
                                 "        self.iterations += 1\n"
                                 "        layer.weights += -self.current_learning_rate * weight_momentums_corrected")],
     "adam", "optimizer", "failed", "The decay runs twice as fast: iterations grows by 2 a step"),
    ("challenge_17_convolution", [("    padded = np.pad(inputs, ((0, 0), (0, 0), (padding, padding), (padding, padding)))\n"
                                   "    columns = np.empty(",
                                   "    padded = inputs\n    out_h = output_size(height, kernel_size, stride, 0)\n"
                                   "    out_w = output_size(width, kernel_size, stride, 0)\n    columns = np.empty(")],
     "im2col", "convolution", "failed", "The windows were taken from the inputs unpadded"),
    ("challenge_18_attention", [("    return np.tril(np.ones((length, length), dtype=bool))\n",
                                 "    return np.tril(np.ones((length, length)))\n")],
     "causal_mask", "attention", "failed", "as an array of float64: a mask is a boolean array"),
    ("challenge_18_attention", [("    exp_values = np.exp(scores - np.max(scores, axis=-1, keepdims=True))\n",
                                 "    exp_values = np.exp(scores)\n")],
     "softmax", "attention", "failed", "np.exp overflowed: the row of scores near 1000 gives inf / inf"),
    ("challenge_18_attention", [("    exp_values = np.exp(scores - np.max(scores, axis=-1, keepdims=True))\n"
                                 "    return exp_values / np.sum(exp_values, axis=-1, keepdims=True)\n",
                                 "    exp_values = np.exp(scores - np.max(scores, axis=0, keepdims=True))\n"
                                 "    return exp_values / np.sum(exp_values, axis=0, keepdims=True)\n")],
     "softmax", "attention", "failed", "softmax normalised axis 0, across the batch"),
    ("challenge_18_attention", [("        for layer in model.trainable_layers():",
                                 "        for layer in model.trainable_layers()[1:]:")],
     "training_recipe", "training", "failed", "The weights of the embedding did not change in the 20 steps"),
    ("challenge_11_random_search_and_derivatives", [("def numerical_derivative(f, x, h=1e-5):",
                                                     "def numerical_derivative(f, x, h=1e-2):")],
     "numerical_derivative", "backprop", "failed", "numerical_derivative's default h is 0.01; the README's is 1e-5"),
    ("challenge_11_random_search_and_derivatives", [("def numerical_gradient(f, x, h=1e-5):",
                                                     "def numerical_gradient(f, x, h=0.5):")],
     "numerical_gradient", "backprop", "failed", "numerical_gradient's default h is 0.5"),
    ("challenge_11_random_search_and_derivatives", [("def backward_errors(layer, inputs, dvalues, h=1e-5):",
                                                     "def backward_errors(layer, inputs, dvalues, h=1.0):")],
     "backward_errors_pass_a_correct_layer", "backprop", "failed", "backward_errors's default h is 1"),
    ("challenge_13_regularized_training", [("        optimizer.post_update_params()\n", "")],
     "training_step", "training", "failed", "the optimizer's iterations is still 0, where the reference's counted 3"),
    ("challenge_13_regularized_training", [("    network, losses = train(X, y, l2=l2, dropout=dropout, steps=steps)",
                                            "    network, losses = train(X, y, l2=l2, dropout=dropout)")],
     "train_and_validate", "training", "failed", "called train with steps=500 (given 60): pass each setting on"),
    ("challenge_13_regularized_training", [("        self.dense2 = Layer_Dense(hidden, 3)",
                                            "        self.dense2 = Layer_Dense(hidden, 3, weight_regularizer_l2=l2)")],
     "network_backward", "backprop", "failed", "That holds an L2 gradient for dense2 too"),
    ("challenge_13_regularized_training", [("    return np.mean(predictions == y), loss",
                                            "    return loss, np.mean(predictions == y)")],
     "evaluate", "training", "failed", "the loss first and the accuracy second"),
    # A saved copy that keeps the sums of the last pass: chapter 21 starts a new pass first.
    ("challenge_10_model", [("        model.loss.new_pass()\n        model.accuracy.new_pass()\n", "")],
     "save_and_load", "model", "failed", "(model.loss.accumulated_sum, model.accuracy.accumulated_sum)"),
    ("challenge_10_model", [('            for name in ["inputs", "output", "dinputs", "dweights", "dbiases"]:',
                             '            for name in ["inputs", "output", "dinputs"]:')],
     "save_and_load", "model", "failed", "(model.layers[0].dweights, model.layers[0].dbiases,"),
    ("challenge_15_complete_model", [("        model.loss.new_pass()\n        model.accuracy.new_pass()\n", "")],
     "save_and_load", "training", "failed", "spiral.model: model.loss.accumulated_sum"),
    ("challenge_7_training", [("    losses = []\n    for step in range(steps):\n",
                               "    X = X[np.random.permutation(len(X))]\n"
                               "    losses = []\n    for step in range(steps):\n")],
     "training_step", "training", "failed", "The first forward pass was given the samples of X in another order"),
    # The running mean of the losses recorded: the steps are the reference's, the figures are not.
    ("challenge_7_training", [("        losses.append(loss_activation.forward(dense2.output, y))\n",
                               "        loss = loss_activation.forward(dense2.output, y)\n"
                               "        losses.append(loss if not losses else\n"
                               "                      (losses[-1] * step + loss) / (step + 1))\n")],
     "loss_goes_down", "training", "failed", "train ended with the reference's weights, so its steps were the "
                                            "reference's, but the losses it returned are not"),
    ("challenge_11_random_search_and_derivatives", [("        if loss < lowest_loss:",
                                                     "        if loss > lowest_loss or lowest_loss == np.inf:")],
     "random_search_keeps_the_lowest", "training", "failed", "The recorded loss only ever went up"),
    ("challenge_11_random_search_and_derivatives", [("    errors = {}\n    for name in analytic:",
                                                     "    layer.weights = layer.weights + h\n"
                                                     "    errors = {}\n    for name in analytic:")],
     "backward_errors_keep_the_layer", "backprop", "failed", "backward_errors hands the layer back as it was given"),
    ("challenge_14_binary_and_regression_training", [("    for layer in (dense1, dense2, dense3):\n",
                                                       "    for layer in (dense1,):\n")],
     "regression_initialisation", "training", "failed", "The weights of dense2 and dense3 start with a standard "
                                                        "deviation near 0.01"),
    ("challenge_6_optimizers", [("self.current_learning_rate = self.learning_rate * (1. / (1. + self.decay * "
                                 "self.iterations))",
                                 "self.current_learning_rate = self.learning_rate * (1. - self.decay * self.iterations)")],
     "sgd_decay", "optimizer", "failed", "The decay is subtracted"),
    ("challenge_18_attention", [("        self.attention.forward(embedded, mask)",
                                 "        self.attention.forward(embedded,\n"
                                 "                               causal_mask(length) if mask is None else mask)")],
     "transformer_forward", "model", "failed", "That is the output with a causal mask, though forward was given none"),
    ("challenge_18_attention", [("        mean = np.mean(inputs, axis=-1, keepdims=True)\n"
                                 "        variance = np.mean((inputs - mean) ** 2, axis=-1, keepdims=True)",
                                 "        mean = np.mean(inputs, axis=-2, keepdims=True)\n"
                                 "        variance = np.mean((inputs - mean) ** 2, axis=-2, keepdims=True)")],
     "layernorm_forward", "forward", "failed", "taken over the positions (axis=-2)"),
    ("challenge_18_attention", [("    positions = np.arange(length).reshape(-1, 1)",
                                 "    positions = np.arange(1, length + 1).reshape(-1, 1)")],
     "positional_encoding", "forward", "failed", "The positions count from 1"),
    ("challenge_17_convolution", [("np.put_along_axis(mask, windows.argmax(axis=-1)[..., np.newaxis], 1.0, axis=-1)",
                                   "last = windows.shape[-1] - 1 - windows[..., ::-1].argmax(axis=-1)\n"
                                   "        np.put_along_axis(mask, last[..., np.newaxis], 1.0, axis=-1)")],
     "pool_backward_ties", "backprop", "failed", "The last of the values tied for a window's maximum"),
    ("challenge_6_optimizers", [("            layer.weight_momentums = weight_updates",
                                 "            layer.weight_momentums = layer.dweights")],
     "sgd_momentum", "optimizer", "failed", "layer.weight_momentums kept the gradient, not the update"),
    ("challenge_6_optimizers", [("            weight_updates = self.momentum * layer.weight_momentums",
                                 "            weight_updates = -self.momentum * layer.weight_momentums")],
     "sgd_momentum", "optimizer", "failed", "The previous update was subtracted"),
    ("challenge_6_optimizers", [("        layer.weight_cache += layer.dweights ** 2\n"
                                 "        layer.bias_cache += layer.dbiases ** 2\n"
                                 "        layer.weights += -self.current_learning_rate * layer.dweights / "
                                 "(np.sqrt(layer.weight_cache) + self.epsilon)\n",
                                 "        layer.weights += -self.current_learning_rate * layer.dweights / "
                                 "(np.sqrt(layer.weight_cache) + self.epsilon)\n"
                                 "        layer.weight_cache += layer.dweights ** 2\n"
                                 "        layer.bias_cache += layer.dbiases ** 2\n")],
     "adagrad", "optimizer", "failed", "The step was divided by the cache before this step's squared gradient"),
    ("challenge_13_regularized_training", [("        optimizer.post_update_params()\n",
                                            "        optimizer.post_update_params()\n"
                                            "        optimizer.post_update_params()\n")],
     "training_step", "training", "failed", "the optimizer's iterations is 6, where the reference's counted 3 steps"),
    ("challenge_6_optimizers", [("    def __init__(self, learning_rate=1., decay=0., momentum=0.):",
                                 "    def __init__(self, learning_rate=1., decay=0., momentum=0.9):")],
     "sgd_step", "optimizer", "failed", "Optimizer_SGD(learning_rate=0.5) leaves the rest at their defaults, and "
                                        "yours are momentum=0.9"),
    ("challenge_11_random_search_and_derivatives", [("def numerical_gradient(f, x, h=1e-5):",
                                                     "def numerical_gradient(f, x, h=np.float64(1e-3)):")],
     "numerical_gradient", "backprop", "failed", "numerical_gradient's default h is 0.001"),
    # Min-max scaling maps some points of an evenly spaced grid onto others: most are still not samples of X.
    ("challenge_15_complete_model", [("        self.accuracy.init(y)\n        train_steps",
                                      "        self.accuracy.init(y)\n"
                                      "        X = (X - X.min(axis=0)) / (X.max(axis=0) - X.min(axis=0))\n"
                                      "        train_steps")],
     "train_regression", "training", "failed", "samples of the first batch the network was given are not samples"),
    ("challenge_6_optimizers", [("layer.weight_momentums = self.beta_1 * layer.weight_momentums + (1 - self.beta_1)",
                                 "layer.weight_momentums = self.beta_2 * layer.weight_momentums + (1 - self.beta_2)")],
     "adam", "optimizer", "failed", "The momentums' moving average used beta_2 (0.999)"),
    ("challenge_6_optimizers", [("layer.weight_momentums = self.beta_1 * layer.weight_momentums + (1 - self.beta_1)",
                                 "layer.weight_momentums = self.beta_2 * layer.weight_momentums + (1 - self.beta_2)"),
                                ("layer.weight_cache = self.beta_2 * layer.weight_cache + (1 - self.beta_2)",
                                 "layer.weight_cache = self.beta_1 * layer.weight_cache + (1 - self.beta_1)")],
     "adam", "optimizer", "failed", "The two moving averages swapped their betas"),
    # predict returns the sigmoid's output of the last training pass: its shape on new data says so.
    ("challenge_14_binary_and_regression_training", [("        dense2.forward(activation1.output)\n"
                                                       "        activation2.forward(dense2.output)\n"
                                                       "        return activation2.output\n",
                                                       "        dense2.forward(activation1.output)\n"
                                                       "        return activation2.output\n")],
     "binary_learns_the_spiral", "training", "failed", "answered from the training data (its last pass, or X again)"),
    # backward_errors judged on a curved layer, where the step shows.
    ("challenge_11_random_search_and_derivatives", [("weights, h)", "weights)"), ("biases, h)", "biases)"),
                                                    ("dtype=float), h)", "dtype=float))")],
     "backward_errors_take_central_differences_with_h", "backprop", "failed", "Hand h on: numerical_gradient"),
    ("challenge_11_random_search_and_derivatives",
     [("    weights, biases = layer.weights, layer.biases\n",
       "    weights, biases = layer.weights, layer.biases\n\n"
       "    def numerical_gradient(f, x, h):\n"
       "        gradient = np.zeros(x.shape)\n"
       "        for index in np.ndindex(x.shape):\n"
       "            kept = x[index]\n"
       "            below = f(x)\n"
       "            x[index] = kept + h\n"
       "            gradient[index] = (f(x) - below) / h\n"
       "            x[index] = kept\n"
       "        return gradient\n")],
     "backward_errors_take_central_differences_with_h", "backprop", "failed", "A one-sided difference, (f(x + h)"),
    # A block without one of its residual connections.
    ("challenge_18_attention", [("self.norm1.forward(embedded + self.attention.output)",
                                 "self.norm1.forward(self.attention.output)")],
     "transformer_forward", "model", "failed", "That is norm1 given the attention's output alone"),
    ("challenge_18_attention", [("self.norm2.forward(self.norm1.output + self.dense2.output",
                                 "self.norm2.forward(self.dense2.output")],
     "transformer_forward", "model", "failed", "That is norm2 given the feed-forward branch's output alone"),
    # Windows taken from inputs never padded: the slices near the edges come out short.
    ("challenge_17_convolution", [(PADDED, "    padded = inputs")],
     "conv_loops_stride_padding", "convolution", "error", "(3, 3, 2) is (3, 3, 3) cut short in its last two axes"),
    ("challenge_17_convolution", [(PADDED + "\n    columns", "    padded = inputs\n    columns")],
     "im2col", "convolution", "error", "Either the input was not padded before the windows were taken"),
    # A cache of unsquared gradients, whose square root is NaN where it is negative.
    ("challenge_6_optimizers", [("(1 - self.rho) * layer.dweights ** 2", "(1 - self.rho) * layer.dweights"),
                                ("(1 - self.rho) * layer.dbiases ** 2", "(1 - self.rho) * layer.dbiases")],
     "rmsprop", "optimizer", "failed", "The cache was built from the gradients themselves, not their squares"),
    ("challenge_6_optimizers", [("layer.weight_cache += layer.dweights ** 2", "layer.weight_cache += layer.dweights")],
     "adagrad", "optimizer", "failed", "its square root is NaN there"),
    # Momentum kept unscaled, the decayed rate multiplying the whole update.
    ("challenge_6_optimizers", [("self.momentum * layer.weight_momentums - self.current_learning_rate * layer.dweights",
                                 "self.current_learning_rate * (self.momentum * layer.weight_momentums - "
                                 "layer.dweights)"),
                                ("            layer.weight_momentums = weight_updates\n",
                                 "            layer.weight_momentums = weight_updates / self.current_learning_rate\n")],
     "sgd_momentum_with_decay", "optimizer", "failed", "so each past gradient is scaled by this step's decayed rate"),
    # Heads that take every n_heads-th feature, and the keys' and values' gradients swapped.
    ("challenge_18_attention", [("inputs.reshape(batch, length, n_heads, d_model // n_heads).transpose(0, 2, 1, 3)",
                                 "inputs.reshape(batch, length, d_model // n_heads, n_heads).transpose(0, 3, 1, 2)")],
     "split_heads", "shape", "failed", "as a reshape to (batch, sequence, d_head, n_heads) gives them"),
    ("challenge_18_attention", [("return inputs.transpose(0, 2, 1, 3).reshape(batch, length, n_heads * d_head)",
                                 "return inputs.transpose(0, 2, 3, 1).reshape(batch, length, n_heads * d_head)")],
     "merge_heads", "shape", "failed", "as a reshape from (batch, sequence, d_head, n_heads) gives them"),
    ("challenge_18_attention", [("merge_heads(self.attention.dk)", "merge_heads(self.attention.DV)"),
                                ("merge_heads(self.attention.dv)", "merge_heads(self.attention.dk)"),
                                ("merge_heads(self.attention.DV)", "merge_heads(self.attention.dv)")],
     "mha_backward", "backprop", "failed", "dense_k was given the values' gradient and dense_v the keys'"),
    ("challenge_18_attention", [("10000 ** (2 * (np.arange(d_model) // 2) / d_model)",
                                 "10000 ** (2 * np.arange(d_model) / d_model)")],
     "positional_encoding", "forward", "failed", "The exponent doubled the feature's own index"),
    ("challenge_17_convolution", [("columns.transpose(0, 4, 5, 1, 2, 3)", "columns.transpose(0, 5, 4, 1, 2, 3)")],
     "im2col", "convolution", "failed", "The rows of each sample come column by column of positions (j before i)"),
    # A backward_errors that fails on a layer other than the dense one: that check alone says so.
    ("challenge_11_random_search_and_derivatives",
     [("    layer.forward(inputs)\n    layer.backward(dvalues)",
       "    layer.forward(inputs)\n    assert type(layer).__name__ == '_Dense', 'a dense layer only'\n"
       "    layer.backward(dvalues)")],
     "backward_errors_take_central_differences_with_h", "backprop", "failed", "backward_errors raised AssertionError"),
    # dinputs another name for the one-hot targets, changed in place: one-hot rows of integers cannot take floats.
    ("challenge_5_backprop", [("        self.dinputs = -y_true / dvalues\n        self.dinputs = self.dinputs / samples",
                               "        self.dinputs = y_true\n        self.dinputs /= -dvalues\n"
                               "        self.dinputs /= samples")],
     "cce_backward", "backprop", "failed", "wrote floats into the integer targets"),
    # A combined forward whose loss or softmax is not kept finite where the softmax saturates.
    ("challenge_5_backprop", [("        return self.loss.calculate(self.output, y_true)",
                               "        if y_true.ndim == 2:\n            y_true = np.argmax(y_true, axis=1)\n"
                               "        return np.mean(-np.log(self.output[range(len(self.output)), y_true]))")],
     "combined_forward", "loss", "failed", "-log(0) is infinite. Clip the predictions"),
    ("challenge_5_backprop", [("        self.activation.forward(inputs)\n        self.output = self.activation.output",
                               "        exps = np.exp(inputs)\n"
                               "        self.output = exps / np.sum(exps, axis=1, keepdims=True)")],
     "combined_forward", "loss", "failed", "np.exp(800) overflows to inf"),
    # A penalty's block guarded by another penalty's lambda: it shows where that lambda is 0.
    ("challenge_8_regularization", [("        if self.bias_regularizer_l1 > 0:\n"
                                      "            dL1 = np.ones_like(self.biases)",
                                      "        if self.weight_regularizer_l1 > 0:\n"
                                      "            dL1 = np.ones_like(self.biases)")],
     "backward_l1", "regularization", "failed", "self.dbiases with bias_regularizer_l1=0.1 alone has no L1 term"),
    ("challenge_8_regularization", [("        if self.bias_regularizer_l2 > 0:\n            self.dbiases",
                                     "        if self.weight_regularizer_l2 > 0:\n            self.dbiases")],
     "backward_l2", "regularization", "failed", "is its block guarded by its own lambda, if self.bias_regularizer_l2"),
    ("challenge_8_regularization", [("        if self.weight_regularizer_l1 > 0:\n"
                                      "            dL1 = np.ones_like(self.weights)",
                                      "        if self.bias_regularizer_l1 > 0:\n"
                                      "            dL1 = np.ones_like(self.weights)")],
     "backward_l1", "regularization", "failed", "self.dweights with weight_regularizer_l1=0.3 alone has no L1 term"),
    # A network built for the digits' 64 values alone.
    ("challenge_16_real_dataset", [("model.add(Layer_Dense(X.shape[1], 128))", "model.add(Layer_Dense(64, 128))")],
     "builds_the_chapter_19_network", "model", "failed", "not a number written for the digits' 64"),
    ("challenge_3_activations", [("1 / (1 + np.exp(-inputs))", "np.exp(-inputs) / (1 + np.exp(-inputs))")],
     "sigmoid", "activation", "failed", "or e^-x went above the line"),
    ("challenge_4_loss_debug", [("        y_true = np.argmax(y_true, axis=1)\n    predictions",
                                 "        y_true = np.argmax(y_true, axis=0)\n    predictions")],
     "accuracy_onehot", "loss", "failed", "each sample's true class is np.argmax(y_true, axis=1)"),
    # A dense backward that also takes the optimizer's step.
    ("challenge_5_backprop", [("        self.dinputs = np.dot(dvalues, self.weights.T)\n",
                               "        self.dinputs = np.dot(dvalues, self.weights.T)\n"
                               "        self.weights -= self.dweights\n        self.biases -= self.dbiases\n")],
     "dense_backward_dinputs", "backprop", "failed", "self.weights after Layer_Dense.backward was modified"),
    ("challenge_8_regularization", [("dL1[self.biases < 0] = -1", "dL1[self.dbiases < 0] = -1")],
     "backward_l1", "regularization", "failed", "or took its signs from dbiases"),
    ("challenge_16_real_dataset", [("    X, y = X[keys], y[keys]\n    model = Model()",
                                    "    X, y = X[keys], y[keys]\n    X = (X - X.min()) / (X.max() - X.min())\n"
                                    "    model = Model()")],
     "trains_on_the_digits", "training", "failed", "model.train was given values from 0 to 1"),
    ("challenge_16_real_dataset", [("return label_names[int(np.argmax(confidences, axis=1)[0])]",
                                    "return label_names[np.argmax(confidences, axis=1)]")],
     "predict_label", "training", "failed", "the class names were looked up with an array"),
    ("challenge_12_validation_and_preprocessing",
     [("    return tuple((X - mean) / std for X in (X_train, *others))",
       "    X_train = (X_train - mean) / std\n"
       "    return (X_train,) + tuple((X - X_train.mean(axis=0)) / X_train.std(axis=0) for X in others)")],
     "standardize_with_training_statistics", "data", "failed", "taken after X_train itself was scaled"),
    # Targets that meet dvalues as class indices, or as one-hot rows of one column per sample.
    ("challenge_5_backprop", [("        if len(y_true.shape) == 1:\n"
                               "            y_true = np.eye(labels)[y_true]\n", "")],
     "cce_backward", "backprop", "error", "in a backward pass class indices become one-hot rows first"),
    ("challenge_5_backprop", [("y_true = np.eye(labels)[y_true]", "y_true = np.eye(samples)[y_true]")],
     "cce_backward", "backprop", "error", "one column per sample, where the other has 3, one per class"),
    ("challenge_5_backprop", [("self.dinputs[index] = np.dot(jacobian_matrix, single_dvalues)",
                               "self.dinputs[index] = np.dot(jacobian_matrix, single_dvalues) / len(dvalues)")],
     "softmax_backward", "backprop", "failed", "Every value is divided by the 4 samples"),
    ("challenge_5_backprop", [("        return self.loss.calculate(self.output, y_true)",
                               "        return np.sum(self.loss.forward(self.output, y_true))")],
     "combined_forward", "loss", "failed", "That is the sum of the 6 samples' losses"),
    ("challenge_8_regularization", [("self.dweights += 2 * self.weight_regularizer_l2",
                                     "self.dweights -= 2 * self.weight_regularizer_l2")],
     "backward_l2", "regularization", "failed", "The L2 gradient was subtracted"),
    ("challenge_9_binary_and_regression", [("np.clip(y_pred, 1e-7, 1 - 1e-7)", "np.clip(y_pred, 1e-15, 1 - 1e-15)")],
     "bce_clipping", "loss", "failed", "The predictions were clipped to [1e-15, 1 - 1e-15]"),
    ("challenge_8_regularization", [("layer.bias_regularizer_l1 * np.sum(np.abs(layer.biases))",
                                     "layer.bias_regularizer_l1 * np.sum(layer.biases)")],
     "regularization_loss", "regularization", "failed", "with only bias_regularizer_l1=0.1 is"),
    ("challenge_16_real_dataset", [("(X.reshape(X.shape[0], -1).astype(np.float32) - 127.5) / 127.5",
                                    "X.reshape(X.shape[0], -1).astype(np.float32)")],
     "prepare", "data", "failed", "The pixels were not scaled"),
    ("challenge_4_loss_debug", [("    if len(y_true.shape) == 2:\n"
                                 "        return np.sum(y_pred * y_true, axis=1)\n", "")],
     "confidences_onehot", "loss", "error", "Here it is y_true: one-hot rows hold 0.0 and 1.0"),
    ("challenge_4_loss_debug", [("    return y_pred[range(len(y_pred)), y_true]", "    return y_pred[y_true]")],
     "confidences_sparse", "loss", "failed", "y_pred[y_true] picks whole rows of y_pred"),
    ("challenge_4_loss_debug", [("        return np.sum(y_pred * y_true, axis=1)", "        return y_pred * y_true")],
     "confidences_onehot", "loss", "failed", "y_pred * y_true keeps a row of 3 values per sample"),
    ("challenge_4_loss_debug", [("np.mean(predictions == y_true)", "np.mean(predictions != y_true)")],
     "accuracy_sparse", "loss", "failed", "That is the share of samples predicted wrong"),
    ("challenge_2_shapes", [("np.array(neuron_weights).T)",
                             "np.array(neuron_weights).reshape(len(neuron_weights[0]), -1))")],
     "neuron_rows", "forward", "failed", "reshape is not a transpose"),
    ("challenge_2_shapes", [("    return dense_forward(hidden, w2, b2)", "    return np.dot(hidden, w2)")],
     "two_layer_forward", "forward", "failed", "The second layer's biases were not added"),
    ("challenge_3_activations", [("return exp_values / np.sum(exp_values, axis=1, keepdims=True)",
                                  "return exp_values / np.max(exp_values, axis=1, keepdims=True)")],
     "softmax", "activation", "failed", "Each row was divided by its largest exponential"),
    ("challenge_3_activations", [("exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))",
                                  "exp_values = inputs - np.max(inputs, axis=1, keepdims=True)")],
     "softmax", "activation", "failed", "the shifted inputs, x - max, were divided by their row sum"),
    ("challenge_3_activations", [("return np.where(inputs > 0, inputs, alpha * inputs)", "return alpha * inputs")],
     "leaky_relu", "activation", "failed", "Every value was multiplied by alpha, the positive ones too"),
    ("challenge_3_activations", [("1 / (1 + np.exp(-inputs))", "1 / (1 - np.exp(-inputs))")],
     "sigmoid", "activation", "failed", "The denominator subtracts e^-x"),
    ("challenge_5_backprop", [("        return self.loss.calculate(self.output, y_true)",
                               "        y_true = np.argmax(y_true, axis=1) if y_true.ndim == 2 else y_true\n"
                               "        picked = self.output[range(len(self.output)), y_true]\n"
                               "        return np.squeeze(np.mean(-np.log(picked), keepdims=True))")],
     "combined_forward", "loss", "failed", "-log(0) is infinite"),
    # A Model made at import: the check that names it is judged on the model the digits' run built, not on what a
    # later run of train_model added to it.
    ("challenge_16_real_dataset", [("def train_model(X, y, *, epochs=10, batch_size=128):",
                                    "_MODEL = Model()\n\n\ndef train_model(X, y, *, epochs=10, batch_size=128):"),
                                   ("    model = Model()\n    model.add(Layer_Dense(X.shape[1], 128))",
                                    "    model = _MODEL\n    model.add(Layer_Dense(X.shape[1], 128))")],
     "builds_the_chapter_19_network", "model", "failed", "train_model trained with the Model your file built"),
    ("challenge_11_random_search_and_derivatives", [("weights, h)", "weights, 0.01)"), ("biases, h)", "biases, 0.01)"),
                                                    ("dtype=float), h)", "dtype=float), 0.01)")],
     "backward_errors_take_central_differences_with_h", "backprop", "failed", "(h=0.04) leave"),
    ("challenge_11_random_search_and_derivatives", [("weights, h)", "weights, 2 * h)"),
                                                    ("biases, h)", "biases, 2 * h)"),
                                                    ("dtype=float), h)", "dtype=float), 2 * h)")],
     "backward_errors_take_central_differences_with_h", "backprop", "failed", "as is a step larger than h"),
    ("challenge_2_shapes", [("    return np.dot(inputs, weights) + biases",
                             "    return np.dot(inputs, weights) - biases")],
     "dense_forward", "forward", "failed", "The biases were subtracted"),
    ("challenge_2_shapes", [("    return np.dot(inputs, weights) + biases",
                             "    return np.dot(inputs, weights) + np.sum(biases)")],
     "dense_forward", "forward", "failed", "Every neuron got the sum of all the biases"),
    ("challenge_9_binary_and_regression", [("- (1 - y_true) / (1 - clipped_dvalues)) / outputs",
                                            "- (1 - y_true) / (1 - dvalues)) / outputs")],
     "bce_clipping", "loss", "failed", "made the gradient's second term infinite: either that term divides"),
    ("challenge_9_binary_and_regression", [("self.dinputs = dvalues * (1 - self.output) * self.output",
                                            "self.dinputs = dvalues * (1 - self.output)")],
     "sigmoid_backward", "backprop", "failed", "The factor s is missing"),
    ("challenge_9_binary_and_regression", [("        self.dinputs = dvalues.copy()",
                                            "        self.dinputs = np.ones_like(dvalues)")],
     "linear", "activation", "failed", "Every value is 1, the linear activation's own derivative"),
    ("challenge_9_binary_and_regression", [("self.dinputs = np.sign(dvalues - y_true) / outputs",
                                            "self.dinputs = (dvalues - y_true) / outputs")],
     "mae_backward", "backprop", "failed", "That is the difference itself"),
    ("challenge_9_binary_and_regression", [("return np.mean(np.abs(y_true - y_pred), axis=-1)",
                                            "return np.mean((y_true - y_pred) ** 2, axis=-1)")],
     "mae_forward", "loss", "failed", "That is the mean squared error"),
    # One held-out share counted on what the other left; max-abs scaling and pixel constants for scale_to_range.
    ("challenge_12_validation_and_preprocessing", [("n_test, n_validation = int(len(X) * test), int(len(X) * validation)",
                                                    "n_test = int(len(X) * test)\n    n_validation = int((len(X) - n_test) * validation)")],
     "split_sizes", "data", "failed", "a share of what the other left"),
    ("challenge_12_validation_and_preprocessing", [("    low, high = X_train.min(axis=0), X_train.max(axis=0)\n"
                                                    "    return tuple(2 * (X - low) / (high - low) - 1 for X in (X_train, *others))",
                                                    "    scale = np.abs(X_train).max(axis=0)\n"
                                                    "    return tuple(X / scale for X in (X_train, *others))")],
     "scale_to_range_with_training_statistics", "data", "failed", "max-abs scaling"),
    ("challenge_12_validation_and_preprocessing", [("    low, high = X_train.min(axis=0), X_train.max(axis=0)\n"
                                                    "    return tuple(2 * (X - low) / (high - low) - 1 for X in (X_train, *others))",
                                                    "    return tuple((X - 127.5) / 127.5 for X in (X_train, *others))")],
     "scale_to_range_with_training_statistics", "data", "failed", "the constants of pixels"),
    # Challenge 9's per-sample losses: the absolute errors summed, cross-entropy in base 10.
    ("challenge_9_binary_and_regression", [("return np.mean(np.abs(y_true - y_pred), axis=-1)",
                                            "return np.sum(np.abs(y_true - y_pred), axis=-1)")],
     "mae_forward", "loss", "failed", "absolute errors were summed"),
    ("challenge_9_binary_and_regression", [("np.log(y_pred_clipped)", "np.log10(y_pred_clipped)"),
                                           ("np.log(1 - y_pred_clipped)", "np.log10(1 - y_pred_clipped)")],
     "bce_forward", "loss", "failed", "base 10"),
    ("challenge_3_activations", [("        return 1 / (1 + np.exp(-inputs))", "        return np.tanh(inputs)")],
     "sigmoid", "activation", "failed", "np.tanh(x)"),
    # Challenge 6: settings written in as the book's defaults, and SGD counting its steps only when it decays.
    ("challenge_6_optimizers", [("(np.sqrt(layer.weight_cache) + self.epsilon)", "(np.sqrt(layer.weight_cache) + 1e-7)"),
                                ("(np.sqrt(layer.bias_cache) + self.epsilon)", "(np.sqrt(layer.bias_cache) + 1e-7)")],
     "own_settings", "optimizer", "failed", "the book's default epsilon=1e-7"),
    ("challenge_6_optimizers", [("(1 - self.beta_1 ** (self.iterations + 1))", "(1 - 0.9 ** (self.iterations + 1))")],
     "own_settings", "optimizer", "failed", "look for 1e-7, 0.9 or 0.999"),
    ("challenge_6_optimizers", [("        self.iterations += 1\n", "        if self.decay:\n            self.iterations += 1\n")],
     "sgd_step", "optimizer", "failed", "adds 1 at every step, decay or not"),
    # Challenge 10: progress lines that print the undecayed rate, and predict returning classes.
    ("challenge_10_model", [("lr: {self.optimizer.current_learning_rate}", "lr: {self.optimizer.learning_rate}")],
     "train_whole_batch", "model", "failed", "the decayed rate"),
    ("challenge_10_model", [("return np.vstack(output)", "return np.argmax(np.vstack(output), axis=1)")],
     "predict_in_batches", "model", "failed", "returned the predicted classes"),
    # Challenge 6: a count kept only with decay, a rate computed late, memories that are one array, gradients
    # changed in place, a decay raised to a power.
    ("challenge_6_optimizers", [("        self.iterations += 1\n\n\nif __name__", "        if self.decay:\n            self.iterations += 1\n\n\nif __name__")],
     "adam_defaults", "optimizer", "failed", "post_update_params adds 1 at every step"),
    ("challenge_6_optimizers", [("layer.weight_momentums = np.zeros_like(layer.weights)\n            layer.weight_cache = np.zeros_like(layer.weights)",
                                 "layer.weight_momentums = np.zeros_like(layer.weights)\n            layer.weight_cache = layer.weight_momentums"),
                                ("layer.weight_momentums = self.beta_1 * layer.weight_momentums + (1 - self.beta_1) * layer.dweights",
                                 "layer.weight_momentums *= self.beta_1\n        layer.weight_momentums += (1 - self.beta_1) * layer.dweights"),
                                ("layer.weight_cache = self.beta_2 * layer.weight_cache + (1 - self.beta_2) * layer.dweights ** 2",
                                 "layer.weight_cache *= self.beta_2\n        layer.weight_cache += (1 - self.beta_2) * layer.dweights ** 2")],
     "adam", "optimizer", "failed", "are one array"),
    ("challenge_6_optimizers", [("            self.current_learning_rate = self.learning_rate * (1. / (1. + self.decay * self.iterations))",
                                 "            self.current_learning_rate = self.learning_rate / (1. + self.decay) ** self.iterations")],
     "sgd_decay", "optimizer", "failed", "raised to the power of iterations"),
    # Challenge 7: mini-batches, the data standardised, the softmax's backward left out, a ReLU on the scores.
    ("challenge_7_training", [("        dense1.forward(X)\n", "        dense1.forward(X[:32])\n"),
                              ("losses.append(loss_activation.forward(dense2.output, y))", "losses.append(loss_activation.forward(dense2.output, y[:32]))"),
                              ("loss_activation.backward(loss_activation.output, y)", "loss_activation.backward(loss_activation.output, y[:32])")],
     "training_step", "training", "failed", "was given 32 samples, where X holds 300"),
    ("challenge_7_training", [("        dense1.forward(X)\n", "        dense1.forward((X - X.mean(axis=0)) / X.std(axis=0))\n")],
     "training_step", "training", "failed", "other values than the X train was given"),
    ("challenge_7_training", [("        loss_activation.backward(loss_activation.output, y)\n        dense2.backward(loss_activation.dinputs)",
                               "        loss_activation.loss.backward(loss_activation.output, y)\n        dense2.backward(loss_activation.loss.dinputs)")],
     "training_step", "training", "failed", "the softmax's own backward was left out"),
    ("challenge_7_training", [("losses.append(loss_activation.forward(dense2.output, y))", "losses.append(loss_activation.forward(np.maximum(0, dense2.output), y))")],
     "training_step", "training", "failed", "dense2's scores after a ReLU"),
    # Challenge 13: a mean for the L2 sum, dropout scaled at inference, training figures from the last step.
    ("challenge_13_regularized_training", [("layer.weight_regularizer_l2 * np.sum(layer.weights * layer.weights)",
                                            "layer.weight_regularizer_l2 * np.mean(layer.weights * layer.weights)")],
     "regularization_loss", "regularization", "failed", "np.mean took the place of np.sum"),
    ("challenge_13_regularized_training", [("            self.output = inputs.copy()", "            self.output = inputs * self.rate")],
     "dropout_at_inference", "regularization", "failed", "multiplied by the rate"),
    ("challenge_13_regularized_training", [("    train_accuracy, train_loss = evaluate(network, X, y)",
                                            "    train_loss = losses[-1]\n    train_accuracy = np.mean(np.argmax(network.loss_activation.output, axis=1) == y)")],
     "train_and_validate", "training", "failed", "not the last training step"),
    # Challenge 17: a rounded-up count, the padding cut off one side, dinputs not started at zeros, Fortran order, the
    # kernels transposed in backward, every axis padded, a window that steps by the stride.
    ("challenge_17_convolution", [("return (size + 2 * padding - kernel_size) // stride + 1",
                                   "return -(-(size + 2 * padding - kernel_size) // stride) + 1")],
     "output_size", "shape", "failed", "the division rounds up"),
    ("challenge_17_convolution", [("return padded[:, :, padding:padding + height, padding:padding + width]",
                                   "return padded[:, :, :height, :width]")],
     "col2im", "convolution", "failed", "cut off the far side alone"),
    ("challenge_17_convolution", [("        self.dinputs = np.zeros(self.inputs.shape)", "        self.dinputs = self.inputs.copy()")],
     "pool_backward", "backprop", "failed", "started from a copy of the inputs"),
    ("challenge_17_convolution", [("self.output = inputs.reshape(len(inputs), -1)", "self.output = inputs.reshape(len(inputs), -1, order='F')")],
     "flatten", "forward", "failed", "Fortran order"),
    ("challenge_17_convolution", [("dcolumns = np.dot(rows, self.weights.reshape(n_filters, -1))",
                                   "dcolumns = np.dot(rows, self.weights.transpose(0, 1, 3, 2).reshape(n_filters, -1))")],
     "conv_backward_dinputs", "convolution", "failed", "kernels transposed"),
    ("challenge_17_convolution", [("    padded = np.pad(inputs, ((0, 0), (0, 0), (padding, padding), (padding, padding)))\n    columns",
                                   "    padded = np.pad(inputs, padding)\n    columns")],
     "im2col", "convolution", "error", "pads every axis"),
    ("challenge_17_convolution", [("columns[:, :, ki, kj] = padded[:, :, ki:ki + stride * out_h:stride, kj:kj + stride * out_w:stride]",
                                   "columns[:, :, ki, kj] = padded[:, :, ki * stride:ki * stride + stride * out_h:stride, kj * stride:kj * stride + stride * out_w:stride]")],
     "im2col", "convolution", "error", "the window's own values step by the stride"),
    # Challenge 18: the feed-forward branch without its ReLU, dgamma from the output.
    ("challenge_18_attention", [("self.dense2.forward(self.relu.output)", "self.dense2.forward(self.dense1.output)")],
     "transformer_forward", "model", "failed", "without the feed-forward branch's ReLU"),
    ("challenge_18_attention", [("self.dgamma = np.sum((dvalues * self.normalized).reshape(-1, features), axis=0, keepdims=True)",
                                 "self.dgamma = np.sum((dvalues * self.output).reshape(-1, features), axis=0, keepdims=True)")],
     "layernorm_backward", "backprop", "failed", "dgamma was taken from self.output"),
    # Challenge 15: the step's calls out of order or left out, a trainable list shared by every model, a precision
    # set at every batch, validation run on the training data.
    ("challenge_15_complete_model", [("                self.optimizer.pre_update_params()\n                for layer in self.trainable_layers:\n                    self.optimizer.update_params(layer)\n",
                                      "                for layer in self.trainable_layers:\n                    self.optimizer.update_params(layer)\n                self.optimizer.pre_update_params()\n")],
     "train_binary", "training", "failed", "an update_params ran before pre_update_params"),
    ("challenge_15_complete_model", [("                self.optimizer.post_update_params()\n", "")],
     "train_regression", "training", "failed", "iterations are still 0"),
    ("challenge_15_complete_model", [("        self.trainable_layers = []\n", ""),
                                     ("class Model:\n", "class Model:\n    trainable_layers = []\n\n")],
     "finalize", "model", "failed", "are not this model's"),
    ("challenge_15_complete_model", [("                batch_X, batch_y = _batch(X, y, step, batch_size)\n",
                                      "                batch_X, batch_y = _batch(X, y, step, batch_size)\n                self.accuracy.init(batch_y, reinit=True)\n")],
     "train_sets_precision", "training", "failed", "the last batch's targets"),
    ("challenge_15_complete_model", [("self.evaluate(*validation_data, batch_size=batch_size)", "self.evaluate(X, y, batch_size=batch_size)")],
     "train_categorical", "training", "failed", "Was evaluate given X and y instead of validation_data?"),
    # Challenge 1: a seed inside the layer, class indices told from one-hot rows by their length.
    ("challenge_1_forward_pass", [("        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)",
                                   "        np.random.seed(0)\n        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)")],
     "dense_init_values", "forward", "failed", "start with the same weights"),
    ("challenge_1_forward_pass", [("        if len(y_true.shape) == 1:", "        if y_true.shape[-1] != y_pred.shape[-1]:")],
     "cce_sparse", "loss", "failed", "the class indices were taken for one-hot rows"),
    # Challenge 4: nan_to_num for clipping, an argmax of class-index targets.
    ("challenge_4_loss_debug", [("    y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)\n    return np.mean(-np.log(correct_confidences(y_pred_clipped, y_true)))",
                                 "    return np.mean(np.nan_to_num(-np.log(correct_confidences(y_pred, y_true))))")],
     "cce_clipping", "loss", "failed", "replaced by the largest float"),
    # Challenge 11: an element-wise relative error, an error not divided at all.
    ("challenge_11_random_search_and_derivatives", [("errors[name] = float(np.max(np.abs(analytic[name] - numeric[name])) / scale)",
                                                     "errors[name] = float(np.max(np.abs(analytic[name] - numeric[name]) / (np.abs(analytic[name]) + np.abs(numeric[name]) + 1e-12)))")],
     "backward_errors_find_wrong_gradients", "backprop", "failed", "divided by the two gradients' sizes added together"),
    ("challenge_11_random_search_and_derivatives", [("errors[name] = float(np.max(np.abs(analytic[name] - numeric[name])) / scale)",
                                                     "errors[name] = float(np.max(np.abs(analytic[name] - numeric[name])))")],
     "backward_errors_find_wrong_gradients", "backprop", "failed", "this one was not divided"),
    # Challenge 14: the test features standardised with their own statistics.
    ("challenge_14_binary_and_regression_training", [("(X_test - mean) / std", "(X_test - X_test.mean(axis=0)) / X_test.std(axis=0)")],
     "split_and_standardize", "data", "failed", "X_test was standardised with its own mean"),
    # Challenge 6: the Adam paper's step with the corrections folded into the step size.
    ("challenge_6_optimizers", [("        layer.weights += -self.current_learning_rate * weight_momentums_corrected / (np.sqrt(weight_cache_corrected) + self.epsilon)\n"
                                 "        layer.biases += -self.current_learning_rate * bias_momentums_corrected / (np.sqrt(bias_cache_corrected) + self.epsilon)",
                                 "        step = self.current_learning_rate * np.sqrt(1 - self.beta_2 ** (self.iterations + 1)) / (1 - self.beta_1 ** (self.iterations + 1))\n"
                                 "        layer.weights += -step * layer.weight_momentums / (np.sqrt(layer.weight_cache) + self.epsilon)\n"
                                 "        layer.biases += -step * layer.bias_momentums / (np.sqrt(layer.bias_cache) + self.epsilon)")],
     "adam", "optimizer", "failed", "the Adam paper's shortcut"),
    ("challenge_15_complete_model", [("self.binary_mask = np.random.binomial(1, self.rate, size=inputs.shape) / self.rate",
                                      "self.binary_mask = (np.random.rand(*inputs.shape) > 1 - self.rate) / self.rate")],
     "dropout_training_flag", "regularization", "failed", "not the values the book's mask drops"),
    ("challenge_18_attention", [("        self.attention.forward(embedded, mask)\n        self.norm1.forward(embedded + self.attention.output)",
                                 "        self.norm1.forward(embedded)\n        self.attention.forward(self.norm1.output, mask)\n"
                                 "        self.norm1.output = embedded + self.attention.output")],
     "transformer_forward", "model", "failed", "a pre-LN block, the LayerNorm before the attention"),
    # A module of the learner's own beside the file, which is not there where it is graded.
    ("challenge_9_binary_and_regression", [("import numpy as np\n", "import numpy as np\nfrom helpers import sigmoid_of\n")],
     "sigmoid_forward", "activation", "error", "Only your one file is graded: a module of your own beside it"),
    ("challenge_15_complete_model", [("        model = copy.deepcopy(self)\n",
                                      "        model = copy.copy(self)\n        model.layers = copy.deepcopy(self.layers)\n"
                                      "        model.input_layer = copy.deepcopy(self.input_layer)\n")],
     "save_and_load", "training", "failed", "copy the whole model at once"),
    ("challenge_7_training", [("        optimizer.pre_update_params()\n", "")],
     "every_step", "training", "failed", "Without pre_update_params the learning rate never takes the decay"),
    # A printed rate too large for a float: read as infinite, not a fault of the grader.
    ("challenge_10_model", [("lr: {self.optimizer.current_learning_rate}", "lr: 1e309")],
     "train_whole_batch", "model", "failed", "the decayed rate"),
    # A window read column by column: the first tied value of its columns gets the gradient.
    ("challenge_17_convolution", [("np.put_along_axis(mask, windows.argmax(axis=-1)[..., np.newaxis], 1.0, axis=-1)",
                                   "by_column = windows.reshape(*windows.shape[:4], p, p).swapaxes(-1, -2)\n"
                                   "        first = by_column.reshape(windows.shape).argmax(axis=-1)\n"
                                   "        np.put_along_axis(mask, ((first % p) * p + first // p)[..., np.newaxis], 1.0, "
                                   "axis=-1)")],
     "pool_backward_ties", "backprop", "failed", "The first of the values tied for a window's maximum column by column"),
    # One-hot rows with a column per class of this batch's labels: a class no sample holds has no column.
    ("challenge_5_backprop", [("            y_true = np.eye(labels)[y_true]",
                               "            y_true = np.eye(np.max(y_true) + 1)[y_true]")],
     "cce_backward", "backprop", "error", "A one-hot built from this batch's labels"),
    ("challenge_5_backprop", [("            y_true = np.argmax(y_true, axis=1)",
                               "            y_true = np.argmax(y_true)")],
     "combined_backward", "backprop", "failed", "np.argmax(y_true) without an axis gives one number"),
    # The held-out parts drawn each on its own: they may share samples, and the training set is what neither took.
    ("challenge_12_validation_and_preprocessing", [(
        "    X, y = shuffle(X, y)\n    n_test, n_validation = int(len(X) * test), int(len(X) * validation)\n"
        "    held_out = n_test + n_validation\n"
        "    return X[held_out:], y[held_out:], X[n_test:held_out], y[n_test:held_out], X[:n_test], y[:n_test]",
        "    n = len(X)\n    test_idx = np.random.choice(n, int(n * test), replace=False)\n"
        "    val_idx = np.random.choice(n, int(n * validation), replace=False)\n"
        "    train_idx = np.random.permutation(np.setdiff1d(np.arange(n), np.concatenate([test_idx, val_idx])))\n"
        "    return X[train_idx], y[train_idx], X[val_idx], y[val_idx], X[test_idx], y[test_idx]")],
     "split_sizes", "data", "failed", "some samples are in two sets"),
    ("challenge_3_activations", [("def leaky_relu(inputs, alpha=0.01):", "def leaky_relu(inputs, alpha=0.1):")],
     "leaky_relu", "activation", "failed", "leaky_relu takes its default, which is 0.01"),
    ("challenge_3_activations", [("return 1 / (1 + np.exp(-inputs))", "return 1 / 1 + np.exp(-inputs)")],
     "sigmoid", "activation", "failed", "as Python divides before it adds"),
    ("challenge_9_binary_and_regression", [("        return np.mean((y_true - y_pred) ** 2, axis=-1)",
                                            "        return np.mean(y_true - y_pred ** 2, axis=-1)")],
     "mse_forward", "loss", "failed", "Only y_pred was squared"),
    ("challenge_9_binary_and_regression", [("        return np.mean((y_true - y_pred) ** 2, axis=-1)",
                                            "        return np.sqrt(np.mean((y_true - y_pred) ** 2, axis=-1))")],
     "mse_forward", "loss", "failed", "(RMSE)"),
    ("challenge_9_binary_and_regression", [("(1 - y_true) * np.log(1 - y_pred_clipped))",
                                            "(1 - y_true) * np.log(y_pred_clipped))")],
     "bce_forward", "loss", "failed", "The second term takes log(p) where log(1 - p) belongs"),
    ("challenge_9_binary_and_regression", [("self.dinputs = dvalues * (1 - self.output) * self.output",
                                            "self.dinputs = dvalues * (1 - dvalues) * self.output")],
     "sigmoid_backward", "backprop", "failed", "dvalues went into the derivative"),
    ("challenge_10_model", [("    def train(self, X, y, *, epochs=1, batch_size=None,",
                             "    def train(self, X, y, *, epochs=10, batch_size=None,")],
     "train_whole_batch", "model", "failed", "The train called without epochs= made 10 steps"),
    ("challenge_10_model", [("    steps = samples // batch_size\n"
                             "    return steps + 1 if steps * batch_size < samples else steps",
                             "    return samples // batch_size + 1")],
     "validation_every_epoch", "model", "failed", "Every epoch took one step more than it has batches"),
    # The caller's arrays shuffled in place, with one random state for both: the sets are right, the data reordered.
    ("challenge_12_validation_and_preprocessing", [(
        "    X, y = shuffle(X, y)\n",
        "    state = np.random.get_state()\n    np.random.shuffle(X)\n    np.random.set_state(state)\n"
        "    np.random.shuffle(y)\n")],
     "split_is_shuffled", "data", "failed", "The X given to train_val_test_split was modified"),
    ("challenge_10_model", [("            layer.forward(layer.prev.output, training)",
                             "            layer.forward(layer.prev.output)")],
     "evaluate", "model", "failed", "Dense layer's forward got no training argument: forward passes training on"),
    ("challenge_10_model", [("        self.input_layer.forward(X, training)\n        for layer in self.layers:\n"
                             "            layer.forward(layer.prev.output, training)",
                             "        self.input_layer.forward(X, training)\n        for layer in self.layers:\n"
                             "            layer.forward(layer.prev.output, True)")],
     "evaluate", "model", "failed", "Dense layer's forward got training=True: forward passes training on"),
    # The same order at every call without a seed of NumPy's generator: where else it may come from.
    ("challenge_12_validation_and_preprocessing",
     [("    keys = np.array(range(X.shape[0]))\n    np.random.shuffle(keys)\n",
       "    keys = np.random.default_rng(0).permutation(X.shape[0])\n")],
     "shuffle_new_order_every_call", "data", "failed", "shuffle does not seed NumPy's generator, so its order comes"),
    ("challenge_12_validation_and_preprocessing",
     [("def shuffle(X, y):", "_orders = {}\n\n\ndef shuffle(X, y):"),
      ("    keys = np.array(range(X.shape[0]))\n    np.random.shuffle(keys)\n",
       "    keys = _orders.setdefault(X.shape[0], np.random.permutation(X.shape[0]))\n")],
     "shuffle_new_order_every_call", "data", "failed", "an order drawn once and kept"),
    ("challenge_15_complete_model", [("    def evaluate(self, X_val, y_val, *, batch_size=None):\n",
                                      "    def evaluate(self, X_val, y_val, *, batch_size=None):\n"
                                      "        if isinstance(self.accuracy, Accuracy_Regression):\n"
                                      "            self.accuracy.init(y_val, reinit=True)\n")],
     "evaluate", "training", "failed", "evaluate changed the accuracy's precision"),
    # Each batch of predict one sample short: the batches' sizes say where.
    ("challenge_10_model", [("            batch_X = X if batch_size is None else X[step * batch_size:(step + 1) * batch_size]",
                             "            batch_X = X if batch_size is None else X[step * batch_size:step * batch_size "
                             "+ batch_size - 1]")],
     "predict_in_batches", "model", "failed", "gave the network batches of [127, 127, 44] samples; expected [128, 128, 44]"),
    ("challenge_15_complete_model", [("            batch_X = X if batch_size is None else X[step * batch_size:(step + 1) "
                                      "* batch_size]", "            batch_X = X if batch_size is None else "
                                      "X[step * batch_size:step * batch_size + batch_size - 1]")],
     "predict", "forward", "failed", "gave the network batches of [63, 63, 63, 8] samples; expected [64, 64, 64, 8]"),
    ("challenge_18_attention", [("        self.dq = np.matmul(dscores, self.k)\n"
                                 "        self.dk = np.matmul(dscores.swapaxes(-1, -2), self.q)",
                                 "        self.dk = np.matmul(dscores, self.k)\n"
                                 "        self.dq = np.matmul(dscores.swapaxes(-1, -2), self.q)")],
     "attention_backward", "attention", "failed", "dq and dk are swapped"),
    ("challenge_15_complete_model", [("            output = self.forward(batch_X, training=False)\n"
                                      "            self.loss.calculate(output, batch_y)\n",
                                      "            output = self.forward(batch_X, training=False)\n"
                                      "            self.loss.calculate(output, batch_y)\n"
                                      "            self.backward(output, batch_y)\n")],
     "evaluate", "training", "error", "evaluate called backward after its forward pass with training=False"),
    # A gradient that differs shows at step 2, long before the batches wrap: the advice is not about batching.
    ("challenge_17_convolution", [("        self.dinputs[self.inputs <= 0] = 0", "        self.dinputs[self.inputs < 0] = 0")],
     "training_recipe", "training", "failed", "check each layer's backward pass, the given ones too"),
    ("challenge_8_regularization", [("layer.weight_regularizer_l1 * np.sum(np.abs(layer.weights))",
                                     "layer.weight_regularizer_l1 * np.linalg.norm(layer.weights, 1)")],
     "regularization_loss", "regularization", "failed", "np.linalg.norm(w, 1) of a matrix is its largest column sum"),
    ("challenge_8_regularization", [("layer.weight_regularizer_l2 * np.sum(layer.weights * layer.weights)",
                                     "layer.weight_regularizer_l2 * np.sum(np.abs(layer.weights)) ** 2")],
     "regularization_loss", "regularization", "failed", "np.sum(np.abs(w)) ** 2 squares the sum of the absolute values"),
    ("challenge_8_regularization", [("layer.weight_regularizer_l2 * np.sum(layer.weights * layer.weights)",
                                     "layer.weight_regularizer_l2 * np.linalg.norm(layer.weights, 2) ** 2")],
     "regularization_loss", "regularization", "failed", "np.linalg.norm(w, 2) of a matrix is its largest singular value"),
    ("challenge_14_binary_and_regression_training", [("    for step in range(steps):", "    for step in range(steps - 1):")],
     "binary_every_step", "training", "failed", "the loop stops 1 step short"),
    ("challenge_7_training", [("        optimizer.pre_update_params()\n        optimizer.update_params(dense1)\n"
                               "        optimizer.update_params(dense2)\n        optimizer.post_update_params()\n",
                               "        for layer in (dense1, dense2):\n            optimizer.pre_update_params()\n"
                               "            optimizer.update_params(layer)\n            optimizer.post_update_params()\n")],
     "training_step", "training", "failed", "dense2 was updated only after post_update_params had ended the first step"),
    ("challenge_7_training", [("    for step in range(steps):\n        dense1.forward(X)\n",
                               "    for step in range(steps):\n        dense1, dense2 = Layer_Dense(2, 64), Layer_Dense(64, 3)\n"
                               "        dense1.forward(X)\n")],
     "training_step", "training", "failed", "the layers are built inside the loop"),
    ("challenge_13_regularized_training", [("        self.dropout1 = Layer_Dropout(dropout)",
                                            "        self.dropout1 = Layer_Dropout(0.1)")],
     "network_forward_while_training", "training", "failed", "a Layer_Dropout(0.1), where it asks for Layer_Dropout(0.5)"),
    ("challenge_6_optimizers", [("            weight_updates = -self.current_learning_rate * layer.dweights\n",
                                 "            weight_updates = layer.dweights\n"
                                 "            weight_updates *= -self.current_learning_rate\n")],
     "gradients_kept", "optimizer", "failed", "changed layer.dweights or layer.dbiases in place"),
    ("challenge_7_training", [("        loss_activation.backward(loss_activation.output, y)\n",
                               "        loss_activation.backward(loss_activation.output, y)\n"
                               "        loss_activation.dinputs *= len(X)\n")],
     "training_step", "training", "failed", "That is 300 times the gradient, 300 being the number of samples"),
    ("challenge_7_training", [("        self.dinputs[range(samples), y_true] -= 1\n        self.dinputs = self.dinputs / samples\n",
                               "        self.dinputs[range(samples), y_true] -= 1\n")],
     "training_step", "training", "failed", "That is 300 times the gradient, 300 being the number of samples"),
    ("challenge_18_attention", [("        self.dgamma = np.sum((dvalues * self.normalized).reshape(-1, features), axis=0, keepdims=True)",
                                 "        self.dgamma = dvalues * self.normalized")],
     "layernorm_backward", "backprop", "failed", "dgamma was not summed"),
    ("challenge_18_attention", [("    encoding[:, 1::2] = np.cos(angles[:, 1::2])\n", "")],
     "positional_encoding", "forward", "failed", "Every feature holds a sine"),
    ("challenge_17_convolution", [("        self.dweights = np.dot(rows.T, self.columns).reshape(self.weights.shape)",
                                   "        self.dweights = np.dot(rows.T, self.columns).reshape(self.weights.shape) / "
                                   "len(dvalues)")],
     "conv_backward_dweights", "convolution", "failed", "That is the gradient divided by the batch's 2 samples"),
    ("challenge_17_convolution", [("np.sum(window * weights[f]) + biases[0, f, 0, 0]",
                                   "np.sum(window * weights[f]) + biases[0, 0, 0, 0]")],
     "conv_loops", "convolution", "failed", "Every filter got the first filter's bias"),
    ("challenge_14_binary_and_regression_training", [("    predictions = (output > 0.5) * 1", "    predictions = (output > 0) * 1")],
     "binary_accuracy", "loss", "failed", "Every output was counted as class 1: a threshold of 0 is for the sigmoid's input"),
    ("challenge_13_regularized_training", [("    predictions = np.argmax(network.loss_activation.output, axis=1)",
                                            "    predictions = np.argmax(network.loss_activation.output, axis=0)")],
     "evaluate", "training", "error", "one per class against one per sample? np.argmax(outputs, axis=0)"),
    ("challenge_6_optimizers", [("        layer.weight_cache = self.rho * layer.weight_cache + (1 - self.rho) * layer.dweights ** 2",
                                 "        layer.weight_cache += self.rho * layer.weight_cache + (1 - self.rho) * layer.dweights ** 2")],
     "rmsprop", "optimizer", "failed", "The moving average was added to the cache"),
    # A numerical gradient of a copy, with an objective that never installs it: all zeros, an error of exactly 1.
    ("challenge_11_random_search_and_derivatives",
     [("    gradient = np.zeros(x.shape)\n", "    x = np.array(x, dtype=float)\n    gradient = np.zeros(x.shape)\n"),
      ("        layer.weights, layer.biases = weights, biases\n", "")],
     "backward_errors_pass_a_correct_layer", "backprop", "failed", "An error of exactly 1 (dweights, dbiases)"),
    ("challenge_2_shapes", [("    return weights, biases", "    return biases, weights")],
     "init_weights_shape", "shape", "failed", "The weights and the biases came back in the other order"),
    ("challenge_16_real_dataset", [('                X.append(np.array(image.convert("L")))', "                X.append(np.array(image))")],
     "load_image_folder", "data", "failed", "these PNGs are saved in colour, three channels alike"),
    ("challenge_1_forward_pass", [("        return -np.log(correct_confidences)", "        return -np.log10(correct_confidences)")],
     "cce_sparse", "loss", "failed", "That is the base-10 logarithm, np.log10"),
    ("challenge_1_forward_pass", [("        self.output = np.maximum(0, inputs)", "        self.output = np.clip(inputs, 0, 1)")],
     "relu_forward", "activation", "failed", "The outputs were capped at 1 as well"),
    ("challenge_4_loss_debug", [("    return np.mean(-np.log(correct_confidences(y_pred_clipped, y_true)))",
                                 "    return -np.log(np.mean(correct_confidences(y_pred_clipped, y_true)))")],
     "cce_sparse", "loss", "failed", "That is -log of the mean confidence"),
    ("challenge_4_loss_debug", [("    y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)\n"
                                 "    return np.mean(-np.log(correct_confidences(y_pred_clipped, y_true)))",
                                 "    losses = -np.log(correct_confidences(y_pred, y_true))\n"
                                 "    return np.mean(np.clip(losses, 1e-7, 1 - 1e-7))")],
     "cce_sparse", "loss", "failed", "The losses were clipped, not the probabilities"),
    ("challenge_16_real_dataset", [("            y.append(int(label))", "            y.append(int(label) + 1)")],
     "load_image_folder", "data", "failed", "Every label is 1 more than its folder's name"),
    ("challenge_11_random_search_and_derivatives", [("        gradient[index] = (above - below) / (2 * h)",
                                                     "        gradient[index] = (above - below) / (h * h)")],
     "numerical_gradient", "backprop", "failed", "the difference was divided by h * h"),
    ("challenge_11_random_search_and_derivatives", [("        gradient[index] = (above - below) / (2 * h)",
                                                     "        gradient[index] = (above - below) / h")],
     "numerical_gradient", "backprop", "failed", "Every slope is twice the expected value"),
    ("challenge_11_random_search_and_derivatives", [("        return np.sum(layer.output * dvalues)",
                                                     "        return np.mean(layer.output * dvalues)")],
     "backward_errors_pass_a_correct_layer", "backprop", "failed", "each is 1 - 1/15, what a numerical gradient 15 times"),
    ("challenge_4_loss_debug", [("    return np.mean(-np.log(correct_confidences(y_pred_clipped, y_true)))",
                                 "    if y_true.ndim == 2:\n        return np.mean(-np.sum(y_true * np.log(y_pred_clipped), axis=0))\n"
                                 "    return np.mean(-np.log(correct_confidences(y_pred_clipped, y_true)))")],
     "cce_onehot", "loss", "failed", "The one-hot rows were summed down each column, axis=0"),
    ("challenge_4_loss_debug", [("    if len(y_true.shape) == 2:\n"
                                 "        return np.sum(y_pred * y_true, axis=1)\n", ""),
                                ("y_pred[range(len(y_pred)), y_true]",
                                 "y_pred[range(len(y_pred)), y_true.astype(int)]")],
     "confidences_onehot", "loss", "error", "row numbers met y_true of shape (8, 3): one-hot rows"),
    ("challenge_15_complete_model", [("return np.vstack(output)", "return np.hstack(output)")],
     "predict", "forward", "error", "np.hstack joins 2-D arrays side by side, along their second axis"),
    ("challenge_10_model", [("return np.vstack(output)", "return np.concatenate(output, axis=1)")],
     "predict_in_batches", "model", "error", "np.concatenate(..., axis=1) joins 2-D arrays side by side"),
    ("challenge_11_random_search_and_derivatives", [(BACKWARD_ERRORS_SCALE,
                                                     "scale = max(np.mean(np.abs(numeric[name])), 1e-12)")],
     "backward_errors_find_wrong_gradients", "backprop", "failed", "so this one was divided by a mean magnitude"),
    ("challenge_11_random_search_and_derivatives", [(BACKWARD_ERRORS_SCALE,
                                                     "scale = max(np.mean(np.abs(analytic[name])), 1e-12)")],
     "backward_errors_find_wrong_gradients", "backprop", "failed", "That error was divided by a mean magnitude"),
    ("challenge_18_attention", [("""        if mask is not None:
            scores = np.where(mask, scores, MASK_VALUE)
        self.attention_weights = softmax(scores)
        self.output = np.matmul(self.attention_weights, v)""", """        self.attention_weights = softmax(scores)
        if mask is not None:
            scores = np.where(mask, scores, MASK_VALUE)
        self.output = np.matmul(softmax(scores), v)""")],
     "attention_masked", "attention", "failed", "holds the weights of the unmasked scores"),
    ("challenge_15_complete_model", [("self.dinputs = dvalues * self.binary_mask",
                                      "self.dinputs = dvalues * np.random.binomial(1, self.rate, size=dvalues.shape) "
                                      "/ self.rate")],
     "dropout_backward", "regularization", "failed", "it drew a mask of its own"),
    ("challenge_16_real_dataset", [("model.add(Layer_Dense(X.shape[1], 128))", "model.add(Layer_Dense(784, 128))")],
     "builds_the_chapter_19_network", "model", "error", "so the layer was built for images of 28 × 28 pixels"),
    ("challenge_9_binary_and_regression", [("np.clip(dvalues, 1e-7, 1 - 1e-7)", "np.clip(dvalues, 1e-7, None)")],
     "bce_clipping", "loss", "failed", "or the clip has no upper bound (np.clip(dvalues, 1e-7, None)"),
    ("challenge_5_backprop", [("self.dinputs = -y_true / dvalues",
                               "self.dinputs = -y_true / np.clip(dvalues, 0.1, 0.9)")],
     "cce_backward", "backprop", "failed", "differ only where a probability is below 0.1: dvalues were clipped"),
    ("challenge_5_backprop", [("self.dinputs = -y_true / dvalues",
                               "self.dinputs = -y_true / np.clip(dvalues, 0, 0.5)")],
     "cce_backward", "backprop", "failed", "np.clip(dvalues, ..., 0.5), before the division"),
    ("challenge_9_binary_and_regression", [("np.clip(dvalues, 1e-7, 1 - 1e-7)", "np.clip(dvalues, 1e-3, 1 - 1e-3)")],
     "bce_clipping", "loss", "failed", "dvalues were clipped to [0.001, 1 - 0.001]"),
    ("challenge_5_backprop", [("y_true = np.argmax(y_true, axis=1)", "y_true = np.argmax(y_true, axis=0)")],
     "combined_backward", "backprop", "failed", "Those are 3 class indices for 6 samples: np.argmax(y_true, axis=0)"),
    ("challenge_5_backprop", [("        self.dinputs[self.inputs <= 0] = 0\n",
                               "        self.dinputs[self.inputs <= 0] = 0\n"
                               "        self.dinputs = self.dinputs / len(dvalues)\n")],
     "relu_backward", "backprop", "failed", "6 times too small, 6 being its number of rows"),
    ("challenge_3_activations", [("    exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))\n"
                                  "    return exp_values / np.sum(exp_values, axis=1, keepdims=True)",
                                  "    exp_values = np.exp(inputs.T - np.max(inputs.T, axis=0))\n"
                                  "    return exp_values / np.sum(exp_values, axis=0)")],
     "softmax", "activation", "failed", "each sample's probabilities came out as a column"),
    ("challenge_3_activations", [("return 1 / (1 + np.exp(-inputs))",
                                  "return 1 / (1 + np.exp(-inputs.astype(np.float16)))")],
     "sigmoid", "activation", "failed", "Your array has the dtype float16, which keeps about 3 significant digits"),
    ("challenge_12_validation_and_preprocessing", [("for train, validation in k_fold(len(X), k)]",
                                                    "for train, validation in k_fold(len(X), k)][-1:]")],
     "cross_validate", "data", "failed", "cross_validate returned 1 of the 4 scores, one a fold"),
    ("challenge_5_backprop", [("self.dinputs = np.dot(dvalues, self.weights.T)", "self.dinputs = dvalues.copy()")],
     "dense_backward_dinputs", "backprop", "failed", "self.dinputs holds dvalues as they came, one value per neuron"),
    ("challenge_5_backprop", [("self.dweights = np.dot(self.inputs.T, dvalues)",
                               "self.dweights = np.dot(self.inputs[:1].T, dvalues[:1])")],
     "dense_backward_dweights", "backprop", "failed", "dweights holds the first sample's gradient alone"),
    ("challenge_5_backprop", [("self.dweights = np.dot(self.inputs.T, dvalues)",
                               "self.dweights = np.dot(self.inputs[:-1].T, dvalues[:-1])")],
     "dense_backward_dweights", "backprop", "failed", "dweights leaves out the last sample"),
    ("challenge_5_backprop", [("self.dbiases = np.sum(dvalues, axis=0, keepdims=True)",
                               "self.dbiases = np.full((1, dvalues.shape[1]), np.sum(dvalues))")],
     "dense_backward_dbiases", "backprop", "failed", "Every bias got the sum of all of dvalues"),
    ("challenge_5_backprop", [("            self.dinputs[index] = np.dot(jacobian_matrix, single_dvalues)",
                               "            self.dinputs[index] = single_dvalues")],
     "softmax_backward", "backprop", "failed", "self.dinputs holds dvalues as they came: the softmax's backward"),
    ("challenge_5_backprop", [("np.diagflat(single_output) - np.dot(single_output, single_output.T)",
                               "np.diagflat(single_output) + np.dot(single_output, single_output.T)")],
     "softmax_backward", "backprop", "failed", "The Jacobian adds the outer product"),
    ("challenge_5_backprop", [("        self.dinputs[range(samples), y_true] -= 1\n"
                               "        self.dinputs = self.dinputs / samples\n", "")],
     "combined_backward", "backprop", "failed", "self.dinputs holds dvalues (the softmax's outputs) as they came"),
    ("challenge_3_activations", [("return 1 / (1 + np.exp(-inputs))",
                                  "return 1 / (1 + np.exp(-np.clip(inputs, -5, 5)))")],
     "sigmoid", "activation", "failed", "The inputs were clipped to [-5, 5] first"),
    ("challenge_3_activations", [("    return exp_values / np.sum(exp_values, axis=1, keepdims=True)",
                                  "    return np.tile(exp_values[0] / np.sum(exp_values[0]), (len(inputs), 1))")],
     "softmax", "activation", "failed", "Every row holds the first row's result"),
    ("challenge_12_validation_and_preprocessing", [("return tuple(2 * (X - low) / (high - low) - 1 for X",
                                                    "return tuple(np.clip(2 * (X - low) / (high - low) - 1, -1, 1) "
                                                    "for X")],
     "scale_to_range_with_training_statistics", "data", "failed", "The values were clipped to [-1, 1]"),
    ("challenge_9_binary_and_regression", [("self.dinputs = dvalues * (1 - self.output) * self.output",
                                            "self.dinputs = dvalues * self.output")],
     "sigmoid_backward", "backprop", "failed", "The factor 1 - s is missing"),
    ("challenge_17_convolution", [("        self.output = output.reshape(n_samples, out_h, out_w, -1).transpose(0, 3, 1, 2) "
                                   "+ self.biases\n",
                                   "        self.output = conv2d_loops(inputs, self.weights, self.biases, self.stride, "
                                   "self.padding)\n")],
     "conv_forward_matches_loops", "convolution", "failed", "Layer_Conv2D.forward called conv2d_loops"),
    ("challenge_8_regularization", [("            self.dweights += self.weight_regularizer_l1 * dL1",
                                     "            self.dweights += self.weight_regularizer_l1 * self.weights")],
     "backward_l1", "regularization", "failed", "The L1 gradient took the weights themselves, lambda · w"),
    ("challenge_8_regularization", [("layer.weight_regularizer_l2 * np.sum(layer.weights * layer.weights)",
                                     "layer.weight_regularizer_l2 * np.sum(layer.weights)")],
     "regularization_loss", "regularization", "failed", "np.sum(w) adds them as they are"),
    ("challenge_10_model", [("isinstance(self.layers[-1], Activation_Softmax) and isinstance(self.loss, "
                             "Loss_CategoricalCrossentropy)", "isinstance(self.layers[-1], Activation_Softmax)")],
     "backward_through_the_loss", "model", "failed", "That is the gradient of the combined softmax and categorical"),
    ("challenge_10_model", [("        for layer in reversed(self.layers):\n            layer.backward(layer.next.dinputs)",
                             "        for layer in self.layers:\n            layer.backward(layer.next.dinputs)")],
     "backward_through_the_loss", "model", "error", "a backward pass walks the layers from the last to the first"),
    ("challenge_10_model", [("X[step * batch_size:(step + 1) * batch_size], y[step * batch_size:(step + 1) * batch_size]",
                             "X[step * batch_size:(step + 1) * batch_size], y")],
     "train_in_batches", "model", "error", "met 300 class indices in y_true: the targets are not those"),
    ("challenge_2_shapes", [("    weights = 0.01 * np.random.randn(n_inputs, n_neurons)",
                             "    np.random.seed(0)\n    weights = 0.01 * np.random.randn(n_inputs, n_neurons)")],
     "init_values", "forward", "failed", "Two calls of init_params(60, 50) gave the same weights"),
    ("challenge_10_model", [("output = self.forward(batch_X, training=True)",
                             "output = self.forward(batch_X, training=False)")],
     "train_in_batches", "model", "failed", "every forward pass was told training=False"),
    ("challenge_10_model", [("for epoch in range(1, epochs + 1):", "for epoch in range(1, epochs):")],
     "train_in_batches", "model", "failed", "the loop over the epochs ran one time too few"),
    ("challenge_8_regularization", [("regularization_loss += layer.weight_regularizer_l2",
                                     "regularization_loss = layer.weight_regularizer_l2")],
     "regularization_loss", "regularization", "failed", "a term set with =, regularization_loss = ..., replaces"),
    ("challenge_8_regularization", [("self.dweights += 2 * self.weight_regularizer_l2 * self.weights",
                                     "self.dweights += 2 * self.weight_regularizer_l2 * self.dweights")],
     "backward_l2", "regularization", "failed", "The L2 gradient was built from dweights"),
    ("challenge_8_regularization", [("self.dweights += 2 * self.weight_regularizer_l2 * self.weights",
                                     "self.dweights += 2 * self.weight_regularizer_l2 * np.abs(self.weights)")],
     "backward_l2", "regularization", "failed", "The L2 gradient took the weights' absolute values"),
    ("challenge_8_regularization", [("self.dweights += self.weight_regularizer_l1 * dL1",
                                     "self.dweights += 2 * self.weight_regularizer_l1 * dL1")],
     "backward_l1", "regularization", "failed", "The L1 gradient was doubled"),
    ("challenge_13_regularized_training", [("predictions = np.argmax(network.loss_activation.output, axis=1)",
                                            "predictions = np.argmax(network.loss_activation.output)")],
     "evaluate", "training", "failed", "Not one prediction matched its label: was np.argmax taken without axis=1?"),
    ("challenge_8_regularization", [("self.dinputs = dvalues * self.binary_mask", "self.dinputs = self.binary_mask")],
     "dropout_backward_reuses_the_mask", "backprop", "failed", "self.dinputs is the mask alone"),
    ("challenge_14_binary_and_regression_training",
     [("layer.weights = 0.1 * np.random.randn(*layer.weights.shape)",
       "layer.weights = 0.1 * np.random.randn(*layer.weights.shape)\n"
       "        layer.biases = 0.1 * np.random.randn(*layer.biases.shape)")],
     "regression_initialisation", "training", "failed", "dense1's biases start at values up to"),
    ("challenge_4_loss_debug", [("    return np.mean(predictions == y_true)",
                                 "    return np.sum(predictions == y_true) // len(y_true)")],
     "accuracy_sparse", "loss", "failed", "// rounds the fraction down to a whole number"),
    ("challenge_4_loss_debug", [("        return np.sum(y_pred * y_true, axis=1)",
                                 "        return y_pred[range(len(y_pred)), np.argmax(y_true, axis=0)]")],
     "confidences_onehot", "loss", "error", "np.argmax(..., axis=0) takes the argmax down each column"),
    ("challenge_16_real_dataset", [("os.listdir(os.path.join(path, dataset))", "os.listdir(os.path.join(path, "
                                                                               "\"train\"))"),
                                   ("os.listdir(os.path.join(path, dataset, label))",
                                    "os.listdir(os.path.join(path, \"train\", label))"),
                                   ("Image.open(os.path.join(path, dataset, label, file))",
                                    "Image.open(os.path.join(path, \"train\", label, file))")],
     "load_image_folder", "data", "failed", "Read the folder dataset names"),
    ("challenge_6_optimizers",
     [("self.beta_1 * layer.weight_momentums + (1 - self.beta_1) * layer.dweights",
       "self.beta_1 * layer.weight_momentums + layer.dweights"),
      ("self.beta_1 * layer.bias_momentums + (1 - self.beta_1) * layer.dbiases",
       "self.beta_1 * layer.bias_momentums + layer.dbiases")],
     "adam", "optimizer", "failed", "The momentums' moving average adds the whole gradient"),
    ("challenge_6_optimizers", [("layer.bias_momentums / (1 - self.beta_1 ** (self.iterations + 1))",
                                 "layer.bias_momentums / (1 - self.beta_2 ** (self.iterations + 1))")],
     "adam", "optimizer", "failed", "The momentums' bias correction used beta_2"),
    ("challenge_6_optimizers",
     [("(1 - self.beta_2) * layer.dweights ** 2", "(1 - self.beta_2) * layer.weight_momentums ** 2"),
      ("(1 - self.beta_2) * layer.dbiases ** 2", "(1 - self.beta_2) * layer.bias_momentums ** 2")],
     "adam", "optimizer", "failed", "The cache averaged the squared momentums"),
    ("challenge_14_binary_and_regression_training",
     [("    return np.mean(np.absolute(output - y) < accuracy_precision)",
       "    return np.sum(np.absolute(output - y) < accuracy_precision)")],
     "regression_accuracy", "loss", "failed", "That is how many outputs count as right"),
    ("challenge_11_random_search_and_derivatives",
     [("float(np.max(np.abs(analytic[name] - numeric[name])) / scale)",
       "float(np.mean(np.abs(analytic[name] - numeric[name])) / scale)")],
     "backward_errors_find_wrong_gradients", "backprop", "failed", "That is the mean difference"),
    ("challenge_7_training", [("    return predict, losses", "    return losses, predict")],
     "step_budget", "training", "failed", "predict most likely: the two are swapped"),
    ("challenge_7_training", [("optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-7)",
                               "optimizer = Optimizer_Adam()")],
     "training_step", "training", "failed", "a learning rate of 0.001 (Optimizer_Adam()'s default)"),
    ("challenge_7_training", [("    optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-7)\n",
                               "    optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-7)\n"
                               "    X = X / np.max(np.abs(X))\n")],
     "training_step", "training", "failed", "other values than the X train was given"),
    ("challenge_4_loss_debug", [("    return np.mean(predictions == y_true)",
                                 "    return np.sum(predictions == y_true) / (len(y_true) - 1)")],
     "accuracy_sparse", "loss", "failed", "one less than the samples"),
    ("challenge_4_loss_debug", [("    predictions = np.argmax(y_pred, axis=1)",
                                 "    predictions = np.argmin(y_pred, axis=1)")],
     "accuracy_sparse", "loss", "failed", "least likely class, np.argmin"),
    ("challenge_4_loss_debug", [("    return np.mean(-np.log(correct_confidences(y_pred_clipped, y_true)))",
                                 "    return np.sum(-np.log(correct_confidences(y_pred_clipped, y_true))) / "
                                 "(len(y_pred) - 1)")],
     "cce_sparse", "loss", "failed", "one less than the samples"),
    ("challenge_4_loss_debug", [("np.mean(-np.log(correct_confidences(", "np.mean(-np.log1p(correct_confidences(")],
     "cce_sparse", "loss", "failed", "That is -np.log1p(p)"),
    ("challenge_4_loss_debug", [("        y_true = np.argmax(y_true, axis=1)\n"
                                 "    predictions = np.argmax(y_pred, axis=1)\n"
                                 "    return np.mean(predictions == y_true)",
                                 "        return np.mean(np.eye(y_pred.shape[1])[np.argmax(y_pred, axis=1)] "
                                 "== y_true)\n"
                                 "    predictions = np.argmax(y_pred, axis=1)\n"
                                 "    return np.mean(predictions == y_true)")],
     "accuracy_onehot", "loss", "failed", "the share of one-hot entries that match"),
    ("challenge_14_binary_and_regression_training",
     [("        dense3.forward(activation2.output)", "        dense3.forward(dense2.output)"),
      ("        activation2.backward(dense3.dinputs)\n        dense2.backward(activation2.dinputs)\n"
       "        activation1.backward(dense2.dinputs)\n        dense1.backward(activation1.dinputs)\n\n"
       "        optimizer.pre_update_params()\n        optimizer.update_params(dense1)\n"
       "        optimizer.update_params(dense2)",
       "        dense2.backward(dense3.dinputs)\n"
       "        activation1.backward(dense2.dinputs)\n        dense1.backward(activation1.dinputs)\n\n"
       "        optimizer.pre_update_params()\n        optimizer.update_params(dense1)\n"
       "        optimizer.update_params(dense2)")],
     "regression_step", "training", "failed", "the loss of the network without the ReLU after dense2"),
    ("challenge_14_binary_and_regression_training",
     [("        loss_function.backward(activation2.output, y)", "        loss_function.backward(dense2.output, y)")],
     "binary_step", "training", "failed", "the loss's gradient at dense2.output, the raw scores"),
    ("challenge_14_binary_and_regression_training", [("    if scale_targets:", "    if True:")],
     "split_and_standardize", "data", "failed", "standardised though scale_targets is False"),
    ("challenge_16_real_dataset", [("astype(np.float32) - 127.5) / 127.5", "astype(np.float32) - 255) / 255")],
     "prepare", "data", "failed", "The pixels span [-1, 0]"),
    ("challenge_6_optimizers",
     [("    \"\"\"Per-parameter learning rates, from the sum of all squared gradients so far.\"\"\"\n",
       "    \"\"\"Per-parameter learning rates, from the sum of all squared gradients so far.\"\"\"\n"
       "    caches = {}\n"),
      ("        if not hasattr(layer, 'weight_cache'):\n            layer.weight_cache = np.zeros_like(layer.weights)\n"
       "            layer.bias_cache = np.zeros_like(layer.biases)\n        layer.weight_cache += layer.dweights ** 2",
       "        key = (layer.weights.shape, layer.biases.shape)\n        if key not in self.caches:\n"
       "            self.caches[key] = (np.zeros_like(layer.weights), np.zeros_like(layer.biases))\n"
       "        layer.weight_cache, layer.bias_cache = self.caches[key]\n"
       "        layer.weight_cache += layer.dweights ** 2")],
     "adagrad", "optimizer", "failed", "keeps its memory in caches, on the optimizer (or its class)"),
    ("challenge_11_random_search_and_derivatives",
     [("scale = max(np.max(np.abs(analytic[name])), np.max(np.abs(numeric[name])), 1e-12)",
       "scale = max(np.max(np.abs(numeric[name])), 1e-12)")],
     "backward_errors_find_wrong_gradients", "backprop", "failed", "divided by the numerical gradient's largest"),
    ("challenge_18_attention", [("        model.forward(batch_X)\n",
                                 "        model.forward(batch_X, causal_mask(batch_X.shape[1]))\n")],
     "training_recipe", "training", "failed", "and that no mask is given"),
    ("challenge_15_complete_model", [("    def forward(self, inputs, training=True):\n",
                                      "    def forward(self, inputs):\n")],
     "layer_input", "model", "error", "give each layer's forward that argument"),
    # Weights that are not each drawn on their own: one column for every neuron, one row for every input.
    ("challenge_1_forward_pass", [("np.random.randn(n_inputs, n_neurons)", "np.tile(np.random.randn(n_inputs, 1), (1, n_neurons))")],
     "dense_init_values", "forward", "failed", "50 of the 50 neurons of Layer_Dense(60, 50) start with the same weights (equal columns"),
    ("challenge_1_forward_pass", [("np.random.randn(n_inputs, n_neurons)", "np.tile(np.random.randn(1, n_neurons), (n_inputs, 1))")],
     "dense_init_values", "forward", "failed", "inputs of Layer_Dense(60, 50) start with the same weights (equal rows"),
    ("challenge_2_shapes", [("np.random.randn(n_inputs, n_neurons)", "np.repeat(np.random.randn(n_inputs, 1), n_neurons, axis=1)")],
     "init_values", "forward", "failed", "neurons that start alike get the same gradients and stay alike"),
    # Arrays the caller gave, changed in place.
    ("challenge_2_shapes", [("    return x.reshape(1, -1) if x.ndim == 1 else x\n",
                             "    if x.ndim == 1:\n        x.shape = (1, x.size)\n    return x\n")],
     "as_batch_sample", "shape", "failed", "The sample given to as_batch changed shape from (4,) to (1, 4)"),
    ("challenge_2_shapes", [("    return np.dot(inputs, weights) + biases\n",
                             "    biases += 0.5\n    return np.dot(inputs, weights) + biases - 0.5\n")],
     "dense_forward", "forward", "failed", "The biases given to dense_forward were modified"),
    ("challenge_1_forward_pass", [("        self.output = np.dot(inputs, self.weights) + self.biases\n",
                                   "        self.output = np.dot(inputs, self.weights) + self.biases\n        inputs *= 2\n")],
     "dense_forward", "forward", "failed", "The inputs given to Layer_Dense.forward were modified"),
    ("challenge_1_forward_pass", [("        self.output = np.dot(inputs, self.weights) + self.biases\n",
                                   "        self.output = np.dot(inputs, self.weights) + self.biases\n        self.biases += 1\n")],
     "dense_forward", "forward", "failed", "self.biases after a call of Layer_Dense.forward was modified"),
    # An evaluate that runs backward on the validation data.
    ("challenge_10_model", [("            predictions = self.output_layer_activation.predictions(output)\n            self.accuracy.calculate(predictions, batch_y)\n        validation_loss",
                             "            predictions = self.output_layer_activation.predictions(output)\n            self.accuracy.calculate(predictions, batch_y)\n            self.backward(output, batch_y)\n        validation_loss")],
     "evaluate", "model", "failed", "changed the layers' gradients (dweights, dbiases, dinputs), so backward ran"),
    ("challenge_15_complete_model", [("            predictions = self.output_layer_activation.predictions(output)\n            self.accuracy.calculate(predictions, batch_y)\n        validation_loss",
                                      "            predictions = self.output_layer_activation.predictions(output)\n            self.accuracy.calculate(predictions, batch_y)\n            self.backward(output, batch_y)\n        validation_loss")],
     "evaluate", "training", "error", "evaluate called backward after its forward pass with training=False"),
    # A step per trainable layer: pre_update_params and post_update_params inside the loop over the layers.
    ("challenge_10_model", [("                self.optimizer.pre_update_params()\n                for layer in self.trainable_layers:\n                    self.optimizer.update_params(layer)\n                self.optimizer.post_update_params()\n",
                             "                for layer in self.trainable_layers:\n                    self.optimizer.pre_update_params()\n                    self.optimizer.update_params(layer)\n                    self.optimizer.post_update_params()\n")],
     "train_whole_batch", "model", "failed", "That is 2 steps for every batch, one per trainable layer"),
    # The book's default written in where the optimizer's own setting belongs.
    ("challenge_6_optimizers", [("weight_updates = self.momentum * layer.weight_momentums", "weight_updates = 0.9 * layer.weight_momentums"),
                                ("bias_updates = self.momentum * layer.bias_momentums", "bias_updates = 0.9 * layer.bias_momentums")],
     "sgd_momentum_with_decay", "optimizer", "failed", "These are the steps of momentum=0.9, not of the momentum=0.8"),
    ("challenge_6_optimizers", [("layer.weight_cache = self.rho * layer.weight_cache + (1 - self.rho)", "layer.weight_cache = 0.9 * layer.weight_cache + (1 - 0.9)"),
                                ("layer.bias_cache = self.rho * layer.bias_cache + (1 - self.rho)", "layer.bias_cache = 0.9 * layer.bias_cache + (1 - 0.9)")],
     "rmsprop", "optimizer", "failed", "These are the steps of rho=0.9, the book's default, not of the rho=0.8"),
    # The validation line written otherwise than the book's.
    ("challenge_10_model", [('print(f"validation, acc: {validation_accuracy:.3f}, loss: {validation_loss:.3f}")', 'print(f"validation, acc: {validation_accuracy * 100:.1f}, loss: {validation_loss:.3f}")')],
     "evaluate", "model", "failed", 'That is the accuracy as a percentage'),
    ("challenge_10_model", [('print(f"validation, acc: {validation_accuracy:.3f}, loss: {validation_loss:.3f}")', 'print(f"validation, acc: {validation_loss:.3f}, loss: {validation_accuracy:.3f}")')],
     "evaluate", "model", "failed", 'The two figures are swapped'),
    ("challenge_10_model", [('print(f"validation, acc: {validation_accuracy:.3f}, loss: {validation_loss:.3f}")', 'print(f"validation, acc: {validation_accuracy:.0f}, loss: {validation_loss:.0f}")')],
     "evaluate", "model", "failed", 'Those are the right figures with fewer decimals'),
    ("challenge_10_model", [("            pickle.dump(self.get_parameters(), f)", "            pickle.dump(self, f)")],
     "parameters_round_trip", "model", "failed", "load_parameters failed on the file save_parameters wrote, which holds an object of type Model"),
    ("challenge_1_forward_pass", [("        self.output = np.maximum(0, inputs)", "        self.output = np.where(inputs > 1e-3, inputs, 0)")],
     "relu_forward", "activation", "failed", "An input just above 0 (0.0001) became 0"),
    # Decay and momentum rules from other sources; a bias line copied from the weights' line.
    ("challenge_6_optimizers", [("self.current_learning_rate = self.learning_rate * (1. / (1. + self.decay * self.iterations))",
                                 "self.current_learning_rate = self.learning_rate * (1. - self.decay) ** self.iterations")],
     "sgd_decay", "optimizer", "failed", "The rate was multiplied by 1 - decay at every step"),
    ("challenge_6_optimizers", [("weight_updates = self.momentum * layer.weight_momentums - self.current_learning_rate * layer.dweights",
                                 "weight_updates = self.momentum * layer.weight_momentums - (1 - self.momentum) * self.current_learning_rate * layer.dweights")],
     "sgd_momentum", "optimizer", "failed", "The gradient was scaled by 1 - momentum"),
    ("challenge_6_optimizers", [("            layer.weight_momentums = weight_updates\n", "            layer.weight_momentums = -layer.dweights\n")],
     "sgd_momentum", "optimizer", "failed", "layer.weight_momentums kept the negative gradient, not the update"),
    ("challenge_6_optimizers", [("bias_momentums_corrected / (np.sqrt(bias_cache_corrected) + self.epsilon)",
                                 "bias_momentums_corrected / (np.sqrt(weight_cache_corrected[:1]) + self.epsilon)")],
     "adam", "optimizer", "failed", "The weights step right with the same rule: compare each bias line with its weight line"),
    # Sizes written in, or an array kept from the first call: a batch of another shape shows them.
    ("challenge_5_backprop", [("            single_output = single_output.reshape(-1, 1)\n", "            single_output = single_output.reshape(3, 1)\n")],
     "softmax_backward", "backprop", "failed", "Activation_Softmax.backward on a batch of 3 samples of 5 values raised"),
    ("challenge_5_backprop", [("        self.dinputs = dvalues.copy()\n        self.dinputs[self.inputs <= 0] = 0\n",
                               "        if not hasattr(self, 'dinputs'):\n            self.dinputs = np.empty_like(dvalues)\n        self.dinputs[...] = dvalues\n        self.dinputs[self.inputs <= 0] = 0\n")],
     "relu_backward", "backprop", "failed", "Does backward write into an array the first call made"),
    ("challenge_8_regularization", [("            dL1 = np.ones_like(self.weights)", "            dL1 = np.ones((4, 3))")],
     "backward_l1", "regularization", "failed", "The backward pass of a Layer_Dense(2, 5) with L1 penalties raised"),
    ("challenge_8_regularization", [("size=inputs.shape) / self.rate", "size=(200, 50)) / self.rate")],
     "dropout_draws_a_new_mask_each_pass", "regularization", "failed", "Layer_Dropout.forward on inputs of shape (120, 30), after inputs of shape (200, 50), raised"),
    ("challenge_11_random_search_and_derivatives", [("    return dense1, dense2, lowest_losses", "    return lowest_losses")],
     "random_search_keeps_the_lowest", "training", "failed", "random_search returned a list of 400; it returns three things"),
    # Combined backward, dense backward and L2 slips a learner pass found unnamed.
    ("challenge_5_backprop", [("        self.dinputs[range(samples), y_true] -= 1\n        self.dinputs = self.dinputs / samples\n",
                               "        self.dinputs = self.dinputs / samples\n        self.dinputs[range(samples), y_true] -= 1\n")],
     "combined_backward", "backprop", "failed", "The division by the samples came before 1 was subtracted"),
    ("challenge_5_backprop", [("        self.dinputs[range(samples), y_true] -= 1\n", "        self.dinputs[y_true] -= 1\n")],
     "combined_backward", "backprop", "failed", "dinputs[y_true] -= 1 picked whole rows"),
    ("challenge_8_regularization", [("regularization_loss += layer.weight_regularizer_l2 * np.sum(layer.weights * layer.weights)",
                                     "regularization_loss += 2 * layer.weight_regularizer_l2 * np.sum(layer.weights * layer.weights)")],
     "regularization_loss", "regularization", "failed", "That is twice the penalty: 2 * lambda belongs to the gradient"),
    ("challenge_8_regularization", [("regularization_loss += layer.weight_regularizer_l2 * np.sum(layer.weights * layer.weights)",
                                     "regularization_loss += layer.weight_regularizer_l2 * np.linalg.norm(layer.weights)")],
     "regularization_loss", "regularization", "failed", "np.linalg.norm(w) is the root of the sum of the squares"),
    ("challenge_8_regularization", [("            self.dweights += 2 * self.weight_regularizer_l2 * self.weights",
                                     "            self.dweights += 4 * self.weight_regularizer_l2 * self.weights")],
     "backward_l2", "regularization", "failed", "The L2 gradient was doubled, 4 * lambda * w"),
    ("challenge_9_binary_and_regression", [("        return np.mean((y_true - y_pred) ** 2, axis=-1)", "        return np.mean((y_true - y_pred) ** 2)")],
     "mse_forward", "loss", "failed", "np.mean without an axis averages every value"),
    ("challenge_9_binary_and_regression", [("        self.dinputs = dvalues * (1 - self.output) * self.output", "        self.dinputs = dvalues * (1 - dvalues)")],
     "sigmoid_backward", "backprop", "failed", "That is dvalues · (1 - dvalues)"),
    ("challenge_9_binary_and_regression", [("        sample_losses = -(y_true * np.log(y_pred_clipped)\n                          + (1 - y_true) * np.log(1 - y_pred_clipped))",
                                            "        sample_losses = -((1 - y_true) * np.log(y_pred_clipped)\n                          + y_true * np.log(1 - y_pred_clipped))")],
     "bce_forward", "loss", "failed", "y_true and 1 - y_true are swapped"),
    ("challenge_11_random_search_and_derivatives", [("scale = max(np.max(np.abs(analytic[name])), np.max(np.abs(numeric[name])), 1e-12)",
                                                     "scale = max(np.max(np.abs(analytic[name])), 1e-12)")],
     "backward_errors_find_wrong_gradients", "backprop", "failed", "divided by the analytic gradient's largest magnitude alone"),
    ("challenge_3_activations", [("def leaky_relu(inputs, alpha=0.01):", "def leaky_relu(inputs, *, alpha=0.01):")],
     "leaky_relu_alpha", "activation", "error", "a parameter after a bare * (keyword-only)"),
    ("challenge_3_activations", [("    exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))",
                                  "    exp_values = np.exp(inputs) / np.exp(np.max(inputs, axis=1, keepdims=True))")],
     "softmax_large_logits", "activation", "failed", "whatever is done after np.exp comes too late"),
    # Sizes the other calls share, written in: a call of another size shows them.
    ("challenge_2_shapes", [("    return np.dot(np.array(inputs), np.array(neuron_weights).T) + biases",
                             "    return np.dot(np.array(inputs), np.array(neuron_weights).T) + np.array(biases).reshape(1, 3)")],
     "neuron_rows", "forward", "failed", "Is the number of neurons written into the code"),
    ("challenge_1_forward_pass", [("            correct_confidences = y_pred_clipped[range(samples), y_true]",
                                   "            correct_confidences = np.sum(y_pred_clipped * np.eye(3)[y_true], axis=1)")],
     "cce_sparse", "loss", "failed", "Loss_CategoricalCrossentropy.forward on 5 samples of 4 classes raised IndexError"),
    ("challenge_4_loss_debug", [("    return y_pred[range(len(y_pred)), y_true]", "    return np.sum(y_pred * np.eye(3)[y_true], axis=1)")],
     "confidences_sparse", "loss", "failed", "correct_confidences for 5 samples of 4 classes raised IndexError"),
    ("challenge_8_regularization", [("        self.rate = 1 - rate", "        self.rate = 0.7")],
     "dropout_drops_the_right_share", "regularization", "failed", "Is a rate written into the code, in __init__ or in forward?"),
    ("challenge_13_regularized_training", [("        self.rate = 1 - rate", "        self.rate = 0.7")],
     "dropout_while_training", "regularization", "failed", "Is a rate written into the code, in __init__ or in forward?"),
    ("challenge_12_validation_and_preprocessing", [("for train, validation in k_fold(len(X), k)]", "for train, validation in k_fold(len(X), 4)]")],
     "cross_validate", "data", "failed", "cross_validate(X, y, 5, fit, score) called fit 4 times"),
    ("challenge_12_validation_and_preprocessing", [("    mean, std = X_train.mean(axis=0), X_train.std(axis=0)",
                                                    "    global _KEPT\n    _KEPT = globals().get('_KEPT') or (X_train.mean(axis=0), X_train.std(axis=0))\n    mean, std = _KEPT")],
     "standardize_with_training_statistics", "data", "failed", "scaled with the statistics of the first call's X_train"),
    ("challenge_14_binary_and_regression_training", [("    n_test = int(len(X) * test)", "    n_test = int(len(X) * 0.2)")],
     "split_and_standardize", "data", "failed", "is the share held out written into the code?"),
    ("challenge_9_binary_and_regression", [("        return np.mean(sample_losses, axis=-1)", "        return np.sum(sample_losses, axis=-1) / 2")],
     "bce_forward", "loss", "failed", "Is the number of outputs written into the code"),
    ("challenge_9_binary_and_regression", [("        return np.mean(np.abs(y_true - y_pred), axis=-1)", "        return np.sum(np.abs(y_true - y_pred), axis=-1) / 2")],
     "mae_forward", "loss", "failed", "Is the number of outputs written into the code"),
    ("challenge_15_complete_model", [("    steps = samples // batch_size\n    return steps + 1 if steps * batch_size < samples else steps",
                                      "    return samples // batch_size + 1")],
     "evaluate", "training", "failed", "where the samples divide evenly into batches, there is no partial batch to add"),
    ("challenge_17_convolution", [("self.dinputs = col2im(dcolumns, self.inputs.shape, self.kernel_size, self.stride, self.padding)",
                                   "self.dinputs = col2im(dcolumns, self.inputs.shape, 3, self.stride, self.padding)")],
     "conv_backward_dinputs", "convolution", "failed", "Is a kernel size, stride or padding written into the code?"),
    ("challenge_17_convolution", [("self.dinputs = col2im(dcolumns, self.inputs.shape, self.kernel_size, self.stride, self.padding)",
                                   "self.dinputs = col2im(dcolumns, self.inputs.shape, self.kernel_size, self.stride, 1)")],
     "conv_backward_dinputs", "convolution", "failed", "Is a kernel size, stride or padding written into the code?"),
    ("challenge_18_attention", [("np.matmul(q, k.swapaxes(-1, -2)) / np.sqrt(q.shape[-1])", "np.matmul(q, k.swapaxes(-1, -2)) / np.sqrt(3)")],
     "attention_forward", "attention", "failed", "Is d_k written into the code (np.sqrt(3), say)?"),
    ("challenge_18_attention", [("    vocabulary = int(max(X.max(), Y.max())) + 1", "    vocabulary = 8")],
     "step_budget", "training", "failed", "Is the vocabulary written into the code,"),
    ("challenge_18_attention", [("    angles = positions / 10000 ** (2 * (np.arange(d_model) // 2) / d_model)\n    encoding = np.sin(angles)\n    encoding[:, 1::2] = np.cos(angles[:, 1::2])",
                                 "    encoding = np.zeros((length, d_model))\n    angles = positions / 10000 ** (np.arange(0, d_model, 2) / d_model)\n    encoding[:, 0::2] = np.sin(angles)\n    encoding[:, 1::2] = np.cos(angles)")],
     "positional_encoding", "forward", "failed", "which differ in size for an odd d_model"),
    ("challenge_7_training", [("        dense1.forward(X)", "        dense1.forward(X[:300])")],
     "training_step", "training", "failed", "train on 600 samples raised"),
    ("challenge_1_forward_pass", [("0.01 * np.random.randn(n_inputs, n_neurons)", "0.01 * np.abs(np.random.randn(n_inputs, n_neurons))")],
     "dense_init_values", "forward", "failed", "Every weight is positive: np.abs or a square made the draws one-sided"),
    ("challenge_1_forward_pass", [("        return np.mean(sample_losses)", "        return np.sum(sample_losses) / output.shape[1]")],
     "loss_calculate", "loss", "failed", "That is the sum of the per-sample losses divided by the 3 classes"),
    ("challenge_12_validation_and_preprocessing", [("    mean, std = X_train.mean(axis=0), X_train.std(axis=0)", "    mean, std = np.median(X_train, axis=0), X_train.std(axis=0)")],
     "standardize_with_training_statistics", "data", "failed", "The values were centred on the median"),
    ("challenge_12_validation_and_preprocessing", [("    return [score(fit(X[train], y[train])", "    X = (X - X.mean(axis=0)) / X.std(axis=0)\n    return [score(fit(X[train], y[train])")],
     "cross_validate", "data", "failed", "rows of X standardised as a whole, before the folds"),
    ("challenge_4_loss_debug", [("        return np.sum(y_pred * y_true, axis=1)", "        return y_pred[range(len(y_pred)), (y_true @ np.arange(3)).astype(int)]")],
     "confidences_onehot", "loss", "failed", "correct_confidences for 5 samples of 4 one-hot classes raised"),
    ("challenge_11_random_search_and_derivatives", [("        errors[name] = float(", "        errors[name[1:]] = float(")],
     "backward_errors_pass_a_correct_layer", "backprop", "failed", "backward_errors returned a dict with the keys 'biases', 'inputs', 'weights'"),
    ("challenge_3_activations", [("    return np.where(inputs > 0, inputs, alpha * inputs)", "    return np.maximum(inputs, alpha * inputs)")],
     "leaky_relu_alpha", "activation", "failed", "np.maximum(x, alpha * x) is the leaky ReLU only for alpha below 1"),
    # An epoch validated before its own summary is printed: the numbers are right, the order is not the book's.
    ("challenge_10_model", [("            print(f\"training, acc: {epoch_accuracy:.3f}, loss: {epoch_loss:.3f} "
                             "(data_loss: {epoch_data_loss:.3f}, \"\n"
                             "                  f\"reg_loss: {epoch_regularization_loss:.3f}), lr: "
                             "{self.optimizer.current_learning_rate}\")\n"
                             "            if validation_data is not None:\n"
                             "                self.evaluate(*validation_data, batch_size=batch_size)\n",
                             "            if validation_data is not None:\n"
                             "                self.evaluate(*validation_data, batch_size=batch_size)\n"
                             "            print(f\"training, acc: {epoch_accuracy:.3f}, loss: {epoch_loss:.3f} "
                             "(data_loss: {epoch_data_loss:.3f}, \"\n"
                             "                  f\"reg_loss: {epoch_regularization_loss:.3f}), lr: "
                             "{self.optimizer.current_learning_rate}\")\n")],
     "validation_every_epoch", "model", "failed", "printed a validation line before that epoch's training summary"),
    ("challenge_15_complete_model", [("            print(f\"training, acc: {epoch_accuracy:.3f}, loss: "
                                      "{epoch_loss:.3f} (data_loss: {epoch_data_loss:.3f}, \"\n"
                                      "                  f\"reg_loss: {epoch_regularization_loss:.3f}), lr: "
                                      "{self.optimizer.current_learning_rate}\")\n"
                                      "            if validation_data is not None:\n"
                                      "                self.evaluate(*validation_data, batch_size=batch_size)\n",
                                      "            if validation_data is not None:\n"
                                      "                self.evaluate(*validation_data, batch_size=batch_size)\n"
                                      "            print(f\"training, acc: {epoch_accuracy:.3f}, loss: "
                                      "{epoch_loss:.3f} (data_loss: {epoch_data_loss:.3f}, \"\n"
                                      "                  f\"reg_loss: {epoch_regularization_loss:.3f}), lr: "
                                      "{self.optimizer.current_learning_rate}\")\n")],
     "train_categorical", "training", "failed", "printed a validation line before that epoch's training summary"),
    ("challenge_16_real_dataset", [("    confidences = model.predict(prepare(image[np.newaxis]))",
                                    "    confidences = model.predict(prepare(image.reshape(1, 64)))")],
     "predict_label", "training", "failed", "a size written for the digits' 8 x 8 (64) fits no other dataset"),
    # The general backward path without its first step, or walking from the layer before the last as the combined
    # path does.
    ("challenge_10_model", [("        self.loss.backward(output, y)\n        for layer in reversed(self.layers):",
                             "        for layer in reversed(self.layers):")],
     "backward_through_the_loss", "model", "error", "The loss's own backward sets it, and Model.backward had not called"),
    ("challenge_10_model", [("        self.loss.backward(output, y)\n        for layer in reversed(self.layers):",
                             "        self.loss.backward(output, y)\n        for layer in reversed(self.layers[:-1]):")],
     "backward_through_the_loss", "model", "error", "it began at the layer before the last, reversed(self.layers[:-1])"),
    ("challenge_11_random_search_and_derivatives", [("    return (f(x + h) - f(x - h)) / (2 * h)",
                                                     "    return np.array([(f(x + h) - f(x - h)) / (2 * h)])")],
     "numerical_derivative", "backprop", "failed", "returned an array of one element, shape (1,), for each number x"),
    ("challenge_11_random_search_and_derivatives", [("    for index in np.ndindex(x.shape):",
                                                     "    for index in [(i, j) for i in range(x.shape[0]) "
                                                     "for j in range(x.shape[1])]:")],
     "numerical_gradient", "backprop", "failed", "for a (5,) array, where it ran for a (3, 4) one"),
    ("challenge_5_backprop", [("        self.dinputs[range(samples), y_true] -= 1",
                               "        self.dinputs.flat[np.arange(samples) * 3 + y_true] -= 1")],
     "combined_backward", "backprop", "failed", "subtracted at flat positions counted in rows of 3"),
    ("challenge_14_binary_and_regression_training", [("    n_test = int(len(X) * test)", "    n_test = len(X) * test")],
     "split_and_standardize", "data", "error", "a product or a quotient such as len(X) * test or len(X) / 2 is a float"),
    ("challenge_15_complete_model", [("        with open(path, \"rb\") as f:\n            return pickle.load(f)",
                                      "        with open(path, \"rb\") as f:\n            model = pickle.load(f)")],
     "save_and_load", "training", "failed", "though the file save wrote holds the Model (save is right)"),
    ("challenge_15_complete_model", [('        print(f"validation, acc: {validation_accuracy:.3f}',
                                      '        print(f"validation accuracy: {validation_accuracy:.3f}')],
     "evaluate", "training", "failed", "The last line it printed was 'validation accuracy: "),
    ("challenge_16_real_dataset", [("    X, y = X[keys], y[keys]", "    X = X[keys]")],
     "trains_on_the_digits", "training", "failed", "That is about chance, one digit in 10"),
    ("challenge_7_training", [("        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)",
                               "        dbiases = np.sum(dvalues, axis=0, keepdims=True)")],
     "training_step", "training", "error", "Layer_Dense.backward assigns dbiases as a local name, dbiases = ..."),
    ("challenge_7_training", [("        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)",
                               "        self.dbiases = np.sum(dvalues, axis=0, keepdims=True) / len(dvalues)")],
     "training_step", "training", "failed", "dense2.dbiases in the first step"),
    ("challenge_7_training", [("    return predict, losses", "    return predict, losses[-1:]")],
     "training_step", "training", "failed", "the list kept a later step's loss alone"),
    ("challenge_16_real_dataset", [("    return (X.reshape(X.shape[0], -1).astype(np.float32) - 127.5) / 127.5",
                                    "    X = np.asarray(X, dtype=np.float32).reshape(X.shape[0], -1)\n"
                                    "    X -= 127.5\n    X /= 127.5\n    return X")],
     "prepare", "data", "failed", "The float32 images given to prepare were modified"),
    # trainable_layers started in __init__, not in finalize: a second finalize lists every layer twice.
    ("challenge_10_model", [("    def finalize(self):\n        self.input_layer = Layer_Input()\n"
                             "        layer_count = len(self.layers)\n        self.trainable_layers = []\n",
                             "    def finalize(self):\n        self.input_layer = Layer_Input()\n"
                             "        layer_count = len(self.layers)\n        self.trainable_layers = "
                             "getattr(self, 'trainable_layers', [])\n")],
     "finalize_again", "model", "failed", "After a second model.finalize(), model.trainable_layers holds 4 layers"),
    ("challenge_15_complete_model", [("        layer_count = len(self.layers)\n        self.trainable_layers = []\n",
                                      "        layer_count = len(self.layers)\n        self.trainable_layers = "
                                      "getattr(self, 'trainable_layers', [])\n")],
     "finalize_again", "model", "failed", "holds the layers at positions [0, 3, 0, 3]"),
    ("challenge_18_attention", [("            scores = np.where(mask, scores, MASK_VALUE)",
                                 "            scores = scores + (1 - mask) * MASK_VALUE")],
     "attention_masked", "attention", "failed", "MASK_VALUE was added to the hidden scores"),
    ("challenge_18_attention", [("    vocabulary = int(max(X.max(), Y.max())) + 1",
                                 "    vocabulary = len(np.unique(np.concatenate([X, Y])))")],
     "step_budget", "training", "failed", "counted from the tokens seen (len(np.unique(...)))"),
    ("challenge_18_attention", [("    vocabulary = int(max(X.max(), Y.max())) + 1", "    vocabulary = int(Y.max()) + 1")],
     "step_budget", "training", "failed", "9 only in one input sequence"),
    ("challenge_14_binary_and_regression_training",
     [("    X_train, y_train, X_test, y_test = X[n_test:], y[n_test:], X[:n_test], y[:n_test]",
       "    X_train, y_train, X_test, y_test = X[:-n_test], y[:-n_test], X[-n_test:], y[-n_test:]")],
     "split_and_standardize", "data", "failed", "A slice from the end, X[-n_test:], is the whole of X when n_test is 0"),
    ("challenge_14_binary_and_regression_training", [("    mean, std = X_train.mean(axis=0), X_train.std(axis=0)",
                                                      "    mean, std = X_train.mean(axis=0), X_train.std()")],
     "split_and_standardize", "data", "failed", "divided by one standard deviation of the whole array"),
    ("challenge_18_attention", [("self.embedding.output.reshape(batch, length, self.d_model) + self.positions[:length]",
                                 "self.embedding.output.reshape(batch, length, self.d_model) + self.positions")],
     "transformer_shorter_sequences", "model", "failed", "self.positions[:length] with length = tokens.shape[1]"),
    ("challenge_12_validation_and_preprocessing", [("    folds = np.array_split(np.arange(n_samples), k)",
                                                    "    folds = np.array_split(np.arange(n_samples), k)[::-1]")],
     "k_fold_validates_every_sample_once", "data", "failed", "They come last first"),
    ("challenge_12_validation_and_preprocessing", [("    folds = np.array_split(np.arange(n_samples), k)",
                                                    "    folds = [np.arange(n_samples)[i::k] for i in range(k)]")],
     "k_fold_validates_every_sample_once", "data", "failed", "Each fold is a run of consecutive indices"),
    ("challenge_11_random_search_and_derivatives", [
        ("    for index in np.ndindex(x.shape):\n        kept = x[index]\n        x[index] = kept + h\n"
         "        above = f(x)\n        x[index] = kept - h\n        below = f(x)\n        x[index] = kept\n"
         "        gradient[index] = (above - below) / (2 * h)",
         "    flat, flat_gradient = x.reshape(-1), gradient.reshape(-1)\n    for i in range(flat.size):\n"
         "        kept = flat[i]\n        flat[i] = kept + h\n        above = f(x)\n        flat[i] = kept - h\n"
         "        below = f(x)\n        flat[i] = kept\n        flat_gradient[i] = (above - below) / (2 * h)")],
     "numerical_gradient", "backprop", "failed", "x.reshape(-1) (or x.ravel()) is a view only where x is stored row"),
    ("challenge_10_model", [("                if not step % print_every or step == train_steps - 1:",
                             "                if not step % print_every or step == train_steps - 2:")],
     "train_reports_progress", "model", "failed", "printed step lines at steps 0, 4, 8; expected 0, 4, 8, 9"),
    ("challenge_10_model", [("                if not step % print_every or step == train_steps - 1:",
                             "                if False:")],
     "train_reports_progress", "model", "failed", "printed no step line like"),
    ("challenge_15_complete_model", [("                if not step % print_every or step == train_steps - 1:",
                                      "                if False:")],
     "train_regression", "training", "failed", "printed no step line like 'step: 0, acc: 0.850"),
    ("challenge_4_loss_debug", [("        return np.sum(y_pred * y_true, axis=1)",
                                 "        return np.sum(np.clip(y_pred, 1e-7, 1 - 1e-7) * y_true, axis=1)")],
     "confidences_unclipped", "loss", "failed", "exactly 0 and 1 for one-hot targets"),
    ("challenge_8_regularization", [("        self.dinputs = dvalues * self.binary_mask",
                                     "        self.dinputs = dvalues * (self.output > 0) / self.rate")],
     "dropout_backward_reuses_the_mask", "backprop", "failed", "For inputs below 0 (dvalues of 1)"),
    ("challenge_8_regularization", [("        self.dinputs = dvalues * self.binary_mask",
                                     "        self.dinputs = dvalues * (self.output != 0) / self.rate")],
     "dropout_backward_reuses_the_mask", "backprop", "failed", "For inputs of exactly 0"),
    ("challenge_8_regularization", [("        self.dweights = np.dot(self.inputs.T, dvalues)",
                                     "        self.dweights = getattr(self, 'dweights', 0) + np.dot(self.inputs.T, "
                                     "dvalues)")],
     "backward_gradcheck", "regularization", "failed", "That is the first pass's dweights and the second's added"),
    ("challenge_2_shapes", [("    x = np.asarray(x)", "    if isinstance(x, list):\n        return np.array([x])\n"
                                                     "    x = np.asarray(x)")],
     "as_batch_batch", "shape", "failed", "as_batch of a batch written as a list of 3 lists of 4"),
    ("challenge_6_optimizers", [
        ("            if not hasattr(layer, 'weight_momentums'):\n"
         "                layer.weight_momentums = np.zeros_like(layer.weights)\n"
         "                layer.bias_momentums = np.zeros_like(layer.biases)\n"
         "            weight_updates = self.momentum * layer.weight_momentums - self.current_learning_rate * "
         "layer.dweights\n"
         "            layer.weight_momentums = weight_updates\n"
         "            bias_updates = self.momentum * layer.bias_momentums - self.current_learning_rate * layer.dbiases\n"
         "            layer.bias_momentums = bias_updates",
         "            self.momentums = getattr(self, 'momentums', {})\n"
         "            key = layer.weights.shape\n"
         "            if key not in self.momentums:\n"
         "                self.momentums[key] = [np.zeros_like(layer.weights), np.zeros_like(layer.biases)]\n"
         "            weight_updates = self.momentum * self.momentums[key][0] - self.current_learning_rate * "
         "layer.dweights\n"
         "            bias_updates = self.momentum * self.momentums[key][1] - self.current_learning_rate * "
         "layer.dbiases\n"
         "            self.momentums[key] = [weight_updates, bias_updates]")],
     "sgd_momentum_with_decay", "optimizer", "failed", "a dict of arrays is shared by layers of one shape"),
    ("challenge_7_training", [("        dense2.backward(loss_activation.dinputs)\n        activation1.backward(dense2.dinputs)\n",
                               "        activation1.backward(dense2.dinputs)\n        dense2.backward(loss_activation.dinputs)\n")],
     "training_step", "training", "error", "a backward pass runs from the loss back to the first layer"),
    ("challenge_17_convolution", [("    padded = np.zeros((n_samples, channels, height + 2 * padding, width + 2 * padding))",
                                   "    padded = np.zeros((n_samples, channels, (out_h - 1) * stride + kernel_size, "
                                   "(out_w - 1) * stride + kernel_size))")],
     "col2im", "convolution", "failed", "not into the area they cover, (out - 1) * stride + k"),
    ("challenge_12_validation_and_preprocessing", [("    keys = np.array(range(X.shape[0]))\n    np.random.shuffle(keys)",
                                                    "    keys = np.roll(np.arange(X.shape[0]), "
                                                    "np.random.randint(1, X.shape[0]))")],
     "shuffle_keeps_pairs", "data", "failed", "only rotated to start at sample"),
    ("challenge_14_binary_and_regression_training", [("    mean, std = X_train.mean(axis=0), X_train.std(axis=0)",
                                                      "    mean, std = X_train.mean(axis=1, keepdims=True), "
                                                      "X_train.std(axis=1, keepdims=True)")],
     "split_and_standardize", "data", "error", "statistics per feature are taken down the samples"),
    # The mask indexed onto the axes after the first: right for 3-D scores alone.
    ("challenge_18_attention", [("scores = np.where(mask, scores, MASK_VALUE)", "scores[:, ~mask] = MASK_VALUE")],
     "attention_masked", "attention", "failed", "scores[:, ~mask] puts the mask on the axes after the first"),
    ("challenge_18_attention", [("self.dbeta = np.sum(dvalues.reshape(-1, features), axis=0, keepdims=True)",
                                 "self.dbeta = np.sum(dvalues, axis=(0, 1)).reshape(1, -1)")],
     "layernorm_backward", "backprop", "failed", "dbeta was summed over axes (0, 1)"),
    ("challenge_18_attention", [("        start = step * batch_size % len(X)\n", "        start = step * 32 % len(X)\n"),
                                ("X[start:start + batch_size], Y[start:start + batch_size]",
                                 "X[start:start + 32], Y[start:start + 32]")],
     "step_budget", "training", "failed", "batch_size being train's argument"),
    ("challenge_18_attention", [("def train(X, Y, steps=150, batch_size=32):",
                                 "def train(X, Y, steps=150, batch_size=32, optimizer=Optimizer_Adam(learning_rate=0.01)):"),
                                ("    optimizer = Optimizer_Adam(learning_rate=0.01)\n", "")],
     "training_recipe", "training", "failed", "builds an Optimizer_Adam when it is imported"),
    ("challenge_17_convolution", [("def train(X, y, steps=80, batch_size=64):",
                                   "OPTIMIZER = Optimizer_Adam(learning_rate=0.02)\n\n\ndef train(X, y, steps=80, batch_size=64):"),
                                  ("    optimizer = Optimizer_Adam(learning_rate=0.02)\n",
                                   "    optimizer = OPTIMIZER\n")],
     "training_recipe", "training", "failed", "builds an Optimizer_Adam when it is imported"),
    ("challenge_16_real_dataset", [("return (X.reshape(X.shape[0], -1).astype(np.float32) - 127.5) / 127.5",
                                    "X = X.reshape(X.shape[0], -1).astype(np.float32)\n    return X / X.max() * 2 - 1")],
     "prepare", "data", "failed", "scaled by the images' own range"),
    ("challenge_16_real_dataset", [("os.path.isdir(os.path.join(path, FOLDER))",
                                    "os.path.isdir(os.path.join(path, 'train'))"),
                                   ("folder = os.path.join(path, FOLDER)", "folder = path")],
     "load_dataset_finds_the_data", "data", "failed", "path is the folder that holds fashion_mnist_images"),
    ("challenge_5_backprop", [("        self.inputs = inputs\n        self.output = np.dot(inputs, self.weights)",
                               "        self.output = np.dot(inputs, self.weights)")],
     "dense_backward_dweights", "backprop", "failed", "backward reads what forward keeps, self.inputs = inputs"),
    ("challenge_1_forward_pass", [("exp_values / np.sum(exp_values, axis=1, keepdims=True)",
                                   "exp_values // np.sum(exp_values, axis=1, keepdims=True)")],
     "softmax_forward", "activation", "failed", "// is floor division, which rounds each quotient"),
    ("challenge_1_forward_pass", [("    def forward(self, inputs):\n        self.output = np.maximum(0, inputs)",
                                   "    def forward(inputs):\n        self.output = np.maximum(0, inputs)")],
     "relu_forward", "activation", "error", "Activation_ReLU.forward's def takes one parameter fewer than the call gives it: is self missing?"),
    ("challenge_1_forward_pass", [("0.01 * np.random.randn(n_inputs, n_neurons)", "0.01 * np.random.randn")],
     "dense_init_shapes", "shape", "error", "is it used without calling it"),
    ("challenge_3_activations", [("return exp_values / np.sum(exp_values, axis=1, keepdims=True)",
                                  "return exp_values / np.sum(exp_values, axis=1, keepdim=True)")],
     "softmax", "activation", "error", "NumPy's keyword is keepdims, not keepdim"),
    ("challenge_11_random_search_and_derivatives", [("    layer.forward(inputs)\n    layer.backward(dvalues)\n",
                                                     "    layer.forward(inputs)\n")],
     "backward_errors_pass_a_correct_layer", "backprop", "error", "dweights is set by the backward pass"),
    ("challenge_13_regularized_training", [("self.dinputs = dvalues * self.binary_mask",
                                            "self.dinputs = dvalues * (self.output != 0) / self.rate")],
     "dropout_backward_reuses_the_mask", "backprop", "failed", "the mask was rebuilt from the output"),
    ("challenge_15_complete_model", [("return np.absolute(predictions - y) < self.precision",
                                      "return np.absolute(predictions - y) <= self.precision")],
     "accuracy_regression", "loss", "failed", "exactly one precision from its target counted as right"),
    ("challenge_14_binary_and_regression_training", [("    keys = np.array(range(X.shape[0]))\n",
                                                      "    np.random.seed(42)\n    keys = np.array(range(X.shape[0]))\n")],
     "split_and_standardize", "data", "failed", "it seeds NumPy's generator itself"),
    ("challenge_14_binary_and_regression_training", [("    keys = np.array(range(X.shape[0]))\n    np.random.shuffle(keys)\n",
                                                      "    keys = np.random.default_rng().permutation(X.shape[0])\n")],
     "split_and_standardize", "data", "failed", "it draws from a generator of its own"),
    ("challenge_1_forward_pass", [("self.output = np.dot(inputs, self.weights)", "self.output = np.dot(self.inputs, self.weights)")],
     "dense_forward_shape", "shape", "error", "self.inputs was never set on this object"),
    ("challenge_7_training", [("        optimizer.update_params(dense1)\n        optimizer.update_params(dense2)\n",
                               "        optimizer.update_params([dense1, dense2])\n")],
     "step_budget", "training", "error", "It is a list, not one object"),
    ("challenge_18_attention", [("self.std = np.sqrt(variance + self.epsilon)", "self.std = np.sqrt(variance + 1e-5)")],
     "layernorm_forward", "forward", "failed", "The layer's own epsilon was left unused"),
    ("challenge_16_real_dataset", [("    if path is not None and os.path.isdir(os.path.join(path, FOLDER)):\n",
                                    "    if path is not None and all(os.path.isfile(os.path.join(path, name)) for pair in "
                                    "IDX_FILES.values()\n                                for name in pair):\n"
                                    "        return tuple(load_idx(*(os.path.join(path, name) for name in IDX_FILES[part])) "
                                    "for part in (\"train\", \"test\"))\n"
                                    "    if path is not None and os.path.isdir(os.path.join(path, FOLDER)):\n")],
     "load_dataset_finds_the_data", "data", "failed", "where the PNG folders come first"),
    ("challenge_14_binary_and_regression_training", [("    X, y = X[keys], y[keys].reshape(-1, 1)\n",
                                                      "    np.random.shuffle(X)\n    y = y.reshape(-1, 1)\n")],
     "split_and_standardize", "data", "failed", "shuffled the X it was given in place"),
    ("challenge_15_complete_model", [("    return X[step * batch_size:(step + 1) * batch_size], y[step * batch_size:(step + 1) * batch_size]",
                                      "    return X[step * batch_size:(step + 1) * batch_size - 1], y[step * batch_size:(step + 1) * batch_size - 1]")],
     "train_regression", "training", "failed", "a slice's end is left out already"),
    ("challenge_18_attention", [("variance = np.mean((inputs - mean) ** 2, axis=-1, keepdims=True)",
                                 "variance = np.mean((inputs - mean) ** 2, axis=-1)")],
     "layernorm_forward", "forward", "error", "without its last axis"),
    ("challenge_16_real_dataset", [("return (X.reshape(X.shape[0], -1).astype(np.float32) - 127.5) / 127.5",
                                    "return (X.astype(np.float32) - 127.5) / 127.5")],
     "prepare", "data", "failed", "kept each image's shape"),
    ("challenge_15_complete_model", [("                    self.optimizer.update_params(layer)\n                self.optimizer.post_update_params()\n",
                                      "                    self.optimizer.update_params(layer)\n                    self.optimizer.post_update_params()\n")],
     "train_regression", "training", "failed", "post_update_params, which counts a step, ran 2 times in the first step"),
    ("challenge_13_regularized_training", [("layer.weight_regularizer_l2 * np.sum(layer.weights * layer.weights)",
                                            "layer.weight_regularizer_l2 * np.sum(layer.weights) ** 2")],
     "regularization_loss", "regularization", "failed", "The sum was squared, np.sum(w) ** 2"),
    # The whole array's maximum subtracted, and the sum over the first axis: two slips, no listed mistake.
    ("challenge_18_attention", [("exp_values = np.exp(scores - np.max(scores, axis=-1, keepdims=True))",
                                 "exp_values = np.exp(scores - np.max(scores))"),
                                ("return exp_values / np.sum(exp_values, axis=-1, keepdims=True)",
                                 "return exp_values / np.sum(exp_values, axis=0, keepdims=True)")],
     "softmax", "attention", "failed", "Whole rows are NaN"),
    # The biases' line with the default written in, the weights' reading self.epsilon.
    ("challenge_6_optimizers", [("bias_momentums_corrected / (np.sqrt(bias_cache_corrected) + self.epsilon)",
                                 "bias_momentums_corrected / (np.sqrt(bias_cache_corrected) + 1e-7)")],
     "own_settings", "optimizer", "failed", "These are the steps of the book's default epsilon=1e-7"),
    ("challenge_1_forward_pass", [("            correct_confidences = np.sum(y_pred_clipped * y_true, axis=1)",
                                   "            y_true *= y_pred_clipped\n            correct_confidences = np.sum(y_true, axis=1)")],
     "cce_keeps_predictions", "loss", "failed", "The y_true (one-hot rows) given to Loss_CategoricalCrossentropy"),
    ("challenge_9_binary_and_regression", [("        return np.mean((y_true - y_pred) ** 2, axis=-1)\n",
                                            "        error = y_true\n        error -= y_pred\n"
                                            "        return np.mean(error ** 2, axis=-1)\n")],
     "mse_forward", "loss", "failed", "The y_true given to Loss_MeanSquaredError.forward was modified"),
    ("challenge_4_loss_debug", [("        return np.sum(y_pred * y_true, axis=1)\n",
                                 "        y_true *= y_pred\n        return np.sum(y_true, axis=1)\n")],
     "confidences_onehot", "loss", "failed", "The one-hot y_true given to correct_confidences was modified"),
    ("challenge_3_activations", [("    return np.where(inputs > 0, inputs, alpha * inputs)",
                                  "    output = inputs.copy()\n    output[output < 0] = alpha * output[output < 0]\n"
                                  "    return output")],
     "leaky_relu", "activation", "failed", "alpha * x was written into an array of integers"),
    ("challenge_18_attention", [("            scores = np.where(mask, scores, MASK_VALUE)",
                                 "            scores = np.where(mask, scores, -np.inf)")],
     "attention_masked", "attention", "failed", "the hidden scores were set to -np.inf"),
    ("challenge_18_attention", [("Layer_MultiHeadAttention(d_model, n_heads)", "Layer_MultiHeadAttention(d_model, 2)")],
     "transformer_forward", "model", "failed", "That is the output of 2 heads"),
    ("challenge_17_convolution", [("        self.dinputs = np.zeros(self.inputs.shape)\n",
                                   "        self.dinputs = np.zeros_like(self.inputs)\n")],
     "pool_backward", "backprop", "failed", "cut to a whole number"),
    ("challenge_17_convolution", [("    output = np.zeros((n_samples, n_filters, out_h, out_w))\n",
                                   "    output = np.zeros((n_samples, n_filters, out_h, out_w), "
                                   "dtype=inputs.dtype)\n")],
     "conv_loops", "convolution", "failed", "cut to a whole number"),
    # Adam's other settings changed, which a short watched run barely shows.
    ("challenge_7_training", [("    optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-7)",
                               "    optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-7, beta_2=0.99)")],
     "training_step", "training", "failed", "beta_2=0.99, where the chapter keeps Adam's beta_2=0.999"),
    ("challenge_13_regularized_training", [("    optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-5)",
                                            "    optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-5, "
                                            "epsilon=1e-5)")],
     "training_step", "training", "failed", "epsilon=1e-05, where the chapter keeps Adam's epsilon=1e-07"),
    ("challenge_14_binary_and_regression_training", [("    optimizer = Optimizer_Adam(decay=5e-7)\n",
                                                      "    optimizer = Optimizer_Adam(decay=5e-7, beta_2=0.99)\n")],
     "binary_step", "training", "failed", "beta_2=0.99, where the chapter keeps Adam's beta_2=0.999"),
    ("challenge_16_real_dataset", [("optimizer=Optimizer_Adam(decay=1e-3)",
                                    "optimizer=Optimizer_Adam(decay=1e-3, beta_1=0.8)")],
     "builds_the_chapter_19_network", "model", "failed", "beta_1=0.8, where the chapter keeps Adam's beta_1=0.9"),
    # One-hot targets told from class indices by their dtype: every one-hot row of floats is taken right.
    ("challenge_1_forward_pass", [("        if len(y_true.shape) == 1:\n            correct_confidences",
                                   "        if y_true.dtype.kind in 'iu':\n            correct_confidences")],
     "cce_onehot", "loss", "failed", "tell them from class indices by their shape"),
    ("challenge_4_loss_debug", [("    if len(y_true.shape) == 2:\n        y_true = np.argmax(y_true, axis=1)",
                                 "    if y_true.dtype.kind == 'f':\n        y_true = np.argmax(y_true, axis=1)")],
     "accuracy_onehot", "loss", "failed", "tell them from class indices by their shape"),
    ("challenge_4_loss_debug", [("    if len(y_true.shape) == 2:\n        return np.sum(y_pred * y_true, axis=1)",
                                 "    if y_true.dtype.kind == 'f':\n        return np.sum(y_pred * y_true, axis=1)")],
     "confidences_onehot", "loss", "failed", "tell them from class indices by their shape"),
    ("challenge_5_backprop", [("        if len(y_true.shape) == 1:\n            y_true = np.eye(labels)[y_true]",
                               "        if y_true.dtype.kind in 'iu':\n            y_true = np.eye(labels)[y_true]")],
     "cce_backward", "backprop", "failed", "tell them from class indices by their shape"),
    ("challenge_5_backprop", [("        if len(y_true.shape) == 2:\n            y_true = np.argmax(y_true, axis=1)",
                               "        if y_true.dtype.kind == 'f':\n            y_true = np.argmax(y_true, axis=1)")],
     "combined_backward", "backprop", "failed", "tell them from class indices by their shape"),
    # The softmax recomputed from the inputs in backward, without subtracting each row's maximum.
    ("challenge_5_backprop", [("            single_output = single_output.reshape(-1, 1)",
                               "            single_output = (np.exp(self.inputs[index]) / "
                               "np.sum(np.exp(self.inputs[index]))).reshape(-1, 1)")],
     "softmax_backward", "backprop", "failed", "scores near 1000 overflows"),
    # backward_errors's divisor floored at 1, which makes the error of small gradients a plain difference.
    ("challenge_11_random_search_and_derivatives",
     [(BACKWARD_ERRORS_SCALE, BACKWARD_ERRORS_SCALE.replace("1e-12", "1.0"))],
     "backward_errors_find_wrong_gradients", "backprop", "failed", "gradients below 1e-7"),
    # An epsilon added to the divisor, the book's habit elsewhere: small gradients' errors shrink.
    ("challenge_11_random_search_and_derivatives",
     [(BACKWARD_ERRORS_SCALE, BACKWARD_ERRORS_SCALE.replace(", 1e-12)", ") + 1e-7"))],
     "backward_errors_find_wrong_gradients", "backprop", "failed", "an epsilon added to it (+ 1e-7)"),
    ("challenge_11_random_search_and_derivatives",
     [(BACKWARD_ERRORS_SCALE, BACKWARD_ERRORS_SCALE.replace("1e-12", "1e-5"))],
     "backward_errors_find_wrong_gradients", "backprop", "failed", "expected about 0.5"),
    # backward_errors with no floor under its divisor: 0 / 0 where every gradient is 0.
    ("challenge_11_random_search_and_derivatives",
     [(BACKWARD_ERRORS_SCALE, BACKWARD_ERRORS_SCALE.replace(", 1e-12", ""))],
     "backward_errors_pass_a_correct_layer", "backprop", "failed", "Keep a tiny floor under the divisor"),
    # The mean loss as -log of the geometric mean of the confidences, whose product underflows on a large batch.
    ("challenge_4_loss_debug", [("    return np.mean(-np.log(correct_confidences(y_pred_clipped, y_true)))",
                                 "    confidences = correct_confidences(y_pred_clipped, y_true)\n"
                                 "    return -np.log(np.prod(confidences) ** (1 / len(confidences)))")],
     "cce_sparse", "loss", "failed", "their probabilities multiplied together (np.prod)"),
    # One optimizer per layer steps as one only where each steps once per step with the same settings.
    ("challenge_7_training", dense2_own_adam("Optimizer_Adam(learning_rate=0.05, decay=5e-7)", in_loop=True),
     "training_step", "training", "failed", "one layer was updated by 3 of them in turn: an optimizer built again"),
    ("challenge_7_training", dense2_own_adam("Optimizer_Adam(learning_rate=0.02, decay=5e-7)"),
     "training_step", "training", "failed", "and they differ in learning_rate: 0.05 and 0.02"),
    ("challenge_14_binary_and_regression_training", dense2_own_adam("Optimizer_Adam(decay=5e-7)", in_loop=True),
     "binary_step", "training", "failed", "one layer was updated by 3 of them in turn"),
    ("challenge_7_training", dense2_own_adam("Optimizer_Adam(learning_rate=0.05, decay=5e-7, epsilon=1e-5)"),
     "training_step", "training", "failed", "and they differ in epsilon: 1e-07 and 1e-05"),
    ("challenge_7_training", dense2_own_adam("Optimizer_Adam(learning_rate=0.05, decay=5e-7)",
                                             calls=("pre", "update")),
     "training_step", "training", "failed", "and their post_update_params ran 3 and 0 times"),
    ("challenge_14_binary_and_regression_training", [
        ("def train_binary(X, y, steps=10001):\n", "SHARED = Optimizer_Adam(decay=5e-7)\n\n\n"
                                                   "def train_binary(X, y, steps=10001):\n"),
        ("        optimizer.update_params(dense2)\n        optimizer.post_update_params()\n",
         "        optimizer.post_update_params()\n        SHARED.pre_update_params()\n"
         "        SHARED.update_params(dense2)\n        SHARED.post_update_params()\n")],
     "binary_step", "training", "failed", "one of them was made as the file was imported, not by train_binary"),
    ("challenge_7_training", dense2_own_adam("Optimizer_Adam(learning_rate=0.05, decay=1e-3)"),
     "training_step", "training", "failed", "and they differ in decay: 5e-07 and 0.001"),
    ("challenge_7_training", dense2_own_adam("Optimizer_Adam(learning_rate=0.05, decay=5e-7)",
                                             calls=("update", "post")),
     "training_step", "training", "failed", "and their pre_update_params ran 3 and 0 times"),
    # A product of the probabilities kept from 0 by a floor: right on a few samples, wrong on many.
    ("challenge_4_loss_debug", [
        ("    return np.mean(-np.log(correct_confidences(y_pred_clipped, y_true)))\n",
         "    confidences = correct_confidences(y_pred_clipped, y_true)\n"
         "    return -np.log(max(np.prod(confidences), 1e-300)) / len(confidences)\n")],
     "cce_sparse", "loss", "failed", "on a batch of 8 samples it is right. Does the loss multiply the probabilities"),
    # A penalty's gradient under the other penalty's if: missing where that one alone is set.
    ("challenge_13_regularized_training", [
        ("        if self.bias_regularizer_l2 > 0:\n            self.dbiases += 2",
         "        if self.weight_regularizer_l2 > 0:\n            self.dbiases += 2")],
     "dense_backward_l2", "regularization", "failed",
     "is missing where bias_regularizer_l2 alone is set: is it added under `if self.weight_regularizer_l2 > 0:`?"),
    ("challenge_13_regularized_training", [
        ("        if self.weight_regularizer_l2 > 0:\n            self.dweights += 2",
         "        if self.bias_regularizer_l2 > 0:\n            self.dweights += 2")],
     "dense_backward_l2", "regularization", "failed",
     "is missing where weight_regularizer_l2 alone is set: is it added under `if self.bias_regularizer_l2 > 0:`?"),
    # The validation share rounded to the nearest sample, where the book rounds down.
    ("challenge_12_validation_and_preprocessing", [
        ("    n_test, n_validation = int(len(X) * test), int(len(X) * validation)",
         "    n_test, n_validation = int(len(X) * test), round(len(X) * validation)")],
     "split_sizes", "data", "failed", "For 53 samples with validation=0.3 and test=0.1"),
    # An optimizer built again every few steps: too seldom for the watched first steps to show it.
    ("challenge_7_training", adam_rebuilt_every(10, "Optimizer_Adam(learning_rate=0.05, decay=5e-7)"),
     "loss_goes_down", "training", "failed", "train built Optimizer_Adam 7 times in 60 steps"),
    ("challenge_13_regularized_training", adam_rebuilt_every(20, "Optimizer_Adam(learning_rate=0.05, decay=5e-5)"),
     "train_and_validate", "training", "failed", "4 Optimizer_Adams updated the layers one after another"),
    ("challenge_17_convolution", adam_rebuilt_every(5, "Optimizer_Adam(learning_rate=0.02)"),
     "training_recipe", "training", "failed", "4 Optimizer_Adams updated the layers one after another"),
    ("challenge_18_attention", adam_rebuilt_every(5, "Optimizer_Adam(learning_rate=0.01)"),
     "training_recipe", "training", "failed", "5 Optimizer_Adams updated the layers one after another"),
    # The inputs padded before im2col, which pads them again: the output is 2 * padding larger on each axis.
    ("challenge_17_convolution", [("        self.columns = im2col(inputs, self.kernel_size, self.stride, self.padding)\n",
                                   "        p = self.padding\n"
                                   "        padded = np.pad(inputs, ((0, 0), (0, 0), (p, p), (p, p)))\n"
                                   "        out_h = output_size(padded.shape[2], self.kernel_size, self.stride, p)\n"
                                   "        out_w = output_size(padded.shape[3], self.kernel_size, self.stride, p)\n"
                                   "        self.columns = im2col(padded, self.kernel_size, self.stride, p)\n")],
     "conv_forward", "convolution", "failed", "as many as inputs padded twice give"),
    # self. left out on both sides: forward's local name, which backward reads.
    ("challenge_8_regularization", [("        self.binary_mask = ", "        binary_mask = "),
                                    ("self.output = inputs * self.binary_mask", "self.output = inputs * binary_mask"),
                                    ("self.dinputs = dvalues * self.binary_mask", "self.dinputs = dvalues * binary_mask")],
     "dropout_keeps_its_arguments", "regularization", "error",
     "Layer_Dropout.forward assigns binary_mask as a local name"),
    # Statistics per sample (axis=1), where those of each feature scale every row.
    ("challenge_12_validation_and_preprocessing", [("X_train.mean(axis=0), X_train.std(axis=0)",
                                                    "X_train.mean(axis=1), X_train.std(axis=1)")],
     "standardize_with_training_statistics", "data", "error", "statistics per feature are taken down the samples"),
    ("challenge_14_binary_and_regression_training", [("def train_binary(X, y, steps=10001",
                                                      "def train_binary(X, y, steps=10000")],
     "defaults", "training", "failed", "The default of train_binary's steps is 10000; expected 10001."),
    # A gradient scaled by the batch size: Adam all but cancels the factor, and the losses part in the fifth digit.
    ("challenge_18_attention", [("        loss_activation.backward(loss_activation.output, batch_Y.reshape(-1))\n",
                                 "        loss_activation.backward(loss_activation.output, batch_Y.reshape(-1))\n"
                                 "        loss_activation.dinputs = loss_activation.dinputs * len(batch_X)\n")],
     "training_recipe", "training", "failed", "Is the loss's gradient divided once by the number of values"),
    ("challenge_17_convolution", [("        loss_activation.backward(loss_activation.output, batch_y)\n",
                                   "        loss_activation.backward(loss_activation.output, batch_y)\n"
                                   "        loss_activation.dinputs = loss_activation.dinputs * len(batch_X)\n")],
     "training_recipe", "training", "failed", "Is the loss's gradient divided once by the number of values"),
    ("challenge_9_binary_and_regression", [("        self.output = 1 / (1 + np.exp(-inputs))",
                                            "        self.ouput = 1 / (1 + np.exp(-inputs))")],
     "sigmoid_forward", "activation", "failed", "it set self.ouput, a name the book's code never reads"),
    # The validation share rescaled to what the test set left, the two-step habit: 14 samples split 9, 3 and 2.
    ("challenge_12_validation_and_preprocessing",
     [("    n_test, n_validation = int(len(X) * test), int(len(X) * validation)\n",
       "    n_test = int(len(X) * test)\n"
       "    n_validation = int((len(X) - n_test) * validation / (1 - test)) if test < 1 else 0\n")],
     "split_sizes", "data", "failed", "or of it rescaled, / (1 - test)"),
    # binary=True read as one column: targets of several yes-or-no outputs argmaxed as if one-hot.
    ("challenge_15_complete_model", [("        if not self.binary and len(y.shape) == 2:",
                                      "        if len(y.shape) == 2 and y.shape[1] > 1:")],
     "accuracy_categorical", "loss", "failed", "with binary=True the targets are compared as they are"),
    # save strips the regression accuracy's precision too: the loaded model cannot evaluate.
    ("challenge_15_complete_model", [("        model.loss.__dict__.pop(\"dinputs\", None)\n",
                                      "        model.loss.__dict__.pop(\"dinputs\", None)\n"
                                      "        model.accuracy.__dict__.pop(\"precision\", None)\n")],
     "save_and_load", "training", "failed", "has an accuracy whose precision is None, where the model had"),
    # The precision taken from the model itself before the copy: saved and loaded alike hold none.
    ("challenge_15_complete_model", [("        model = copy.deepcopy(self)\n",
                                      "        self.accuracy.precision = None\n        model = copy.deepcopy(self)\n")],
     "save_and_load", "training", "failed", "has an accuracy whose precision is None, where the model had"),
    # As many outputs as the training labels reach: a training set without a 9 makes a model that never says 9.
    ("challenge_16_real_dataset", [("    model.add(Layer_Dense(128, 10))",
                                    "    model.add(Layer_Dense(128, int(y.max()) + 1))")],
     "builds_the_chapter_19_network", "model", "failed", "on digits none of which is a 9 built a last layer"),
    # An optimizer's memories made once, at its first step, not when it first meets each layer.
    ("challenge_6_optimizers", [("            if not hasattr(layer, 'weight_momentums'):",
                                 "            if self.iterations == 0:")],
     "late_layer", "optimizer", "failed", "if not hasattr(layer, 'weight_momentums'): ...), not once for all layers"),
    ("challenge_6_optimizers", [("        if not hasattr(layer, 'weight_cache'):\n            layer.weight_momentums",
                                 "        if self.iterations == 0:\n            layer.weight_momentums")],
     "late_layer", "optimizer", "failed", "Optimizer_Adam(learning_rate=0.05) stepped a layer twice"),
    # Floor division in the decay, where the learning rate is not 1 and the floor of the rate is not the rate.
    ("challenge_6_optimizers", [("        self.epsilon = epsilon\n\n    def pre_update_params(self):\n"
                                 "        if self.decay:\n            self.current_learning_rate = self.learning_rate * "
                                 "(1. / (1.", "        self.epsilon = epsilon\n\n    def pre_update_params(self):\n"
                                 "        if self.decay:\n            self.current_learning_rate = self.learning_rate * "
                                 "(1. // (1.")],
     "adagrad", "optimizer", "failed", "// is floor division: 1 // (1 + decay * iterations)"),
    # Floor division by the samples, whose -1s would read as a clip at 1 / samples.
    ("challenge_5_backprop", [("self.dinputs = self.dinputs / samples", "self.dinputs = self.dinputs // samples")],
     "cce_backward", "backprop", "failed", "// is floor division: self.dinputs // samples rounds"),
    # A leaky ReLU written as a loop over rows: right on a 2-D batch, raising on the 3-D one.
    ("challenge_3_activations", [("    return np.where(inputs > 0, inputs, alpha * inputs)",
                                  "    return np.array([[x if x > 0 else alpha * x for x in row] for row in inputs])")],
     "leaky_relu_alpha", "activation", "failed", "where the same inputs as a 2-D batch, shape (12, 2), ran"),
    # A leaky ReLU that scales the caller's array in place, raising on integers.
    ("challenge_3_activations", [("    return np.where(inputs > 0, inputs, alpha * inputs)",
                                  "    inputs[inputs < 0] *= alpha\n    return inputs")],
     "leaky_relu", "activation", "failed", "cannot be written into the array of integers it was given (the caller's"),
    # A gradient made once and kept, of the first call's batch.
    ("challenge_5_backprop", [("        self.dinputs = np.dot(dvalues, self.weights.T)",
                               "        if not hasattr(self, 'dinputs'):\n"
                               "            self.dinputs = np.dot(dvalues, self.weights.T)")],
     "dense_backward_dinputs", "backprop", "failed", "That is still the first call's self.dinputs"),
    # The per-sample losses returned where their mean is asked for.
    ("challenge_5_backprop", [("        return self.loss.calculate(self.output, y_true)",
                               "        return self.loss.forward(self.output, y_true)")],
     "combined_forward", "loss", "failed", "one value per sample came back where their mean is asked for, np.mean(...) "
     "of them (Loss.calculate averages what Loss.forward gives)."),
    # A set measured with dropout on: the run without dropout cannot tell.
    ("challenge_13_regularized_training", [("    train_accuracy, train_loss = evaluate(network, X, y)\n",
                                            "    train_loss = network.forward(X, y, training=True)\n"
                                            "    train_accuracy = np.mean(np.argmax(network.loss_activation.output, "
                                            "axis=1) == y)\n")],
     "train_and_validate", "training", "failed", "the training figures were measured otherwise than evaluate"),
    ("challenge_13_regularized_training", [("    validation_accuracy, validation_loss = evaluate(network, X_val, y_val)\n",
                                            "    validation_loss = network.forward(X_val, y_val, training=True)\n"
                                            "    validation_accuracy = np.mean(np.argmax(network.loss_activation."
                                            "output, axis=1) == y_val)\n")],
     "train_and_validate", "training", "failed", "the validation figures were measured otherwise than evaluate"),
    # Arrays of the convolution made with the inputs' dtype, which integer pixels cut to whole numbers.
    ("challenge_17_convolution", [("        self.output = output.reshape(n_samples, out_h, out_w, -1).transpose(0, 3, 1, "
                                   "2) + self.biases", "        self.output = (output.reshape(n_samples, out_h, out_w, "
                                   "-1).transpose(0, 3, 1, 2) + self.biases).astype(inputs.dtype)")],
     "conv_forward", "convolution", "failed", "self.output of a Layer_Conv2D given inputs of integers"),
    ("challenge_17_convolution", [("        self.dweights = np.dot(rows.T, self.columns).reshape(self.weights.shape)",
                                   "        self.dweights = np.dot(rows.T, self.columns).reshape(self.weights.shape)"
                                   ".astype(self.inputs.dtype)")],
     "conv_backward_dweights", "convolution", "failed", "Each value was cut to a whole number: the dweights"),
    ("challenge_17_convolution", [("        self.dinputs = col2im(dcolumns, self.inputs.shape, self.kernel_size, "
                                   "self.stride, self.padding)", "        self.dinputs = np.zeros_like(self.inputs)\n"
                                   "        self.dinputs[:] = col2im(dcolumns, self.inputs.shape, self.kernel_size, "
                                   "self.stride, self.padding)")],
     "conv_backward_dinputs", "convolution", "failed", "Each value was cut to a whole number: the dinputs"),
    ("challenge_17_convolution", [("        self.dinputs = dvalues.reshape(self.inputs.shape)",
                                   "        self.dinputs = dvalues.reshape(self.inputs.shape).astype(self.inputs.dtype)")],
     "flatten", "forward", "failed", "self.dinputs of a Layer_Flatten given inputs of integers"),
    # A row that may look at no key, NaN for another cause than -np.inf.
    ("challenge_18_attention", [("        self.attention_weights = softmax(scores)\n",
                                 "        exp_scores = np.exp(scores - np.max(scores))\n"
                                 "        self.attention_weights = exp_scores / np.sum(exp_scores, axis=-1, "
                                 "keepdims=True)\n")],
     "attention_masked", "attention", "failed", "the softmax subtracts one maximum for all the scores"),
    ("challenge_18_attention", [("exp_values = np.exp(scores - np.max(scores, axis=-1, keepdims=True))",
                                 "exp_values = np.exp(scores)")],
     "attention_masked", "attention", "failed", "the softmax subtracts no maximum"),
    ("challenge_18_attention", [("        if mask is not None:\n            scores = np.where(mask, scores, MASK_VALUE)\n"
                                 "        self.attention_weights = softmax(scores)\n",
                                 "        self.attention_weights = softmax(scores)\n        if mask is not None:\n"
                                 "            self.attention_weights = self.attention_weights * mask\n"
                                 "            self.attention_weights = self.attention_weights / np.sum("
                                 "self.attention_weights, axis=-1, keepdims=True)\n")],
     "attention_masked", "attention", "failed", "or the mask was applied to the weights after the softmax"),
    # Training that reshapes the caller's labels in place.
    ("challenge_14_binary_and_regression_training", [("    y = y.reshape(-1, 1)\n", "    y.shape = (-1, 1)\n")],
     "training_keeps_inputs", "data", "failed", "The y given to train_binary changed shape from (200,) to"),
    # Three mistakes that give the main batch the same accuracy, told apart by a batch of their own.
    ("challenge_4_loss_debug", [("    predictions = np.argmax(y_pred, axis=1)\n    return np.mean(predictions == y_true)",
                                 "    predictions = np.argmax(y_pred)\n    return np.mean(predictions == y_true)")],
     "accuracy_sparse", "loss", "failed", "without an axis gives: one index into the flattened array (0 to 23), "
     "compared with every label, not each sample's predicted class. Take"),
    ("challenge_4_loss_debug", [("    predictions = np.argmax(y_pred, axis=1)\n    return np.mean(predictions == y_true)",
                                 "    predictions = np.max(y_pred, axis=1)\n    return np.mean(predictions == y_true)")],
     "accuracy_sparse", "loss", "failed", "That is what np.max(y_pred, axis=1) gives: each row's largest probability, "
     "not its class, compared with the labels. Take the class"),
    ("challenge_4_loss_debug", [("    predictions = np.argmax(y_pred, axis=1)\n    return np.mean(predictions == y_true)",
                                 "    predictions = np.argmax(y_pred, axis=1)\n"
                                 "    return np.sum(predictions == y_true) // len(y_true)")],
     "accuracy_sparse", "loss", "failed", "That is what np.sum(predictions == y_true) // len(y_true) gives, 1 where "
     "every prediction is right and 0 otherwise: // rounds the fraction down to a whole number. Divide"),
    # A leaky ReLU that writes into the caller's integers by assignment, which casts instead of raising.
    ("challenge_3_activations", [("    return np.where(inputs > 0, inputs, alpha * inputs)",
                                  "    inputs[inputs < 0] = alpha * inputs[inputs < 0]\n    return inputs")],
     "leaky_relu", "activation", "failed", "was written into the array of integers it was given (the caller's own"),
    # A shape of two axes written into the code.
    ("challenge_3_activations", [("    return np.where(inputs > 0, inputs, alpha * inputs)",
                                  "    rows, columns = inputs.shape\n"
                                  "    return np.where(inputs > 0, inputs, alpha * inputs).reshape(rows, columns)")],
     "leaky_relu_alpha", "activation", "failed", "is a shape of two axes written into the code?"),
    # The backward pass of challenge 5 without its division by dvalues, whose -y_true is also a floor's.
    ("challenge_5_backprop", [("        self.dinputs = -y_true / dvalues\n        self.dinputs = self.dinputs / samples",
                               "        self.dinputs = -y_true")],
     "cce_backward", "backprop", "failed", "-y_true itself: the division by dvalues is missing"),
    # A new layer's biases, and the order layers come in, on an optimizer that has stepped before.
    ("challenge_6_optimizers", [("            layer.bias_cache = np.zeros_like(layer.biases)\n\n        layer.weight_momentums",
                                 "            layer.bias_cache = np.zeros_like(layer.biases) if self.iterations == 0 "
                                 "else layer.dbiases ** 2\n\n        layer.weight_momentums")],
     "late_layer", "optimizer", "failed", "The biases of a layer Optimizer_Adam(learning_rate=0.05) first stepped"),
    # The per-sample accuracies returned where their mean is asked for.
    ("challenge_4_loss_debug", [("    return np.mean(predictions == y_true)", "    return (predictions == y_true) * 1.0")],
     "accuracy_sparse", "loss", "failed", "one value per sample came back where their mean is asked for, np.mean(...) "
     "of them."),
    # A predict that reads the class off the vertical data rather than running the network.
    ("challenge_7_training", [("        return np.argmax(dense2.output, axis=1)",
                               "        return np.clip(np.round(np.asarray(inputs)[:, 0] * 3), 0, 2).astype(int)")],
     "training_accuracy", "training", "failed", "the classes must come from the network train trained"),
    # The windows of the first batch kept and used again by every later forward pass.
    ("challenge_17_convolution", [("        self.columns = im2col(inputs, self.kernel_size, self.stride, self.padding)",
                                   "        if not hasattr(self, 'columns'):\n"
                                   "            self.columns = im2col(inputs, self.kernel_size, self.stride, "
                                   "self.padding)")],
     "conv_forward", "convolution", "failed", "That is the first batch's output: forward kept what its first call made"),
    # A ReLU with an upper limit (ReLU6), which inputs of a few units never reach.
    ("challenge_1_forward_pass", [("        self.output = np.maximum(0, inputs)",
                                   "        self.output = np.clip(inputs, 0, 6)")],
     "relu_forward", "activation", "failed", "The outputs were capped at 6: ReLU has no upper limit"),
    # The regularisation loss counted twice in the loss train_binary records.
    ("challenge_14_binary_and_regression_training", [
        ("        regularization_loss = loss_function.regularization_loss(dense1) + "
         "loss_function.regularization_loss(dense2)\n",
         "        regularization_loss = 2 * loss_function.regularization_loss(dense1) + "
         "loss_function.regularization_loss(dense2)\n")],
     "binary_step", "training", "failed", "the regularisation loss was added twice"),
    # The softmax's maximum taken before the mask set the hidden scores.
    ("challenge_18_attention", [("        if mask is not None:\n            scores = np.where(mask, scores, MASK_VALUE)\n"
                                 "        self.attention_weights = softmax(scores)\n",
                                 "        shift = np.max(scores, axis=-1, keepdims=True)\n        if mask is not None:\n"
                                 "            scores = np.where(mask, scores, MASK_VALUE)\n"
                                 "        exp_values = np.exp(scores - shift)\n"
                                 "        self.attention_weights = exp_values / np.sum(exp_values, axis=-1, "
                                 "keepdims=True)\n")],
     "attention_masked", "attention", "failed", "or the maximum the softmax subtracts was taken from the scores before"),
    # A row loop meeting rows that float() cannot take.
    ("challenge_3_activations", [("    return np.where(inputs > 0, inputs, alpha * inputs)",
                                  "    return np.array([[float(x) if float(x) > 0 else alpha * float(x) for x in row] "
                                  "for row in inputs])")],
     "leaky_relu_alpha", "activation", "failed", "a loop over the rows meets rows that are arrays themselves"),
    # Folds of cross_validate other than k_fold's, in another order or drawn otherwise.
    ("challenge_12_validation_and_preprocessing", [("for train, validation in k_fold(len(X), k)]",
                                                    "for train, validation in k_fold(len(X), k)[::-1]]")],
     "cross_validate", "data", "failed", "The fold cross_validate scored at its turn 1 holds samples [17, 18, 19, 20, 21]"),
    ("challenge_12_validation_and_preprocessing", [("for train, validation in k_fold(len(X), k)]",
                                                    "for train, validation in [(np.setdiff1d(np.arange(len(X)), "
                                                    "np.arange(len(X))[i::k]), np.arange(len(X))[i::k]) "
                                                    "for i in range(k)]]")],
     "cross_validate", "data", "failed", "take the folds as k_fold makes them, consecutive runs of the data"),
    # The learning rate decayed once an epoch, not once a step.
    ("challenge_10_model", [("            for step in range(train_steps):\n", "            self.optimizer.pre_update_params()\n"
                             "            for step in range(train_steps):\n"),
                            ("                self.backward(output, batch_y)\n                self.optimizer.pre_update_params()\n",
                             "                self.backward(output, batch_y)\n")],
     "train_in_batches", "model", "failed", "Each step calls optimizer.pre_update_params(), then update_params"),
    ("challenge_15_complete_model", [("            for step in range(train_steps):\n",
                                      "            self.optimizer.pre_update_params()\n"
                                      "            for step in range(train_steps):\n"),
                                     ("                self.optimizer.pre_update_params()\n", "")],
     "train_regression", "training", "failed", "Each step calls optimizer.pre_update_params(), then update_params"),
    # train_model's shuffle drawn with replacement, and the rows of no whole batch dropped.
    ("challenge_16_real_dataset", [("    keys = np.array(range(X.shape[0]))\n    np.random.shuffle(keys)\n",
                                    "    keys = np.random.randint(0, X.shape[0], X.shape[0])\n")],
     "trains_on_the_digits", "training", "failed", "the shuffle drew some rows twice and left others out"),
    ("challenge_16_real_dataset", [("    X, y = X[keys], y[keys]\n", "    X, y = X[keys], y[keys]\n"
                                    "    usable = len(X) - len(X) % batch_size\n    X, y = X[:usable], y[:usable]\n")],
     "trains_on_the_digits", "training", "failed", "the rows that make no whole batch were left out"),
    # The digits read another way than load_digits_images, on 0 to 16.
    ("challenge_16_real_dataset", [("    X, y = load_digits_images()\n",
                                    "    from sklearn.datasets import load_digits\n"
                                    "    X, y = load_digits().images, load_digits().target\n")],
     "load_dataset_finds_the_data", "data", "failed", "were they read another way (scikit-learn's load_digits()"),
    # One epoch too many, which also makes as many steps as one step too many an epoch.
    ("challenge_10_model", [("        for epoch in range(1, epochs + 1):\n", "        for epoch in range(epochs + 1):\n")],
     "train_in_batches", "model", "failed", "That is 4 whole epochs: the loop over the epochs ran one time too many"),
    # A sigmoid whose inputs were clipped, right for the inputs of a few units the other checks give.
    ("challenge_9_binary_and_regression", [("        self.output = 1 / (1 + np.exp(-inputs))",
                                            "        self.output = 1 / (1 + np.exp(-np.clip(inputs, -10, 10)))")],
     "sigmoid_forward", "activation", "failed", "The inputs were clipped to ±10 before the exponential"),
    # The numerical dinputs taken on the caller's own inputs, which integers cannot hold x + h in.
    ("challenge_11_random_search_and_derivatives", [("                                             np.array(inputs, "
                                                     "dtype=float), h)}",
                                                     "                                             inputs, h)}")],
     "backward_errors_take_integer_inputs", "backprop", "failed", "An array of integers cannot hold x + h"),
    # Images of the right values in another dtype than the README's uint8.
    ("challenge_16_real_dataset", [("    return np.array(X), np.array(y).astype(\"uint8\")",
                                    "    return np.array(X) / 1.0, np.array(y).astype(\"uint8\")")],
     "load_image_folder", "data", "failed", "load_image_folder returned the right pixel values, as float64"),
    ("challenge_16_real_dataset", [("        X = np.frombuffer(file.read(), dtype=np.uint8).reshape(count, rows, columns)",
                                    "        X = np.frombuffer(file.read(), dtype=np.uint8).reshape(count, rows, columns)"
                                    ".astype(np.float32)")],
     "load_idx", "data", "failed", "load_idx returned the right pixel values, as float32"),
    # A predict whose output is cut to the length of the training data.
    ("challenge_7_training", [("        return np.argmax(dense2.output, axis=1)",
                               "        return np.argmax(dense2.output[:len(X)], axis=1)")],
     "predict_does_not_learn", "training", "failed", "predict on 400 points gave classes of shape (300,)"),
    # A saved model whose optimizer was left out: it predicts, and cannot train again.
    ("challenge_15_complete_model", [("        model = copy.deepcopy(self)\n",
                                      "        model = copy.deepcopy(self)\n        del model.optimizer\n")],
     "save_and_load", "training", "failed", "The model Model.load brought back has no optimizer, where the saved "
     "model's"),
    # Heads split and merged by a reshape alone, each the other's inverse: the Transformer's check says what it uses.
    ("challenge_18_attention", [(".reshape(batch, length, n_heads, d_model // n_heads).transpose(0, 2, 1, 3)",
                                 ".reshape(batch, n_heads, length, d_model // n_heads)"),
                                ("    return inputs.transpose(0, 2, 1, 3).reshape(batch, length, n_heads * d_head)",
                                 "    return inputs.reshape(batch, length, n_heads * d_head)")],
     "transformer_forward", "model", "failed", "its code relies on what \"split_heads turns"),
    # The mask kept unscaled, the output divided by the rate apart: backward multiplies by 0s and 1s.
    ("challenge_13_regularized_training", [("        self.binary_mask = np.random.binomial(1, self.rate, size=inputs.shape) "
                                            "/ self.rate\n        self.output = inputs * self.binary_mask\n",
                                            "        self.binary_mask = np.random.binomial(1, self.rate, size=inputs.shape)"
                                            "\n        self.output = inputs * self.binary_mask / self.rate\n")],
     "dropout_backward_reuses_the_mask", "backprop", "failed", "Keep the scaled mask in self.binary_mask"),
    ("challenge_8_regularization", [("        self.binary_mask = np.random.binomial(1, self.rate, size=inputs.shape) "
                                     "/ self.rate\n        self.output = inputs * self.binary_mask\n",
                                     "        self.binary_mask = np.random.binomial(1, self.rate, size=inputs.shape)"
                                     "\n        self.output = inputs * self.binary_mask / self.rate\n")],
     "dropout_backward_reuses_the_mask", "backprop", "failed", "Keep the scaled mask in self.binary_mask"),
    # The given sigmoid's derivative edited: the first stage off is named, before the weights' gradients.
    ("challenge_14_binary_and_regression_training", [("        self.dinputs = dvalues * (1 - self.output) * self.output",
                                                      "        self.dinputs = dvalues * (1 - self.inputs) * self.inputs")],
     "binary_step", "training", "failed", "the dinputs of the sigmoid's backward pass"),
    # One pass too many of the loop over the epochs, in a run of two calls of train, the second left at its default.
    ("challenge_10_model", [("        for epoch in range(1, epochs + 1):\n", "        for epoch in range(epochs + 1):\n")],
     "train_whole_batch", "model", "failed", "in each call (the train told epochs=3 made 4 steps)"),
    # Penalties chapter 19's network has not.
    ("challenge_16_real_dataset", [("    model.add(Layer_Dense(X.shape[1], 128))",
                                    "    model.add(Layer_Dense(X.shape[1], 128, weight_regularizer_l2=5e-4, "
                                    "bias_regularizer_l2=5e-4))")],
     "builds_the_chapter_19_network", "model", "failed", "chapter 19's network has none"),
    # A mask kept on self from one call and used by the next, which gave none.
    ("challenge_18_attention", [("        if mask is not None:\n            scores = np.where(mask, scores, MASK_VALUE)\n",
                                 "        if mask is not None:\n            self.mask = mask\n"
                                 "        if getattr(self, 'mask', None) is not None:\n"
                                 "            scores = np.where(self.mask, scores, MASK_VALUE)\n")],
     "attention_masked", "attention", "failed", "the mask was kept on self and used again"),
    # The positions cut to the first call's length, in place: a longer sequence after a shorter one breaks.
    ("challenge_18_attention", [(" + self.positions[:length]\n",
                                 "\n        self.positions = self.positions[:length]\n"
                                 "        embedded = embedded + self.positions\n")],
     "transformer_shorter_sequences", "model", "failed", "after the same model took sequences of 3"),
    # The attention layer keeps the mask of one call for the calls after it, which give none.
    ("challenge_18_attention", [("        self.attention.forward(heads[0], heads[1], heads[2], mask)\n",
                                 "        if mask is not None:\n            self.mask = mask\n"
                                 "        self.attention.forward(heads[0], heads[1], heads[2], "
                                 "getattr(self, 'mask', None))\n")],
     "transformer_forward", "model", "failed", "the mask of the call before was kept on self"),
    # A step line's label misspelt: the line it printed is quoted, not the print schedule blamed.
    ("challenge_10_model", [('print(f"step: {step}, acc: {accuracy:.3f}, loss: {loss:.3f} (data_loss: ',
                             'print(f"step: {step}, acc: {accuracy:.3f}, loss: {loss:.3f} (data loss: ')],
     "train_reports_progress", "model", "failed", "which is not such a line"),
    # The summary's label misspelt: no validation line is said to come first.
    ("challenge_10_model", [('print(f"training, acc: ', 'print(f"training: acc: ')],
     "validation_every_epoch", "model", "failed", "one after each epoch and before its validation line"),
    # An empty batch added where the samples divide evenly: the step line past the epoch's end says so.
    ("challenge_10_model", [("    steps = samples // batch_size\n", "    steps = samples // batch_size + 1\n")],
     "train_reports_progress", "model", "failed", "past the epoch's last step"),
    # Sizes kept from a layer's first call: the same layer on inputs of another size breaks.
    ("challenge_17_convolution", [("        out_h = output_size(height, self.kernel_size, self.stride, self.padding)\n"
                                   "        out_w = output_size(width, self.kernel_size, self.stride, self.padding)\n",
                                   "        if not hasattr(self, 'out_hw'):\n"
                                   "            self.out_hw = (output_size(height, self.kernel_size, self.stride, "
                                   "self.padding),\n"
                                   "                           output_size(width, self.kernel_size, self.stride, "
                                   "self.padding))\n"
                                   "        out_h, out_w = self.out_hw\n")],
     "conv_forward", "convolution", "failed", "after one of (2, 3, 7, 6)"),
    ("challenge_17_convolution", [("        out_h, out_w = height // p, width // p\n",
                                   "        if not hasattr(self, 'out_hw'):\n"
                                   "            self.out_hw = (height // p, width // p)\n"
                                   "        out_h, out_w = self.out_hw\n")],
     "pool_forward", "forward", "failed", "Each call takes its sizes from the inputs it is given"),
    ("challenge_17_convolution", [("        self.output = inputs.reshape(len(inputs), -1)\n",
                                   "        if not hasattr(self, 'features'):\n"
                                   "            self.features = inputs[0].size\n"
                                   "        self.output = inputs.reshape(len(inputs), self.features)\n")],
     "flatten", "forward", "failed", "after one of (3, 2, 4, 5)"),
    # The combined gradient taken whenever the loss is cross-entropy, whatever the model ends in.
    ("challenge_10_model", [("        if isinstance(self.layers[-1], Activation_Softmax) and "
                             "isinstance(self.loss, Loss_CategoricalCrossentropy):",
                             "        if isinstance(self.loss, Loss_CategoricalCrossentropy):")],
     "backward_through_the_loss", "model", "failed", "for a model ending in ReLU whose loss is categorical"),
    # Two of the optimizer's calls left out: both are named at once.
    ("challenge_7_training", [("        optimizer.pre_update_params()\n", ""),
                              ("        optimizer.post_update_params()\n", "")],
     "every_step", "training", "failed", "pre_update_params was called 0 times (expected 3, once per step) and "
                                         "optimizer.post_update_params was called 0 times"),
    # train's Transformer built with other heads: no layer's shape shows it, the message names the heads.
    ("challenge_18_attention", [("    model = Transformer(vocabulary, X.shape[1])\n",
                                 "    model = Transformer(vocabulary, X.shape[1], n_heads=4)\n")],
     "training_recipe", "training", "failed", "train's Transformer has 4 attention heads"),
    # Step numbers printed from 1: not an empty batch, the count.
    ("challenge_10_model", [('print(f"step: {step}, acc: ', 'print(f"step: {step + 1}, acc: ')],
     "train_reports_progress", "model", "failed", "at steps 1, 5, 9, 10; expected 0, 4, 8, 9"),
    # The short batch's gradient averaged over batch_size: its step's update, the next loss, names both causes.
    ("challenge_18_attention", [("        model.backward(loss_activation.dinputs.reshape(model.output.shape))\n",
                                 "        model.backward(loss_activation.dinputs.reshape(model.output.shape) "
                                 "* len(batch_X) / batch_size)\n")],
     "training_recipe", "training", "failed", "average the loss's gradient over the sequences that batch holds"),
    # The row length made again only for another number of samples: the same samples at another size show it.
    ("challenge_17_convolution", [("        self.output = inputs.reshape(len(inputs), -1)\n",
                                   "        if getattr(self, 'samples', None) != len(inputs):\n"
                                   "            self.samples, self.features = len(inputs), inputs[0].size\n"
                                   "        self.output = inputs.reshape(len(inputs), self.features)\n")],
     "flatten", "forward", "failed", "after one of (3, 2, 4, 5)"),
    # A progress line's label capitalised: quoted, not taken for a wrong schedule.
    ("challenge_10_model", [('print(f"step: {step}, acc: ', 'print(f"Step: {step}, acc: ')],
     "train_reports_progress", "model", "failed", "It printed 'Step: 0, acc:"),
    ("challenge_10_model", [('reg_loss: {regularization_loss:.3f}), lr: {self.optimizer.current_learning_rate}")',
                             'reg_loss: {regularization_loss:.3f})")')],
     "train_reports_progress", "model", "failed", "which lacks the ', lr: ' and learning rate the book's"),
    ("challenge_10_model", [(', lr: {self.optimizer.current_learning_rate}")', ', lr={self.optimizer.current_learning_rate}")')],
     "train_reports_progress", "model", "failed", "lr=0.05', which lacks the ', lr: '"),
    ("challenge_15_complete_model", [('reg_loss: {epoch_regularization_loss:.3f}), lr: {self.optimizer.current_learning_rate}")',
                                      'reg_loss: {epoch_regularization_loss:.3f})")')],
     "train_binary", "training", "failed", "'training, acc: 0.515, loss: 0.732 (data_loss: 0.693, reg_loss: 0.038)', which lacks the ', lr: '"),
    ("challenge_1_forward_pass", [("        samples = len(y_pred)",
                                   "        samples = self.samples = getattr(self, 'samples', len(y_pred))")],
     "cce_sparse", "loss", "failed", "the first call left something on self (the number of samples or of classes"),
    ("challenge_5_backprop", [("    def backward(self, dvalues, y_true):\n        samples = len(dvalues)",
                               "    def backward(self, dvalues, y_true):\n"
                               "        samples = self.samples = getattr(self, 'samples', len(dvalues))")],
     "cce_backward", "backprop", "failed", "It was divided by 6, the number of samples of the first call, instead of this call's 8"),
    ("challenge_5_backprop", [("        samples = len(dvalues)\n        if len(y_true.shape) == 2:\n            y_true = np.argmax",
                               "        samples = self.samples = getattr(self, 'samples', len(dvalues))\n"
                               "        if len(y_true.shape) == 2:\n            y_true = np.argmax")],
     "combined_backward", "backprop", "failed", "called before on 6 samples of 3 classes is called on 8 samples of 5 classes (class indices both times) raised IndexError"),
    ("challenge_6_optimizers", [("                layer.bias_momentums = np.zeros_like(layer.biases)\n",
                                 "                layer.bias_momentums = np.zeros_like(layer.biases)\n"
                                 "                first = self.__dict__.setdefault('first_of_shape', {}).setdefault("
                                 "layer.weights.shape, layer)\n"
                                 "                layer.weight_momentums, layer.bias_momentums = "
                                 "first.weight_momentums, first.bias_momentums\n")],
     "sgd_momentum_with_decay", "optimizer", "failed", "the third, of the first one's shape (3, 2), shared another layer's memory"),
    ("challenge_3_activations", [("1 / (1 + np.exp(-inputs))", "np.round(1 / (1 + np.exp(-inputs)), 4)")],
     "sigmoid", "activation", "failed", "Every value is the expected one rounded to 4 decimal places"),
    ("challenge_1_forward_pass", [("        self.output = np.dot(inputs, self.weights) + self.biases",
                                   "        if not hasattr(self, 'output'):\n"
                                   "            self.output = np.empty((len(inputs), self.weights.shape[1]))\n"
                                   "        self.output[...] = np.dot(inputs, self.weights) + self.biases")],
     "dense_forward", "forward", "failed", "on 9 samples after the first call's 6, raised ValueError"),
    ("challenge_1_forward_pass", [("        return np.mean(sample_losses)",
                                   "        return np.sum(sample_losses) / self.__dict__.setdefault('samples', len(sample_losses))")],
     "loss_calculate", "loss", "failed", "The same loss's calculate called again, on 11 samples after 8"),
    ("challenge_5_backprop", [("        labels = len(dvalues[0])", "        labels = self.labels = getattr(self, 'labels', len(dvalues[0]))")],
     "cce_backward", "backprop", "failed", "is called on 8 samples of 5 classes (class indices both times) raised IndexError"),
    ("challenge_9_binary_and_regression", [("        samples = len(dvalues)", "        samples = self.samples = getattr(self, 'samples', len(dvalues))")],
     "bce_backward", "backprop", "failed", "when the object of Loss_BinaryCrossentropy.backward's first call is called again"),
    ("challenge_9_binary_and_regression", [("        return np.mean((y_true - y_pred) ** 2, axis=-1)",
             "        y_true = self.__dict__.setdefault('y_true', y_true)\n"
             "        return np.mean((y_true - y_pred) ** 2, axis=-1)")],
     "mse_forward", "loss", "failed", "Does the first call leave something on self that this one reads"),
    ("challenge_9_binary_and_regression", [("        self.output = 1 / (1 + np.exp(-inputs))",
             "        if not hasattr(self, 'output'):\n            self.output = np.empty_like(inputs)\n"
             "        self.output[...] = 1 / (1 + np.exp(-inputs))")],
     "sigmoid_forward", "activation", "failed", "self.output when the object of Activation_Sigmoid.forward's first call is called again"),
    ("challenge_10_model", [("train_steps = _steps(len(X), batch_size)",
                             "train_steps = self.__dict__.setdefault('train_steps', _steps(len(X), batch_size))")],
     "train_in_batches", "model", "failed", "of a model trained for an epoch on 100 samples, then for one on all 300"),
    ("challenge_10_model", [("range(_steps(len(X_val), batch_size))",
                             "range(self.__dict__.setdefault('validation_steps', _steps(len(X_val), batch_size)))")],
     "evaluate", "model", "failed", "Does evaluate keep something of an earlier call on the model"),
    ("challenge_10_model", [("        return np.vstack(output)",
                             "        if not hasattr(self, 'predicted'):\n            self.predicted = np.vstack(output)\n"
                             "        self.predicted[...] = np.vstack(output)\n        return self.predicted")],
     "predict_in_batches", "model", "failed", "model.predict(X[100:170], batch_size=128), after predict on all 300 samples, raised ValueError"),
    ("challenge_8_regularization", [("        self.dinputs = dvalues * self.binary_mask",
                                     "        if not hasattr(self, 'dinputs'):\n"
                                     "            self.dinputs = np.empty_like(dvalues)\n"
                                     "        self.dinputs[...] = dvalues * self.binary_mask")],
     "dropout_backward_reuses_the_mask", "backprop", "failed", "used again on 90 samples of 12, raised ValueError"),
    ("challenge_13_regularized_training", [("            self.output = inputs.copy()",
                                            "            if not hasattr(self, 'inferred'):\n"
                                            "                self.inferred = np.empty_like(inputs)\n"
                                            "            self.inferred[...] = inputs\n            self.output = self.inferred")],
     "dropout_backward_reuses_the_mask", "backprop", "failed", "used at inference (training=False) on 35 samples of 8, after 20 of 10, raised"),
    ("challenge_18_attention", [("/ np.sqrt(q.shape[-1])", "/ self.__dict__.setdefault('scale', np.sqrt(q.shape[-1]))")],
     "attention_forward", "attention", "failed", "when the layer of the first call runs again, on 6 queries and 7 keys"),
    ("challenge_18_attention", [("/ np.sqrt(self.q.shape[-1])", "/ self.__dict__.setdefault('scale', np.sqrt(self.q.shape[-1]))")],
     "attention_backward", "attention", "failed", "or does the layer keep something of its first call on self (the scale"),
    ("challenge_15_complete_model", [("            y = np.argmax(y, axis=1)\n        return predictions == y",
                                      "            y = self.__dict__.setdefault('classes', np.argmax(y, axis=1))\n"
                                      "        return predictions == y")],
     "accuracy_categorical", "loss", "failed", "Does compare keep something of an earlier call on self"),
    ("challenge_18_attention", [("        self.forward(tokens)\n        return np.argmax(self.output, axis=-1)",
                                 "        self.forward(tokens)\n"
                                 "        return self.__dict__.setdefault('predicted', np.argmax(self.output, axis=-1))")],
     "predict_does_not_learn", "training", "failed", "Does predict keep something of an earlier call on self"),
    ("challenge_13_regularized_training", [("self.loss_activation.backward(self.loss_activation.output, y)",
                                            "self.loss_activation.backward(self.loss_activation.output, "
                                            "self.__dict__.setdefault('labels', y))")],
     "network_backward", "backprop", "failed", "Does the network keep something of its first pass on self"),
    ("challenge_10_model", [("lr: {self.optimizer.current_learning_rate}", "lr: {self.optimizer.learning_rate:10.5f}")],
     "train_whole_batch", "model", "failed", "the decayed rate"),
    ("challenge_15_complete_model", [("lr: {self.optimizer.current_learning_rate}", "lr: {self.optimizer.learning_rate:10.5f}")],
     "train_regression", "training", "failed", "the learning rate there is"),
    ("challenge_1_forward_pass", [("np.clip(y_pred, 1e-7, 1 - 1e-7)", "np.clip(y_pred, 1e-3, 1 - 1e-3)")],
     "cce_clipping", "loss", "failed", "The per-sample losses for predictions of exactly 0 and 1"),
    ("challenge_4_loss_debug", [("        return np.sum(y_pred * y_true, axis=1)",
                                 "        y_pred *= y_true\n        return np.sum(y_pred, axis=1)")],
     "functions_keep_inputs", "loss", "failed", "The y_pred given to correct_confidences (one-hot targets) was modified"),
    ("challenge_4_loss_debug", [("    return y_pred[range(len(y_pred)), y_true]",
                                 "    return np.take_along_axis(y_pred, y_true.reshape(-1, 1), axis=1).squeeze()")],
     "confidences_unclipped", "loss", "failed", "for a batch of one sample (its class index as y_true) has shape ()"),
    ("challenge_4_loss_debug", [("        return np.sum(y_pred * y_true, axis=1)",
                                 "        return np.sum(y_pred * y_true, axis=1).squeeze()")],
     "confidences_unclipped", "loss", "failed", "A batch of one sample is still a batch"),
    ("challenge_8_regularization", [("np.sum(np.abs(layer.weights))", "np.sum(np.abs(layer.weights, out=layer.weights))")],
     "regularization_loss", "regularization", "failed", "The layer's weights after regularization_loss with only weight_regularizer_l1 were modified"),
    ("challenge_8_regularization", [("np.sum(np.abs(layer.biases))", "np.sum(np.abs(layer.biases, out=layer.biases))")],
     "regularization_loss", "regularization", "failed", "np.abs(w, out=w) or np.square(w, out=w) write into the layer's own"),
    ("challenge_14_binary_and_regression_training", [("    predictions = (output > 0.5) * 1\n    return np.mean(predictions == y)",
                                                      "    output[output > 0.5] = 1\n    output[output <= 0.5] = 0\n"
                                                      "    return np.mean(output == y)")],
     "binary_accuracy", "loss", "failed", "The output given to binary_accuracy was modified"),
    ("challenge_14_binary_and_regression_training", [("    return np.mean(np.absolute(output - y) < accuracy_precision)",
                                                      "    output -= y\n    np.absolute(output, out=output)\n"
                                                      "    return np.mean(output < accuracy_precision)")],
     "regression_accuracy", "loss", "failed", "The output given to regression_accuracy was modified"),
    ("challenge_17_convolution", [("        self.output = inputs.reshape(len(inputs), -1)",
                                   "        self.input_shape = inputs.shape\n        inputs.shape = (len(inputs), -1)\n"
                                   "        self.output = inputs"),
                                  ("        self.dinputs = dvalues.reshape(self.inputs.shape)",
                                   "        self.dinputs = dvalues.reshape(self.input_shape)")],
     "arguments_kept", "training", "failed", "The inputs given to Layer_Flatten.forward changed shape from (3, 2, 4, 5) to (3, 40)"),
    ("challenge_17_convolution", [("        self.dinputs = dvalues.reshape(self.inputs.shape)",
                                   "        dvalues.shape = self.inputs.shape\n        self.dinputs = dvalues")],
     "arguments_kept", "training", "failed", "The dvalues given to Layer_Flatten.backward changed shape"),
    ("challenge_17_convolution", [("    losses = []\n    for step in range(steps):",
                                   "    losses = []\n    X -= X.mean()\n    for step in range(steps):")],
     "arguments_kept", "training", "failed", "The X given to train was modified"),
    ("challenge_1_forward_pass", [("        self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)",
                                   "        self.output = (exp_values / np.sum(exp_values, axis=1, keepdims=True)).squeeze()")],
     "softmax_rows_sum_to_one", "activation", "failed", "self.output for a batch of one sample has shape (4,), but (1, 4) was expected"),
    ("challenge_1_forward_pass", [("            correct_confidences = y_pred_clipped[range(samples), y_true]",
                                   "            correct_confidences = np.take_along_axis(y_pred_clipped, y_true.reshape(-1, 1), axis=1).squeeze()")],
     "cce_batch_of_one", "loss", "failed", "with its class index as y_true, is the single number"),
    ("challenge_1_forward_pass", [("            correct_confidences = np.sum(y_pred_clipped * y_true, axis=1)",
                                   "            correct_confidences = np.sum(y_pred_clipped * y_true, axis=1).squeeze()")],
     "cce_batch_of_one", "loss", "failed", "with its one-hot row as y_true, is the single number"),
    ("challenge_5_backprop", [("        labels = len(dvalues[0])\n", "        labels = len(dvalues[0])\n        y_true = np.squeeze(y_true)\n")],
     "cce_backward", "backprop", "failed", "on one sample, with its class index as y_true, has the right shape (1, 3)"),
    ("challenge_5_backprop", [("        self.dinputs[range(samples), y_true] -= 1\n        self.dinputs = self.dinputs / samples",
                               "        self.dinputs[range(samples), y_true] -= 1\n        self.dinputs = (self.dinputs / samples).squeeze()")],
     "combined_backward", "backprop", "failed", "on one sample, with its class index as y_true, has shape (3,), but (1, 3) was expected"),
    ("challenge_15_complete_model", [("        if not self.binary and len(y.shape) == 2:",
                                      "        if not self.binary and y.dtype.kind == 'f':")],
     "accuracy_categorical", "loss", "failed", "Accuracy_Categorical.compare on one-hot targets of integers raised ValueError"),
    ("challenge_2_shapes", [("    return x.reshape(1, -1) if x.ndim == 1 else x",
                             "    return x.reshape(1, -1) if x.shape[0] == x.size else x")],
     "as_batch_batch", "shape", "failed", "It became one row, a batch of one sample: the batch was taken for a sample"),
    ("challenge_2_shapes", [("    return x.reshape(1, -1) if x.ndim == 1 else x",
                             "    return x.squeeze().reshape(1, -1) if x.squeeze().ndim == 1 else x")],
     "as_batch_batch", "shape", "failed", "as_batch of a batch of 3 samples of one feature, shape (3, 1), has shape (1, 3)"),
    ("challenge_9_binary_and_regression", [("        return np.mean((y_true - y_pred) ** 2, axis=-1)",
                                            "        return np.mean((y_true - y_pred) ** 2, axis=-1).squeeze()")],
     "losses_of_one_sample", "loss", "failed", "Loss_MeanSquaredError.forward of one sample of 2 outputs has shape ()"),
    ("challenge_9_binary_and_regression", [("        return np.mean(sample_losses, axis=-1)",
                                            "        return np.squeeze(np.mean(sample_losses, axis=-1))")],
     "losses_of_one_sample", "loss", "failed", "Loss_BinaryCrossentropy.forward of one sample of 2 outputs has shape ()"),
    ("challenge_9_binary_and_regression", [("        self.dinputs = dvalues * (1 - self.output) * self.output",
                                            "        self.output *= 1 - self.output\n        self.dinputs = dvalues * self.output")],
     "sigmoid_backward", "backprop", "failed", "Activation_Sigmoid.backward changed self.output"),
    ("challenge_18_attention", [("        dscores = weights * (dweights - np.sum(dweights * weights, axis=-1, keepdims=True)) / np.sqrt(self.q.shape[-1])",
                                 "        weights *= (dweights - np.sum(dweights * weights, axis=-1, keepdims=True)) / np.sqrt(self.q.shape[-1])\n"
                                 "        dscores = weights")],
     "attention_backward_keeps_dvalues", "attention", "failed", "Attention.backward changed self.attention_weights"),
    ("challenge_15_complete_model", [("        self.output = inputs * self.binary_mask",
                                      "        inputs *= self.binary_mask\n        self.output = inputs")],
     "dropout_training_flag", "regularization", "failed", "The inputs given to Layer_Dropout.forward while training were modified"),
    ("challenge_15_complete_model", [("        return np.absolute(predictions - y) < self.precision",
                                      "        predictions -= y\n        np.absolute(predictions, out=predictions)\n"
                                      "        return predictions < self.precision")],
     "accuracy_regression", "loss", "failed", "The predictions given to Accuracy_Regression.compare were modified"),
    ("challenge_15_complete_model", [("        return (outputs > 0.5) * 1",
                                      "        outputs[outputs > 0.5] = 1\n        outputs[outputs <= 0.5] = 0\n"
                                      "        return outputs.astype(int)")],
     "predictions", "activation", "failed", "The outputs given to Activation_Sigmoid.predictions were modified"),
    ("challenge_8_regularization", [("np.sum(layer.biases * layer.biases)", "np.sum(np.square(layer.biases, out=layer.biases))")],
     "regularization_loss", "regularization", "failed", "The layer's biases after regularization_loss with only bias_regularizer_l2 were modified"),
    ("challenge_2_shapes", [("    return x.reshape(1, -1) if x.ndim == 1 else x",
                             "    return x.reshape(-1, 1) if x.ndim == 2 and x.shape[0] == 1 else (x.reshape(1, -1) if x.ndim == 1 else x)")],
     "as_batch_batch", "shape", "failed", "It became a column, one row per feature"),
    ("challenge_15_complete_model", [("            self.precision = np.std(y) / 250", "            self.precision = np.std(y) // 250")],
     "accuracy_regression", "loss", "failed", "np.std(y) // 250 is floor division"),
    ("challenge_14_binary_and_regression_training", [("    accuracy_precision = np.std(y) / 250", "    accuracy_precision = np.std(y) // 250")],
     "regression_accuracy", "loss", "failed", "np.std(y) // 250 is floor division"),
    ("challenge_7_training", [("        optimizer.pre_update_params()\n        optimizer.update_params(dense1)\n"
                               "        optimizer.update_params(dense2)\n        optimizer.post_update_params()\n",
                               "        optimizer.post_update_params()\n        optimizer.pre_update_params()\n"
                               "        optimizer.update_params(dense1)\n        optimizer.update_params(dense2)\n")],
     "training_step", "training", "failed", "post_update_params ran before the step's pre_update_params and updates"),
    ("challenge_13_regularized_training", [("        optimizer.pre_update_params()\n        optimizer.update_params(network.dense1)\n"
                                            "        optimizer.update_params(network.dense2)\n        optimizer.post_update_params()\n",
                                            "        optimizer.post_update_params()\n        optimizer.pre_update_params()\n"
                                            "        optimizer.update_params(network.dense1)\n        optimizer.update_params(network.dense2)\n")],
     "training_step", "training", "failed", "so they read the iterations it had already advanced"),
    ("challenge_16_real_dataset", [("    keys = np.array(range(X.shape[0]))\n    np.random.shuffle(keys)",
                                    "    keys = np.array(range(X.shape[0]))\n    np.random.seed(0)\n    np.random.shuffle(keys)")],
     "train_model_keeps_inputs", "training", "failed", "train_model seeds NumPy's generator itself"),
    ("challenge_10_model", [("                self.backward(output, batch_y)\n                self.optimizer.pre_update_params()",
                             "                self.backward(output, batch_y)\n                rate = self.optimizer.current_learning_rate\n"
                             "                self.optimizer.pre_update_params()"),
                            ("reg_loss: {regularization_loss:.3f}), lr: {self.optimizer.current_learning_rate}\")\n            epoch_data_loss",
                             "reg_loss: {regularization_loss:.3f}), lr: {rate}\")\n            epoch_data_loss")],
     "train_whole_batch", "model", "failed", "the rate of the step the line reports, which that step's pre_update_params sets"),
    ("challenge_16_real_dataset", [("    model.train(X, y, epochs=epochs, batch_size=batch_size, print_every=100)",
                                    "    n = len(X) // 10\n    model.train(X[n:], y[n:], epochs=epochs, batch_size=batch_size, print_every=100)")],
     "trains_on_the_digits", "training", "failed", "gave model.train 63 of them: some were held out or left out"),
    ("challenge_13_regularized_training", [("        layer.weight_momentums = self.beta_1 * layer.weight_momentums + (1 - self.beta_1) * layer.dweights",
                                            "        layer.weight_momentum = self.beta_1 * layer.weight_momentums + (1 - self.beta_1) * layer.dweights")],
     "training_step", "training", "failed", "update_params ran on every layer, yet the weights did not move"),
    ("challenge_15_complete_model", [("            self.output = inputs.copy()", "            self.ouput = inputs.copy()")],
     "dropout_training_flag", "regularization", "failed", "has an attribute ouput, which the book's never has: did you mean output?"),
    ("challenge_9_binary_and_regression", [("        self.dinputs = -2 * (y_true - dvalues) / outputs\n        self.dinputs = self.dinputs / samples",
                                            "        self.dinputs = -2 * (y_true - dvalues) / outputs\n        self.dinput = self.dinputs / samples")],
     "mse_backward", "backprop", "failed", "has an attribute dinput, which the book's never has: did you mean dinputs?"),
    ("challenge_15_complete_model", [("(np.sqrt(bias_cache_corrected) + self.epsilon)\n\n    def post_update_params(self):\n        self.iterations += 1\n",
                                      "(np.sqrt(bias_cache_corrected) + self.epsilon)\n        self.iterations += 1\n\n"
                                      "    def post_update_params(self):\n        pass\n")],
     "train_regression", "training", "failed", "one for each layer updated: were the iterations counted in update_params?"),
    ("challenge_15_complete_model", [("                output = self.forward(batch_X, training=True)",
                                      "                if step == 0:\n                    output = self.forward(batch_X, training=True)")],
     "train_regression", "training", "error", "the predictions and the targets are of 8 and 64 samples: not of the same batch"),
    ("challenge_17_convolution", [("        values = batch_X\n        for layer in layers:\n            layer.forward(values)\n            values = layer.output",
                                   "        if step % 2 == 0:\n            values = batch_X\n            for layer in layers:\n"
                                   "                layer.forward(values)\n                values = layer.output")],
     "step_budget", "training", "error", "outputs kept from an earlier step are another batch's"),
    ("challenge_18_attention", [("        \"\"\"The most likely token at every position: (batch, sequence).\"\"\"\n        self.forward(tokens)\n",
                                 "        \"\"\"The most likely token at every position: (batch, sequence).\"\"\"\n")],
     "step_budget", "training", "failed", "predict answered for 32 sequences, not for the 2 it was given"),
    # Challenge 18: Transformer.backward leaves out norm2's backward pass (dense2 given the classifier's dinputs).
    ("challenge_18_attention",
     [("        self.norm2.backward(self.classifier.dinputs.reshape(batch, length, self.d_model))\n",
       "        self.norm2.dinputs = self.classifier.dinputs.reshape(batch, length, self.d_model)\n")],
     "transformer_backward", "model", "failed", "the backward pass of self.norm2 between them was left out"),
    # Challenge 18: Transformer.backward leaves out the ReLU's backward pass (dense1 given dense2's dinputs).
    ("challenge_18_attention",
     [("        self.relu.backward(self.dense2.dinputs)\n        self.dense1.backward(self.relu.dinputs)\n",
       "        self.dense1.backward(self.dense2.dinputs)\n")],
     "transformer_backward", "model", "failed", "the backward pass of self.relu between them was left out"),
    # Challenge 18: Transformer.backward leaves out norm1's backward pass (the attention given the residual sum).
    ("challenge_18_attention",
     [("        self.norm1.backward(self.norm2.dinputs + self.dense1.dinputs.reshape(batch, length, self.d_model))\n",
       "        self.norm1.dinputs = self.norm2.dinputs + self.dense1.dinputs.reshape(batch, length, self.d_model)\n")],
     "transformer_backward", "model", "failed", "the backward pass of self.norm1 between them was left out"),
    # Challenge 17: train's backward loop skips the ReLU.
    ("challenge_17_convolution",
     [("        for layer in reversed(layers):\n            layer.backward(dvalues)\n",
       "        for layer in reversed(layers):\n            if isinstance(layer, Activation_ReLU):\n"
       "                continue\n            layer.backward(dvalues)\n")],
     "training_recipe", "training", "failed", "the backward pass of the Activation_ReLU between them was left out"),
    # Challenge 17: train gives the combined softmax and cross-entropy backward the logits.
    ("challenge_17_convolution",
     [("        loss_activation.backward(loss_activation.output, batch_y)\n",
       "        loss_activation.backward(values, batch_y)\n")],
     "training_recipe", "training", "failed", "The combined softmax and cross-entropy backward was given the logits"),
    # Challenge 13: Network.backward leaves out the ReLU's backward pass.
    ("challenge_13_regularized_training",
     [("        self.activation1.backward(self.dropout1.dinputs)\n        self.dense1.backward(self.activation1.dinputs)",
       "        self.dense1.backward(self.dropout1.dinputs)")],
     "network_backward", "backprop", "failed", "the backward pass of the ReLU, activation1, between them was left out"),
    # Challenge 13: Network.backward gives the combined backward the logits.
    ("challenge_13_regularized_training",
     [("        self.loss_activation.backward(self.loss_activation.output, y)",
       "        self.loss_activation.backward(self.dense2.output, y)")],
     "network_backward", "backprop", "failed", "The combined softmax and cross-entropy backward was given the logits"),
    # Challenge 15: Model.backward's combined path leaves out the dropout layer.
    ("challenge_15_complete_model",
     [("            for layer in reversed(self.layers[:-1]):\n                layer.backward(layer.next.dinputs)",
       "            for layer in reversed(self.layers[:-1]):\n                if isinstance(layer, Layer_Dropout):\n"
       "                    layer.dinputs = layer.next.dinputs\n                    continue\n"
       "                layer.backward(layer.next.dinputs)")],
     "backward", "backprop", "failed", "the backward pass of the Layer_Dropout at self.layers[2] between them"),
    # Challenge 15: Model.backward's combined path leaves out the ReLU.
    ("challenge_15_complete_model",
     [("            for layer in reversed(self.layers[:-1]):\n                layer.backward(layer.next.dinputs)",
       "            for layer in reversed(self.layers[:-1]):\n                if isinstance(layer, Activation_ReLU):\n"
       "                    layer.dinputs = layer.next.dinputs\n                    continue\n"
       "                layer.backward(layer.next.dinputs)")],
     "backward", "backprop", "failed", "the backward pass of the Activation_ReLU at self.layers[1] between them"),
    # Challenge 10: Model.backward's combined path leaves out the ReLU.
    ("challenge_10_model",
     [("            for layer in reversed(self.layers[:-1]):\n                layer.backward(layer.next.dinputs)",
       "            for layer in reversed(self.layers[:-1]):\n                if isinstance(layer, Activation_ReLU):\n"
       "                    layer.dinputs = layer.next.dinputs\n                    continue\n"
       "                layer.backward(layer.next.dinputs)")],
     "train_in_batches", "model", "failed", "the backward pass of the Activation_ReLU at self.layers[1] between them"),
    # Challenge 10: Model.backward's general path leaves out the output activation.
    ("challenge_10_model",
     [("        for layer in reversed(self.layers):\n            layer.backward(layer.next.dinputs)",
       "        self.layers[-1].dinputs = self.loss.dinputs\n        for layer in reversed(self.layers[:-1]):\n"
       "            layer.backward(layer.next.dinputs)")],
     "backward_through_the_loss", "model", "failed",
     "the backward pass of the Activation_Softmax at self.layers[3] between them was left out"),
    # 8: Layer_Dense.backward stores self.dinput (tester's ch8_dense_dinput_typo).
    ("challenge_8_regularization",
     [("        self.dinputs = np.dot(dvalues, self.weights.T)",
       "        self.dinput = np.dot(dvalues, self.weights.T)")],
     "backward_gradcheck", "regularization", "failed",
     "never set self.dinputs; it set self.dinput, a name the book's code never reads"),
    # 8: Layer_Dropout.backward stores self.dinputs_.
    ("challenge_8_regularization",
     [("        self.dinputs = dvalues * self.binary_mask",
       "        self.dinputs_ = dvalues * self.binary_mask")],
     "dropout_backward_reuses_the_mask", "backprop", "failed",
     "never set self.dinputs; it set self.dinputs_, a name the book's code never reads"),
    # 9: Activation_Sigmoid.backward stores self.dinput (tester's ch9_sigmoid_dinput_typo).
    ("challenge_9_binary_and_regression",
     [("        self.dinputs = dvalues * (1 - self.output) * self.output",
       "        self.dinput = dvalues * (1 - self.output) * self.output")],
     "sigmoid_backward", "backprop", "failed",
     "never set self.dinputs; it set self.dinput, a name the book's code never reads"),
    # 13: Layer_Dense.backward stores self.dinput (tester's ch13_dense_dinput_typo).
    ("challenge_13_regularized_training",
     [("        self.dinputs = np.dot(dvalues, self.weights.T)",
       "        self.dinput = np.dot(dvalues, self.weights.T)")],
     "dense_backward_l2", "regularization", "failed",
     "never set self.dinputs; it set self.dinput, a name the book's code never reads"),
    # 13: Layer_Dropout.backward stores self.dinputs_.
    ("challenge_13_regularized_training",
     [("        self.dinputs = dvalues * self.binary_mask",
       "        self.dinputs_ = dvalues * self.binary_mask")],
     "dropout_backward_reuses_the_mask", "backprop", "failed",
     "never set self.dinputs; it set self.dinputs_, a name the book's code never reads"),
    # 13: Layer_Dropout.forward at inference stores self.ouput.
    ("challenge_13_regularized_training",
     [("            self.output = inputs.copy()",
       "            self.ouput = inputs.copy()")],
     "dropout_at_inference", "regularization", "failed",
     "never set self.output; it set self.ouput, a name the book's code never reads"),
    # 15: Layer_Dropout.backward stores self.dinput.
    ("challenge_15_complete_model",
     [("self.dinputs = dvalues * self.binary_mask",
       "self.dinput = dvalues * self.binary_mask")],
     "dropout_backward", "regularization", "failed",
     "never set self.dinputs; it set self.dinput, a name the book's code never reads"),
    # 17: Layer_Conv2D.backward stores self.dinput (tester's ch17_conv_dinput_typo).
    ("challenge_17_convolution",
     [("        self.dinputs = col2im(dcolumns,",
       "        self.dinput = col2im(dcolumns,")],
     "conv_backward_dinputs", "convolution", "failed",
     "never set self.dinputs; it set self.dinput, a name the book's code never reads"),
    # 17: Layer_Conv2D.backward stores self.dweight (tester's ch17_conv_dweight_typo).
    ("challenge_17_convolution",
     [("        self.dweights = np.dot(rows.T, self.columns)",
       "        self.dweight = np.dot(rows.T, self.columns)")],
     "conv_backward_dweights", "convolution", "failed",
     "never set self.dweights; it set self.dweight, a name the book's code never reads"),
    # 17: Layer_Conv2D.backward stores self.dbiase.
    ("challenge_17_convolution",
     [("        self.dbiases = np.sum(dvalues, axis=(0, 2, 3), keepdims=True)",
       "        self.dbiase = np.sum(dvalues, axis=(0, 2, 3), keepdims=True)")],
     "conv_backward_dbiases", "convolution", "failed",
     "never set self.dbiases; it set self.dbiase, a name the book's code never reads"),
    # 17: Layer_Conv2D.forward stores self.outputs.
    ("challenge_17_convolution",
     [("        self.output = output.reshape(n_samples, out_h, out_w, -1)",
       "        self.outputs = output.reshape(n_samples, out_h, out_w, -1)")],
     "conv_forward", "convolution", "failed",
     "never set self.output; it set self.outputs, a name the book's code never reads"),
    # 17: Layer_MaxPool2D.forward stores self.ouput (tester's ch17_maxpool_ouput_typo).
    ("challenge_17_convolution",
     [("        self.output = self._windows(inputs).max(axis=-1)",
       "        self.ouput = self._windows(inputs).max(axis=-1)")],
     "pool_forward", "forward", "failed",
     "never set self.output; it set self.ouput, a name the book's code never reads"),
    # 17: Layer_MaxPool2D.backward fills and stores self.dinputs_.
    ("challenge_17_convolution",
     [("        self.dinputs = np.zeros(self.inputs.shape)\n        self.dinputs[",
       "        self.dinputs_ = np.zeros(self.inputs.shape)\n        self.dinputs_[")],
     "pool_backward", "backprop", "failed",
     "never set self.dinputs; it set self.dinputs_, a name the book's code never reads"),
    # 17: Layer_Flatten.forward stores self.outputs.
    ("challenge_17_convolution",
     [("        self.output = inputs.reshape(len(inputs), -1)",
       "        self.outputs = inputs.reshape(len(inputs), -1)")],
     "flatten", "forward", "failed", "never set self.output; it set self.outputs, a name the book's code never reads"),
    # 17: Layer_Flatten.backward stores self.dinput.
    ("challenge_17_convolution",
     [("        self.dinputs = dvalues.reshape(self.inputs.shape)",
       "        self.dinput = dvalues.reshape(self.inputs.shape)")],
     "flatten", "forward", "failed", "never set self.dinputs; it set self.dinput, a name the book's code never reads"),
    # 18: Attention.backward stores self.dQ (tester's ch18_attention_dQ_typo): a capital letter.
    ("challenge_18_attention",
     [("        self.dq = np.matmul(dscores, self.k)",
       "        self.dQ = np.matmul(dscores, self.k)")],
     "attention_backward", "attention", "failed",
     "never set self.dq; it set self.dQ, a name the book's code never reads"),
    # 18: Attention.backward stores self.dv_.
    ("challenge_18_attention",
     [("        self.dv = np.matmul(weights.swapaxes(-1, -2), dvalues)",
       "        self.dv_ = np.matmul(weights.swapaxes(-1, -2), dvalues)")],
     "attention_backward", "attention", "failed",
     "never set self.dv; it set self.dv_, a name the book's code never reads"),
    # 18: Attention.forward stores self.ouput.
    ("challenge_18_attention",
     [("        self.output = np.matmul(self.attention_weights, v)",
       "        self.ouput = np.matmul(self.attention_weights, v)")],
     "attention_forward", "attention", "failed",
     "never set self.output; it set self.ouput, a name the book's code never reads"),
    # 18: Layer_MultiHeadAttention.forward stores self.outputs.
    ("challenge_18_attention",
     [("        self.output = self.dense_o.output.reshape(batch, length, d_model)",
       "        self.outputs = self.dense_o.output.reshape(batch, length, d_model)")],
     "mha_forward", "forward", "failed",
     "never set self.output; it set self.outputs, a name the book's code never reads"),
    # 18: Layer_MultiHeadAttention.backward stores self.dinput.
    ("challenge_18_attention",
     [("        self.dinputs = dinputs.reshape(batch, length, d_model)",
       "        self.dinput = dinputs.reshape(batch, length, d_model)")],
     "mha_backward", "backprop", "failed",
     "never set self.dinputs; it set self.dinput, a name the book's code never reads"),
    # 18: Layer_LayerNorm.forward stores self.ouput.
    ("challenge_18_attention",
     [("        self.output = self.gamma * self.normalized + self.beta",
       "        self.ouput = self.gamma * self.normalized + self.beta")],
     "layernorm_forward", "forward", "failed",
     "never set self.output; it set self.ouput, a name the book's code never reads"),
    # 18: Layer_LayerNorm.backward stores self.dgama (tester's ch18_layernorm_dgama_typo).
    ("challenge_18_attention",
     [("        self.dgamma = np.sum(",
       "        self.dgama = np.sum(")],
     "layernorm_backward", "backprop", "failed",
     "never set self.dgamma; it set self.dgama, a name the book's code never reads"),
    # 18: Layer_LayerNorm.backward stores self.dinput.
    ("challenge_18_attention",
     [("        self.dinputs = (dnormalized - np.mean(",
       "        self.dinput = (dnormalized - np.mean(")],
     "layernorm_backward", "backprop", "failed",
     "never set self.dinputs; it set self.dinput, a name the book's code never reads"),
    # 18: Transformer.forward stores self.outputs, which its predict reads.
    ("challenge_18_attention",
     [("        self.output = self.classifier.output.reshape(batch, length, self.vocabulary)",
       "        self.outputs = self.classifier.output.reshape(batch, length, self.vocabulary)"),
      ("        return np.argmax(self.output, axis=-1)",
       "        return np.argmax(self.outputs, axis=-1)")],
     "transformer_forward", "model", "failed",
     "never set self.output; it set self.outputs, a name the book's code never reads"),
    # Challenge 18: Transformer.backward leaves out the attention's backward pass (the embedding given norm1's
    # dinputs twice, or alone): its projections get no dweights.
    ("challenge_18_attention",
     [("        self.attention.backward(self.norm1.dinputs)\n"
       "        dembedded = self.norm1.dinputs + self.attention.dinputs",
       "        dembedded = self.norm1.dinputs + self.norm1.dinputs")],
     "transformer_backward", "model", "failed", "self.attention.backward was left out of the pass"),
    ("challenge_18_attention",
     [("        self.attention.backward(self.norm1.dinputs)\n"
       "        dembedded = self.norm1.dinputs + self.attention.dinputs",
       "        dembedded = self.norm1.dinputs")],
     "transformer_backward", "model", "failed", "self.attention.backward was left out of the pass"),
    # The given ReLU's backward that passes its dvalues on unmasked is told beside a ReLU left out of the pass,
    # which gives the same gradients.
    ("challenge_7_training",
     [("        self.dinputs[self.inputs <= 0] = 0\n", "")],
     "training_step", "training", "failed", "or gives back its dvalues unchanged"),
    ("challenge_13_regularized_training",
     [("        self.dinputs[self.inputs <= 0] = 0\n", "")],
     "network_backward", "backprop", "failed", "or gives back its dvalues unchanged"),
    ("challenge_14_binary_and_regression_training",
     [("        self.dinputs[self.inputs <= 0] = 0\n", "")],
     "binary_step", "training", "failed", "or gives back its dvalues unchanged"),
    ("challenge_15_complete_model",
     [("        self.dinputs[self.inputs <= 0] = 0\n", "")],
     "backward", "backprop", "failed", "or gives back its dvalues unchanged"),
    ("challenge_17_convolution",
     [("        self.dinputs[self.inputs <= 0] = 0\n", "")],
     "training_recipe", "training", "failed", "or gives back its dvalues unchanged"),
    ("challenge_18_attention",
     [("        self.dinputs[self.inputs <= 0] = 0\n", "")],
     "transformer_backward", "model", "failed", "or gives back its dvalues unchanged"),
    # Challenge 14: the given binary cross-entropy without its clip, in forward or backward: a few steps on the
    # spiral do not show it, thousands on the breast cancer data turn the losses nan.
    ("challenge_14_binary_and_regression_training",
     [("        clipped_dvalues = np.clip(dvalues, 1e-7, 1 - 1e-7)\n", "        clipped_dvalues = dvalues\n")],
     "breast_cancer", "training", "failed", "dinputs of its backward pass that are not finite"),
    ("challenge_14_binary_and_regression_training",
     [("        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)\n", "        y_pred_clipped = y_pred\n")],
     "breast_cancer", "training", "failed", "gave losses that are not finite"),
    # The given post_update_params that no longer counts the steps: said beside one never called.
    ("challenge_17_convolution", [("        self.iterations += 1\n", "        pass\n")],
     "training_recipe", "training", "failed", "or does not add 1 to self.iterations"),
    ("challenge_18_attention", [("        self.iterations += 1\n", "        pass\n")],
     "training_recipe", "training", "failed", "or does not add 1 to self.iterations"),
    # self.normalised read consistently is the learner's own name, though the scenario sets self.normalized to run
    # backward alone: the listed mistake is told, not "did you mean normalized?".
    ("challenge_18_attention", [
        ("        self.normalized = (inputs - mean) / self.std\n        self.output = self.gamma * self.normalized",
         "        self.normalised = (inputs - mean) / self.std\n        self.output = self.gamma * self.normalised"),
        ("np.sum((dvalues * self.normalized).reshape", "np.sum((dvalues * self.output).reshape"),
        ("- self.normalized * np.mean(dnormalized * self.normalized,",
         "- self.normalised * np.mean(dnormalized * self.normalised,")],
     "layernorm_backward", "backprop", "failed", "dgamma was taken from self.output"),
    # self.input in place of self.inputs, read consistently, beside the self.inputs the scenario sets for backward
    # alone and the layer's own dinputs: the listed mistake is told, not "did you mean inputs?" or "dinputs?".
    ("challenge_17_convolution", [
        ("    def forward(self, inputs):\n        self.inputs = inputs\n        n_samples, _, height, width",
         "    def forward(self, inputs):\n        self.input = inputs\n        n_samples, _, height, width"),
        ("col2im(dcolumns, self.inputs.shape,", "col2im(dcolumns, self.input.shape,"),
        ("self.dbiases = np.sum(dvalues, axis=(0, 2, 3), keepdims=True)",
         "self.dbiases = np.mean(dvalues, axis=(0, 2, 3), keepdims=True)")],
     "conv_backward_dbiases", "convolution", "failed", "dbiases is a mean; the gradient is the sum."),
    # The given Model of challenge 16 run on a small network of its own (scenarios.given_model): a fault of the given
    # code is named there, whatever train_model does, where full marks or a message about train_model came before.
    ("challenge_16_real_dataset",
     [("    return steps + 1 if steps * batch_size < samples else steps", "    return steps")],
     "builds_the_chapter_19_network", "model", "failed", "The last partial batch was left out: the given _steps"),
    ("challenge_16_real_dataset",
     [("X[step * batch_size:(step + 1) * batch_size]\n            output.append",
       "X[step * batch_size:(step + 1) * batch_size + 1]\n            output.append")],
     "trains_on_the_digits", "training", "failed", "The given Model.predict takes each row once"),
    ("challenge_16_real_dataset",
     [("                self.evaluate(*validation_data, batch_size=batch_size)",
       "                self.evaluate(X, y, batch_size=batch_size)")],
     "builds_the_chapter_19_network", "model", "failed", "Those are the figures of the training data"),
    ("challenge_16_real_dataset", [("data_loss = np.mean(sample_losses)", "data_loss = np.sum(sample_losses)")],
     "builds_the_chapter_19_network", "model", "failed", "Loss.calculate, which the stub gives, now returns the sum"),
    ("challenge_16_real_dataset",
     [('getattr(self, "accumulated_count", 0) + len(sample_losses)', 'getattr(self, "accumulated_count", 0) + 1')],
     "builds_the_chapter_19_network", "model", "failed", "the sum of their losses divided by the number of batches"),
    ("challenge_16_real_dataset",
     [('getattr(self, "accumulated_sum", 0) + np.sum(comparisons)', 'getattr(self, "accumulated_sum", 0) + '
                                                                    'np.mean(comparisons)')],
     "builds_the_chapter_19_network", "model", "failed",
     "Accuracy.calculate_accumulated (with Accuracy.calculate and Accuracy.new_pass), which the stub gives"),
    ("challenge_16_real_dataset",
     [('            print(f"epoch: {epoch}")\n            self.loss.new_pass()\n            self.accuracy.new_pass()\n',
       '            print(f"epoch: {epoch}")\n')],
     "builds_the_chapter_19_network", "model", "failed", "the given Model.train starts every epoch with"),
    ("challenge_16_real_dataset",
     [("layer.biases += -self.current_learning_rate * bias_momentums_corrected", "pass  # ")],
     "trains_on_the_digits", "training", "failed",
     "Optimizer_Adam.update_params, which the stub gives, no longer updates the biases"),
    ("challenge_16_real_dataset",
     [("self.optimizer.update_params(layer)\n                self.optimizer.post_update_params()",
       "self.optimizer.update_params(layer)\n                    self.optimizer.post_update_params()")],
     "builds_the_chapter_19_network", "model", "failed", "after its loop over the trainable layers, not inside it"),
    ("challenge_16_real_dataset", [("        self.iterations += 1\n", "        pass\n")],
     "builds_the_chapter_19_network", "model", "failed",
     "Optimizer_Adam.post_update_params, which the stub gives, no longer counts"),
    ("challenge_16_real_dataset", [("    def __init__(self):\n        self.layers = []\n",
                                    "    layers = []\n\n    def __init__(self):\n")],
     "builds_the_chapter_19_network", "model", "failed", "The given Model.__init__ gives each model a list of its own"),
    ("challenge_16_real_dataset",
     [("        self.trainable_layers = []\n        for i in range(layer_count):\n",
       "        for i in range(layer_count):\n            self.trainable_layers = []\n")],
     "trains_on_the_digits", "training", "failed", "The given Model.finalize starts self.trainable_layers = [] once"),
    # The given code of challenges 10 and 15 probed on its own (scenario_helpers.given_code_probed): a penalty
    # summed over the first layer alone, and the given methods named where the figures they make were blamed on train.
    ("challenge_10_model",
     [("                regularization_loss += layer.bias_regularizer_l2 * np.sum(layer.biases * layer.biases)\n"
       "        return regularization_loss",
       "                regularization_loss += layer.bias_regularizer_l2 * np.sum(layer.biases * layer.biases)\n"
       "            return regularization_loss")],
     "train_reports_progress", "model", "failed", "for two trainable layers whose L2 penalties are 3 each"),
    ("challenge_15_complete_model",
     [("                regularization_loss += layer.bias_regularizer_l2 * np.sum(layer.biases * layer.biases)\n"
       "        return regularization_loss",
       "                regularization_loss += layer.bias_regularizer_l2 * np.sum(layer.biases * layer.biases)\n"
       "            return regularization_loss")],
     "train_binary", "training", "failed", "for two trainable layers whose L2 penalties are 3 each"),
    ("challenge_10_model",
     [("        self.accumulated_sum = 0\n        self.accumulated_count = 0\n\n\nclass Loss_Categorical",
       "        self.accumulated_sum = 0\n\n\nclass Loss_Categorical")],
     "train_reports_progress", "model", "failed", "new_pass no longer starts both sums again"),
    ("challenge_15_complete_model",
     [('getattr(self, "accumulated_count", 0) + len(sample_losses)', 'getattr(self, "accumulated_count", 0) + 1')],
     "train_regression", "training", "failed", "the sum of their losses divided by the number of batches"),
    ("challenge_15_complete_model",
     [('getattr(self, "accumulated_sum", 0) + np.sum(comparisons)', 'getattr(self, "accumulated_sum", 0) + '
                                                                    'np.mean(comparisons)')],
     "train_categorical", "training", "failed",
     "Accuracy.calculate_accumulated (with Accuracy.calculate and Accuracy.new_pass), which the stub gives"),
    ("challenge_10_model", [("        self.iterations += 1\n", "        pass\n")],
     "train_in_batches", "model", "failed",
     "Optimizer_Adam.post_update_params, which the stub gives, no longer counts"),
    ("challenge_15_complete_model", [("        self.iterations += 1\n", "        pass\n")],
     "train_regression", "training", "failed",
     "Optimizer_Adam.post_update_params, which the stub gives, no longer counts"),
    # The learner's own Accuracy_Categorical.compare, wrong, read through the given Accuracy.calculate: no fault of
    # the given code, and the epoch's summary without new_pass is told as the learner's.
    ("challenge_15_complete_model",
     [("        if not self.binary and len(y.shape) == 2:\n            y = np.argmax(y, axis=1)",
       "        if not self.binary:\n            y = np.argmax(y, axis=-1)"),
      ("            self.loss.new_pass()\n            self.accuracy.new_pass()\n", "")],
     "train_regression", "training", "failed", "are they started again with new_pass() at each epoch"),
    # The dropout mask under a name of the learner's own (self.mask): the ReLU left out of Network.backward is still
    # named, from the mask the layer keeps whatever its name.
    ("challenge_13_regularized_training",
     [("        self.binary_mask = np.random.binomial(1, self.rate, size=inputs.shape) / self.rate\n"
       "        self.output = inputs * self.binary_mask",
       "        self.mask = np.random.binomial(1, self.rate, size=inputs.shape) / self.rate\n"
       "        self.output = inputs * self.mask"),
      ("self.dinputs = dvalues * self.binary_mask", "self.dinputs = dvalues * self.mask"),
      ("        self.activation1.backward(self.dropout1.dinputs)\n"
       "        self.dense1.backward(self.activation1.dinputs)",
       "        self.dense1.backward(self.dropout1.dinputs)")],
     "network_backward", "backprop", "failed", "the backward pass of the ReLU, activation1, between them was left"),
    # A backward pass that returns its gradient, beside a forward pass that keeps its inputs as self.input: the
    # return is told, not "did you mean self.dinputs?".
    ("challenge_5_backprop",
     [("        self.inputs = inputs\n        self.output = np.dot(inputs, self.weights) + self.biases",
       "        self.input = inputs\n        self.output = np.dot(inputs, self.weights) + self.biases"),
      ("self.dweights = np.dot(self.inputs.T, dvalues)", "self.dweights = np.dot(self.input.T, dvalues)"),
      ("        self.dinputs = np.dot(dvalues, self.weights.T)", "        return np.dot(dvalues, self.weights.T)")],
     "dense_backward_dinputs", "backprop", "failed", "a value the method returns is not kept"),
    ('challenge_7_training',
     [('self.learning_rate * (1. / (1. + self.decay',
       'self.current_learning_rate * (1. / (1. + self.decay')],
     'training_step', 'training', 'failed', 'the decay compounds'),
    ('challenge_7_training', [('return np.mean(sample_losses)', 'return np.sum(sample_losses)')],
     'training_step', 'training', 'failed', 'Loss.calculate, which the stub gives, now returns the sum'),
    ('challenge_7_training',
     [('self.output = np.dot(inputs, self.weights) + self.biases',
       'self.output = np.dot(inputs, self.weights)')],
     'training_step', 'training', 'failed', 'Layer_Dense.forward, which the stub gives, now leaves the biases out'),
    ('challenge_7_training', [('self.dinputs[self.inputs <= 0] = 0', 'pass  # mask line removed')],
     'training_step', 'training', 'failed',
     'Activation_ReLU.backward, which the stub gives, lost its mask'),
    ('challenge_7_training',
     [('-self.current_learning_rate * weight_momentums_corrected',
       '-self.current_learning_rate * layer.weight_momentums')],
     'training_step', 'training', 'failed',
     'Optimizer_Adam.update_params, which the stub gives, now moves the weights'),
    ('challenge_8_regularization',
     [('self.output = np.dot(inputs, self.weights) + self.biases',
       'self.output = np.dot(inputs, self.weights)')],
     'backward_l1', 'regularization', 'failed', 'Layer_Dense.forward, which the stub gives, now leaves the biases out'),
    ('challenge_8_regularization', [('return np.mean(sample_losses)', 'return np.sum(sample_losses)')],
     'backward_l1', 'regularization', 'failed', 'Loss.calculate, which the stub gives, now returns the sum'),
    ('challenge_5_backprop',
     [('self.output = np.dot(inputs, self.weights) + self.biases',
       'self.output = np.dot(inputs, self.weights)')],
     'combined_forward', 'loss', 'failed', 'Layer_Dense.forward, which the stub gives, now leaves the biases out'),
    ('challenge_5_backprop',
     [('y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)',
       'y_pred_clipped = np.clip(y_pred, 1e-2, 1 - 1e-2)')],
     'combined_forward', 'loss', 'failed',
     'Loss_CategoricalCrossentropy.forward, which the stub gives, now clips the predictions at 0.01'),
    ('challenge_13_regularized_training',
     [('self.learning_rate * (1. / (1. + self.decay',
       'self.current_learning_rate * (1. / (1. + self.decay')],
     'training_step', 'training', 'failed', 'the decay compounds'),
    ('challenge_13_regularized_training', [('self.dinputs[self.inputs <= 0] = 0', 'pass  # mask line removed')],
     'network_backward', 'backprop', 'failed',
     'Activation_ReLU.backward, which the stub gives, lost its mask'),
    ('challenge_16_real_dataset',
     [('self.learning_rate * (1. / (1. + self.decay',
       'self.current_learning_rate * (1. / (1. + self.decay')],
     'builds_the_chapter_19_network', 'model', 'failed', 'the decay compounds'),
    ('challenge_16_real_dataset', [('data_loss = np.mean(sample_losses)', 'data_loss = np.sum(sample_losses)')],
     'builds_the_chapter_19_network', 'model', 'failed', 'Loss.calculate, which the stub gives, now returns the sum'),
    ('challenge_16_real_dataset',
     [('layer.biases += -self.current_learning_rate',
       'pass  # layer.biases += -self.current_learning_rate')],
     'builds_the_chapter_19_network', 'model', 'failed',
     'Optimizer_Adam.update_params, which the stub gives, no longer updates the biases'),
    ('challenge_17_convolution',
     [('self.output = np.dot(inputs, self.weights) + self.biases',
       'self.output = np.dot(inputs, self.weights)')],
     'training_recipe', 'training', 'failed', 'Layer_Dense.forward, which the stub gives, now leaves the biases out'),
    ('challenge_17_convolution',
     [('-self.current_learning_rate * weight_momentums_corrected',
       '-self.current_learning_rate * layer.weight_momentums')],
     'training_recipe', 'training', 'failed',
     'Optimizer_Adam.update_params, which the stub gives, now moves the weights'),
    ('challenge_18_attention', [('self.dinputs[self.inputs <= 0] = 0', 'pass  # mask line removed')],
     'transformer_backward', 'model', 'failed',
     'Activation_ReLU.backward, which the stub gives, lost its mask'),
    ('challenge_18_attention',
     [('layer.biases += -self.current_learning_rate',
       'pass  # layer.biases += -self.current_learning_rate')],
     'training_recipe', 'training', 'failed',
     'Optimizer_Adam.update_params, which the stub gives, no longer updates the biases'),
    ('challenge_18_attention',
     [("    def update_params(self, layer):\n        if not hasattr(layer, 'weight_cache'):",
       ('    def update_params(self, layer):\n'
        "        _st = self.__dict__.setdefault('_state', {})\n"
        '        if layer.weights.shape in _st:\n'
        '            layer.weight_momentums, layer.weight_cache, layer.bias_momentums, la'
        'yer.bias_cache = _st[layer.weights.shape]\n'
        '        self._remember = lambda: _st.__setitem__(layer.weights.shape, (layer.wei'
        'ght_momentums, layer.weight_cache, layer.bias_momentums, layer.bias_cache))\n'
        '        self._update(layer)\n        self._remember()\n'
        '\n    def _update(self, layer):\n'
        "        if not hasattr(layer, 'weight_cache'):"))],
     'training_recipe', 'training', 'failed', 'a later step differs'),
    ('challenge_10_model', [('if not self.binary and len(y.shape) == 2:', 'if self.binary and len(y.shape) == 2:')],
     'train_reports_progress', 'model', 'failed',
     'Accuracy_Categorical.compare, with Accuracy_Categorical(), which the stub gives, now raises'),
    ('challenge_10_model', [('data_loss = np.mean(sample_losses)', 'data_loss = np.sum(sample_losses)')],
     'train_reports_progress', 'model', 'failed', 'Loss.calculate, which the stub gives, now returns the sum'),
    ('challenge_10_model',
     [('    def post_update_params(self):\n        self.iterations += 1',
       '    def post_update_params(self):\n        pass  # iterations never counted')],
     'train_in_batches', 'model', 'failed',
     'Optimizer_Adam.post_update_params, which the stub gives, no longer counts the steps'),
    ('challenge_10_model',
     [(('    def new_pass(self):\n        self.accumulated_sum = 0\n'
        '        self.accumulated_count = 0\n'
        '\n\nclass Loss_Categorical'),
       '    def new_pass(self):\n        self.accumulated_sum = 0\n\n\nclass Loss_Categorical')],
     'train_reports_progress', 'model', 'failed', 'new_pass no longer starts both sums again'),
    ('challenge_15_complete_model',
     [('clipped_dvalues = np.clip(dvalues, 1e-7, 1 - 1e-7)',
       'clipped_dvalues = dvalues')],
     'train_binary', 'training', 'failed',
     'Loss_BinaryCrossentropy.backward, which the stub gives, now gives values that are not finite'),
    ('challenge_15_complete_model', [('self.dinputs[self.inputs <= 0] = 0', 'pass  # mask line removed')],
     'backward', 'backprop', 'failed',
     'Activation_ReLU.backward, which the stub gives, lost its mask'),
    ('challenge_15_complete_model',
     [('self.accumulated_count = getattr(self, "accumulated_count", 0) + len(sample_losses)',
       'self.accumulated_count = getattr(self, "accumulated_count", 0) + 1')],
     'train_regression', 'training', 'failed', 'divided by the number of batches'),
    ('challenge_14_binary_and_regression_training',
     [('self.output = np.dot(inputs, self.weights) + self.biases',
       'self.output = np.dot(inputs, self.weights)')],
     'binary_step', 'training', 'failed', 'Layer_Dense.forward, which the stub gives, now leaves the biases out'),
    ('challenge_14_binary_and_regression_training',
     [('def __init__(self, learning_rate=0.001, decay=0., epsilon=1e-7, beta_1',
       'def __init__(self, learning_rate=0.01, decay=0., epsilon=1e-7, beta_1')],
     'binary_step', 'training', 'failed',
     'Optimizer_Adam.__init__, which the stub gives, now defaults learning_rate to 0.01'),
    ('challenge_14_binary_and_regression_training',
     [('        self.inputs = inputs\n        self.output = inputs\n',
       '        self.inputs = inputs\n        self.output = np.maximum(0, inputs)\n')],
     'regression_step', 'training', 'failed', 'Activation_Linear.forward, which the stub gives'),
    ('challenge_14_binary_and_regression_training',
     [('layer.weight_regularizer_l2 * np.sum(layer.weights * layer.weights)',
       'layer.weight_regularizer_l2 * np.sum(layer.weights)')],
     'binary_step', 'training', 'failed', 'Loss.regularization_loss, which the stub gives'),
    ('challenge_11_random_search_and_derivatives',
     [('exp_values / np.sum(exp_values, axis=1, keepdims=True)',
       'exp_values / np.sum(exp_values, axis=0, keepdims=True)')],
     'random_search_returns_the_best', 'training', 'failed',
     'Activation_Softmax.forward, which the stub gives, now gives rows that do not sum to 1'),
    ('challenge_11_random_search_and_derivatives', [('return np.mean(sample_losses)', 'return np.sum(sample_losses)')],
     'random_search_returns_the_best', 'training', 'failed',
     'Loss.calculate, which the stub gives, now returns the sum'),
    ('challenge_11_random_search_and_derivatives',
     [('self.biases = np.zeros((1, n_neurons))',
       'self.biases = 0.01 * np.random.randn(1, n_neurons)')],
     'random_search_uses_step', 'training', 'failed', 'Layer_Dense.__init__, which the stub gives'),
    # The given Accuracy.calculate returning the batch's sum: named as calculate's, not as compare's, whose probe
    # goes through it.
    ("challenge_10_model", [("        accuracy = np.mean(comparisons)", "        accuracy = np.sum(comparisons)")],
     "train_reports_progress", "model", "failed", "Accuracy.calculate, which the stub gives, now returns 3"),
    # A ReLU of the learner's own that keeps a mask from each pass: save must pop it, and the message names it.
    ("challenge_15_complete_model", [("        self.inputs = inputs\n        self.output = np.maximum(0, inputs)\n",
                                      "        self.inputs = inputs\n        self.mask = inputs > 0\n"
                                      "        self.output = np.maximum(0, inputs)\n"),
                                     ("        self.dinputs = dvalues.copy()\n        # The gradient is zero where the "
                                      "input was not positive.\n        self.dinputs[self.inputs <= 0] = 0\n",
                                      "        self.dinputs = dvalues * self.mask\n")],
     "save_and_load", "training", "failed", "Your layers keep mask from each pass as well"),
    # A softmax forward that leaves its result in a local name: the object is the right one, not a mix-up.
    ("challenge_15_complete_model", [("        self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)\n",
                                      "        probabilities = exp_values / np.sum(exp_values, axis=1, "
                                      "keepdims=True)\n")],
     "forward", "forward", "error", "Activation_Softmax.forward never sets self.output (it sets self.inputs only)"),
    ("challenge_15_complete_model", [("        self.inputs = inputs\n        # Subtract the row max",
                                      "        # Subtract the row max"),
                                     ("        self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)\n",
                                      "        probabilities = exp_values / np.sum(exp_values, axis=1, "
                                      "keepdims=True)\n")],
     "forward", "forward", "error", "Activation_Softmax.forward never sets self.output (it keeps nothing)"),
    # A combined backward that starts from the output its forward kept rather than from dvalues.
    ("challenge_5_backprop", [("        self.dinputs = dvalues.copy()\n        self.dinputs[range(samples), y_true]",
                               "        self.dinputs = self.output.copy()\n"
                               "        self.dinputs[range(samples), y_true]")],
     "combined_backward", "backprop", "failed", "self.dinputs follows the output of the last forward pass, not the "
     "dvalues given to backward"),
    # A loss backward that divides by the predictions its forward kept rather than by dvalues.
    ("challenge_5_backprop", [("        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)\n",
                               "        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)\n"
                               "        self.y_pred = y_pred_clipped\n"),
                              ("        self.dinputs = -y_true / dvalues\n",
                               "        self.dinputs = -y_true / self.y_pred\n")],
     "cce_backward", "backprop", "failed", "self.dinputs follows the predictions of the last forward pass"),
    # A dropout layer given to update_params: a real mix-up still gets the guess that names both classes.
    ("challenge_13_regularized_training", [("        optimizer.update_params(network.dense1)\n",
                                            "        optimizer.update_params(network.dropout1)\n")],
     "training_step", "training", "error", "Was a Layer_Dropout given where a Layer_Dense belongs?"),
    # The Model itself keeps its last output: the message says the model, not its layers, keeps it.
    ("challenge_15_complete_model", [("            layer.forward(layer.prev.output, training)\n"
                                      "        return layer.output\n",
                                      "            layer.forward(layer.prev.output, training)\n"
                                      "        self.last_output = layer.output\n        return layer.output\n")],
     "save_and_load", "training", "failed", "Your model keeps last_output from each pass as well"),
    # The given code's faults, told as the given code's: np.sum without keepdims=True in a Layer_Dense.backward
    # that also holds the penalties (probed by the shape of dbiases alone), Adam's epsilon inside np.sqrt (probed
    # with gradients small enough for epsilon to count), the Transformer's trainable layers and its two norms.
    ("challenge_8_regularization", [("self.dbiases = np.sum(dvalues, axis=0, keepdims=True)",
      "self.dbiases = np.sum(dvalues, axis=0)")],
     "backward_l1", "regularization", "failed", "which the stub gives, now leaves dbiases of shape (2,)"),
    ("challenge_13_regularized_training", [("self.dbiases = np.sum(dvalues, axis=0, keepdims=True)",
      "self.dbiases = np.sum(dvalues, axis=0)")],
     "dense_backward_l2", "regularization", "failed", "which the stub gives, now leaves dbiases of shape (2,)"),
    ("challenge_7_training",
     [("np.sqrt(weight_cache_corrected) + self.epsilon", "np.sqrt(weight_cache_corrected + self.epsilon)"),
      ("np.sqrt(bias_cache_corrected) + self.epsilon", "np.sqrt(bias_cache_corrected + self.epsilon)")],
     "training_step", "training", "failed", "Is self.epsilon added inside np.sqrt?"),
    ("challenge_10_model",
     [("np.sqrt(weight_cache_corrected) + self.epsilon", "np.sqrt(weight_cache_corrected + self.epsilon)"),
      ("np.sqrt(bias_cache_corrected) + self.epsilon", "np.sqrt(bias_cache_corrected + self.epsilon)")],
     "train_in_batches", "model", "failed", "Is self.epsilon added inside np.sqrt?"),
    ("challenge_13_regularized_training",
     [("np.sqrt(weight_cache_corrected) + self.epsilon", "np.sqrt(weight_cache_corrected + self.epsilon)"),
      ("np.sqrt(bias_cache_corrected) + self.epsilon", "np.sqrt(bias_cache_corrected + self.epsilon)")],
     "training_step", "training", "failed", "Is self.epsilon added inside np.sqrt?"),
    ("challenge_14_binary_and_regression_training",
     [("np.sqrt(weight_cache_corrected) + self.epsilon", "np.sqrt(weight_cache_corrected + self.epsilon)"),
      ("np.sqrt(bias_cache_corrected) + self.epsilon", "np.sqrt(bias_cache_corrected + self.epsilon)")],
     "binary_step", "training", "failed", "Is self.epsilon added inside np.sqrt?"),
    ("challenge_15_complete_model",
     [("np.sqrt(weight_cache_corrected) + self.epsilon", "np.sqrt(weight_cache_corrected + self.epsilon)"),
      ("np.sqrt(bias_cache_corrected) + self.epsilon", "np.sqrt(bias_cache_corrected + self.epsilon)")],
     "train_regression", "training", "failed", "Is self.epsilon added inside np.sqrt?"),
    ("challenge_16_real_dataset",
     [("np.sqrt(weight_cache_corrected) + self.epsilon", "np.sqrt(weight_cache_corrected + self.epsilon)"),
      ("np.sqrt(bias_cache_corrected) + self.epsilon", "np.sqrt(bias_cache_corrected + self.epsilon)")],
     "builds_the_chapter_19_network", "model", "failed", "Is self.epsilon added inside np.sqrt?"),
    ("challenge_17_convolution",
     [("np.sqrt(weight_cache_corrected) + self.epsilon", "np.sqrt(weight_cache_corrected + self.epsilon)"),
      ("np.sqrt(bias_cache_corrected) + self.epsilon", "np.sqrt(bias_cache_corrected + self.epsilon)")],
     "training_recipe", "training", "failed", "Is self.epsilon added inside np.sqrt?"),
    ("challenge_18_attention",
     [("np.sqrt(weight_cache_corrected) + self.epsilon", "np.sqrt(weight_cache_corrected + self.epsilon)"),
      ("np.sqrt(bias_cache_corrected) + self.epsilon", "np.sqrt(bias_cache_corrected + self.epsilon)")],
     "training_recipe", "training", "failed", "Is self.epsilon added inside np.sqrt?"),
    ("challenge_18_attention", [("self.attention.dense_o, self.dense1, self.dense2, self.classifier]",
                                 "self.attention.dense_o, self.dense1, self.classifier]")],
     "training_recipe", "training", "failed", "trainable_layers, which the stub gives, now leaves out dense2"),
    ("challenge_18_attention", [("self.attention.dense_o, self.dense1, self.dense2, self.classifier]",
                                 "self.attention.dense_o, self.dense1, self.dense1, self.dense2, self.classifier]")],
     "training_recipe", "training", "failed", "trainable_layers, which the stub gives, now gives dense1 twice"),
    ("challenge_18_attention", [("self.norm2 = Layer_LayerNorm(d_model)", "self.norm2 = self.norm1")],
     "training_recipe", "training", "failed", "Transformer.__init__, which the stub gives, now makes norm1 and norm2"),
    # A row the learner's own penalty code takes from dbiases is the penalty's to tell, not the stub's np.sum line;
    # the row that line drops is the line's, even where an unguarded penalty added in place then raises.
    ("challenge_8_regularization", [("        if self.bias_regularizer_l2 > 0:\n            self.dbiases += 2 * "
                                     "self.bias_regularizer_l2 * self.biases\n", "        self.dbiases = "
                                     "self.dbiases[0] + 2 * self.bias_regularizer_l2 * self.biases[0]\n")],
     "backward_l2", "regularization", "failed", "self.dbiases with L2 penalties has shape (3,), but (1, 3)"),
    ("challenge_13_regularized_training", [("        if self.bias_regularizer_l2 > 0:\n            self.dbiases += 2 * "
                                            "self.bias_regularizer_l2 * self.biases\n", "        self.dbiases = "
                                            "self.dbiases[0] + 2 * self.bias_regularizer_l2 * self.biases[0]\n")],
     "dense_backward_l2", "regularization", "failed", "has shape (3,), but (1, 3) was expected"),
    ("challenge_8_regularization", [("self.dbiases = np.sum(dvalues, axis=0, keepdims=True)",
                                     "self.dbiases = np.sum(dvalues, axis=0)"),
                                    ("        if self.bias_regularizer_l2 > 0:\n            self.dbiases += ",
                                     "        self.dbiases += ")],
     "backward_l1", "regularization", "failed", "which the stub gives, now leaves dbiases of shape (2,)"),
    ("challenge_13_regularized_training", [("self.dbiases = np.sum(dvalues, axis=0, keepdims=True)",
                                            "self.dbiases = np.sum(dvalues, axis=0)"),
                                           ("        if self.bias_regularizer_l2 > 0:\n            self.dbiases += ",
                                            "        self.dbiases += ")],
     "dense_backward_l2", "regularization", "failed", "which the stub gives, now leaves dbiases of shape (2,)"),
    # Adam's "efficient" form (the corrections folded into the rate) adds epsilon to the root of the uncorrected
    # cache: epsilon counts there too, and the message names that place as well as np.sqrt's inside.
    ("challenge_7_training",
     [("weight_momentums_corrected / (np.sqrt(weight_cache_corrected) + self.epsilon)",
       "layer.weight_momentums / (np.sqrt(layer.weight_cache) + self.epsilon) * np.sqrt(1 - self.beta_2 ** "
       "(self.iterations + 1)) / (1 - self.beta_1 ** (self.iterations + 1))")],
     "training_step", "training", "failed", "Or to the square root of a cache not yet divided by 1 - beta_2"),
    # A forward pass that raised before a backward check's backward: forward's error is told, not "called alone".
    ("challenge_17_convolution", [("        self.output = self._windows(inputs).max(axis=-1)\n",
                                   "        n, c, h, w = inputs.shape\n        p = self.pool_size\n"
                                   "        windows = inputs.reshape(n, c, h // p, p, w // p, p)"
                                   ".transpose(0, 1, 2, 4, 3, 5).reshape(n, c, h // p, w // p, p * p)\n"
                                   "        self.where = windows.argmax(axis=-1)\n"
                                   "        self.output = windows.max(axis=-1)\n"),
                                  ("windows.argmax(axis=-1)[..., np.newaxis]", "self.where[..., np.newaxis]")],
     "pool_backward", "backprop", "failed", "in Layer_MaxPool2D.forward, which this check runs before backward"),
    ("challenge_18_attention", [("        mean = np.mean(inputs, axis=-1, keepdims=True)\n",
                                 "        mean = np.mean(inputs, axis=-1, keepdim=True)\n"
                                 "        self.features = inputs.shape[-1]\n"),
                                ("        features = dvalues.shape[-1]\n", "        features = self.features\n")],
     "layernorm_backward", "backprop", "error", "in Layer_LayerNorm.forward, which this check runs before backward"),
    # Attention on 3-D arrays alone, where the README asks for any leading axes: backward, then forward.
    ("challenge_18_attention", [("self.dv = np.matmul(weights.swapaxes(-1, -2), dvalues)",
                                 "self.dv = np.matmul(weights.transpose(0, 2, 1), dvalues)")],
     "attention_backward", "attention", "failed", "Attention works on any number of leading axes"),
    ("challenge_18_attention", [("np.matmul(q, k.swapaxes(-1, -2))", "np.matmul(q, k.transpose(0, 2, 1))")],
     "attention_forward", "attention", "failed", "transpose only the last two, np.swapaxes(x, -1, -2)"),
    # im2col's windows taken without the stride, or from inputs padded on all four axes: shapes of their own.
    ("challenge_17_convolution", [("channels, height, width = inputs.shape\n"
                                   "    out_h = output_size(height, kernel_size, stride, padding)\n"
                                   "    out_w = output_size(width, kernel_size, stride, padding)\n",
                                   "channels, height, width = inputs.shape\n"
                                   "    out_h = output_size(height, kernel_size, 1, padding)\n"
                                   "    out_w = output_size(width, kernel_size, 1, padding)\n"),
                                  ("padded[:, :, ki:ki + stride * out_h:stride, kj:kj + stride * out_w:stride]\n"
                                   "    return columns",
                                   "padded[:, :, ki:ki + out_h, kj:kj + out_w]\n    return columns")],
     "im2col", "convolution", "failed", "5 x 6 positions where stride=2 gives 3 x 3: the stride was left out"),
    ("challenge_17_convolution", [("    padded = np.pad(inputs, ((0, 0), (0, 0), (padding, padding), "
                                   "(padding, padding)))\n    columns = np.empty(",
                                   "    padded = np.pad(inputs, padding)\n    n_samples, channels = padded.shape[:2]\n"
                                   "    columns = np.empty(")],
     "im2col", "convolution", "failed", "The padding was added to all four axes, np.pad(inputs, padding)"),
    # col2im called without the stride in backward: NumPy's reshape error, with the stride among its causes.
    ("challenge_17_convolution", [("col2im(dcolumns, self.inputs.shape, self.kernel_size, self.stride, self.padding)",
                                   "col2im(dcolumns, self.inputs.shape, self.kernel_size, padding=self.padding)")],
     "conv_backward_dinputs", "convolution", "error", "an output size that leaves the padding or the stride out"),
    # Forward's broadcast error, told before backward's: its sentence goes on after the shapes, with no stray space.
    ("challenge_17_convolution", [("self.columns = im2col(inputs, self.kernel_size, self.stride, self.padding)",
                                   "self.columns = im2col(inputs, self.kernel_size, padding=self.padding)")],
     "conv_backward_dweights", "convolution", "error", "(1,4,1,1), in Layer_Conv2D.forward, which this check runs"),
    ("challenge_17_convolution", [("self.dweights = np.dot(rows.T, self.columns).reshape(self.weights.shape)",
                                   "self.dweights = np.dot(rows.T, self.columns).reshape(self.weights.shape)"
                                   ".swapaxes(2, 3)")],
     "conv_backward_dweights", "convolution", "failed", "Each filter's kernel of dweights is transposed"),
    ("challenge_17_convolution", [("output.reshape(n_samples, out_h, out_w, -1).transpose(0, 3, 1, 2)",
                                   "output.T.reshape(n_samples, -1, out_h, out_w)")],
     "conv_forward", "convolution", "failed", "transposed to (F, N * H_out * W_out), then reshaped"),
    ("challenge_17_convolution", [("rows = dvalues.transpose(0, 2, 3, 1).reshape(-1, n_filters)",
                                   "rows = dvalues.reshape(n_filters, -1).T")],
     "conv_backward_dweights", "convolution", "failed", "dvalues.reshape(F, -1).T"),
    ("challenge_17_convolution", [("rows = dvalues.transpose(0, 2, 3, 1).reshape(-1, n_filters)",
                                   "rows = np.ones_like(dvalues).transpose(0, 2, 3, 1).reshape(-1, n_filters)")],
     "conv_backward_dweights", "convolution", "failed", "Layer_Conv2D.backward gives for dvalues of ones"),
    ("challenge_17_convolution", [("rows = dvalues.transpose(0, 2, 3, 1).reshape(-1, n_filters)",
                                   "rows = np.ones_like(dvalues).transpose(0, 2, 3, 1).reshape(-1, n_filters)")],
     "conv_backward_dinputs", "convolution", "failed", "Layer_Conv2D.backward gives for dvalues of ones"),
    ("challenge_17_convolution", [("self.dbiases = np.sum(dvalues, axis=(0, 2, 3), keepdims=True)",
                                   "self.dbiases = np.sum(np.ones_like(dvalues), axis=(0, 2, 3), keepdims=True)")],
     "conv_backward_dbiases", "convolution", "failed", "for dvalues of ones"),
    ("challenge_17_convolution", [("rows = dvalues.transpose(0, 2, 3, 1).reshape(-1, n_filters)",
                                   "rows = self.output.transpose(0, 2, 3, 1).reshape(-1, n_filters)")],
     "conv_backward_dinputs", "convolution", "failed", "for dvalues equal to self.output"),
    ("challenge_17_convolution", [("(mask * dvalues[..., np.newaxis])", "(mask * self.output[..., np.newaxis])")],
     "pool_backward", "backprop", "failed", "Layer_MaxPool2D.backward gives for dvalues equal to self.output"),
    ("challenge_17_convolution", [("(mask * dvalues[..., np.newaxis])",
                                   "(mask * np.ones_like(dvalues)[..., np.newaxis])")],
     "pool_backward", "backprop", "failed", "Layer_MaxPool2D.backward gives for dvalues of ones"),
    ("challenge_17_convolution", [("        p = self.pool_size\n        mask = np.zeros(windows.shape)",
                                   "        p = 2\n        mask = np.zeros(windows.shape)")],
     "pool_uses_pool_size", "backprop", "failed", "is the 2 of a 2 x 2 window written into backward"),
    ("challenge_18_attention", [("self.dinputs = (dnormalized - np.mean(dnormalized, axis=-1, keepdims=True)\n"
                                 "                        - self.normalized * np.mean(dnormalized * self.normalized, "
                                 "axis=-1, keepdims=True)) / self.std",
                                 "self.dinputs = (dnormalized - np.mean(dnormalized, axis=-1, keepdims=True)) "
                                 "/ self.std")],
     "layernorm_backward", "backprop", "failed", "dinputs lacks the term of the variance"),
    ("challenge_18_attention", [("self.dinputs = (dnormalized - np.mean(dnormalized, axis=-1, keepdims=True)\n"
                                 "                        - self.normalized",
                                 "self.dinputs = (dnormalized\n                        - self.normalized")],
     "layernorm_backward", "backprop", "failed", "dinputs lacks the term of the mean"),
    ("challenge_18_attention", [("dnormalized = dvalues * self.gamma",
                                 "dnormalized = np.ones_like(dvalues) * self.gamma")],
     "layernorm_backward", "backprop", "failed", "Layer_LayerNorm.backward gives for dvalues of ones"),
    ("challenge_18_attention", [("10000 ** (2 * (np.arange(d_model) // 2) / d_model)",
                                 "10000 ** (4 * (np.arange(d_model) // 2) / d_model)")],
     "positional_encoding", "forward", "failed", "counts the 2 of 2i twice"),
    ("challenge_18_attention", [("        weights = self.attention_weights\n        self.dv",
                                 "        weights = self.attention_weights\n        dvalues = np.ones_like(dvalues)\n"
                                 "        self.dv")],
     "attention_backward", "attention", "failed", "Attention.backward gives for dvalues of ones"),
    ("challenge_18_attention", [(f"self.dense_{x}.backward(merge_heads(self.attention.d{x}).reshape(-1, d_model))",
                                 f"self.dense_{x}.backward(self.attention.d{x}.reshape(-1, d_model))") for x in "qkv"],
     "mha_backward", "backprop", "failed", "merges the heads' gradients by a reshape alone"),
    ("challenge_18_attention", [("split_heads(self.dense_o.dinputs.reshape(batch, length, d_model), self.n_heads)",
                                 "self.dense_o.dinputs.reshape(batch, self.n_heads, length, -1)")],
     "mha_backward", "backprop", "failed", "splits dense_o's dinputs into heads by a reshape alone"),
    ("challenge_18_attention", [("self.dense_o.backward(dvalues.reshape(-1, d_model))",
                                 "self.dense_o.backward(np.ones_like(dvalues).reshape(-1, d_model))")],
     "mha_backward", "backprop", "failed", "Layer_MultiHeadAttention.backward gives for dvalues of ones"),
    # self.d_model read in the layer's own forward, which its __init__ is given and never keeps: no object mix-up.
    ("challenge_18_attention", [("        rows = inputs.reshape(-1, d_model)\n",
                                 "        rows = inputs.reshape(-1, self.d_model)\n")],
     "mha_forward", "forward", "error", "Layer_MultiHeadAttention.__init__ is given d_model but does not keep it"),
    # self.d_model read in a layer norm, whose __init__ is not given it: what __init__ keeps, and what to work from.
    ("challenge_18_attention", [("        mean = np.mean(inputs, axis=-1, keepdims=True)\n",
                                 "        features = self.d_model\n"
                                 "        mean = np.mean(inputs, axis=-1, keepdims=True)\n")],
     "layernorm_forward", "forward", "error", "read it under the name Layer_LayerNorm keeps it by, or work it out in "
                                              "forward from the shape of what it is given, inputs.shape[-1]"),
    # col2im called without the stride in backward: dinputs' check alone raises, and says why the shape is off.
    ("challenge_17_convolution", [("self.kernel_size, self.stride, self.padding)\n\n\nclass Layer_MaxPool2D",
                                   "self.kernel_size, padding=self.padding)\n\n\nclass Layer_MaxPool2D")],
     "conv_backward_dinputs", "convolution", "error", "the stride was not passed on, so col2im took its default, 1"),
    ("challenge_17_convolution", [("self.kernel_size, self.stride, self.padding)\n\n\nclass Layer_MaxPool2D",
                                   "self.kernel_size, self.padding, self.stride)\n\n\nclass Layer_MaxPool2D")],
     "conv_backward_dinputs", "convolution", "error", "stride=1 and padding=2, where the layer has stride=2 and "
                                                      "padding=1: they were passed in each other's place"),
    # A scale forward stored wrong (1.0), which backward reads right: backward's message says where the scale is set.
    ("challenge_18_attention", [("scores = np.matmul(q, k.swapaxes(-1, -2)) / np.sqrt(q.shape[-1])",
                                 "self.scale = 1.0\n        scores = np.matmul(q, k.swapaxes(-1, -2)) * self.scale"),
                                ("/ np.sqrt(self.q.shape[-1])", "* self.scale")],
     "attention_backward", "attention", "failed", "multiplied by self.scale = 1, which Attention.forward stored"),
    # q scaled in place by forward and kept: backward, right on the q it was given, reads the scaled one.
    ("challenge_18_attention", [("scores = np.matmul(q, k.swapaxes(-1, -2)) / np.sqrt(q.shape[-1])",
                                 "q /= np.sqrt(q.shape[-1])\n        scores = np.matmul(q, k.swapaxes(-1, -2))")],
     "attention_backward", "attention", "failed", "where Attention.forward scaled q in place"),
    # inputs -= mean in a layer norm: the reason given is true of this Transformer.
    ("challenge_18_attention", [("        mean = np.mean(inputs, axis=-1, keepdims=True)\n",
                                 "        inputs -= np.mean(inputs, axis=-1, keepdims=True)\n        mean = 0\n")],
     "layernorm_forward", "forward", "failed", "The Transformer passes each layer norm a sum made for it"),
    # self.bias where the layer norm keeps self.beta: no misspelling by Python's measure, the same parameter.
    ("challenge_18_attention", [("self.gamma * self.normalized + self.beta",
                                 "self.gamma * self.normalized + self.bias")],
     "layernorm_forward", "forward", "error", "Did you mean: 'beta'? Layer_LayerNorm keeps the shift it adds as "
                                              "self.beta"),
    # A forward pass that raised before a backward check's backward: forward's error is told, not backward's own
    # AttributeError on what forward never got to store (challenge 5's _with_cache swallowed it).
    ("challenge_5_backprop", [("        self.inputs = inputs\n        self.output = np.dot(inputs, self.weights) + "
                               "self.biases\n",
                               "        self.output = np.dot(inputs.reshape(2, -1), self.weights) + self.biases\n"
                               "        self.inputs_T = inputs.T\n"),
                              ("self.dweights = np.dot(self.inputs.T, dvalues)",
                               "self.dweights = np.dot(self.inputs_T, dvalues)")],
     "dense_backward_dweights", "backprop", "error", "in Layer_Dense.forward, which this check runs before backward"),
    # A backward that starts from what its forward kept: the gradient check names it too, not by its error alone.
    ("challenge_5_backprop", [("        self.dinputs = dvalues.copy()\n"
                               "        self.dinputs[range(samples), y_true] -= 1",
                               "        self.dinputs = self.output.copy()\n"
                               "        self.dinputs[range(samples), y_true] -= 1")],
     "combined_backward_gradcheck", "backprop", "failed", "self.dinputs follows the output of the last forward pass"),
    ("challenge_5_backprop", [("    def forward(self, y_pred, y_true):\n        samples = len(y_pred)",
                               "    def forward(self, y_pred, y_true):\n        self.y_pred = y_pred\n"
                               "        samples = len(y_pred)"),
                              ("self.dinputs = -y_true / dvalues", "self.dinputs = -y_true / self.y_pred")],
     "cce_backward_gradcheck", "backprop", "failed", "self.dinputs follows the predictions of the last forward pass"),
    # The spiral is learnt from the reference's start: an inf in the learner's own start is told by the start's check.
    ("challenge_14_binary_and_regression_training",
     [("self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)",
       "self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)\n        self.weights[0, 0] = np.inf")],
     "binary_learns_the_spiral", "training", "failed", "hold 1 infinite or NaN value among their 128"),
    # Gradients made at zero in __init__, and a backward that raises at its first line: the error is told, not zeros.
    ("challenge_17_convolution", [("        self.padding = padding\n\n    def forward(self, inputs):\n",
                                   "        self.padding = padding\n"
                                   "        self.dweights = np.zeros_like(self.weights)\n"
                                   "        self.dbiases = np.zeros_like(self.biases)\n\n"
                                   "    def forward(self, inputs):\n"),
                                  ("n_filters = len(self.weights)", "n_filters = len(self.weight)")],
     "conv_backward_dweights", "convolution", "error", "no attribute 'weight'"),
    # self.inputs read in LayerNorm's own backward, which its forward never keeps: no mix-up of objects is guessed.
    ("challenge_18_attention", [("        features = dvalues.shape[-1]\n",
                                 "        features = self.inputs.shape[-1]\n")],
     "layernorm_backward", "backprop", "error", "Set self.inputs = ... in one of Layer_LayerNorm's methods"),
    # A combined forward still a TODO, and its backward's own one-hot mistake: the backward check tells backward's.
    ("challenge_5_backprop", [("        self.activation.forward(inputs)\n        self.output = self.activation.output\n"
                               "        return self.loss.calculate(self.output, y_true)\n",
                               "        raise NotImplementedError\n"),
                              ("        if len(y_true.shape) == 2:\n            y_true = np.argmax(y_true, axis=1)\n"
                               "        self.dinputs = dvalues.copy()",
                               "        self.dinputs = dvalues.copy()")],
     "combined_backward", "backprop", "failed", "backward raised IndexError: arrays used as indices"),
    # NumPy's broadcast error, with the advice its shapes allow.
    ("challenge_7_training", [("np.sum(exp_values, axis=1, keepdims=True)", "np.sum(exp_values, axis=1)")],
     "training_step", "training", "error", "here (300,) has one value for each of the 300 rows of (300, 3), not for "
                                           "its 3 columns. One value per row must be a column, (300, 1), to meet each "
                                           "row: a sum or maximum over axis=1 keeps that shape with keepdims=True"),
]

# (misconception, challenge, [(solution text, replacement)], the check that names it)
NAMED = [
    ("loss_after_update", "challenge_7_training", LOSS_RECORDED_AFTER_UPDATE, "training_step"),
    ("loss_after_update", "challenge_13_regularized_training", PENALTY_READ_AFTER_UPDATE, "training_step"),
    ("optimizer_settings", "challenge_13_regularized_training", CH15_DECAY_OF_CH10, "training_step"),
    ("optimizer_settings", "challenge_7_training",
     [("optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-7)\n    losses",
       "optimizer = Optimizer_Adam(learning_rate=0.0005, decay=5e-7)\n    losses")], "training_step"),
    ("optimizer_settings", "challenge_14_binary_and_regression_training",
     [("optimizer = Optimizer_Adam(learning_rate=0.005, decay=1e-3)",
       "optimizer = Optimizer_Adam(learning_rate=0.05, decay=1e-3)")], "regression_step"),
    ("optimizer_settings", "challenge_16_real_dataset",
     [("optimizer=Optimizer_Adam(decay=1e-3)", "optimizer=Optimizer_Adam(decay=1e-4)")],
     "builds_the_chapter_19_network"),
    ("wrong_derivative_input", "challenge_8_regularization", BIAS_L2_FROM_WEIGHTS, "backward_l2"),
    ("wrong_derivative_input", "challenge_8_regularization", BIAS_L1_FROM_WEIGHTS_RAISES, "backward_l1"),
    ("predict_reuses_training", "challenge_7_training", PREDICT_ON_TRAINING_X, "validation_accuracy"),
    ("predict_reuses_training", "challenge_7_training", PREDICT_LOSS_ON_TRAINING_Y, "validation_accuracy"),
    ("wrong_backward_input", "challenge_7_training",
     [("dense1.backward(activation1.dinputs)", "dense1.backward(activation1.output)")], "training_step"),
    ("gradient_overwritten", "challenge_8_regularization",
     [("self.dbiases += self.bias_regularizer_l1 * dL1", "self.dbiases = self.bias_regularizer_l1 * dL1")],
     "backward_l1"),
    ("penalty_in_measured_loss", "challenge_10_model",
     [("        validation_loss = self.loss.calculate_accumulated()\n",
       "        validation_loss = sum(self.loss.calculate_accumulated(include_regularization=True))\n")],
     "validation_every_epoch"),
    ("penalty_in_measured_loss", "challenge_15_complete_model",
     [("        validation_loss = self.loss.calculate_accumulated()\n",
       "        validation_loss = sum(self.loss.calculate_accumulated(include_regularization=True))\n")],
     "train_categorical"),
    ("penalty_in_measured_loss", "challenge_13_regularized_training",
     [("    loss = network.forward(X, y, training=False)\n",
       "    loss = network.forward(X, y, training=False) + network.regularization_loss()\n")], "evaluate"),
    ("transposed", "challenge_5_backprop",
     [("np.dot(self.inputs.T, dvalues)", "np.dot(dvalues.T, self.inputs)")], "dense_backward_dweights"),
    ("batch_factor", "challenge_5_backprop",
     [("self.dinputs = self.dinputs / samples\n\n\nclass Activation_Softmax_Loss",
       "self.dinputs = self.dinputs\n\n\nclass Activation_Softmax_Loss")], "cce_backward"),
    ("batch_factor", "challenge_1_forward_pass",
     [("return np.mean(sample_losses)", "return np.sum(sample_losses)")], "loss_calculate"),
    ("sign_flipped", "challenge_5_backprop",
     [("self.dinputs = -y_true / dvalues", "self.dinputs = y_true / dvalues")], "cce_backward"),
    ("lost_axis", "challenge_5_backprop",
     [("np.sum(dvalues, axis=0, keepdims=True)", "np.sum(dvalues, axis=0)")], "dense_backward_dbiases"),
    ("lost_axis", "challenge_3_activations",
     [("np.sum(exp_values, axis=1, keepdims=True)", "np.sum(exp_values, axis=0, keepdims=True)")], "softmax"),
    ("no_max_shift", "challenge_1_forward_pass",
     [("np.exp(inputs - np.max(inputs, axis=1, keepdims=True))", "np.exp(inputs)")], "softmax_large_logits"),
    ("unclipped_log", "challenge_4_loss_debug",
     [("y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)", "y_pred_clipped = y_pred")], "cce_clipping"),
    ("unclipped_log", "challenge_1_forward_pass",
     [("np.clip(y_pred, 1e-7, 1 - 1e-7)", "y_pred")], "cce_clipping"),
    ("wrong_derivative_input", "challenge_5_backprop",
     [("self.dinputs[self.inputs <= 0] = 0", "self.dinputs[dvalues <= 0] = 0")], "relu_backward"),
    ("wrong_derivative_input", "challenge_5_backprop",
     [("jacobian_matrix = np.diagflat(single_output) - np.dot(single_output, single_output.T)",
       "single_input = self.inputs[index].reshape(-1, 1)\n"
       "            jacobian_matrix = np.diagflat(single_input) - np.dot(single_input, single_input.T)")],
     "softmax_backward"),
    ("wrong_derivative_input", "challenge_9_binary_and_regression",
     [("self.dinputs = dvalues * (1 - self.output) * self.output",
       "self.dinputs = dvalues * (1 - self.inputs) * self.inputs")], "sigmoid_backward"),
    ("in_place", "challenge_5_backprop",
     [("self.dinputs = dvalues.copy()\n        self.dinputs[self.inputs <= 0] = 0",
       "self.dinputs = dvalues\n        self.dinputs[self.inputs <= 0] = 0")], "relu_backward_keeps_dvalues"),
    ("in_place", "challenge_5_backprop",
     [("self.dinputs = dvalues.copy()\n        self.dinputs[range(samples), y_true] -= 1",
       "self.dinputs = dvalues\n        self.dinputs[range(samples), y_true] -= 1")],
     "combined_backward_keeps_dvalues"),
    ("broadcast_square", "challenge_4_loss_debug",
     [("return y_pred[range(len(y_pred)), y_true]", "return y_pred[:, y_true]")], "confidences_sparse"),
    ("broadcast_square", "challenge_1_forward_pass",
     [("correct_confidences = y_pred_clipped[range(samples), y_true]",
       "correct_confidences = y_pred_clipped[range(samples), y_true] * np.ones((samples, 1))")], "cce_sparse"),
    ("not_an_array", "challenge_3_activations",
     [("        return 1 / (1 + np.exp(-inputs))", "        return (1 / (1 + np.exp(-inputs))).tolist()")],
     "sigmoid"),
    ("not_an_array", "challenge_3_activations",
     [("return np.where(inputs > 0, inputs, alpha * inputs)",
       "return np.where(inputs > 0, inputs, alpha * inputs).astype(int)")], "leaky_relu"),
    ("batch_max_shift", "challenge_3_activations",
     [("np.exp(inputs - np.max(inputs, axis=1, keepdims=True))", "np.exp(inputs - np.max(inputs))")],
     "softmax_large_logits"),
    ("epsilon_placement", "challenge_6_optimizers",
     [("layer.dweights / (np.sqrt(layer.weight_cache) + self.epsilon)",
       "layer.dweights / np.sqrt(layer.weight_cache) + self.epsilon")], "adagrad"),
    ("epsilon_placement", "challenge_6_optimizers",
     [("layer.dweights / (np.sqrt(layer.weight_cache) + self.epsilon)",
       "layer.dweights / np.sqrt(layer.weight_cache + self.epsilon)")], "adagrad"),
    ("epsilon_placement", "challenge_6_optimizers",
     [("(1 - self.rho) * layer.dweights ** 2\n"
       "        layer.bias_cache = self.rho * layer.bias_cache + (1 - self.rho) * layer.dbiases ** 2\n"
       "        layer.weights += -self.current_learning_rate * layer.dweights / (np.sqrt(layer.weight_cache) + self.epsilon)",
       "(1 - self.rho) * layer.dweights ** 2\n"
       "        layer.bias_cache = self.rho * layer.bias_cache + (1 - self.rho) * layer.dbiases ** 2\n"
       "        layer.weights += -self.current_learning_rate * layer.dweights / np.sqrt(layer.weight_cache + self.epsilon)")],
     "rmsprop"),
    ("lost_axis", "challenge_4_loss_debug",
     [("predictions = np.argmax(y_pred, axis=1)", "predictions = np.argmax(y_pred)")], "accuracy_sparse"),
    ("no_square_root", "challenge_6_optimizers",
     [("(np.sqrt(weight_cache_corrected) + self.epsilon)", "(weight_cache_corrected + self.epsilon)")], "adam"),
    ("step_count", "challenge_6_optimizers",
     [("        layer.weight_momentums = self.beta_1 * layer.weight_momentums",
       "        self.iterations += 1\n        layer.weight_momentums = self.beta_1 * layer.weight_momentums"),
      ("        self.iterations += 1\n\n\nif __name__", "        pass\n\n\nif __name__")], "adam"),
    ("step_count", "challenge_7_training", [("        optimizer.post_update_params()\n", "")], "every_step"),
    ("memory_reset", "challenge_6_optimizers",
     [("    def update_params(self, layer):\n        if not hasattr(layer, 'weight_cache'):\n"
       "            layer.weight_momentums",
       "    def update_params(self, layer):\n        if True:\n            layer.weight_momentums")], "adam"),
    ("state_on_optimizer", "challenge_6_optimizers",
     [("        if not hasattr(layer, 'weight_cache'):\n            layer.weight_cache = np.zeros_like(layer.weights)\n"
       "            layer.bias_cache = np.zeros_like(layer.biases)\n"
       "        layer.weight_cache = self.rho * layer.weight_cache + (1 - self.rho) * layer.dweights ** 2\n"
       "        layer.bias_cache = self.rho * layer.bias_cache + (1 - self.rho) * layer.dbiases ** 2\n",
       "        if not hasattr(self, 'weight_cache'):\n            self.weight_cache = np.zeros_like(layer.weights)\n"
       "            self.bias_cache = np.zeros_like(layer.biases)\n"
       "        self.weight_cache = self.rho * self.weight_cache + (1 - self.rho) * layer.dweights ** 2\n"
       "        self.bias_cache = self.rho * self.bias_cache + (1 - self.rho) * layer.dbiases ** 2\n"
       "        layer.weight_cache, layer.bias_cache = self.weight_cache, self.bias_cache\n")], "rmsprop"),
    ("stale_forward", "challenge_7_training",
     [("    for step in range(steps):\n        dense1.forward(X)\n        activation1.forward(dense1.output)\n"
       "        dense2.forward(activation1.output)\n        losses.append(loss_activation.forward(dense2.output, y))",
       "    dense1.forward(X)\n    activation1.forward(dense1.output)\n    dense2.forward(activation1.output)\n"
       "    loss = loss_activation.forward(dense2.output, y)\n    for step in range(steps):\n"
       "        losses.append(loss)")], "every_step"),
    ("wrong_backward_input", "challenge_7_training",
     [("loss_activation.backward(loss_activation.output, y)", "loss_activation.backward(dense2.output, y)")],
     "training_step"),
    ("wrong_backward_input", "challenge_7_training",
     [("dense1.backward(activation1.dinputs)", "dense1.backward(dense2.dinputs)")], "training_step"),
    ("predict_reuses_training", "challenge_7_training",
     [("        dense1.forward(inputs)\n        activation1.forward(dense1.output)\n"
       "        dense2.forward(activation1.output)\n        return np.argmax(dense2.output, axis=1)",
       "        return np.argmax(loss_activation.output, axis=1)")], "validation_accuracy"),
    ("training_flag", "challenge_8_regularization",
     [("    def forward(self, inputs, training=True):\n        self.inputs = inputs\n        if not training:\n"
       "            self.output = inputs.copy()\n            return\n",
       "    def forward(self, inputs):\n        self.inputs = inputs\n")], "dropout_inference"),
    ("misspelt_name", "challenge_1_forward_pass", [("    def forward(self, inputs):\n        self.output = np.dot",
                                                    "    def foward(self, inputs):\n        self.output = np.dot")],
     "dense_forward_shape"),
    ("attribute_never_set", "challenge_8_regularization",
     [("self.output = inputs * self.binary_mask", "self.outputs = inputs * self.binary_mask")],
     "dropout_drops_the_right_share"),
    ("validation_once", "challenge_10_model",
     [("            if validation_data is not None:\n",
       "            if validation_data is not None and epoch == epochs:\n")], "validation_every_epoch"),
    ("flipped_kernel", "challenge_17_convolution",
     [("np.sum(window * weights[f])", "np.sum(window * weights[f][:, ::-1, ::-1])")], "conv_loops"),
    ("flipped_kernel", "challenge_17_convolution",
     [("dcolumns = np.dot(rows, self.weights.reshape(n_filters, -1))",
       "dcolumns = np.dot(rows, self.weights[:, :, ::-1, ::-1].reshape(n_filters, -1))")], "conv_backward_dinputs"),
    ("output_size", "challenge_17_convolution",
     [("return (size + 2 * padding - kernel_size) // stride + 1",
       "return (size + 2 * padding - kernel_size) // stride")], "output_size"),
    ("channels_last", "challenge_17_convolution",
     [("output.reshape(n_samples, out_h, out_w, -1).transpose(0, 3, 1, 2) + self.biases",
       "output.reshape(n_samples, out_h, out_w, -1) + self.biases.reshape(1, 1, 1, -1)")], "conv_forward"),
    ("pool_gradient_everywhere", "challenge_17_convolution",
     [("np.put_along_axis(mask, windows.argmax(axis=-1)[..., np.newaxis], 1.0, axis=-1)", "mask[:] = 1.0")],
     "pool_backward"),
    ("lost_axis", "challenge_17_convolution",
     [("np.sum(dvalues, axis=(0, 2, 3), keepdims=True)", "np.sum(dvalues, axis=0, keepdims=True)")],
     "conv_backward_dbiases"),
    ("gradient_accumulated", "challenge_5_backprop",
     [("self.dweights = np.dot(self.inputs.T, dvalues)",
       "if not hasattr(self, 'dweights'):\n            self.dweights = 0\n"
       "        self.dweights += np.dot(self.inputs.T, dvalues)")], "dense_backward_dweights"),
    ("gradient_overwritten", "challenge_17_convolution",
     [("+= windows[:, :, ki, kj]", "= windows[:, :, ki, kj]")], "col2im"),
    ("regularization_not_in_loss", "challenge_13_regularized_training",
     [("losses.append(data_loss + network.regularization_loss())", "losses.append(data_loss)")], "training_step"),
    ("validation_in_training", "challenge_13_regularized_training",
     [("validation_accuracy, validation_loss = evaluate(network, X_val, y_val)",
       "validation_accuracy, validation_loss = evaluate(network, X, y)")], "train_and_validate"),
    ("validation_in_training", "challenge_13_regularized_training", TRAINING_AND_VALIDATION_SETS_SWAPPED,
     "train_and_validate"),
    ("broadcast_square", "challenge_14_binary_and_regression_training",
     [("    y = y.reshape(-1, 1)\n    dense1", "    dense1")], "binary_step"),
    ("unscaled_attention", "challenge_18_attention",
     [("scores = np.matmul(q, k.swapaxes(-1, -2)) / np.sqrt(q.shape[-1])", "scores = np.matmul(q, k.swapaxes(-1, -2))")],
     "attention_forward"),
    ("attention_softmax_axis", "challenge_18_attention",
     [("self.attention_weights = softmax(scores)\n",
       "self.attention_weights = softmax(scores.swapaxes(-1, -2)).swapaxes(-1, -2)\n")], "attention_forward"),
    ("mask_after_softmax", "challenge_18_attention",
     [("        if mask is not None:\n            scores = np.where(mask, scores, MASK_VALUE)\n"
       "        self.attention_weights = softmax(scores)\n",
       "        self.attention_weights = softmax(scores)\n        if mask is not None:\n"
       "            self.attention_weights = self.attention_weights * mask\n")], "attention_masked"),
    ("layernorm_batch_axis", "challenge_18_attention",
     [("mean = np.mean(inputs, axis=-1, keepdims=True)\n        variance = np.mean((inputs - mean) ** 2, axis=-1, "
       "keepdims=True)",
       "mean = np.mean(inputs, axis=0, keepdims=True)\n        variance = np.mean((inputs - mean) ** 2, axis=0, "
       "keepdims=True)")], "layernorm_forward"),
    ("unbiased_variance", "challenge_18_attention",
     [("variance = np.mean((inputs - mean) ** 2, axis=-1, keepdims=True)",
       "variance = np.var(inputs, axis=-1, keepdims=True, ddof=1)")], "layernorm_forward"),
    ("heads_wrong_axis", "challenge_18_attention",
     [("return inputs.reshape(batch, length, n_heads, d_model // n_heads).transpose(0, 2, 1, 3)",
       "return inputs.reshape(batch, n_heads, length, d_model // n_heads)")], "split_heads"),
    ("combined_gradient_misapplied", "challenge_15_complete_model",
     [("if isinstance(self.layers[-1], Activation_Softmax) and isinstance(self.loss, Loss_CategoricalCrossentropy):",
       "if isinstance(self.layers[-1], Activation_Softmax) or isinstance(self.loss, Loss_CategoricalCrossentropy):")],
     "finalize_combined_gradient"),
    ("output_activation_skipped", "challenge_14_binary_and_regression_training",
     [("        activation2.forward(dense2.output)\n        return activation2.output",
       "        return dense2.output")],
     "binary_learns_the_spiral"),
    ("accuracy_not_initialised", "challenge_15_complete_model",
     [("return np.absolute(predictions - y) < self.precision", "return np.absolute(predictions - y) < np.std(y) / 250")],
     "accuracy_regression"),
    ("accuracy_not_initialised", "challenge_15_complete_model", [("        self.accuracy.init(y)\n        train_steps", "        train_steps")],
     "train_sets_precision"),
    ("one_hot_by_dtype", "challenge_4_loss_debug",
     [("    if len(y_true.shape) == 2:\n        y_true = np.argmax(y_true, axis=1)",
       "    if y_true.dtype.kind == 'f':\n        y_true = np.argmax(y_true, axis=1)")], "accuracy_onehot"),
    ("regularization_not_in_loss", "challenge_15_complete_model",
     [("                loss = data_loss + regularization_loss", "                loss = data_loss"),
      ("            epoch_loss = epoch_data_loss + epoch_regularization_loss", "            epoch_loss = epoch_data_loss")],
     "train_binary"),
    ("regularization_not_in_loss", "challenge_10_model",
     [("                loss = data_loss + regularization_loss", "                loss = data_loss")],
     "train_reports_progress"),
    ("data_pickled", "challenge_15_complete_model", [("        model.input_layer.__dict__.pop(\"output\", None)\n"
                              "        model.loss.__dict__.pop(\"dinputs\", None)\n", "")], "save_and_load"),
    ("activations_trainable", "challenge_15_complete_model",
     [("            if hasattr(self.layers[i], \"weights\"):", "            if True:")], "finalize"),
    ("no_input_layer", "challenge_15_complete_model",
     [("self.layers[i].prev = self.input_layer if i == 0 else self.layers[i - 1]",
       "self.layers[i].prev = self.layers[i - 1]")], "finalize"),
    ("training_flag", "challenge_15_complete_model", [("            output = self.forward(batch_X, training=False)\n            self.loss.calculate",
                               "            output = self.forward(batch_X, training=True)\n            self.loss.calculate")],
     "evaluate"),
    ("last_row_only", "challenge_1_forward_pass", RELU_ROW_LOOP, "relu_forward"),
]
