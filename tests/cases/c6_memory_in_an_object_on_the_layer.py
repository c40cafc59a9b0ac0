# challenge_6_optimizers, correct: Adam keeps each layer's memory in a small object of its own on the layer (layer.opt, a SimpleNamespace)
"""Challenge 6: optimizers (chapter 10 of the book).

Each optimizer is used the same way for every training step:

    optimizer.pre_update_params()
    optimizer.update_params(dense1)
    optimizer.update_params(dense2)
    optimizer.post_update_params()

A solution. Check it with:

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
        if self.decay:
            self.current_learning_rate = self.learning_rate * (1. / (1. + self.decay * self.iterations))

    def update_params(self, layer):
        if self.momentum:
            # Momentum buffers are created the first time a layer is seen.
            if not hasattr(layer, 'weight_momentums'):
                layer.weight_momentums = np.zeros_like(layer.weights)
                layer.bias_momentums = np.zeros_like(layer.biases)
            weight_updates = self.momentum * layer.weight_momentums - self.current_learning_rate * layer.dweights
            layer.weight_momentums = weight_updates
            bias_updates = self.momentum * layer.bias_momentums - self.current_learning_rate * layer.dbiases
            layer.bias_momentums = bias_updates
        else:
            weight_updates = -self.current_learning_rate * layer.dweights
            bias_updates = -self.current_learning_rate * layer.dbiases
        layer.weights += weight_updates
        layer.biases += bias_updates

    def post_update_params(self):
        self.iterations += 1


class Optimizer_Adagrad:
    """Per-parameter learning rates, from the sum of all squared gradients so far."""

    def __init__(self, learning_rate=1., decay=0., epsilon=1e-7):
        self.learning_rate = learning_rate
        self.current_learning_rate = learning_rate
        self.decay = decay
        self.iterations = 0
        self.epsilon = epsilon

    def pre_update_params(self):
        if self.decay:
            self.current_learning_rate = self.learning_rate * (1. / (1. + self.decay * self.iterations))

    def update_params(self, layer):
        if not hasattr(layer, 'weight_cache'):
            layer.weight_cache = np.zeros_like(layer.weights)
            layer.bias_cache = np.zeros_like(layer.biases)
        layer.weight_cache += layer.dweights ** 2
        layer.bias_cache += layer.dbiases ** 2
        layer.weights += -self.current_learning_rate * layer.dweights / (np.sqrt(layer.weight_cache) + self.epsilon)
        layer.biases += -self.current_learning_rate * layer.dbiases / (np.sqrt(layer.bias_cache) + self.epsilon)

    def post_update_params(self):
        self.iterations += 1


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
        if self.decay:
            self.current_learning_rate = self.learning_rate * (1. / (1. + self.decay * self.iterations))

    def update_params(self, layer):
        if not hasattr(layer, 'weight_cache'):
            layer.weight_cache = np.zeros_like(layer.weights)
            layer.bias_cache = np.zeros_like(layer.biases)
        layer.weight_cache = self.rho * layer.weight_cache + (1 - self.rho) * layer.dweights ** 2
        layer.bias_cache = self.rho * layer.bias_cache + (1 - self.rho) * layer.dbiases ** 2
        layer.weights += -self.current_learning_rate * layer.dweights / (np.sqrt(layer.weight_cache) + self.epsilon)
        layer.biases += -self.current_learning_rate * layer.dbiases / (np.sqrt(layer.bias_cache) + self.epsilon)

    def post_update_params(self):
        self.iterations += 1


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
        if self.decay:
            self.current_learning_rate = self.learning_rate * (1. / (1. + self.decay * self.iterations))

    def update_params(self, layer):
        from types import SimpleNamespace
        if getattr(layer, 'opt', None) is None:
            layer.opt = SimpleNamespace(m_w=np.zeros_like(layer.weights), v_w=np.zeros_like(layer.weights),
                                        m_b=np.zeros_like(layer.biases), v_b=np.zeros_like(layer.biases))
        o = layer.opt
        o.m_w, o.v_w = self._adam(layer.weights, layer.dweights, o.m_w, o.v_w)
        o.m_b, o.v_b = self._adam(layer.biases, layer.dbiases, o.m_b, o.v_b)

    def _adam(self, param, grad, state_m, state_c):
        t = self.iterations + 1
        m = self.beta_1 * state_m + (1 - self.beta_1) * grad
        c = self.beta_2 * state_c + (1 - self.beta_2) * grad ** 2
        m_hat = m / (1 - self.beta_1 ** t)
        c_hat = c / (1 - self.beta_2 ** t)
        param += -self.current_learning_rate * m_hat / (np.sqrt(c_hat) + self.epsilon)
        return m, c

    def post_update_params(self):
        self.iterations += 1


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
