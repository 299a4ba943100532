"""Training the learned resources: on a tiny slice of PolNeAR train, written to tmp_path.

The shipped ``data/cues.json``, ``data/cue_model.json`` and ``data/content_model.json`` are
never touched here.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from cli_support import run_cli
from paths import POLNEAR_TRAIN, REPO, require
from sourcetrace import cli

ARTEFACTS = ("cues.json", "cue_model.json", "content_model.json")
SHIPPED = [REPO / "src" / "sourcetrace" / "data" / name for name in ARTEFACTS]


@pytest.fixture(scope="module")
def tiny_train(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three annotated articles of PolNeAR train, copied with their annotations."""
    source = require(POLNEAR_TRAIN)
    root = tmp_path_factory.mktemp("polnear-train")
    (root / "text").mkdir()
    (root / "attributions").mkdir()
    texts = [
        t
        for t in sorted((source / "text").glob("*.txt"))
        if any((source / "attributions").glob(f"{t.stem}_*.ann"))
    ][:3]
    assert len(texts) == 3, f"fewer than 3 annotated articles in {source}"
    for text in texts:
        shutil.copy(text, root / "text")
        for ann in (source / "attributions").glob(f"{text.stem}_*.ann"):
            shutil.copy(ann, root / "attributions")
    return root


@pytest.fixture(scope="module")
def shipped_before() -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in SHIPPED if path.is_file()}


@pytest.fixture(scope="module")
def trained(
    tiny_train: Path, tmp_path_factory: pytest.TempPathFactory, shipped_before: dict[Path, bytes]
) -> Path:
    """The three artefacts trained in this process on the slice, each step reading the files
    the earlier ones wrote (as ``train polnear --out-dir`` does)."""
    from sourcetrace.training import content, cues, lexicon

    out = tmp_path_factory.mktemp("trained")
    lexicon.main(tiny_train, out=out / "cues.json")
    assert cues.main(tiny_train, out=out / "cue_model.json", lexicon=out / "cues.json") == (
        out / "cue_model.json"
    )
    returned = content.main(
        tiny_train,
        out=out / "content_model.json",
        lexicon=out / "cues.json",
        cue_model=out / "cue_model.json",
    )
    assert returned == out / "content_model.json"
    from sourcetrace.training import tagger

    assert tagger.main(tiny_train, out=out / "tagger.npz") == out / "tagger.npz"
    return out


def test_lexicon_and_cue_model_train_on_a_tiny_slice(
    tiny_train: Path, trained: Path, tmp_path: Path, shipped_before: dict[Path, bytes]
) -> None:
    from sourcetrace.training import lexicon

    lexicon_out = tmp_path / "cues.json"
    returned = lexicon.main(tiny_train, out=lexicon_out)
    written: dict[str, Any] = json.loads(lexicon_out.read_text(encoding="utf-8"))
    assert written == returned
    assert lexicon_out.read_bytes() == (trained / "cues.json").read_bytes()
    assert written["documents"] == 3
    assert written["heads"] and written["children"] is not None
    for key, value in written["heads"].items():
        lemma, _, pos = key.rpartition("|")
        assert lemma and pos, key
        cue, total = value
        assert 0 < cue <= total, (key, value)
    assert "say|VERB" in written["heads"]

    model = json.loads((trained / "cue_model.json").read_text(encoding="utf-8"))
    assert model["about"]["documents"] == 3
    assert 0 < model["threshold"] < 1
    assert model["weights"] and all(isinstance(w, float) for w in model["weights"].values())

    for path, data in shipped_before.items():
        assert path.read_bytes() == data, f"{path} was overwritten"


def test_content_chooser_trains_on_a_tiny_slice(
    trained: Path, shipped_before: dict[Path, bytes]
) -> None:
    from sourcetrace.boundaries import load_content_model

    model = json.loads((trained / "content_model.json").read_text(encoding="utf-8"))
    assert set(model) == {"about", "weights"}
    assert model["about"] == {"data": "PolNeAR train", "documents": 3}
    weights = model["weights"]
    assert weights, "no weight learned from three articles"
    assert all(isinstance(k, str) and k for k in weights)
    assert all(isinstance(w, float) and abs(w) >= 0.005 for w in weights.values())
    assert list(weights) == sorted(weights)
    # the reader can load what was written
    from sourcetrace.training.artefacts import use_artefacts

    with use_artefacts(content_model=trained / "content_model.json"):
        loaded = load_content_model()
        assert loaded is not None and loaded.weights == weights
    for path, data in shipped_before.items():
        assert path.read_bytes() == data, f"{path} was overwritten"


