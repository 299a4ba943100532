"""One keyword-only settings object that travels through the pipeline."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    keep_text: bool = False  # analyse the text exactly as given (no furniture removal)
    max_input_bytes: int = 20_000_000  # larger inputs are refused with TooLargeError
    fetch_timeout: float = 15.0  # seconds
    fetch_max_bytes: int = 10_000_000
    batch_size: int = 16  # spaCy nlp.pipe batch size
    # the learned tagger checks and mends the reader: None = where one is installed (the
    # default), True = required (ConfigError without one), False = the reader alone (faster)
    tagger: bool | None = None
    user_agent: str = "sourcetrace/0.1 (+https://github.com/sourcetrace)"


DEFAULT_SETTINGS = Settings()
