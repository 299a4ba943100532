"""Scoring sourcetrace against annotated corpora."""
