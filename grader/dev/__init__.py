"""Course maintenance behind `grade dev`: scaffolding a challenge, linting the course."""
