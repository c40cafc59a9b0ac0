"""The book's network in NumPy: the ground truth every check compares against.

Importing this package has no side effects: no ``nnfs.init()``, no seeding.
"""
from reference.activations import (
    Activation_Linear,
    Activation_ReLU,
    Activation_Sigmoid,
    Activation_Softmax,
)
from reference.convolution import Layer_Conv2D, Layer_Flatten, Layer_MaxPool2D
from reference.layers import Layer_Dense, Layer_Dropout, Layer_Input
from reference.losses import (
    Activation_Softmax_Loss_CategoricalCrossentropy,
    Loss,
    Loss_BinaryCrossentropy,
    Loss_CategoricalCrossentropy,
    Loss_MeanAbsoluteError,
    Loss_MeanSquaredError,
)
from reference.model import Accuracy, Accuracy_Categorical, Accuracy_Regression, Model
from reference.optimizers import (
    Optimizer_Adagrad,
    Optimizer_Adam,
    Optimizer_RMSprop,
    Optimizer_SGD,
)

__all__ = [
    "Accuracy",
    "Accuracy_Categorical",
    "Accuracy_Regression",
    "Activation_Linear",
    "Activation_ReLU",
    "Activation_Sigmoid",
    "Activation_Softmax",
    "Activation_Softmax_Loss_CategoricalCrossentropy",
    "Layer_Conv2D",
    "Layer_Dense",
    "Layer_Dropout",
    "Layer_Flatten",
    "Layer_Input",
    "Layer_MaxPool2D",
    "Loss",
    "Loss_BinaryCrossentropy",
    "Loss_CategoricalCrossentropy",
    "Loss_MeanAbsoluteError",
    "Loss_MeanSquaredError",
    "Model",
    "Optimizer_Adagrad",
    "Optimizer_Adam",
    "Optimizer_RMSprop",
    "Optimizer_SGD",
]
