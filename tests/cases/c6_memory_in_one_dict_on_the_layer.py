# challenge_6_optimizers, correct: every optimizer keeps each layer's memory in one dict on the layer (layer.optimizer_state)
import numpy as np


class _Base:
    def pre_update_params(self):
        if self.decay:
            self.current_learning_rate = self.learning_rate * (1. / (1. + self.decay * self.iterations))

    def post_update_params(self):
        self.iterations += 1

    @staticmethod
    def _state(layer):
        # each layer carries its own optimizer memory, in one dict
        if not hasattr(layer, "optimizer_state"):
            layer.optimizer_state = {}
        return layer.optimizer_state


class Optimizer_SGD(_Base):
    def __init__(self, learning_rate=1., decay=0., momentum=0.):
        self.learning_rate = learning_rate
        self.current_learning_rate = learning_rate
        self.decay = decay
        self.iterations = 0
        self.momentum = momentum

    def update_params(self, layer):
        state = self._state(layer)
        if self.momentum:
            vw = state.get("weight_momentums", np.zeros_like(layer.weights))
            vb = state.get("bias_momentums", np.zeros_like(layer.biases))
            vw = self.momentum * vw - self.current_learning_rate * layer.dweights
            vb = self.momentum * vb - self.current_learning_rate * layer.dbiases
            state["weight_momentums"], state["bias_momentums"] = vw, vb
            layer.weights += vw
            layer.biases += vb
        else:
            layer.weights += -self.current_learning_rate * layer.dweights
            layer.biases += -self.current_learning_rate * layer.dbiases


class Optimizer_Adagrad(_Base):
    def __init__(self, learning_rate=1., decay=0., epsilon=1e-7):
        self.learning_rate = learning_rate
        self.current_learning_rate = learning_rate
        self.decay = decay
        self.iterations = 0
        self.epsilon = epsilon

    def update_params(self, layer):
        state = self._state(layer)
        cw = state.get("weight_cache", np.zeros_like(layer.weights)) + layer.dweights ** 2
        cb = state.get("bias_cache", np.zeros_like(layer.biases)) + layer.dbiases ** 2
        state["weight_cache"], state["bias_cache"] = cw, cb
        layer.weights += -self.current_learning_rate * layer.dweights / (np.sqrt(cw) + self.epsilon)
        layer.biases += -self.current_learning_rate * layer.dbiases / (np.sqrt(cb) + self.epsilon)


class Optimizer_RMSprop(_Base):
    def __init__(self, learning_rate=0.001, decay=0., epsilon=1e-7, rho=0.9):
        self.learning_rate = learning_rate
        self.current_learning_rate = learning_rate
        self.decay = decay
        self.iterations = 0
        self.epsilon = epsilon
        self.rho = rho

    def update_params(self, layer):
        state = self._state(layer)
        cw = self.rho * state.get("weight_cache", np.zeros_like(layer.weights)) + (1 - self.rho) * layer.dweights ** 2
        cb = self.rho * state.get("bias_cache", np.zeros_like(layer.biases)) + (1 - self.rho) * layer.dbiases ** 2
        state["weight_cache"], state["bias_cache"] = cw, cb
        layer.weights += -self.current_learning_rate * layer.dweights / (np.sqrt(cw) + self.epsilon)
        layer.biases += -self.current_learning_rate * layer.dbiases / (np.sqrt(cb) + self.epsilon)


class Optimizer_Adam(_Base):
    def __init__(self, learning_rate=0.001, decay=0., epsilon=1e-7, beta_1=0.9, beta_2=0.999):
        self.learning_rate = learning_rate
        self.current_learning_rate = learning_rate
        self.decay = decay
        self.iterations = 0
        self.epsilon = epsilon
        self.beta_1 = beta_1
        self.beta_2 = beta_2

    def update_params(self, layer):
        state = self._state(layer)
        t = self.iterations + 1
        for param, grad, prefix in (("weights", layer.dweights, "weight"), ("biases", layer.dbiases, "bias")):
            m = self.beta_1 * state.get(prefix + "_momentums", 0.0) + (1 - self.beta_1) * grad
            c = self.beta_2 * state.get(prefix + "_cache", 0.0) + (1 - self.beta_2) * grad ** 2
            state[prefix + "_momentums"], state[prefix + "_cache"] = m, c
            m_hat, c_hat = m / (1 - self.beta_1 ** t), c / (1 - self.beta_2 ** t)
            setattr(layer, param, getattr(layer, param) - self.current_learning_rate * m_hat / (np.sqrt(c_hat) + self.epsilon))
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