def test_later_steps_read_the_fresh_artefacts_and_only_inside_the_block(trained: Path) -> None:
    from sourcetrace.boundaries import load_content_model
    from sourcetrace.cuemodel import load_cue_model
    from sourcetrace.cues import load_lexicon
    from sourcetrace.training.artefacts import use_artefacts

    shipped_lexicon, shipped_model = load_lexicon(), load_cue_model()
    fresh_lexicon = json.loads((trained / "cues.json").read_text(encoding="utf-8"))
    fresh_model = json.loads((trained / "cue_model.json").read_text(encoding="utf-8"))
    with use_artefacts(lexicon=trained / "cues.json", cue_model=trained / "cue_model.json"):
        lex, model = load_lexicon(), load_cue_model()
        assert {k: list(v) for k, v in lex.heads.items()} == fresh_lexicon["heads"]
        assert lex.heads != shipped_lexicon.heads
        assert model is not None and model.weights == fresh_model["weights"]
        assert load_content_model() == load_content_model.__wrapped__()  # not redirected
    assert load_lexicon() == shipped_lexicon
    assert load_cue_model() == shipped_model


def test_training_twice_gives_identical_weights(
    tiny_train: Path, trained: Path, tmp_path: Path, shipped_before: dict[Path, bytes]
) -> None:
    """No --seed needed: a second run, in another process with another hash seed and through
    the CLI, writes byte-identical files."""
    again = tmp_path / "again"
    result = run_cli(
        "train", "polnear", str(tiny_train), "--out-dir", str(again), hash_seed="4242", timeout=600
    )
    assert result.returncode == 0, result.stderr
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        "cue lexicon",
        "cue model",
        "content chooser",
        "model card",
    ]
    card = (again / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "PolNeAR" in card and "No licence is stated" in card and "total:" in card
    for name in ARTEFACTS:
        assert (again / name).read_bytes() == (trained / name).read_bytes(), name
    for path, data in shipped_before.items():
        assert path.read_bytes() == data, f"{path} was overwritten"


def test_train_polnear_runs_lexicon_then_cues_then_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sourcetrace import cuemodel
    from sourcetrace import cues as cue_lexicon
    from sourcetrace.training import content, cues, lexicon, tagger

    for part in ("text", "attributions"):
        (tmp_path / part).mkdir()
    calls: list[tuple[str, ...]] = []

    def fake_lexicon(directory: Path, out: Path) -> dict[str, Any]:
        calls.append(("lexicon", out.name))
        return {}

    def fake_cues(directory: Path, out: Path, *, lexicon: Path | None = None) -> Path:
        # the cue model's features must read the lexicon just built, not a cached one
        cached = cue_lexicon.load_lexicon.cache_info().currsize
        calls.append(("cues", out.name, str(lexicon), f"cached lexicon: {cached}"))
        return out

    def fake_content(
        directory: Path, out: Path, *, lexicon: Path | None = None, cue_model: Path | None = None
    ) -> Path:
        cached = cuemodel.load_cue_model.cache_info().currsize
        calls.append(("content", out.name, str(lexicon), str(cue_model), f"cached model: {cached}"))
        return out

    # a lexicon and a cue model in the caches, as in a long-lived process
    cue_lexicon.load_lexicon()
    cuemodel.load_cue_model()
    monkeypatch.setattr(lexicon, "main", fake_lexicon)
    monkeypatch.setattr(cues, "main", fake_cues)
    monkeypatch.setattr(content, "main", fake_content)

    def fake_tagger(directory: Path, out: Path) -> Path:
        calls.append(("tagger", out.name))
        return out

    monkeypatch.setattr(tagger, "main", fake_tagger)
    monkeypatch.setattr(tagger, "check_install", lambda: calls.append(("check install",)))
    from sourcetrace.training import card

    def fake_card(out: Path, **kwargs: Any) -> Path:
        calls.append(("card", out.name, ",".join(sorted(kwargs["artefacts"]))))
        return out

    monkeypatch.setattr(card, "write_card", fake_card)

    assert cli.main(["train", "polnear", str(tmp_path)]) == 0
    assert calls == [
        ("lexicon", "cues.json"),
        ("cues", "cue_model.json", str(lexicon.DATA_FILE), "cached lexicon: 0"),
        ("content", "content_model.json", str(lexicon.DATA_FILE), str(cues.OUT), "cached model: 0"),
        ("card", "MODEL_CARD.md", "content_model,cue_model,lexicon"),
    ]
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"cue lexicon: wrote {lexicon.DATA_FILE} in ")
    assert out[1].startswith(f"cue model: wrote {cues.OUT} in ") and out[1].endswith(" s")
    assert out[2].startswith(f"content chooser: wrote {content.OUT} in ")

    # elsewhere: every step writes into the folder, and the later ones read from it
    calls.clear()
    where = tmp_path / "models"
    args = ["train", "polnear", str(tmp_path), "--out-dir", str(where), "--with-tagger"]
    assert cli.main(args) == 0
    assert calls == [
        ("check install",),
        ("lexicon", "cues.json"),
        ("cues", "cue_model.json", str(where / "cues.json"), "cached lexicon: 0"),
        (
            "content",
            "content_model.json",
            str(where / "cues.json"),
            str(where / "cue_model.json"),
            "cached model: 0",
        ),
        ("tagger", "tagger.npz"),
        ("card", "MODEL_CARD.md", "content_model,cue_model,lexicon,tagger"),
    ]
    assert [line.split(" in ")[0] for line in capsys.readouterr().out.splitlines()] == [
        f"cue lexicon: wrote {where / 'cues.json'}",
        f"cue model: wrote {where / 'cue_model.json'}",
        f"content chooser: wrote {where / 'content_model.json'}",
        f"tagger: wrote {where / 'tagger.npz'}",
        f"model card: wrote {where / 'MODEL_CARD.md'}",
    ]


