"""The cache: a warm run gives exactly what a cold run gives, and re-reads only what changed.

Each scenario checks a project, edits it, and compares the warm run (cache filled
by the runs before the edit) with a cold run of the edited tree, file by file and
wrapper by wrapper.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from linter.code_check import CallInventory, CodeSettings, collect_calls
from linter.code_examples import EXAMPLE_PLAN
from linter.static.fingerprint import stable_digest
from linter.static.reuse import Deps
from linter.static.store import LAYOUT, CacheStore

FILES = {
    "app/__init__.py": "",
    "app/events.py": """
        import enum

        SIGN_UP = "Sign Up"
        ORDER = "Order Completed"

        class Billing(str, enum.Enum):
            PAID = "Payment Made"
    """,
    "app/analytics.py": """
        from mixpanel import Mixpanel

        mp = Mixpanel("t")

        def track_event(user, event, **props):
            mp.track(user.id, event, props)
    """,
    "app/checkout.py": """
        from app.analytics import track_event

        def track_checkout(user, event, **props):
            track_event(user, event, source="checkout", **props)
    """,
    "app/views.py": """
        from app.analytics import track_event as te
        from app.events import SIGN_UP, Billing

        def signed_up(user):
            te(user, SIGN_UP, plan="pro")

        def paid(user):
            te(user, Billing.PAID, amount=1)
    """,
    "app/orders.py": """
        from app.checkout import track_checkout
        from app import events

        def done(user, order):
            track_checkout(user, events.ORDER, order_id=order.id)
    """,
    "app/direct.py": """
        import posthog
        import segment.analytics as analytics

        def f(user):
            posthog.capture("Viewed", distinct_id=user.id, properties={"page": "home"})
            analytics.track(user.id, "Segment Event", {"k": 1})
    """,
    "app/models.py": """
        class Order:
            def __init__(self, id):
                self.id = id

            def total(self):
                return sum(line.price for line in self.lines)
    """,
}


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def settings(root: Path, cache: Path | None, **extra: object) -> CodeSettings:
    files = tuple(sorted(p.relative_to(root) for p in (root / "app").rglob("*.py")))
    files = tuple(root / f for f in files)
    return CodeSettings(targets=files, project_files=files, roots=(root,), cache_dir=cache,
                        **extra)  # type: ignore[arg-type]


def summary(inventory: CallInventory) -> dict[str, object]:
    """Everything a run found, comparable between runs."""
    return {"results": inventory.results,
            "wrappers": inventory.index.inferred_wrappers,
            "unparsed": inventory.index.unparsed}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    write(root, FILES)
    return root


def warm_equals_cold(root: Path, cache: Path) -> CallInventory:
    warm = collect_calls(settings(root, cache))
    cold = collect_calls(settings(root, None))
    assert summary(warm) == summary(cold)
    return warm


def test_unchanged_tree_is_served_from_the_cache(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = collect_calls(settings(project, cache))
    assert cold.summarised == len(FILES) and cold.reused == 0 and cold.analysed > 0
    warm = warm_equals_cold(project, cache)
    assert (warm.summarised, warm.analysed, warm.read) == (0, 0, 0)
    assert warm.reused == cold.analysed + cold.read and warm.cache_hits == len(FILES)
    names = {c.observation.name for c in warm.calls if c.inside_wrapper is None}
    assert names == {"Sign Up", "Payment Made", "Order Completed", "Viewed", "Segment Event"}


def test_an_edit_re_reads_only_that_file(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    collect_calls(settings(project, cache))
    with (project / "app/models.py").open("a") as handle:
        handle.write("\n# a comment\n")
    warm = warm_equals_cold(project, cache)
    assert warm.summarised == 1 and warm.analysed == 0 and warm.cache_hits == 0
    with (project / "app/views.py").open("a") as handle:
        handle.write("\ndef more(user):\n    te(user, 'More')\n")
    warm = warm_equals_cold(project, cache)
    assert warm.summarised == 1 and warm.analysed == 1
    assert "More" in {c.observation.name for c in warm.calls}


EDITS: dict[str, Callable[[Path], None]] = {
    "a constant in another module": lambda root: _replace(
        root / "app/events.py", '"Sign Up"', '"Signed Up"'),
    "an enum member in another module": lambda root: _replace(
        root / "app/events.py", '"Payment Made"', '"Payment Done"'),
    "a wrapper's body adds a property": lambda root: _replace(
        root / "app/analytics.py", "mp.track(user.id, event, props)",
        'mp.track(user.id, event, {**props, "origin": "server"})'),
    "a wrapper stops forwarding its event": lambda root: _replace(
        root / "app/analytics.py", "mp.track(user.id, event, props)",
        'mp.track(user.id, "Fixed", props)'),
    "a wrapper of a wrapper changes": lambda root: _replace(
        root / "app/checkout.py", 'source="checkout"', 'source="cart"'),
    "an import changes": lambda root: _replace(
        root / "app/views.py", "from app.events import SIGN_UP, Billing",
        'from app.events import Billing\nSIGN_UP = "Local"'),
    "a client stops being an SDK client": lambda root: _replace(
        root / "app/analytics.py", "mp = Mixpanel(\"t\")", "mp = object()"),
    "a module is deleted": lambda root: (root / "app/events.py").unlink(),
    "a module is renamed": lambda root: (root / "app/events.py").rename(
        root / "app/names.py"),
    "a module appears that shadows an SDK": lambda root: write(
        root, {"posthog.py": "def capture(*args, **kwargs):\n    pass\n",
               "app/posthog.py": "def capture(*args, **kwargs):\n    pass\n"}),
    "a new wrapper is added": lambda root: write(root, {"app/more.py": """
        from app.analytics import mp

        def send(user, name):
            mp.track(user.id, name)

        def use(user):
            send(user, "Via New Wrapper")
    """}),
    "a file becomes unparsable": lambda root: _replace(
        root / "app/checkout.py", "def track_checkout(", "def track_checkout(:"),
}


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_warm_equals_cold_after(edit: str, project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    saved = tmp_path / "saved"
    shutil.copytree(project, saved)
    before = collect_calls(settings(project, cache))
    EDITS[edit](project)
    after = warm_equals_cold(project, cache)
    assert summary(after) != summary(before)
    # And back: the earlier state is served from what the cache kept of it.
    shutil.rmtree(project)
    shutil.copytree(saved, project)
    restored = warm_equals_cold(project, cache)
    assert summary(restored) == summary(before)
    assert restored.summarised == 0 and restored.analysed == 0 and restored.read == 0


def test_a_constant_change_reaches_the_call_that_uses_it(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    collect_calls(settings(project, cache))
    EDITS["a constant in another module"](project)
    warm = collect_calls(settings(project, cache))
    views = warm.results[str(project / "app/views.py")]
    assert [c.observation.name for c in views.calls] == ["Signed Up", "Payment Made"]
    assert warm.summarised == 1 and 0 < warm.analysed < len(FILES)


def test_platform_and_wrappers_are_part_of_what_is_reused(project: Path, tmp_path: Path) -> None:
    from linter.static import WrapperSpec

    cache = tmp_path / "cache"
    collect_calls(settings(project, cache))
    web = collect_calls(settings(project, cache, platform="web"))
    assert {c.observation.platform for c in web.calls} == {"web"}
    assert summary(web) == summary(collect_calls(settings(project, None, platform="web")))
    spec = (WrapperSpec("app.checkout.track_checkout", event=1, identity=0),)
    configured = collect_calls(settings(project, cache, wrappers=spec))
    assert summary(configured) == summary(collect_calls(settings(project, None, wrappers=spec)))


def test_damaged_entries_are_ignored_and_rewritten(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = collect_calls(settings(project, cache))
    entries = sorted((cache / LAYOUT).rglob("*.pickle"))
    assert entries
    for number, entry in enumerate(entries):
        entry.write_bytes(b"not a pickle" if number % 2 else entry.read_bytes()[:7])
    damaged = collect_calls(settings(project, cache))
    assert summary(damaged) == summary(cold)
    assert damaged.summarised == len(FILES)
    again = collect_calls(settings(project, cache))
    assert again.summarised == 0 and again.analysed == 0


def test_foreign_values_under_a_right_key_are_not_used(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = collect_calls(settings(project, cache))
    for entry in (cache / LAYOUT).rglob("*.pickle"):
        entry.write_bytes(pickle.dumps({"something": "else"}))
    assert summary(collect_calls(settings(project, cache))) == summary(cold)


def test_the_cache_is_pruned_to_its_budget(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    collect_calls(settings(project, cache, cache_max_bytes=10 ** 9))
    total = sum(p.stat().st_size for p in (cache / LAYOUT).rglob("*") if p.is_file())
    budget = total // 2
    small = collect_calls(settings(project, cache, cache_max_bytes=budget))
    _replace(project / "app/models.py", "class Order", "class Purchase")
    small = collect_calls(settings(project, cache, cache_max_bytes=budget))
    left = sum(p.stat().st_size for p in (cache / LAYOUT).rglob("*") if p.is_file())
    assert left <= budget
    assert summary(small) == summary(collect_calls(settings(project, None)))


def test_old_cache_layouts_are_removed(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (cache / "code" / "0123").mkdir(parents=True)
    (cache / "code" / "0123" / "index.pickle").write_bytes(b"old")
    store = CacheStore(cache)
    store.put("kind", "ab" * 16, 1)
    store.prune()
    assert not (cache / "code").exists() and store.get("kind", "ab" * 16) == 1
    assert (cache / "CACHEDIR.TAG").is_file()


def test_a_read_only_cache_folder_still_checks(project: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    inventory = collect_calls(settings(project, blocked))
    assert summary(inventory) == summary(collect_calls(settings(project, None)))


def test_a_new_tool_version_reads_everything_again(project: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from linter.static import fingerprint

    cache = tmp_path / "cache"
    collect_calls(settings(project, cache))
    monkeypatch.setattr(fingerprint, "tool_fingerprint", lambda: "another version")
    again = collect_calls(settings(project, cache))
    assert again.summarised == len(FILES) and again.reused == 0


# -- digests ---------------------------------------------------------------------------

_DIGESTS = """
import sys
from linter.static.fingerprint import stable_digest
from linter.static.reuse import Deps
from linter.events import UNKNOWN
values = [frozenset({"track", "capture", "send", "emit", "a", "b", "c"}),
          {"k": {"x", "y", "z"}, "n": [1, 2.5, None, True, UNKNOWN]},
          Deps((("app.events", "f1"), ("mixpanel", None)), (), ("track", "te"), ("te",))]
