"""Where a learner stands in the course: each challenge's score and state, and what comes next."""
from dataclasses import dataclass

from grader.course import max_score
from grader.learner.progress import DONE, NOT_STARTED, Progress, state_of


@dataclass
class Standing:
    challenge: object        # the Challenge
    score: float
    max_score: float
    state: str               # not started, in progress or done

    def to_dict(self):
        return {"challenge": self.challenge.name, "number": self.challenge.number, "title": self.challenge.title,
                "chapter": self.challenge.chapter, "score": self.score, "max_score": self.max_score,
                "state": self.state}


def standings(root, challenges, progress=None):
    """The standing of every challenge, grading only files that changed since they were last graded."""
    from grader.judge.grading import grade

    progress = progress or Progress(root)
    rows = []
    for challenge in challenges:
        entry = progress.cached(challenge, challenge.stub)
        if entry is None and state_of(challenge, challenge.stub, None) == NOT_STARTED:
            entry = {"score": 0.0, "max_score": max_score(challenge), "passed": False}
        if entry is None:
            result = grade(challenge)
            progress.remember(challenge, challenge.stub, result)
            entry = progress.cached(challenge, challenge.stub)
        rows.append(Standing(challenge, entry["score"], entry["max_score"],
                             state_of(challenge, challenge.stub, entry)))
    progress.save()
    return rows


def next_challenge(rows):
    """The first challenge in course order that is not done, or None when all are."""
    return next((row.challenge for row in rows if row.state != DONE), None)
