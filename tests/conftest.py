"""Shared fixtures: temporary plans and project trees, and running the real command."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "shop"


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write a file under tmp_path (text is dedented), creating folders; return its path."""
    def _write(relative: str, content: str | bytes) -> Path:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
        return path
    return _write


def run_tracklint(*args: str, cwd: Path | None = None, stdin: str | bytes | None = None,
                  env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess, as a user or CI would."""
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    environment.pop("FORCE_COLOR", None)
    data = stdin.decode() if isinstance(stdin, bytes) else stdin
    return subprocess.run([sys.executable, "-m", "linter", *args], cwd=cwd, input=data,
                          capture_output=True, text=True, env=environment, timeout=300)


@pytest.fixture
def tracklint() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_tracklint


@pytest.fixture
def without_re2(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Plan patterns as they run where google-re2 is not installed (Python's re, guarded)."""
    from linter.text import regex_engine

    monkeypatch.setattr(regex_engine, "_RE2", None)
    regex_engine.compile_plan_pattern.cache_clear()
    regex_engine._warn_once.cache_clear()
    yield
    regex_engine.compile_plan_pattern.cache_clear()
