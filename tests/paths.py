"""Where the shared data is: the ``shared/`` folder beside the repository.

The corpora and the seed are not in the repository. They are read from ``<repo>/../shared``
(``shared/data`` can be moved with ``$SOURCETRACE_SHARED_DATA``), both in a developer's
checkout and in CI, where a copy of ``shared/`` is placed beside the fresh clone.

A test that needs a part of it is marked ``@needs(path)`` (or calls :func:`require`). Where the
data is absent the test is skipped with a message naming the path, except in CI (``CI`` set to
true): there it fails, because a quality gate or golden test that skips proves nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA_ENV = "SOURCETRACE_SHARED_DATA"  # overrides where ../shared/data is


def shared_dir() -> Path:
    """``<repo>/../shared``."""
    return REPO.parent / "shared"


def data_dir() -> Path:
    """The shared data folder: ``$SOURCETRACE_SHARED_DATA``, else ``<repo>/../shared/data``."""
    override = os.environ.get(DATA_ENV)
    return Path(override) if override else shared_dir() / "data"


SHARED = shared_dir()
DATA = data_dir()
HTML = DATA / "html"
POLNEAR_DEV = DATA / "polnear" / "dev"
POLNEAR_TRAIN = DATA / "polnear" / "train"
SEED = SHARED / "seed" / "musk-putin-vice.txt"


def in_ci() -> bool:
    """True when ``$CI`` says this is a CI run (``true``, ``1`` or ``yes``)."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def absent_message(path: Path) -> str:
    return (
        f"shared data absent: {path} (expected in ../shared beside the repository, "
        f"or under ${DATA_ENV})"
    )


def missing(path: Path) -> NoReturn:
    """Skip the running test because ``path`` is absent; in CI, fail it instead."""
    if in_ci():
        pytest.fail(f"{absent_message(path)}; CI must provide it", pytrace=False)
    pytest.skip(absent_message(path))


def require(path: Path) -> Path:
    """``path`` if it exists; otherwise :func:`missing` (skip, or fail in CI)."""
    if not path.exists():
        missing(path)
    return path


def needs(*paths: Path) -> pytest.MarkDecorator:
    """Mark a test (or a module, as ``pytestmark``) as reading these shared paths.

    ``conftest.py`` checks the mark before the test runs, with :func:`require`.
    """
    return pytest.mark.shared_data(*paths)
