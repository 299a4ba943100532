"""Training the learned resources: on a tiny slice of PolNeAR train, written to tmp_path.

The shipped ``data/cues.json`` and ``data/cue_model.json`` are never touched here.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from paths import POLNEAR_TRAIN, REPO, require
from sourcetrace import cli

SHIPPED = [REPO / "src" / "sourcetrace" / "data" / name for name in ("cues.json", "cue_model.json")]


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


def test_lexicon_and_cue_model_train_on_a_tiny_slice(
    tiny_train: Path, tmp_path: Path, shipped_before: dict[Path, bytes]
) -> None:
    from sourcetrace.training import cues, lexicon

    lexicon_out = tmp_path / "cues.json"
    returned = lexicon.main(tiny_train, out=lexicon_out)
    written: dict[str, Any] = json.loads(lexicon_out.read_text(encoding="utf-8"))
    assert written == returned
    assert written["documents"] == 3
    assert written["heads"] and written["children"] is not None
    for key, value in written["heads"].items():
        lemma, _, pos = key.rpartition("|")
        assert lemma and pos, key
        cue, total = value
        assert 0 < cue <= total, (key, value)
    assert "say|VERB" in written["heads"]

    model_out = tmp_path / "cue_model.json"
    assert cues.main(tiny_train, out=model_out) == model_out
    model = json.loads(model_out.read_text(encoding="utf-8"))
    assert model["about"]["documents"] == 3
    assert 0 < model["threshold"] < 1
    assert model["weights"] and all(isinstance(w, float) for w in model["weights"].values())

    for path, data in shipped_before.items():
        assert path.read_bytes() == data, f"{path} was overwritten"


def test_train_polnear_builds_the_lexicon_first_then_the_cue_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sourcetrace import cues as cue_lexicon
    from sourcetrace.training import cues, lexicon

    for part in ("text", "attributions"):
        (tmp_path / part).mkdir()
    calls: list[str] = []

    def fake_lexicon(directory: Path) -> dict[str, Any]:
        calls.append("lexicon")
        return {}

    def fake_cues(directory: Path) -> Path:
        # the cue model's features must read the lexicon just built, not a cached one
        calls.append(f"cues (cached lexicon: {cue_lexicon.load_lexicon.cache_info().currsize})")
        return cues.OUT

    cue_lexicon.load_lexicon()  # a lexicon in the cache, as in a long-lived process
    monkeypatch.setattr(lexicon, "main", fake_lexicon)
    monkeypatch.setattr(cues, "main", fake_cues)
    assert cli.main(["train", "polnear", str(tmp_path)]) == 0
    assert calls == ["lexicon", "cues (cached lexicon: 0)"]
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"cue lexicon: wrote {lexicon.DATA_FILE} in ")
    assert out[1].startswith(f"cue model: wrote {cues.OUT} in ") and out[1].endswith(" s")


def test_train_lexicon_cli_writes_where_asked(tiny_train: Path, tmp_path: Path) -> None:
    out = tmp_path / "lexicon.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sourcetrace",
            "train",
            "lexicon",
            str(tiny_train),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"cue lexicon: wrote {out} in ")
    assert json.loads(out.read_text(encoding="utf-8"))["documents"] == 3


def test_train_refuses_a_folder_that_is_no_split(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sourcetrace", "train", "cues", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert result.returncode == cli.EXIT_ERROR
    assert result.stderr.startswith("sourcetrace: error[input]: ")
    assert "not a PolNeAR split: no text/ folder" in result.stderr
