"""A correct challenge 6 written differently from the solution: a shared base class and in-place updates."""
import numpy as np


class _Optimizer:
    def __init__(self, learning_rate, decay):
        self.learning_rate = self.current_learning_rate = learning_rate
        self.decay, self.iterations = decay, 0

    def pre_update_params(self):
        self.current_learning_rate = self.learning_rate / (1 + self.decay * self.iterations)

    def post_update_params(self):
        self.iterations += 1

    @staticmethod
    def _state(layer, name, like):
        if getattr(layer, name, None) is None:
            setattr(layer, name, np.zeros_like(like))
        return getattr(layer, name)


class Optimizer_SGD(_Optimizer):
    def __init__(self, learning_rate=1., decay=0., momentum=0.):
        super().__init__(learning_rate, decay)
        self.momentum = momentum

    def update_params(self, layer):
        for parameter, gradient, memory in (("weights", layer.dweights, "weight_momentums"),
                                            ("biases", layer.dbiases, "bias_momentums")):
            update = -self.current_learning_rate * gradient
            if self.momentum:
                update = update + self.momentum * self._state(layer, memory, gradient)
                setattr(layer, memory, update)
            setattr(layer, parameter, getattr(layer, parameter) + update)


class Optimizer_Adagrad(_Optimizer):
    def __init__(self, learning_rate=1., decay=0., epsilon=1e-7):
        super().__init__(learning_rate, decay)
        self.epsilon = epsilon

    def update_params(self, layer):
        for parameter, gradient, cache in (("weights", layer.dweights, "weight_cache"),
                                           ("biases", layer.dbiases, "bias_cache")):
            total = self._state(layer, cache, gradient) + np.square(gradient)
            setattr(layer, cache, total)
            setattr(layer, parameter, getattr(layer, parameter)
                    - self.current_learning_rate * gradient / (np.sqrt(total) + self.epsilon))


class Optimizer_RMSprop(_Optimizer):
    def __init__(self, learning_rate=0.001, decay=0., epsilon=1e-7, rho=0.9):
        super().__init__(learning_rate, decay)
        self.epsilon, self.rho = epsilon, rho

    def update_params(self, layer):
        for parameter, gradient, cache in (("weights", layer.dweights, "weight_cache"),
                                           ("biases", layer.dbiases, "bias_cache")):
            average = self.rho * self._state(layer, cache, gradient) + (1 - self.rho) * np.square(gradient)
            setattr(layer, cache, average)
            setattr(layer, parameter, getattr(layer, parameter)
                    - self.current_learning_rate * gradient / (np.sqrt(average) + self.epsilon))


class Optimizer_Adam(_Optimizer):
    def __init__(self, learning_rate=0.001, decay=0., epsilon=1e-7, beta_1=0.9, beta_2=0.999):
        super().__init__(learning_rate, decay)
        self.epsilon, self.beta_1, self.beta_2 = epsilon, beta_1, beta_2

    def update_params(self, layer):
        step = self.iterations + 1
        for parameter, gradient, prefix in (("weights", layer.dweights, "weight"),
                                            ("biases", layer.dbiases, "bias")):
            momentums = self.beta_1 * self._state(layer, f"{prefix}_momentums", gradient) \
                + (1 - self.beta_1) * gradient
            cache = self.beta_2 * self._state(layer, f"{prefix}_cache", gradient) \
                + (1 - self.beta_2) * gradient ** 2
            setattr(layer, f"{prefix}_momentums", momentums)
            setattr(layer, f"{prefix}_cache", cache)
            corrected = momentums / (1 - self.beta_1 ** step), cache / (1 - self.beta_2 ** step)
            setattr(layer, parameter, getattr(layer, parameter)
                    - self.current_learning_rate * corrected[0] / (np.sqrt(corrected[1]) + self.epsilon))
