"""The exceptions sourcetrace raises, all under one root.

    SourcetraceError                 code "error"
    ├── InputError                   code "input"      the input cannot be analysed
    │   ├── EmptyInputError          code "input.empty"
    │   ├── BinaryInputError         code "input.binary"
    │   ├── DecodeError              code "input.decode"
    │   ├── TooLargeError            code "input.too-large"
    │   ├── ArchiveError             code "input.archive"  a WARC file or record is broken
    │   └── FeedError                code "input.feed"     not a feed, or an unusable entry
    ├── FetchError                   code "fetch"      a URL could not be fetched
    ├── ExtractionError              code "extraction" no article text could be found
    ├── StoreError                   code "store"
    └── ConfigError                  code "config"     settings or a model are missing or wrong

Every error carries a stable ``code`` and a ``context`` dict (the path, the URL, the size...),
so the CLI and the web app can translate them in one place.
"""

from __future__ import annotations

from typing import Any


class SourcetraceError(Exception):
    """Root of every error sourcetrace raises on purpose."""

    code = "error"

    def __init__(self, message: str, **context: Any) -> None:
        super().__init__(message)
        self.message = message
        self.context: dict[str, Any] = context

    def __str__(self) -> str:
        where = self.context.get("source")
        return f"{where}: {self.message}" if where else self.message


class InputError(SourcetraceError):
    code = "input"


class EmptyInputError(InputError):
    code = "input.empty"


class BinaryInputError(InputError):
    code = "input.binary"


class DecodeError(InputError):
    code = "input.decode"


class TooLargeError(InputError):
    code = "input.too-large"


class ArchiveError(InputError):
    code = "input.archive"


class FeedError(InputError):
    code = "input.feed"


class FetchError(SourcetraceError):
    code = "fetch"


class ExtractionError(SourcetraceError):
    code = "extraction"


class StoreError(SourcetraceError):
    code = "store"


class ConfigError(SourcetraceError):
    code = "config"
