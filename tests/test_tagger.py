"""The learned tagger: windows, B/I/O decoding, the NumPy encoder against PyTorch, and the
same spans whether torch is installed or not."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from paths import POLNEAR_TRAIN, REPO, require
from seed_support import parse
from sourcetrace.encoder import dequantize, load_weights, quantize, save_weights
from sourcetrace.tagger import (
    DIST_BUCKETS,
    MAX_PIECES,
    TAG_B,
    TAG_I,
    TAG_O,
    bio_spans,
    dist_bucket,
    pieces_of,
    windows,
)
from sourcetrace.training.artefacts import use_artefacts
from sourcetrace.wordpiece import load_wordpiece

SEED = REPO / "examples" / "musk-putin-vice.txt"


def test_bio_spans() -> None:
    labels = [TAG_B, TAG_I, TAG_O, TAG_I, TAG_I, TAG_B, TAG_B, TAG_O]
    assert bio_spans(labels, [True] * 8) == [(0, 2), (3, 5), (5, 6), (6, 7)]
    # a token with no word piece (whitespace) neither breaks nor ends a span
    assert bio_spans([TAG_B, TAG_O, TAG_I, TAG_O], [True, False, True, True]) == [(0, 3)]
    assert bio_spans([TAG_O, TAG_O], [True, True]) == []
    assert bio_spans([TAG_I], [True]) == [(0, 1)]


def test_a_token_is_inside_when_b_and_i_together_outweigh_o() -> None:
    from sourcetrace.tagger import labels_of

    probs = np.array(
        [
            [0.45, 0.30, 0.25],  # O is likeliest alone, but B + I outweigh it: B
            [0.45, 0.20, 0.35],  # ... and here I
            [0.60, 0.30, 0.10],  # O
        ],
        dtype=np.float32,
    )
    assert labels_of(np.log(probs)) == [TAG_B, TAG_I, TAG_O]


def test_content_pieces_close_over_short_gaps_but_not_over_the_cue() -> None:
    from sourcetrace.tagger import MAX_GAP, _close_gaps

    assert _close_gaps([(0, 3), (5, 8)], [(20, 21)]) == [(0, 8)]
    assert _close_gaps([(0, 3), (5, 8)], [(3, 4)]) == [(0, 3), (5, 8)]  # "A," she said, "B"
    far = 3 + MAX_GAP + 1
    assert _close_gaps([(0, 3), (far, far + 2)], []) == [(0, 3), (far, far + 2)]


def test_distance_buckets_are_signed_and_grow_logarithmically() -> None:
    centre = DIST_BUCKETS - 1
    assert dist_bucket(0) == centre
    assert dist_bucket(1) == centre + 1 and dist_bucket(-1) == centre - 1
    assert dist_bucket(3) == centre + 2 and dist_bucket(4) == centre + 3
    assert dist_bucket(10_000) == 2 * DIST_BUCKETS - 2 and dist_bucket(-10_000) == 0


def test_windows_cover_every_token_once_in_order() -> None:
    text = SEED.read_text(encoding="utf-8")
    # one sentence far longer than a window, after the real article
    doc = parse(text + "\n\nAnd " + " and ".join(["the minister spoke"] * 200) + ".")
    pieces = pieces_of(doc, load_wordpiece())
    wins = windows(doc, pieces)
    assert len(wins) > 2
    assert wins[0].start == 0 and wins[-1].end == len(doc)
    for a, b in zip(wins, wins[1:], strict=False):
        assert a.end == b.start
    for w in wins:
        assert 0 < len(w.ids) <= MAX_PIECES
        assert len(w.first) == w.end - w.start
        assert [w.ids[f] for f in w.first if f >= 0] == [
            pieces[w.start + k][0] for k, f in enumerate(w.first) if f >= 0
        ]


def test_int8_weights_round_trip_within_half_a_step(tmp_path) -> None:
    rng = np.random.default_rng(1)
    w = rng.normal(0, 0.05, (300, 64)).astype(np.float32)
    q, scale = quantize(w)
    assert np.all(np.abs(dequantize(q, scale) - w) <= scale[:, None] / 2 + 1e-7)
    weights = {"m": w, "v": rng.normal(size=7).astype(np.float32)}
    save_weights(tmp_path / "a.npz", weights)
    save_weights(tmp_path / "b.npz", weights)
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    back = load_weights(tmp_path / "a.npz")
    assert np.array_equal(back["v"], weights["v"])  # vectors stay float32, exactly
    assert np.allclose(back["m"], w, atol=float(scale.max()))


@pytest.fixture(scope="module")
def small_tagger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Tagger weights fine-tuned for two epochs on three PolNeAR train articles, written as
    ``save_weights`` writes the shipped file (int8)."""
    pytest.importorskip("torch", reason="the [train] extra is not installed")
    from sourcetrace.evaluation.brat import read_corpus
    from sourcetrace.nlp import get_nlp
    from sourcetrace.training import tagger as training

    gold = list(read_corpus(require(POLNEAR_TRAIN)))[:3]
    docs = get_nlp().pipe(g.text for g in gold)
    data = [ex for doc, g in zip(docs, gold, strict=True) for ex in training.examples(doc, g)]
    out = tmp_path_factory.mktemp("tagger") / "tagger.npz"
    save_weights(out, training.train(data, training.Config(epochs=2), log=lambda _: None))
    return out


