"""Prompt eval suites: YAML suites (suite.py), assertions (checks.py, grounding.py), the runner and reports."""
