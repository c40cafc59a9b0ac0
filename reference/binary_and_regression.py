"""Training with binary and regression outputs (chapters 16 and 17), on the book's made-up data and on
two real datasets that ship with scikit-learn: breast cancer (binary) and diabetes (regression)."""
import importlib.util
import os

import numpy as np

from reference.activations import Activation_Linear, Activation_ReLU, Activation_Sigmoid
from reference.layers import Layer_Dense
from reference.losses import Loss_BinaryCrossentropy, Loss_MeanSquaredError
from reference.optimizers import Optimizer_Adam

BOOK_EPOCHS = 10001   # the book's loops run epochs 0 to 10000
REGRESSION_WEIGHT_SCALE = 0.1   # chapter 17's initialisation, in place of 0.01


def binary_accuracy(output, y):
    """The share of sigmoid outputs (n, 1) on the right side of 0.5 for targets y (n, 1) (chapter 16)."""
    predictions = (output > 0.5) * 1
    return np.mean(predictions == y)


def regression_accuracy(output, y):
    """The share of outputs (n, 1) within np.std(y) / 250 of their targets y (n, 1) (chapter 17)."""
    accuracy_precision = np.std(y) / 250
    return np.mean(np.absolute(output - y) < accuracy_precision)


def train_binary(X, y, steps=BOOK_EPOCHS):
    """Chapter 16's network (64 ReLU units with L2 5e-4, one sigmoid output, binary cross-entropy,
    Adam(decay=5e-7)) trained for `steps` steps on X (n, features) and labels y (n,) of 0 and 1.
    Returns (predict, losses): predict(inputs) gives the sigmoid outputs (n, 1); losses holds each step's
    data loss plus regularisation loss."""
    y = y.reshape(-1, 1)
    dense1 = Layer_Dense(X.shape[1], 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4)
    activation1 = Activation_ReLU()
    dense2 = Layer_Dense(64, 1)
    activation2 = Activation_Sigmoid()
    loss_function = Loss_BinaryCrossentropy()
    optimizer = Optimizer_Adam(decay=5e-7)

    def predict(inputs):
        dense1.forward(inputs)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        activation2.forward(dense2.output)
        return activation2.output

    losses = []
    for _ in range(steps):
        data_loss = loss_function.calculate(predict(X), y)
        losses.append(data_loss + loss_function.regularization_loss(dense1)
                      + loss_function.regularization_loss(dense2))
        loss_function.backward(activation2.output, y)
        activation2.backward(loss_function.dinputs)
        dense2.backward(activation2.dinputs)
        activation1.backward(dense2.dinputs)
        dense1.backward(activation1.dinputs)
        optimizer.pre_update_params()
        optimizer.update_params(dense1)
        optimizer.update_params(dense2)
        optimizer.post_update_params()
    return predict, losses


def train_regression(X, y, steps=BOOK_EPOCHS):
    """Chapter 17's network (two hidden layers of 64 ReLU units, weights from 0.1 · randn, a linear output,
    mean squared error, Adam(learning_rate=0.005, decay=1e-3)) trained for `steps` steps on X (n, features)
    and targets y (n, 1). Returns (predict, losses): predict(inputs) gives the outputs (n, 1)."""
    dense1 = Layer_Dense(X.shape[1], 64)
    activation1 = Activation_ReLU()
    dense2 = Layer_Dense(64, 64)
    activation2 = Activation_ReLU()
    dense3 = Layer_Dense(64, 1)
    activation3 = Activation_Linear()
    for layer in (dense1, dense2, dense3):
        # From the default 0.01 the sine network learns slowly, and from many starts stalls near a loss of 0.03.
        layer.weights = REGRESSION_WEIGHT_SCALE * np.random.randn(*layer.weights.shape)
    loss_function = Loss_MeanSquaredError()
    optimizer = Optimizer_Adam(learning_rate=0.005, decay=1e-3)

    def predict(inputs):
        dense1.forward(inputs)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        activation2.forward(dense2.output)
        dense3.forward(activation2.output)
        activation3.forward(dense3.output)
        return activation3.output

    losses = []
    for _ in range(steps):
        losses.append(loss_function.calculate(predict(X), y))
        loss_function.backward(activation3.output, y)
        activation3.backward(loss_function.dinputs)
        dense3.backward(activation3.dinputs)
        activation2.backward(dense3.dinputs)
        dense2.backward(activation2.dinputs)
        activation1.backward(dense2.dinputs)
        dense1.backward(activation1.dinputs)
        optimizer.pre_update_params()
        optimizer.update_params(dense1)
        optimizer.update_params(dense2)
        optimizer.update_params(dense3)
        optimizer.post_update_params()
    return predict, losses


def split_and_standardize(X, y, test=0.2, scale_targets=False):
    """Shuffle X and y together, hold out the first int(len(X) * test) samples for testing, and standardise
    the features (and the targets when scale_targets) with the training part's mean and standard deviation
    alone. Returns X_train, y_train, X_test, y_test, the targets as columns (n, 1)."""
    keys = np.array(range(X.shape[0]))
    np.random.shuffle(keys)
    X, y = X[keys], y[keys].reshape(-1, 1)
    n_test = int(len(X) * test)
    X_train, y_train, X_test, y_test = X[n_test:], y[n_test:], X[:n_test], y[:n_test]
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    X_train, X_test = (X_train - mean) / std, (X_test - mean) / std
    if scale_targets:
        y_mean, y_std = y_train.mean(), y_train.std()
        y_train, y_test = (y_train - y_mean) / y_std, (y_test - y_mean) / y_std
    return X_train, y_train, X_test, y_test


def _bundled(name):
    """The path of one of scikit-learn's bundled data files. Reading it directly, as load_breast_cancer and
    load_diabetes do, spares importing sklearn.datasets, which imports SciPy and costs more than training."""
    spec = importlib.util.find_spec("sklearn")
    return os.path.join(spec.submodule_search_locations[0], "datasets", "data", name)


def load_breast_cancer_data():
    """X (569, 30) measurements of breast tumours and y (569,): 1 benign, 0 malignant (as load_breast_cancer)."""
    table = np.loadtxt(_bundled("breast_cancer.csv"), delimiter=",", skiprows=1)
    return table[:, :-1], table[:, -1].astype(int)


def load_diabetes_data():
    """X (442, 10) raw measurements of diabetes patients and y (442,): the disease's progression a year
    later (as load_diabetes(scaled=False), whose scaled default would use every sample's statistics)."""
    return np.loadtxt(_bundled("diabetes_data_raw.csv.gz")), np.loadtxt(_bundled("diabetes_target.csv.gz"))
