"""Reading freshly trained artefacts instead of the shipped ones, while a later step trains.

The reader's loaders (``cues.load_lexicon``, ``cuemodel.load_cue_model``,
``boundaries.load_content_model``, ``tagger.load_tagger``) read the package data folder through
``importlib.resources`` and cache what they read. A training step that runs the reader (the
cue scorer reads the lexicon; the content chooser runs the reader with lexicon and cue
model) must see the artefacts the earlier steps just wrote, which need not be the shipped
files (``--out``, tests). :func:`use_artefacts` redirects those package files to the given
paths for the duration of a ``with`` block and clears the loaders' caches on entry and exit,
so that nothing read under the redirect outlives it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

LEXICON_FILE = "data/cues.json"


class _Files:
    """``importlib.resources.files(package)``, with some relative names mapped to paths."""

    def __init__(self, root: Any, overrides: dict[str, Path]) -> None:
        self._root = root
        self._overrides = overrides

    def joinpath(self, *names: str) -> Any:
        relative = "/".join(names)
        if relative in self._overrides:
            return self._overrides[relative]
        return self._root.joinpath(*names)

    def __truediv__(self, name: str) -> Any:
        return self.joinpath(name)


class _Resources:
    """Stands in for the ``importlib.resources`` module inside one reader module."""

    def __init__(self, overrides: dict[str, Path]) -> None:
        self._overrides = overrides

    def files(self, package: Any) -> _Files:
        return _Files(resources.files(package), self._overrides)

    def __getattr__(self, name: str) -> Any:
        return getattr(resources, name)


def _loaders() -> list[tuple[str, ModuleType, Any, str]]:
    """(artefact, the module that reads it, its cached loader, its package-relative name)."""
    from .. import boundaries, cuemodel, cues, tagger

    return [
        ("lexicon", cues, cues.load_lexicon, LEXICON_FILE),
        ("cue_model", cuemodel, cuemodel.load_cue_model, cuemodel.MODEL_FILE),
        ("content_model", boundaries, boundaries.load_content_model, boundaries.MODEL_FILE),
        ("tagger", tagger, tagger.load_tagger, "data/" + tagger.WEIGHTS_FILE),
    ]


def clear_caches() -> None:
    """Forget every learned artefact read so far; the next use reads the files again."""
    for _, _, loader, _ in _loaders():
        loader.cache_clear()


@contextmanager
def use_artefacts(
    *,
    lexicon: Path | None = None,
    cue_model: Path | None = None,
    content_model: Path | None = None,
    tagger: Path | None = None,
) -> Iterator[None]:
    """Within the block, the reader reads each given file in place of the shipped one.

    Paths that are None, or that are the shipped files themselves, change nothing but the
    caches, which are cleared on entry and on exit either way.
    """
    wanted = {
        "lexicon": lexicon,
        "cue_model": cue_model,
        "content_model": content_model,
        "tagger": tagger,
    }
    with ExitStack() as stack:
        for name, module, loader, relative in _loaders():
            path = wanted[name]
            if path is not None:
                _redirect(stack, module, {relative: Path(path)})
            loader.cache_clear()
            stack.callback(loader.cache_clear)
        yield


def _redirect(stack: ExitStack, module: ModuleType, overrides: dict[str, Path]) -> None:
    original = module.resources
    module.resources = _Resources(overrides)  # type: ignore[attr-defined]
    stack.callback(setattr, module, "resources", original)
