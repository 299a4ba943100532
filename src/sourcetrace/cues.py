"""The cue lexicon: which words mark an act of saying, and which neighbours join the cue.

Two sources, both general: counts derived from PolNeAR train (``data/cues.json``, rebuilt
by ``sourcetrace.training.lexicon``) and a short hand-written list of verbs of
communication, publication and denial that mark attribution whenever they govern a clause
or a quote, whatever their frequency in one corpus.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Verbs of communication that introduce reported content when they take a clause or quote.
SPEECH_VERBS = _words(
    """
    say tell state claim report announce declare assert insist maintain argue contend
    add note explain write tweet post publish publicize publicise reveal disclose confirm
    deny dismiss reject refute dispute rebut contradict comment remark reply respond
    answer suggest warn predict acknowledge admit concede allege testify recount recall
    describe estimate conclude find show indicate inform notify mention stress emphasize
    emphasise affirm reiterate repeat quote cite retort counter complain boast brag
    promise pledge vow threaten urge demand ask question wonder doubt believe think
    hope fear worry feel reckon speculate caution advise propose recommend signal hint
    imply blog email text message broadcast air print headline underline observe
    rumor rumour whisper gossip
    """
)

#: Cue lemmas whose stance is a denial, or a question.
DENIAL_LEMMAS = _words(
    "deny dismiss reject refute dispute rebut contradict disavow debunk downplay"
)
QUESTION_LEMMAS = _words("ask question wonder doubt query inquire")
#: Verbs whose subject belongs to what they assess (``Carson seems to recognize ...``): no
#: speaker is written; the assessment is the article's own, or, inside a quote, its speaker's.
RAISING_LEMMAS = _words("seem appear")
#: The same in the passive, with a complement: ``Clinton is expected to win``.
PASSIVE_RAISING_LEMMAS = _words(
    "expect say believe think know consider report rumor rumour project"
)

#: Nouns naming a document or channel that can carry a statement ("in a mailing").
MEDIUM_NOUNS = _words(
    """
    statement interview mailing letter memo memorandum email e-mail note message tweet
    twitter post blog op-ed oped column editorial report filing press release speech
    video podcast broadcast newsletter briefing conference call facebook instagram
    telegram youtube tiktok x website site book article essay documents document
    transcript testimony affidavit complaint lawsuit ruling decision announcement
    """
)


@dataclass(frozen=True, slots=True)
class Lexicon:
    heads: dict[str, tuple[int, int]]  # "lemma|POS" -> (as cue head, total)
    children: dict[str, tuple[int, int]]  # "dep|word" -> (inside the cue, seen next to one)

    def head_rate(self, lemma: str, pos: str) -> float:
        n, total = self.heads.get(f"{lemma}|{pos}", (0, 0))
        # add-one smoothing: a word seen twice as a cue in two uses is not a certainty
        return n / (total + 1) if total else 0.0

    def total(self, lemma: str, pos: str) -> int:
        """How often the word was seen at all (0 where it never headed a cue)."""
        return self.heads.get(f"{lemma}|{pos}", (0, 0))[1]

    def head_count(self, lemma: str, pos: str) -> int:
        return self.heads.get(f"{lemma}|{pos}", (0, 0))[0]

    def join_rate(self, lemma: str, dep: str, word: str) -> float:
        """How often a neighbour (dep, word) of a cue head was inside the cue.

        Counts for this very head lemma win where there are enough of them.
        """
        inside, seen = self.children.get(f"{lemma}|{dep}|{word}", (0, 0))
        if seen >= 3:
            return inside / seen
        inside, seen = self.children.get(f"{dep}|{word}", (0, 0))
        return inside / seen if seen >= 3 else 0.0

    def joins_cue(self, lemma: str, dep: str, word: str) -> bool:
        return self.join_rate(lemma, dep, word) >= 0.5

    def rate(self, key: str, min_seen: int = 3) -> float | None:
        """The share for one key of the neighbour table, or None when seen too rarely."""
        inside, seen = self.children.get(key, (0, 0))
        return inside / seen if seen >= min_seen else None

    def neighbour_rate(self, lemma: str, dep: str, word: str) -> float:
        """Most specific evidence first: this word next to this lemma, this word next to any
        cue, any word in this relation to this lemma, any word in this relation."""
        for key in (f"{lemma}|{dep}|{word}", f"{dep}|{word}", f"{lemma}|{dep}|*", f"{dep}|*"):
            r = self.rate(key)
            if r is not None:
                return r
        return 0.0


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    raw = json.loads(resources.files("sourcetrace").joinpath("data/cues.json").read_text("utf-8"))
    return Lexicon(
        heads={k: (int(v[0]), int(v[1])) for k, v in raw["heads"].items()},
        children={k: (int(v[0]), int(v[1])) for k, v in raw["children"].items()},
    )
