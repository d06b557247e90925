"""How much the static finder's stages cost, and what the prefilter saves.

Run: ``python bench/bench_static_finder.py [--lines N] [--files N]``.

It times, on one big generated module, CPython's ``ast.parse`` (the guard and the
summary), libcst's parse, and each libcst metadata provider (the finder resolves
scopes, and positions once it reports a call; it asks scopes for the few
qualified names it needs rather than running QualifiedNameProvider), then ``find_calls`` on
three versions of that module: no tracking word at all (rejected by the text
prefilter), the word only in comments and strings (rejected by the call-name scan),
and one real call (fully resolved).  Finally it indexes a generated project.
"""

from __future__ import annotations

import argparse
import ast
import functools
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import libcst as cst
from libcst.metadata import (
    MetadataWrapper,
    PositionProvider,
    QualifiedNameProvider,
    ScopeProvider,
)

from linter.static import build_project_index, find_calls

_BLOCK = '''
class Service{n}:
    """A service with a few methods, like ordinary application code."""

    def __init__(self, repository, cache=None):
        self.repository = repository
        self.cache = cache or {{}}

    def get(self, key: str) -> dict[str, object]:
        if key in self.cache:
            return self.cache[key]
        value = self.repository.load(key, retries=3, timeout=1.5)
        self.cache[key] = {{"value": value, "key": key, "n": {n}}}
        return self.cache[key]

    def items(self, keys):
        return [self.get(k) for k in keys if k and not k.startswith("_")]


def helper_{n}(data, *, strict=False):
    total = 0
    for index, item in enumerate(data):
        if strict and item is None:
            raise ValueError(f"missing item {{index}}")
        total += len(str(item)) * index
    return {{"total": total, "count": len(data)}}
'''


def module_text(lines: int, extra: str = "") -> str:
    blocks: list[str] = []
    n = 0
    while sum(b.count("\n") for b in blocks) < lines:
        blocks.append(_BLOCK.format(n=n))
        n += 1
    return "".join(blocks) + extra


def best_of(function: Callable[[], object], repeat: int = 3) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return min(timings)


def stage_costs(text: str) -> None:
    print(f"module of {text.count(chr(10))} lines, {len(text) // 1024} KiB")
    module = cst.parse_module(text)
    rows = [
        ("ast.parse (guard + summary)", lambda: ast.parse(text)),
        ("libcst.parse_module", lambda: cst.parse_module(text)),
        ("PositionProvider", lambda: MetadataWrapper(module, unsafe_skip_copy=True)
         .resolve(PositionProvider)),
        ("ScopeProvider", lambda: MetadataWrapper(module, unsafe_skip_copy=True)
         .resolve(ScopeProvider)),
        ("QualifiedNameProvider (+scope)", lambda: MetadataWrapper(module, unsafe_skip_copy=True)
         .resolve(QualifiedNameProvider)),
        ("scope + positions, as the finder asks", lambda: MetadataWrapper(
            module, unsafe_skip_copy=True).resolve_many([PositionProvider, ScopeProvider])),
    ]
    for label, function in rows:
        print(f"  {label:<38} {best_of(function) * 1000:8.1f} ms")


def finder_costs(lines: int) -> None:
    cases = {
        "no tracking word (text prefilter)": module_text(lines),
        "word in comments only (call scan)": module_text(
            lines, "\n# we track orders here\nLABEL = 'capture'\n"),
        "one Mixpanel call (resolved)": module_text(
            lines, "\nfrom mixpanel import Mixpanel\nMixpanel('t').track('u', 'Sign Up')\n"),
    }
    print("find_calls on the same module:")
    for label, text in cases.items():
        data = text.encode()
        result = find_calls("big.py", data)
        seconds = best_of(functools.partial(find_calls, "big.py", data))
        print(f"  {label:<38} {seconds * 1000:8.1f} ms  resolved={result.resolved} "
              f"calls={len(result.calls)}")


def index_costs(files: int, lines: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        package = root / "app"
        package.mkdir()
        (package / "__init__.py").write_text("")
        (package / "analytics.py").write_text(
            "from mixpanel import Mixpanel\nmp = Mixpanel('t')\n\n"
            "def track_event(user, event, **props):\n    mp.track(user.id, event, props)\n")
        paths = [package / "analytics.py", package / "__init__.py"]
        for n in range(files):
            extra = ("\nfrom app.analytics import track_event\n"
                     f"def view_{n}(user):\n    track_event(user, 'Viewed', page={n})\n"
                     if n % 10 == 0 else "")
            path = package / f"module_{n}.py"
            path.write_text(module_text(lines, extra))
            paths.append(path)
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            index = build_project_index(paths, roots=[root])
            timings.append(time.perf_counter() - start)
        print(f"build_project_index over {len(paths)} files of ~{lines} lines: "
              f"{min(timings):.2f} s (median {statistics.median(timings):.2f} s), "
              f"{len(index.inferred_wrappers)} inferred wrapper(s)")
        start = time.perf_counter()
        resolved = sum(find_calls(str(p), p.read_bytes(), index).resolved for p in paths)
        print(f"find_calls over every file: {time.perf_counter() - start:.2f} s, "
              f"{resolved} of {len(paths)} files resolved")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=6000, help="lines of the big module")
    parser.add_argument("--files", type=int, default=200, help="modules in the project")
    parser.add_argument("--file-lines", type=int, default=300, help="lines per project module")
    options = parser.parse_args()
    stage_costs(module_text(options.lines))
    finder_costs(options.lines)
    index_costs(options.files, options.file_lines)


if __name__ == "__main__":
    main()
