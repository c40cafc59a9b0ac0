"""The chapter-10 training loop as a function, for the training challenge (7)."""
import numpy as np

from reference.activations import Activation_ReLU
from reference.layers import Layer_Dense
from reference.losses import Activation_Softmax_Loss_CategoricalCrossentropy
from reference.optimizers import Optimizer_Adam


def train(X, y, steps=1000):
    """Train a 2-64-3 ReLU network with Adam; return (predict, losses)."""
    dense1, activation1, dense2 = Layer_Dense(X.shape[1], 64), Activation_ReLU(), Layer_Dense(64, 3)
    loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
    optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-7)
    losses = []
    for _ in range(steps):
        dense1.forward(X)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        losses.append(loss_activation.forward(dense2.output, y))
        loss_activation.backward(loss_activation.output, y)
        dense2.backward(loss_activation.dinputs)
        activation1.backward(dense2.dinputs)
        dense1.backward(activation1.dinputs)
        optimizer.pre_update_params()
        optimizer.update_params(dense1)
        optimizer.update_params(dense2)
        optimizer.post_update_params()

    def predict(inputs):
        dense1.forward(inputs)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        return np.argmax(dense2.output, axis=1)

    return predict, losses