def test_the_numpy_encoder_computes_what_the_torch_network_computes(small_tagger: Path) -> None:
    import torch

    from sourcetrace.encoder import encode
    from sourcetrace.tagger import Tagger, batch_ids
    from sourcetrace.training.tagger import build_net

    tagger = Tagger(load_weights(small_tagger))
    doc = parse(SEED.read_text(encoding="utf-8"))
    wins = tagger.windows(doc)[:3]
    wp = tagger.wp
    ids, mask = batch_ids(wins, wp.pad, wp.cls, wp.sep)
    net = build_net(tagger.w, dropout=0.0).eval()
    with torch.no_grad():
        expected = net.encode(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()
    got = encode(tagger.w, ids, mask)
    assert got.shape == expected.shape == (len(wins), ids.shape[1], 384)
    assert np.abs(got - expected)[mask].max() < 1e-3


TAG_IN_A_PROCESS = """
import json, os, sys
os.environ["SOURCETRACE_ENCODER"] = "numpy"  # the encoder the torch network is checked against
if sys.argv[3] == "block":
    sys.modules["torch"] = None  # as if torch were not installed: importing it fails
from sourcetrace.encoder import load_weights
from sourcetrace.nlp import get_nlp
from sourcetrace.tagger import Tagger
tagger = Tagger(load_weights(sys.argv[1]))
doc = get_nlp()(open(sys.argv[2], encoding="utf-8").read())
print(json.dumps([[a.cue, a.source, a.content] for a in tagger.tag(doc)]))
print("torch loaded:", sys.modules.get("torch") is not None)
"""


def _tag_in_a_process(weights: Path, block_torch: bool) -> tuple[list[object], str]:
    result = subprocess.run(
        [sys.executable, "-c", TAG_IN_A_PROCESS, str(weights), str(SEED)]
        + ["block" if block_torch else "allow"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    spans, loaded = result.stdout.splitlines()
    return json.loads(spans), loaded


def test_the_same_spans_with_and_without_torch(small_tagger: Path) -> None:
    """Tagging never needs torch, and its spans do not depend on whether it is installed; and
    they are the spans the torch network (as trained) gives (with the NumPy encoder: ONNX
    Runtime's int8 is checked in ``test_onnxencoder.py``)."""
    import torch

    from sourcetrace.onnxencoder import NumpyEncoder
    from sourcetrace.tagger import Tagger, batch_ids, decode_window
    from sourcetrace.training.tagger import build_net

    without, loaded = _tag_in_a_process(small_tagger, block_torch=True)
    assert loaded == "torch loaded: False"
    with_torch, _ = _tag_in_a_process(small_tagger, block_torch=False)
    assert without == with_torch

    weights = load_weights(small_tagger)
    tagger = Tagger(weights, encoder=NumpyEncoder(weights))
    net = build_net(tagger.w, dropout=0.0).eval()
    doc = parse(SEED.read_text(encoding="utf-8"))
    by_torch = []
    wp = tagger.wp
    labels_np, labels_torch = [], []
    breaks = [t.i for t in doc if t.is_space and "\n" in t.text]
    for win in tagger.windows(doc):
        ids, mask = batch_ids([win], wp.pad, wp.cls, wp.sep)
        with torch.no_grad():
            h = net.encode(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()[0]
        h = h[1 : len(win.ids) + 1]
        by_torch.extend(decode_window(tagger.w, win, h, breaks))
        h_np = tagger.hidden([win])[0]
        for states, out in ((h, labels_torch), (h_np, labels_np)):
            idx = np.array([max(f, 0) for f in win.first])
            logits = states[idx] @ tagger.w["tag.w"].T + tagger.w["tag.b"]
            out.extend(logits.reshape(-1, 3, 3).argmax(-1).ravel().tolist())
    assert len(labels_np) > 3 * 500 and labels_np == labels_torch
    as_lists = json.loads(json.dumps([[a.cue, a.source, a.content] for a in by_torch]))
    assert as_lists == without


def test_a_checked_reading_holds_reader_cues_and_tagged_cues_only(small_tagger: Path) -> None:
    """Checked by a tagger, every attribution of the reading has a cue the reader found or
    one the tagger found; nothing else appears."""
    from sourcetrace import Settings, analyze
    from sourcetrace.nlp import get_nlp
    from sourcetrace.tagger import Tagger

    text = SEED.read_text(encoding="utf-8")
    alone = analyze(text)
    with use_artefacts(tagger=small_tagger):
        checked = analyze(text, settings=Settings(tagger=True))
    doc = get_nlp()(text)
    tagged = [
        (doc[t.cue[0]].idx, doc[t.cue[1] - 1].idx + len(doc[t.cue[1] - 1]))
        for t in Tagger(load_weights(small_tagger)).tag(doc)
    ]
    cues = [(a.cue.start, a.cue.end) for a in alone.attributions] + tagged
    assert checked.attributions
    for a in checked.attributions:
        assert any(a.cue.start < e and s < a.cue.end for s, e in cues), a.cue.text


# "Smith said the plan was dead. Budget hawks balked at the plan, which they see as a
# giveaway." The reader finds only "said" (content "the plan was dead", without the stop).
BALKED = (
    "Smith said the plan was dead. Budget hawks balked at the plan, which they see as a giveaway."
)


class _FakeTagger:
    """A tagger whose reading is given: the seam between the reader and the model."""

    def __init__(self, reading: object) -> None:
        self.reading = reading

    def read(self, doc: object, only: object = None) -> object:
        return self.reading


def _reading(n: int, marks: list[tuple[str, tuple[int, int], float]], found: list[object]):
    """Probabilities that read each (role, span) as B then I with probability ``p`` (the
    rest split between the other two labels); every other token reads O."""
    from sourcetrace.tagger import ROLES, Reading

    probs = np.zeros((n, 9), dtype=np.float32)
    probs[:, TAG_O::3] = 1.0
    for role, (s, e), p in marks:
        col = 3 * ROLES.index(role)
        for i in range(s, e):
            label = TAG_B if i == s else TAG_I
            probs[i, col : col + 3] = (1 - p) / 2
            probs[i, col + label] = p
    return Reading(found, probs, np.ones(n, dtype=bool))  # type: ignore[arg-type]


#: The tagger's sure reading of "Smith | said | the plan was dead".
SAID_MARKS = [("cue", (1, 2), 0.99), ("source", (0, 1), 0.99), ("content", (2, 6), 0.99)]


def _checked(monkeypatch: pytest.MonkeyPatch, reading: object) -> list[object]:
    from sourcetrace import attribution
    from sourcetrace.nlp import get_nlp

    monkeypatch.setattr(attribution, "load_tagger", lambda: _FakeTagger(reading))
    doc = get_nlp()(BALKED)
    return [
        (a.cue.text, a.source and a.source.text, [c.text for c in a.content])
        for a in attribution.extract(doc, tag=True)
    ]


@pytest.mark.parametrize(
    ("sure", "content"),
    [
        # all but certain the stop belongs (a log-probability margin of 12 over the reader's
        # reading, above SWAP_MARGIN's 10): its span is taken
        (0.99999, ["the plan was dead."]),
        (0.99, ["the plan was dead"]),  # sure, but a margin of 5 only: the reader's span stands
        (0.6, ["the plan was dead"]),  # not sure: the reader's span stands
    ],
)
def test_the_tagger_mends_a_span_only_where_it_is_clearly_surer(
    monkeypatch: pytest.MonkeyPatch, sure: float, content: list[str]
) -> None:
    from sourcetrace.tagger import Tagged

    said = Tagged(cue=(1, 2), source=(0, 1), content=((2, 7),))
    marks = [*SAID_MARKS, ("content", (6, 7), sure)]
    reading = _reading(21, marks, [said])
    # "(6, 7)" marked as its own B: make the stop an I of the content before it
    reading.probs[6, 6:9] = ((1 - sure) / 2, (1 - sure) / 2, sure)
    assert _checked(monkeypatch, reading) == [("said", "Smith", content)]


# A mark of p reads inside its role with probability p + (1 - p) / 2: a cue at 0.95 or 0.4
# reads 0.975 or 0.7, either side of EXTRA_AT; a content at 0.95 or 0.7 reads 0.975 or 0.85,
# either side of EXTRA_CONTENT_AT (which counts from a cue of EXTRA_CUE_FLOOR).
@pytest.mark.parametrize(
    ("cue_sure", "content_sure", "added"),
    [
        (0.95, 0.7, True),  # sure of the cue
        (0.4, 0.7, False),  # sure of neither
        (0.4, 0.95, True),  # fairly sure of the cue, sure of the content
    ],
)
def test_the_tagger_adds_an_attribution_the_reader_missed_when_sure_of_it(
    monkeypatch: pytest.MonkeyPatch, cue_sure: float, content_sure: float, added: bool
) -> None:
    from sourcetrace.tagger import Tagged

    said = Tagged(cue=(1, 2), source=(0, 1), content=((2, 6),))
    balked = Tagged(cue=(9, 10), source=(7, 9), content=((10, 20),))
    marks = [
        *SAID_MARKS,
        ("cue", (9, 10), cue_sure),
        ("source", (7, 9), 0.99),
        ("content", (10, 20), content_sure),
    ]
    got = _checked(monkeypatch, _reading(21, marks, [said, balked]))
    expected = [("said", "Smith", ["the plan was dead"])]
    if added:
        expected.append(("balked", "Budget hawks", ["at the plan, which they see as a giveaway"]))
    assert got == expected


@pytest.mark.parametrize("confirmed", [True, False])
def test_an_outermost_attribution_the_tagger_does_not_confirm_goes(
    monkeypatch: pytest.MonkeyPatch, confirmed: bool
) -> None:
    from sourcetrace import attribution
    from sourcetrace.tagger import Tagged

    # no cue score stands alone here: each outermost cue needs the tagger's word
    monkeypatch.setattr(attribution, "STANDALONE_THRESHOLD", 1.01)
    said = Tagged(cue=(1, 2), source=(0, 1), content=((2, 6),))
    reading = _reading(21, SAID_MARKS, [said]) if confirmed else _reading(21, [], [])
    expected = [("said", "Smith", ["the plan was dead"])] if confirmed else []
    assert _checked(monkeypatch, reading) == expected


def test_asking_for_the_tagger_where_none_is_installed_is_a_config_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sourcetrace import cli
    from sourcetrace.training.artefacts import use_artefacts

    with use_artefacts(tagger=tmp_path / "none.npz"):
        code = cli.main(["analyze", "--tagger", str(SEED)])
    assert code == 2
    err = capsys.readouterr().err
    assert "error[config]" in err and "sourcetrace train tagger" in err


def test_tagging_only_the_windows_asked_for(small_tagger: Path) -> None:
    from sourcetrace.tagger import Tagger

    tagger = Tagger(load_weights(small_tagger))
    doc = parse(SEED.read_text(encoding="utf-8"))
    wins = tagger.windows(doc)
    full = tagger.tag(doc)
    assert len(wins) > 1
    first = tagger.tag(doc, only=[wins[0].start])
    assert first == [t for t in full if t.cue[0] < wins[0].end]
    assert tagger.tag(doc, only=[]) == []
    assert tagger.tag(doc, only=range(len(doc))) == full


def test_boundary_loglik_reads_a_span_by_its_own_labels_and_the_token_after() -> None:
    from sourcetrace.tagger import ROLES, Reading

    probs = np.zeros((5, 9), dtype=np.float32)
    col = 3 * ROLES.index("content")
    # per token P(B), P(I), P(O) of the content role; the other roles are not read
    rows = [
        (0.1, 0.8, 0.1),  # another span's content: not counted
        (0.7, 0.2, 0.1),
        (0.1, 0.6, 0.3),
        (0.1, 0.25, 0.65),
        (0.0, 0.9, 0.1),
    ]
    for i, (b, inside, o) in enumerate(rows):
        probs[i, col + TAG_B], probs[i, col + TAG_I], probs[i, col + TAG_O] = b, inside, o
    reading = Reading([], probs, np.ones(5, dtype=bool))
    # B at 1, I at 2, and token 3 not an I
    expected = np.log(0.7) + np.log(0.6) + np.log(1 - 0.25)
    assert reading.boundary_loglik("content", [(1, 3)]) == pytest.approx(expected, rel=1e-5)
    # a span running to the end of the text has no token after it
    assert reading.boundary_loglik("content", [(4, 5)]) == pytest.approx(np.log(1e-9), rel=1e-5)
    # a token not seen does not count
    reading.seen[2] = False
    expected = np.log(0.7) + np.log(1 - 0.25)
    assert reading.boundary_loglik("content", [(1, 3)]) == pytest.approx(expected, rel=1e-5)


CITING = "Smith said the plan was dead, citing its cost, and left."


@pytest.mark.parametrize(
    ("content_marks", "content"),
    [
        # the tagger ends the content at "dead": the chooser's shorter candidate is taken
        ((2, 6), "the plan was dead"),
        # the tagger reads on to "left": the chooser's own first choice stands
        ((2, 13), "the plan was dead, citing its cost, and left"),
    ],
)
def test_the_content_is_chosen_again_by_where_the_tagger_puts_its_boundaries(
    monkeypatch: pytest.MonkeyPatch, content_marks: tuple[int, int], content: str
) -> None:
    from sourcetrace import attribution
    from sourcetrace.nlp import get_nlp
    from sourcetrace.tagger import Tagged

    # the tagger confirms the cue but links no content of its own: no swap, only the rechoice
    said = Tagged(cue=(1, 2), source=(0, 1), content=())
    marks = [("cue", (1, 2), 0.99), ("source", (0, 1), 0.99), ("content", content_marks, 0.99)]
    reading = _reading(14, marks, [said])
    monkeypatch.setattr(attribution, "load_tagger", lambda: _FakeTagger(reading))
    found = attribution.extract(get_nlp()(CITING), tag=True)
    assert [[c.text for c in a.content] for a in found if a.cue.text == "said"] == [[content]]


def test_a_quote_the_tagger_ends_early_still_goes_on_after_the_cue(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``"A," Smith said. "B."``: the tagger's content is the first quote alone, and it is
    sure of it, so its span replaces the reader's; the quote that resumes after the cue is
    still the second part of that content, as the reader has it."""
    from sourcetrace import attribution
    from sourcetrace.nlp import get_nlp
    from sourcetrace.tagger import Tagged

    text = '"It went well," Smith said. "We will be back."'
    said = Tagged(cue=(7, 8), source=(6, 7), content=((0, 6),))
    marks = [("cue", (7, 8), 0.99), ("source", (6, 7), 0.99), ("content", (0, 6), 0.99)]
    reading = _reading(16, marks, [said])
    monkeypatch.setattr(attribution, "load_tagger", lambda: _FakeTagger(reading))
    found = attribution.extract(get_nlp()(text), tag=True)
    assert [(a.cue.text, [c.text for c in a.content]) for a in found] == [
        ("said", ['"It went well,"', '"We will be back."'])
    ]


def test_words_a_grown_cue_takes_in_are_no_longer_content(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sourcetrace import attribution
    from sourcetrace.nlp import get_nlp
    from sourcetrace.tagger import Tagged

    # the reader: "seems" / "to recognize his problem"; the tagger is sure the cue is
    # "seems to", and links no content of its own
    text = "Carson seems to recognize his problem."
    grown = Tagged(cue=(1, 3), source=None, content=())
    reading = _reading(7, [("cue", (1, 3), 0.99)], [grown])
    monkeypatch.setattr(attribution, "load_tagger", lambda: _FakeTagger(reading))
    found = attribution.extract(get_nlp()(text), tag=True)
    assert [(a.cue.text, a.source, [c.text for c in a.content]) for a in found] == [
        ("seems to", None, ["Carson", "recognize his problem"])
    ]


def test_the_taggers_content_stops_at_the_paragraph_after_its_cue() -> None:
    from sourcetrace.attribution import _near
    from sourcetrace.nlp import get_nlp
    from sourcetrace.tagger import Tagged

    doc = get_nlp()("Smith said the plan was dead.\n\nBudget hawks balked at the plan.")
    nxt = next(t.i for t in doc if t.text == "Budget")
    here, there = (2, 6), (nxt, nxt + 6)
    assert doc[there[0] : there[1]].text == ("Budget hawks balked at the plan")
    kept = _near(Tagged(cue=(1, 2), source=(0, 1), content=(here, there)), doc)
    assert kept is not None and kept.content == (here,)
    # a piece before the cue is not the paragraph after it
    assert _near(Tagged(cue=(1, 2), source=None, content=((0, 1), here)), doc) is not None
    assert _near(Tagged(cue=(1, 2), source=(0, 1), content=(there,)), doc) is None


def test_choosing_the_content_again_never_drops_a_piece_of_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sourcetrace import attribution
    from sourcetrace.nlp import get_nlp
    from sourcetrace.tagger import Tagged

    text = '"We campaign hard every day," Bayh said. "Normal rules do not apply."'
    doc = get_nlp()(text)
    said = next(t.i for t in doc if t.text == "said")
    bayh = said - 1
    second = next(t.i for t in doc if t.text == "Normal") - 1  # its opening mark
    end = len(doc)
    # the tagger half believes the first quotation is content and is sure of the second:
    # on their own tokens alone the second quotation reads likelier than both together
    marks = [
        ("cue", (said, said + 1), 0.99),
        ("source", (bayh, bayh + 1), 0.99),
        ("content", (0, bayh), 0.5),
        ("content", (second, end), 0.99),
    ]
    tagged = Tagged(cue=(said, said + 1), source=(bayh, bayh + 1), content=((second, end),))
    read = _reading(len(doc), marks, [tagged])
    monkeypatch.setattr(attribution, "load_tagger", lambda: _FakeTagger(read))
    (att,) = [a for a in attribution.extract(doc, tag=True) if a.parent is None]
    assert [c.text for c in att.content] == [
        '"We campaign hard every day,"',
        '"Normal rules do not apply."',
    ]


@pytest.mark.parametrize(
    ("theirs", "short"),
    [
        ([(3, 8)], True),  # one piece of two
        ([(3, 8), (10, 12)], True),  # the same start, ending earlier
        ([(3, 8), (10, 16)], False),  # ending later
        ([(4, 8), (10, 14)], False),  # starting elsewhere
    ],
)
def test_the_tagger_does_not_cut_a_content_short(
    theirs: list[tuple[int, int]], short: bool
) -> None:
    from sourcetrace.attribution import _cut_short

    assert _cut_short([(3, 8), (10, 14)], theirs) is short


@pytest.mark.parametrize(
    ("pieces", "narrower"),
    [
        ([(3, 8)], True),  # one piece of two
        ([(4, 8), (10, 13)], True),  # inside, cut at both ends
        ([(3, 8), (10, 12)], False),  # the same start, ending earlier: the tagger may judge
        ([(2, 8), (10, 12)], False),  # starting earlier
        ([(3, 8), (10, 14), (16, 20)], False),  # a piece more
    ],
)
def test_a_narrower_candidate_is_not_chosen_again(
    pieces: list[tuple[int, int]], narrower: bool
) -> None:
    from sourcetrace.attribution import _narrower

    assert _narrower(pieces, [(3, 8), (10, 14)]) is narrower


def test_a_noun_cues_content_from_the_tagger_stops_before_the_nouns_own_verb(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sourcetrace import attribution
    from sourcetrace.nlp import get_nlp
    from sourcetrace.tagger import Tagged

    # the tagger is sure the content runs on over "spread quickly online": what spread is
    # the claims, not part of what they say
    text = "His claims that the vaccine was unsafe spread quickly online."
    doc = get_nlp()(text)
    assert doc[7].text == "spread"
    marks = [("cue", (1, 2), 0.99), ("source", (0, 1), 0.99), ("content", (2, 10), 0.99)]
    ran_on = Tagged(cue=(1, 2), source=(0, 1), content=((2, 10),))
    monkeypatch.setattr(
        attribution, "load_tagger", lambda: _FakeTagger(_reading(len(doc), marks, [ran_on]))
    )
    found = attribution.extract(doc, tag=True)
    assert [(a.cue.text, [c.text for c in a.content]) for a in found] == [
        ("claims", ["that the vaccine was unsafe"])
    ]


def test_a_source_is_never_a_word_of_its_cue(monkeypatch: pytest.MonkeyPatch) -> None:
    from sourcetrace import attribution
    from sourcetrace.nlp import get_nlp
    from sourcetrace.tagger import Tagged

    # the tagger reads "The" as the source of "rumour"; the reader's cue is "The rumour"
    text = "The rumour that the singer had died circulated for days."
    doc = get_nlp()(text)
    marks = [("cue", (1, 2), 0.99), ("source", (0, 1), 0.99), ("content", (2, 7), 0.99)]
    rumour = Tagged(cue=(1, 2), source=(0, 1), content=((2, 7),))
    monkeypatch.setattr(
        attribution, "load_tagger", lambda: _FakeTagger(_reading(len(doc), marks, [rumour]))
    )
    found = attribution.extract(doc, tag=True)
    assert [(a.cue.text, a.source, [c.text for c in a.content]) for a in found] == [
        ("The rumour", None, ["that the singer had died"])
    ]


def test_a_cue_grown_over_its_subject_gives_the_subject_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sourcetrace import attribution
    from sourcetrace.nlp import get_nlp
    from sourcetrace.tagger import Tagged

    # the tagger's cue "all suggested" takes the last word of the reader's source
    text = "Smith, Jones and Brown all suggested that the claims could be grounds for a case."
    doc = get_nlp()(text)
    assert doc[5].text == "all" and doc[6].text == "suggested"
    grown = Tagged(cue=(5, 7), source=None, content=())
    monkeypatch.setattr(
        attribution,
        "load_tagger",
        lambda: _FakeTagger(_reading(len(doc), [("cue", (5, 7), 0.99)], [grown])),
    )
    found = attribution.extract(doc, tag=True)
    assert [(a.cue.text, a.source and a.source.text) for a in found] == [
        ("suggested", "Smith, Jones and Brown all")
    ]


def test_an_unquoted_piece_before_the_cues_sentence_is_not_its_content() -> None:
    """FNC-1 body 1722: the tagger linked the that-clause of "Stories are coming out ..." to
    "Claims" two sentences later; only the piece in the cue's sentence (or a quotation) stays."""
    from sourcetrace.attribution import _from_tagged
    from sourcetrace.tagger import Tagged

    doc = parse(
        "Stories are coming out that a large bang was heard. A crater was found. Claims are"
        ' being made that this was a meteorite impact. "It was huge," she said.'
    )

    def span(words: str) -> tuple[int, int]:
        start = doc.text.index(words)
        found = doc.char_span(start, start + len(words))
        assert found is not None
        return found.start, found.end

    claims = span("Claims")
    early, late = span("that a large bang was heard"), span("that this was a meteorite impact")
    draft = _from_tagged(Tagged(claims, None, (early, late)), doc)
    assert [doc.text[s:e] for s, e in draft.content] == ["that this was a meteorite impact"]
    said = span("said")
    quoted = span('"It was huge,"')
    draft = _from_tagged(Tagged(said, span("she"), (quoted,)), doc)
    assert [doc.text[s:e] for s, e in draft.content] == ['"It was huge,"']
