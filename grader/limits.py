"""What one grading run allows the learner's code; a challenge may change each in its challenge.toml."""
from dataclasses import dataclass

# One BLAS thread, for the worker and the judge alike. Their arrays are small, so more threads only
# fight other processes for the cores: on a busy 2-core machine the judge's training for the
# digits challenge took five times longer with OpenBLAS's default threads. Set before NumPy loads.
ONE_BLAS_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


@dataclass(frozen=True)
class Limits:
    """What one grading run allows the learner's code."""

    check_seconds: float = 2.0   # wall time for one scenario call
    # Wall time for importing the learner's file. Book-style files train at import: the book's
    # 10,001-epoch chapter-10 loop takes 6.3 s with the reference on a busy 2-core machine, so
    # three times that still grades them, with a note, rather than calling them endless.
    load_seconds: float = 20.0
    run_seconds: float = 45.0    # wall time for all the learner's code in one run
    memory_mb: int = 1024        # address-space cap of the worker process
