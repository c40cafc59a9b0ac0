"""Challenge 6: optimizers (chapter 10 of the book).

Each optimizer is used the same way for every training step:

    optimizer.pre_update_params()
    optimizer.update_params(dense1)
    optimizer.update_params(dense2)
    optimizer.post_update_params()

The constructors are written for you. Fill in every TODO, then check your work with:

    grade challenge_6_optimizers

Run this file (python main.py) to see each optimizer pull a set of weights towards a target.
"""
import numpy as np


class Optimizer_SGD:
    """Stochastic gradient descent, with learning-rate decay and momentum."""

    def __init__(self, learning_rate=1., decay=0., momentum=0.):
        self.learning_rate = learning_rate
        self.current_learning_rate = learning_rate
        self.decay = decay
        self.iterations = 0
        self.momentum = momentum

    def pre_update_params(self):
        # TODO: if there is a decay, set self.current_learning_rate to
        #       learning_rate * (1 / (1 + decay * iterations)).
        raise NotImplementedError

    def update_params(self, layer):
        # TODO: without momentum, move layer.weights and layer.biases by -current_learning_rate times
        #       their gradients. With momentum, keep each layer's last updates in layer.weight_momentums
        #       and layer.bias_momentums (zeros the first time), and add momentum times them.
        raise NotImplementedError

    def post_update_params(self):
        # TODO: count the step.
        raise NotImplementedError


class Optimizer_Adagrad:
    """Per-parameter learning rates, from the sum of all squared gradients so far."""

    def __init__(self, learning_rate=1., decay=0., epsilon=1e-7):
        self.learning_rate = learning_rate
        self.current_learning_rate = learning_rate
        self.decay = decay
        self.iterations = 0
        self.epsilon = epsilon

    def pre_update_params(self):
        # TODO: the same decay as SGD.
        raise NotImplementedError

    def update_params(self, layer):
        # TODO: add the squared gradients to layer.weight_cache and layer.bias_cache (zeros the first
        #       time): cache += dweights ** 2. Then step with
        #       weights += -current_learning_rate * dweights / (np.sqrt(cache) + epsilon),
        #       epsilon outside the square root, and the same for the biases.
        raise NotImplementedError

    def post_update_params(self):
        # TODO: count the step.
        raise NotImplementedError


class Optimizer_RMSprop:
    """AdaGrad with a moving average of squared gradients instead of their sum."""

    def __init__(self, learning_rate=0.001, decay=0., epsilon=1e-7, rho=0.9):
        self.learning_rate = learning_rate
        self.current_learning_rate = learning_rate
        self.decay = decay
        self.iterations = 0
        self.epsilon = epsilon
        self.rho = rho

    def pre_update_params(self):
        # TODO: the same decay as SGD.
        raise NotImplementedError

    def update_params(self, layer):
        # TODO: cache = rho * cache + (1 - rho) * dweights ** 2, then update as AdaGrad does:
        #       weights += -current_learning_rate * dweights / (np.sqrt(cache) + epsilon).
        raise NotImplementedError

    def post_update_params(self):
        # TODO: count the step.
        raise NotImplementedError


class Optimizer_Adam:
    """Momentum and RMSProp together, with both averages corrected for starting at zero."""

    def __init__(self, learning_rate=0.001, decay=0., epsilon=1e-7, beta_1=0.9, beta_2=0.999):
        self.learning_rate = learning_rate
        self.current_learning_rate = learning_rate
        self.decay = decay
        self.iterations = 0
        self.epsilon = epsilon
        self.beta_1 = beta_1
        self.beta_2 = beta_2

    def pre_update_params(self):
        # TODO: the same decay as SGD.
        raise NotImplementedError

    def update_params(self, layer):
        # TODO: momentums = beta_1 * momentums + (1 - beta_1) * gradient;
        #       cache = beta_2 * cache + (1 - beta_2) * gradient ** 2 (both zeros the first time);
        #       divide each by 1 - beta ** (iterations + 1); then
        #       parameter += -current_learning_rate * corrected momentums / (sqrt(corrected cache) + epsilon).
        raise NotImplementedError

    def post_update_params(self):
        # TODO: count the step.
        raise NotImplementedError


if __name__ == "__main__":
    class Parameters:
        """A stand-in layer: each optimizer pulls its weights towards a target."""

        def __init__(self):
            self.weights = np.zeros((3, 2))
            self.biases = np.zeros((1, 2))

    target = np.array([[1.0, -2.0], [0.5, 3.0], [-1.5, 2.0]])
    for optimizer in (Optimizer_SGD(learning_rate=0.1), Optimizer_SGD(learning_rate=0.1, momentum=0.9),
                      Optimizer_Adagrad(learning_rate=0.5), Optimizer_RMSprop(learning_rate=0.05),
                      Optimizer_Adam(learning_rate=0.1)):
        layer = Parameters()
        try:
            for step in range(100):
                layer.dweights, layer.dbiases = 2 * (layer.weights - target), 2 * layer.biases
                optimizer.pre_update_params()
                optimizer.update_params(layer)
                optimizer.post_update_params()
            print(f"{type(optimizer).__name__:18} distance to the target after 100 steps: "
                  f"{np.linalg.norm(layer.weights - target):.4f}")
        except NotImplementedError:
            print(f"{type(optimizer).__name__:18} still has TODOs. Fill them in, then run: "
                  "grade challenge_6_optimizers")