print(stable_digest(*values))
"""


def test_digests_do_not_depend_on_the_hash_seed() -> None:
    found = set()
    for seed in ("0", "1", "12345"):
        done = subprocess.run([sys.executable, "-c", _DIGESTS], capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}, check=True)
        found.add(done.stdout.strip())
    assert len(found) == 1


def test_digests_tell_values_apart() -> None:
    assert stable_digest([1]) != stable_digest((1,))
    assert stable_digest("1") != stable_digest(1) != stable_digest(1.0)
    assert stable_digest(True) != stable_digest(1)
    assert stable_digest({"a": 1, "b": 2}) != stable_digest({"b": 2, "a": 1})
    assert stable_digest({"a", "b"}) == stable_digest({"b", "a"})
    assert stable_digest(("ab", "c")) != stable_digest(("a", "bc"))
    assert stable_digest(Deps()) != stable_digest(Deps(wanted=("x",)))
    with pytest.raises(TypeError):
        stable_digest(object())


def test_a_cache_filled_under_one_hash_seed_serves_another(project: Path,
                                                            tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    script = textwrap.dedent(f"""
        import json, sys
        from pathlib import Path
        sys.path.insert(0, {str(Path(__file__).parent.parent)!r})
        from tests.test_static_cache import settings
        from linter.code_check import collect_calls
        inventory = collect_calls(settings(Path({str(project)!r}), Path({str(cache)!r})))
        print(json.dumps([inventory.summarised, inventory.analysed, inventory.reused,
                          sorted(str(c.observation.name) for c in inventory.calls)]))
    """)
    runs = []
    for seed in ("1", "2"):
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}, check=True)
        runs.append(json.loads(done.stdout))
    assert runs[0][0] == len(FILES) and runs[0][2] == 0
    assert runs[1][:2] == [0, 0] and runs[1][2] >= runs[0][1]
    assert runs[0][3] == runs[1][3]


# -- through the command -------------------------------------------------------------


def test_no_cache_writes_nothing_and_the_plan_is_always_checked_afresh(
        project: Path, tracklint: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    (project / "tracklint.toml").write_text('plan = "plan.yaml"\n', encoding="utf-8")
    (project / "plan.yaml").write_text(EXAMPLE_PLAN, encoding="utf-8")
    first = tracklint("check", "--no-cache", "--output-format", "json", cwd=project)
    assert not (project / ".tracklint_cache").exists()
    cached = tracklint("check", "--output-format", "json", cwd=project)
    assert (project / ".tracklint_cache" / LAYOUT).is_dir()
    assert json.loads(first.stdout)["diagnostics"] == json.loads(cached.stdout)["diagnostics"]
    plan = EXAMPLE_PLAN.replace("Order Completed", "Order Finished")
    (project / "plan.yaml").write_text(plan, encoding="utf-8")
    replanned = tracklint("check", "--output-format", "json", cwd=project)
    fresh = tracklint("check", "--no-cache", "--output-format", "json", cwd=project)
    assert json.loads(replanned.stdout)["diagnostics"] == json.loads(fresh.stdout)["diagnostics"]
    assert replanned.stdout != cached.stdout
