"""Runs a challenge's specs against a submission: the pytest plugin, the judging sequence, comparison, named mistakes' sentences."""
