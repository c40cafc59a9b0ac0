"""Checks for challenge 10: the Model object."""
import re

import numpy as np

from grader import expect
from grader.spec import check

VALIDATION_LINE = re.compile(r"validation, acc: ([-\d.naninf]+), loss: ([-\d.naninf]+)")


def _validation_numbers(printed, who):
    found = VALIDATION_LINE.findall(printed if isinstance(printed, str) else "")
    expect.true(found, f"{who} printed no line like 'validation, acc: 0.850, loss: 0.412'. evaluate prints it "
                "after going through every batch, as the book does.")
    return tuple(float(value) for value in found[-1])


@check("model", hint="finalize sets prev and next on every layer, and collects the layers that have weights. "
       "See chapter 19.")
def test_finalize_links(run):
    """Model.finalize links the layers in order and finds the trainable ones"""
    got, want = run("finalize")
    expect.true(got["links"] is True, "After finalize, each layer's next must be the layer after it, and that "
                "layer's prev the one before.")
    expect.true(got["first_prev_has_output"] is True, "The first layer's prev must be a Layer_Input, whose "
                "forward sets output to the data.")
    expect.true(got["last_next_is_loss"] is True, "The last layer's next must be the model's loss.")
    trainable = got["trainable"]
    expect.true(isinstance(trainable, int) and trainable == 2 and got["trainable_are_dense"] is True,
                f"model.trainable_layers holds {got['trainable']!r} layer(s); expected the 2 dense layers, "
                "the ones with weights.")


@check("model", depends="finalize_links", hint="Without batch_size, predict is one forward pass; with it, one "
       "per batch, the last one smaller, stacked with np.vstack. See chapter 21.")
def test_predict_in_batches(run):
    """Model.predict gives the same outputs in batches as in one pass, last partial batch included"""
    got, want = run("predict")
    expect.array(got["whole"], want["whole"], "model.predict(X)")
    expect.array(got["batched"], want["batched"], "model.predict(X, batch_size=128) for 300 samples", mistakes={
        "predict returned only the first batch: loop over every batch and stack the outputs.":
            want["batched"][:128],
        "predict left out the last, partial batch (44 samples): when len(X) is not a multiple of batch_size, "
        "add one more step.": want["batched"][:256],
    })


@check("model", points=2, depends="predict_in_batches", hint="Each step: forward with training=True, loss with "
       "regularization, backward, then the optimizer's three calls. Count the steps with the partial batch. "
       "See chapters 19 and 22.")
def test_train_in_batches(run):
    """Model.train in batches of 128 for 3 epochs ends with the reference's parameters"""
    got, want = run("train")
    steps = got["iterations"] if isinstance(got["iterations"], int) else None
    expect.true(steps == want["iterations"],
                f"The optimizer made {steps!r} steps in 3 epochs of 300 samples in batches of 128; "
                f"expected {want['iterations']}: two full batches and one of 44 per epoch."
                + (" The last, partial batch was skipped." if steps == 6 else ""))
    for name in ("weights1", "biases1", "weights2", "biases2"):
        expect.array(got[name], want[name], f"the {name[:-1]} of dense layer {name[-1]} after training")


@check("model", depends="train_in_batches", hint="evaluate starts a new pass of the loss and the accuracy, then "
       "accumulates them over every batch. See chapter 22.")
def test_evaluate(run):
    """Model.evaluate prints the validation accuracy and loss over all batches"""
    got, want = run("evaluate")
    accuracy, loss = _validation_numbers(got["printed"], "model.evaluate")
    expected_accuracy, expected_loss = _validation_numbers(want["printed"], "The reference")
    expect.number(accuracy, expected_accuracy, "The validation accuracy evaluate printed", rtol=2e-2)
    expect.number(loss, expected_loss, "The validation loss evaluate printed", rtol=2e-2)


@check("model", depends="train_in_batches", hint="get_parameters returns each trainable layer's (weights, "
       "biases); set_parameters gives them back in the same order. See chapter 21.")
def test_parameters_round_trip(run):
    """get_parameters, set_parameters, save_parameters and load_parameters carry what was learned"""
    got, want = run("parameters")
    expect.array(got["copied"], want["trained"], "the predictions of a fresh model after set_parameters")
    expect.array(got["loaded"], want["trained"], "the predictions of a fresh model after load_parameters")


@check("model", depends="parameters_round_trip", hint="save pickles a deep copy, stripped of the last pass's "
       "inputs, outputs and gradients; load is a static method that unpickles it. See chapter 22.")
def test_save_and_load(run):
    """A trained model's predictions survive save and Model.load"""
    got, want = run("save_and_load")
    expect.array(got["after"], want["before"], "the predictions of the model loaded with Model.load")
    expect.array(got["still_usable"], want["before"], "the predictions of the saved model itself, after save")
    expect.true(isinstance(got["leftovers"], str) and got["leftovers"] == "", f"The saved model still holds data of its last pass ({got['leftovers']}): "
                "pop inputs, output, dinputs, dweights and dbiases from each layer of the copy before pickling.")