def test_train_lexicon_cli_writes_where_asked(tiny_train: Path, tmp_path: Path) -> None:
    out = tmp_path / "lexicon.json"
    result = run_cli("train", "lexicon", str(tiny_train), "--out", str(out), timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"cue lexicon: wrote {out} in ")
    assert json.loads(out.read_text(encoding="utf-8"))["documents"] == 3


def test_train_refuses_a_folder_that_is_no_split(tmp_path: Path) -> None:
    result = run_cli("train", "cues", str(tmp_path), timeout=120)
    assert result.returncode == cli.EXIT_ERROR
    assert result.stderr.startswith("sourcetrace: error[input]: ")
    assert "not a PolNeAR split: no text/ folder" in result.stderr


def test_the_tagger_learns_on_a_tiny_slice(tiny_train: Path, trained: Path) -> None:
    """Fine-tuning on three articles lowers the loss, and what it writes loads and tags."""
    pytest.importorskip("torch", reason="the [train] extra is not installed")
    from sourcetrace.evaluation.brat import read_corpus
    from sourcetrace.nlp import get_nlp
    from sourcetrace.tagger import Tagger, load_tagger
    from sourcetrace.training import tagger

    gold = list(read_corpus(tiny_train))
    docs = list(get_nlp().pipe(g.text for g in gold))
    data = [ex for doc, g in zip(docs, gold, strict=True) for ex in tagger.examples(doc, g)]
    assert sum(len(ex.cues) for ex in data) == sum(
        1 for g in gold for a in g.attributions if a.cue and a.content
    ), "a gold attribution fell between windows"
    lines: list[str] = []
    tagger.train(data, tagger.Config(epochs=3), log=lines.append)
    losses = [
        float(line.split("mean loss ")[1].split()[0]) for line in lines if "mean loss" in line
    ]
    assert len(losses) == 3 and losses[-1] < losses[0], lines

    from sourcetrace.encoder import load_weights
    from sourcetrace.training.artefacts import use_artefacts

    fresh = Tagger(load_weights(trained / "tagger.npz"))
    with use_artefacts(tagger=trained / "tagger.npz"):
        loaded = load_tagger()
        assert loaded is not None and (loaded.w["tag.w"] == fresh.w["tag.w"]).all()
    assert isinstance(fresh.tag(docs[0]), list)


def test_bfloat16_products_train_like_float32(tiny_train: Path) -> None:
    """The bfloat16 switch changes the arithmetic (the losses differ), not what is learned:
    one epoch on the slice each way from the same seed, the mean losses within 5 % of each
    other, and the log names the arithmetic used."""
    torch = pytest.importorskip("torch", reason="the [train] extra is not installed")
    from sourcetrace.evaluation.brat import read_corpus
    from sourcetrace.nlp import get_nlp
    from sourcetrace.training import tagger

    if not tagger._native_bf16(torch):
        pytest.skip("this CPU has no native bfloat16 arithmetic")
    gold = list(read_corpus(tiny_train))[:1]
    docs = list(get_nlp().pipe(g.text for g in gold))
    data = [ex for doc, g in zip(docs, gold, strict=True) for ex in tagger.examples(doc, g)]
    losses = {}
    for bf16 in (False, True):
        lines: list[str] = []
        tagger.train(data, tagger.Config(epochs=1, bf16=bf16), log=lines.append)
        assert ("bfloat16 products" if bf16 else "float32 products") in lines[0], lines
        losses[bf16] = float(lines[-1].split("mean loss ")[1].split()[0])
    assert losses[True] != losses[False], "bfloat16 was not used"
    assert abs(losses[True] - losses[False]) <= 0.05 * losses[False], losses


def test_train_tagger_from_the_cli_gives_the_same_bytes(
    tiny_train: Path, trained: Path, tmp_path: Path
) -> None:
    """`sourcetrace train tagger` in another process, with another hash seed, writes the file
    the in-process training wrote: seed, data order and threads are fixed."""
    pytest.importorskip("torch", reason="the [train] extra is not installed")
    out = tmp_path / "tagger.npz"
    result = run_cli(
        "train", "tagger", str(tiny_train), "--out", str(out), hash_seed="77", timeout=600
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"tagger: wrote {out} in ")
    assert "epoch 2 done" in result.stderr  # progress goes to stderr
    assert out.read_bytes() == (trained / "tagger.npz").read_bytes()
