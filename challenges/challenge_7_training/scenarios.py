"""What each check runs on an implementation `nn`: the learner's file or the reference."""
import numpy as np

STEPS = 500


def training(nn, rng):
    from nnfs.datasets import spiral_data

    inputs, labels = spiral_data(samples=100, classes=3)
    predict, losses = nn.train(inputs.copy(), labels.copy(), steps=STEPS)
    on_training = predict(inputs.copy())
    # The validation data are drawn only now, after train has returned, with a seed of their own.
    np.random.seed(20201125)
    validation_inputs, validation_labels = spiral_data(samples=100, classes=3)
    on_validation = predict(validation_inputs.copy())
    return {"labels": labels, "losses": losses, "on_training": on_training,
            "validation_labels": validation_labels, "on_validation": on_validation,
            "on_validation_again": predict(validation_inputs.copy()), "on_training_again": predict(inputs.copy())}
