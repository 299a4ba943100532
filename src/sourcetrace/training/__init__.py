"""Building sourcetrace's learned resources from annotated data (PolNeAR train)."""
