"""The import budget against book-style work: the book's chapter-10 training loop (10,001 epochs of
the spiral network with Adam) run at import time with the reference, against `python -c "import numpy"`.

    python bench/import_budget.py [--rounds 3] [--epochs 10001]

A learner's file that trains at its top level is graded (with a note) as long as this fits in
Limits.load_seconds; it prints the medians, their ratio and how much of the budget the loop uses.
"""
import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK_LOOP = """
import nnfs
from nnfs.datasets import spiral_data
import reference as nn
nnfs.init()
X, y = spiral_data(samples=100, classes=3)
dense1, activation1, dense2 = nn.Layer_Dense(2, 64), nn.Activation_ReLU(), nn.Layer_Dense(64, 3)
loss_activation = nn.Activation_Softmax_Loss_CategoricalCrossentropy()
optimizer = nn.Optimizer_Adam(learning_rate=0.05, decay=5e-7)
for epoch in range({epochs}):
    dense1.forward(X); activation1.forward(dense1.output); dense2.forward(activation1.output)
    loss = loss_activation.forward(dense2.output, y)
    loss_activation.backward(loss_activation.output, y); dense2.backward(loss_activation.dinputs)
    activation1.backward(dense2.dinputs); dense1.backward(activation1.dinputs)
    optimizer.pre_update_params(); optimizer.update_params(dense1); optimizer.update_params(dense2)
    optimizer.post_update_params()
"""


def timed(command):
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=10001)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from grader.limits import Limits

    baseline, loop = [], []
    for _ in range(args.rounds):
        baseline.append(timed([sys.executable, "-c", "import numpy"]))
        loop.append(timed([sys.executable, "-c", BOOK_LOOP.format(epochs=args.epochs)]))
    base, book = statistics.median(baseline), statistics.median(loop)
    budget = Limits().load_seconds
    print(f"import numpy: {base:.2f} s; the book's {args.epochs}-epoch loop: {book:.2f} s ({book / base:.0f}x); "
          f"load_seconds {budget:g} s, of which the loop uses {100 * book / budget:.0f}%")


if __name__ == "__main__":
    main()
