"""``python -m sourcetrace ARGS`` in a process of its own, for the CLI and training tests."""

from __future__ import annotations

import os
import subprocess
import sys

from paths import REPO


def run_cli(
    *args: str, stdin: str | None = None, timeout: float = 120, hash_seed: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the CLI from the repository root, with ``stdin`` as its input and, if given,
    another per-process hash seed."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed} if hash_seed else None
    return subprocess.run(
        [sys.executable, "-m", "sourcetrace", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env=env,
    )
