"""The `grade` command: parse, call, render; the learner's, the instructor's and the course maintainer's commands."""
