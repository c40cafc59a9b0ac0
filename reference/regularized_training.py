"""Training with L2 and dropout, and measuring the validation gap (chapters 14 and 15), for challenge 13."""
import numpy as np

from reference.activations import Activation_ReLU
from reference.layers import Layer_Dense, Layer_Dropout
from reference.losses import Activation_Softmax_Loss_CategoricalCrossentropy, Loss
from reference.optimizers import Optimizer_Adam

# Chapter 15's network and optimizer: chapter 14's network with a dropout layer.
L2, DROPOUT, HIDDEN = 5e-4, 0.1, 64
LEARNING_RATE, DECAY = 0.05, 5e-5
STEPS = 500


class Network:
    """Layer_Dense(2, hidden) with L2 on weights and biases, ReLU, Layer_Dropout, Layer_Dense(hidden, 3),
    softmax with cross-entropy: the layers named as in the book."""

    def __init__(self, l2=L2, dropout=DROPOUT, hidden=HIDDEN):
        self.dense1 = Layer_Dense(2, hidden, weight_regularizer_l2=l2, bias_regularizer_l2=l2)
        self.activation1 = Activation_ReLU()
        self.dropout1 = Layer_Dropout(dropout)
        self.dense2 = Layer_Dense(hidden, 3)
        self.loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()

    def forward(self, X, y, training=True):
        """The data loss of (X, y); dropout only while training."""
        self.dense1.forward(X)
        self.activation1.forward(self.dense1.output)
        self.dropout1.forward(self.activation1.output, training=training)
        self.dense2.forward(self.dropout1.output)
        return self.loss_activation.forward(self.dense2.output, y)

    def regularization_loss(self):
        loss = self.loss_activation.loss
        return loss.regularization_loss(self.dense1) + loss.regularization_loss(self.dense2)

    def backward(self, y):
        self.loss_activation.backward(self.loss_activation.output, y)
        self.dense2.backward(self.loss_activation.dinputs)
        self.dropout1.backward(self.dense2.dinputs)
        self.activation1.backward(self.dropout1.dinputs)
        self.dense1.backward(self.activation1.dinputs)


def train(X, y, *, l2=L2, dropout=DROPOUT, steps=STEPS):
    """Train a new Network on (X, y) with Optimizer_Adam(learning_rate=0.05, decay=5e-5);
    return (network, losses), each loss the data loss plus the regularization loss of one step."""
    network = Network(l2, dropout)
    optimizer = Optimizer_Adam(learning_rate=LEARNING_RATE, decay=DECAY)
    losses = []
    for _ in range(steps):
        data_loss = network.forward(X, y, training=True)
        losses.append(data_loss + network.regularization_loss())
        network.backward(y)
        optimizer.pre_update_params()
        optimizer.update_params(network.dense1)
        optimizer.update_params(network.dense2)
        optimizer.post_update_params()
    return network, losses


def evaluate(network, X, y):
    """(accuracy, data loss) of the network on (X, y), dropout switched off."""
    loss = network.forward(X, y, training=False)
    predictions = np.argmax(network.loss_activation.output, axis=1)
    return np.mean(predictions == y), loss


def train_and_validate(X, y, X_val, y_val, *, l2=L2, dropout=DROPOUT, steps=STEPS):
    """Train on (X, y) only, then measure both sets the same way; the validation gap is
    train_accuracy - validation_accuracy."""
    network, losses = train(X, y, l2=l2, dropout=dropout, steps=steps)
    train_accuracy, train_loss = evaluate(network, X, y)
    validation_accuracy, validation_loss = evaluate(network, X_val, y_val)
    return {"train_accuracy": train_accuracy, "train_loss": train_loss,
            "validation_accuracy": validation_accuracy, "validation_loss": validation_loss, "losses": losses}


__all__ = ["Activation_ReLU", "Layer_Dense", "Layer_Dropout", "Loss", "Network", "Optimizer_Adam", "evaluate", "train",
           "train_and_validate"]
