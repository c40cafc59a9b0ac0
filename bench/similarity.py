"""How long `grade report --similarity` takes to compare a class: learners × the five seed challenges.

    python bench/similarity.py [--learners 300] [--jobs 2]

Times the comparison alone (fingerprinting every file, finding candidate pairs,
comparing them and writing similarity.html and similarity.csv), not the grading,
on a class whose files are all distinct: the course's solution, an alternative
solution or the stub, each with its own names, comments and order of
definitions and most with a helper of the learner's own, and one pair of
copiers per challenge. In the same run it measures
`python -c "import numpy"` for scale.
"""
import argparse
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.classroom.roster import Learner, Submission  # noqa: E402
from grader.classroom.spool import Spool  # noqa: E402
from grader.classroom.similarity import WORTH_A_LOOK, compare_class, write_similarity  # noqa: E402
from grader.course import load_challenges  # noqa: E402

SEED = 5


def variant(source, chooser, tag):
    """`source` as one learner might hand it in: some names changed, comments added, definitions reordered."""
    names = sorted(set(re.findall(r"\b([a-z][a-z_]{3,})\s*=", source)))
    for name in chooser.sample(names, k=min(len(names), chooser.randint(0, 4))):
        source = re.sub(rf"\b{name}\b", f"{name}_{tag}", source)
    lines = source.splitlines()
    for _ in range(chooser.randint(1, 5)):
        where = chooser.randrange(len(lines) + 1)
        indent = re.match(r"\s*", lines[where - 1]).group() if where else ""
        lines.insert(where, f"{indent}# note {tag}-{chooser.randrange(10**6)}")
    blocks = re.split(r"\n(?=class )", "\n".join(lines))
    head, classes = blocks[0], blocks[1:]
    if len(classes) > 2 and chooser.random() < 0.5:
        # Swap two neighbours that do not inherit from each other.
        i = chooser.randrange(len(classes) - 1)
        if "(" not in classes[i + 1].split(":", 1)[0]:
            classes[i], classes[i + 1] = classes[i + 1], classes[i]
    return "\n".join([head, *classes]) + f"\n# {tag}\n"


def own_code(chooser, tag):
    """A helper only this learner wrote: what makes two files more alike than the book makes them."""
    operations = ["np.sum", "np.mean", "np.max", "np.abs", "np.sqrt", "np.exp", "np.tanh", "np.log1p"]
    lines = [f"def helper_{tag}(values, scale={chooser.randint(2, 9)}):"]
    for step in range(chooser.randint(6, 12)):
        lines.append(f"    values = {chooser.choice(operations)}(values * {chooser.randint(1, 99)} + "
                     f"{chooser.random():.3f}, axis={chooser.randint(0, 1)}, keepdims=True) / scale")
    lines.append(f"    return values[{chooser.randint(0, 3)}:] - {chooser.randint(1, 50)}")
    return "\n".join(lines) + "\n"


def build_class(spool, learners, challenges):
    chooser = random.Random(0)
    roster = []
    for number in range(learners):
        name = f"learner-{number:04d}"
        learner = Learner(name=name, entry=name)
        for challenge in challenges:
            options = [ROOT / "solutions" / challenge.name / "main.py", challenge.shipped_stub,
                       ROOT / "tests" / "alternatives" / f"{challenge.name}.py"]
            source = chooser.choices(options, weights=[6, 1, 3])[0].read_text()
            if number == 0 or chooser.random() < 0.7:
                source += "\n\n" + own_code(chooser, f"{number}_{len(learner.submissions)}")
            if number == 1:
                source = spool.read(roster[0].submissions[len(learner.submissions)].staged).decode()
            varied = variant(source, chooser, name.replace("-", "_"))
            staged = spool.stage(f"{name}-{challenge.name}.py", varied.encode())
            learner.submissions.append(Submission(challenge.name, staged=staged))
        roster.append(learner)
    return roster


def numpy_floor():
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import numpy"], check=True)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=2)
    options = parser.parse_args()
    challenges = load_challenges(ROOT)[:SEED]
    with tempfile.TemporaryDirectory() as folder, Spool() as spool:
        roster = build_class(spool, options.learners, challenges)
        floor = numpy_floor()
        started = time.perf_counter()
        pairs = compare_class(ROOT, challenges, roster, spool, processes=options.jobs)
        write_similarity(Path(folder), pairs, {challenge.name: challenge.title for challenge in challenges})
        seconds = time.perf_counter() - started
    flagged = [pair for pair in pairs if pair.score >= WORTH_A_LOOK]
    copiers = sum(set(pair.learners) == {"learner-0000", "learner-0001"} for pair in flagged)
    print(f"python -c 'import numpy': {floor:.3f} s")
    print(f"{options.learners} learners x {len(challenges)} challenges, -j {options.jobs}: {seconds:.1f} s, "
          f"{len(pairs)} pairs with shared code, {len(flagged)} worth a look, "
          f"of which the planted copiers {copiers} of {len(challenges)}")


if __name__ == "__main__":
    main()
