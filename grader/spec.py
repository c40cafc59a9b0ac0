"""What a challenge's spec file imports: the `check` decorator.

A check is a plain pytest test function. The decorator declares what the
report needs: category, points, hint, the checks it depends on and those of
what its code uses; the first line of the docstring is the sentence the
learner reads.
"""
from dataclasses import dataclass

# Every category a check may declare, with the title reports group its checks under, spelt as the book spells
# the classes those checks are about (Optimizer_SGD, Layer_Dense's regularizer arguments).
CATEGORIES = {
    "forward": "Forward pass", "shape": "Shapes", "activation": "Activations", "loss": "Loss",
    "backprop": "Backpropagation", "optimizer": "Optimizers", "training": "Training",
    "regularization": "Regularization", "model": "Model", "data": "Data", "convolution": "Convolution",
    "attention": "Attention",
}


@dataclass(frozen=True)
class CheckInfo:
    id: str                  # the test function's name without "test_"
    name: str                # the docstring's first line, as the learner reads it
    category: str            # one of CATEGORIES
    points: float            # what a pass is worth
    hints: tuple             # guiding questions citing the book, from a nudge to the most specific
    depends: tuple = ()      # ids of checks that must pass before this one runs
    uses: tuple = ()         # ids of checks of what this one's code calls: where both fail, fix those first
    seconds: float | None = None   # time limit for the learner's code, if not the challenge's
    hidden: bool = False     # run for the instructor only; declared in the challenge's hidden_spec.py

    @property
    def hint(self):
        """The first hint, the one every report shows."""
        return self.hints[0]


def check(category, *, hint, points=1.0, depends=(), uses=(), seconds=None, hidden=False):
    """Declare a pytest test function as a graded check; `hint` is a sentence or a tuple of levels.

    `uses`: checks declared before this one, of code the stub has this check's code call (im2col calls
    output_size). Unlike `depends`, this check still runs; where it fails and one of them failed too, it says to
    fix that one first, since what it found may follow from it.

    A `hidden` check lives in hidden_spec.py: it counts in the instructor's grading
    and in platform exports, and is not part of what learners receive.
    """
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}; use one of {', '.join(CATEGORIES)}")
    depends, uses = ((ids,) if isinstance(ids, str) else tuple(ids) for ids in (depends, uses))

    def declare(function):
        if not function.__name__.startswith("test_"):
            raise ValueError(f"{function.__name__}: a check's function name must start with test_")
        if not (function.__doc__ or "").strip():
            raise ValueError(f"{function.__name__}: a check needs a docstring, the sentence the learner reads")
        if "\n" in function.__doc__.strip():
            # Reports show the first line alone: a sentence wrapped onto a second would be cut short.
            raise ValueError(f"{function.__name__}: a check's docstring is one line, the sentence the learner "
                             "reads; shorten it to fit.")
        function.check_info = CheckInfo(
            id=function.__name__[len("test_"):],
            name=function.__doc__.strip().splitlines()[0].strip(),
            category=category,
            points=float(points),
            hints=tuple(level.strip() for level in ((hint,) if isinstance(hint, str) else hint)),
            depends=depends,
            uses=uses,
            seconds=seconds,
            hidden=bool(hidden),
        )
        return function

    return declare


def figure(check_id, *also):
    """Declare a function `(run) -> grader.views.figures.Figure` that illustrates checks in the HTML report.

    The picture goes under the first of `check_id, *also` that did not pass (the one whose bug it
    shows), or under `check_id` when they all pass. It runs only when an HTML report is asked for;
    its scenarios are named figure_*.
    """
    def declare(function):
        function.figure_for = (check_id, *also)
        return function

    return declare
