"""Load tests: a generated city (generate.py) and a benchmark that serves it (run.py)."""
