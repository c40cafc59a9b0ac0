"""The learner's own loop: progress, the course overview, watch."""
