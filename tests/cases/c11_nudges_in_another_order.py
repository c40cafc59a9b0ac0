"""challenge_11_random_search_and_derivatives, correct: random_search nudges the four arrays in another order than
the book, whose search stalls on the first seed's path"""
import numpy as np


class Layer_Dense:
    """A layer of neurons, each connected to every input."""

    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        self.output = np.dot(inputs, self.weights) + self.biases


class Activation_ReLU:
    """Rectified linear unit: max(0, x) for every value."""

    def forward(self, inputs):
        self.output = np.maximum(0, inputs)


class Activation_Softmax:
    """Turns each row of scores into probabilities that sum to 1."""

    def forward(self, inputs):
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)


class Loss:
    """What every loss shares: averaging the per-sample losses."""

    def calculate(self, output, y):
        sample_losses = self.forward(output, y)
        return np.mean(sample_losses)


class Loss_CategoricalCrossentropy(Loss):
    """-log of the probability the model gave to the true class."""

    def forward(self, y_pred, y_true):
        samples = len(y_pred)
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        if len(y_true.shape) == 1:
            correct_confidences = y_pred_clipped[range(samples), y_true]
        else:
            correct_confidences = np.sum(y_pred_clipped * y_true, axis=1)
        return -np.log(correct_confidences)


def random_search(X, y, iterations=1000, step=0.05):
    """Chapter 6: nudge every parameter of a 2-3-3 network at random and keep a nudge only when the
    loss falls. Returns (dense1, dense2, lowest_losses): the layers hold the best parameters found,
    and lowest_losses[i] is the lowest loss after iteration i."""
    dense1, activation1 = Layer_Dense(X.shape[1], 3), Activation_ReLU()
    dense2, activation2 = Layer_Dense(3, 3), Activation_Softmax()
    loss_function = Loss_CategoricalCrossentropy()
    # The first iteration always improves on an infinite loss, so the best parameters exist before
    # any iteration needs to put them back.
    lowest_loss = np.inf
    lowest_losses = []
    for iteration in range(iterations):
        dense2.weights += step * np.random.randn(*dense2.weights.shape)
        dense1.weights += step * np.random.randn(*dense1.weights.shape)
        dense2.biases += step * np.random.randn(*dense2.biases.shape)
        dense1.biases += step * np.random.randn(*dense1.biases.shape)
        dense1.forward(X)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        activation2.forward(dense2.output)
        loss = loss_function.calculate(activation2.output, y)
        if loss < lowest_loss:
            best_dense1_weights, best_dense1_biases = dense1.weights.copy(), dense1.biases.copy()
            best_dense2_weights, best_dense2_biases = dense2.weights.copy(), dense2.biases.copy()
            lowest_loss = loss
        else:
            dense1.weights, dense1.biases = best_dense1_weights.copy(), best_dense1_biases.copy()
            dense2.weights, dense2.biases = best_dense2_weights.copy(), best_dense2_biases.copy()
        lowest_losses.append(lowest_loss)
    return dense1, dense2, lowest_losses


def numerical_derivative(f, x, h=1e-5):
    """Chapter 7: the slope of f at the number x, by the central difference."""
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_gradient(f, x, h=1e-5):
    """Chapter 8: the partial derivative of the number f(x) with respect to each element of the array x,
    as an array of x's shape. x holds the same values afterwards."""
    gradient = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        kept = x[index]
        x[index] = kept + h
        above = f(x)
        x[index] = kept - h
        below = f(x)
        x[index] = kept
        gradient[index] = (above - below) / (2 * h)
    return gradient


def backward_errors(layer, inputs, dvalues, h=1e-5):
    """How far layer.backward(dvalues) is from the numerical gradient of sum(output * dvalues):
    {"dweights": error, "dbiases": error, "dinputs": error}, each the largest difference divided by
    the largest magnitude of the two gradients. The layer's parameters are the same afterwards."""
    layer.forward(inputs)
    layer.backward(dvalues)
    analytic = {"dweights": layer.dweights, "dbiases": layer.dbiases, "dinputs": layer.dinputs}
    weights, biases = layer.weights, layer.biases

    def objective(weights, biases, inputs):
        layer.weights, layer.biases = weights, biases
        layer.forward(inputs)
        return np.sum(layer.output * dvalues)

    # numerical_gradient puts every element back; the last function called leaves the layer with its own
    # weights and biases.
    numeric = {"dweights": numerical_gradient(lambda w: objective(w, biases, inputs), weights, h),
               "dbiases": numerical_gradient(lambda b: objective(weights, b, inputs), biases, h),
               "dinputs": numerical_gradient(lambda x: objective(weights, biases, x),
                                             np.array(inputs, dtype=float), h)}
    errors = {}
    for name in analytic:
        scale = max(np.max(np.abs(analytic[name])), np.max(np.abs(numeric[name])), 1e-12)
        errors[name] = float(np.max(np.abs(analytic[name] - numeric[name])) / scale)
    return errors


if __name__ == "__main__":
    from nnfs.datasets import spiral_data, vertical_data

    np.random.seed(0)
    try:
        for name, data in (("vertical", vertical_data), ("spiral", spiral_data)):
            X, y = data(samples=100, classes=3)
            dense1, dense2, lowest_losses = random_search(X, y, iterations=1000)
            print(f"random search on the {name} data: loss {lowest_losses[0]:.3f} -> {lowest_losses[-1]:.3f}")

        class Layer_Dense_WrongBiases(Layer_Dense):
            """A dense layer whose backward pass forgets to sum dbiases over the samples."""

            def backward(self, dvalues):
                self.dweights = np.dot(self.inputs.T, dvalues)
                self.dbiases = dvalues[:1].copy()
                self.dinputs = np.dot(dvalues, self.weights.T)

            def forward(self, inputs):
                self.inputs = inputs
                super().forward(inputs)

        layer = Layer_Dense_WrongBiases(4, 3)
        print("gradient check of a wrong backward pass:",
              backward_errors(layer, np.random.randn(5, 4), np.random.randn(5, 3)))
    except NotImplementedError:
        print("Some functions are still TODOs. Fill them in, then run: "
              "grade challenge_11_random_search_and_derivatives")
