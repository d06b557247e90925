"""The real-world corpus: its sources and licences, its scorer, and the floors it holds.

The scorer (``bench/score_corpus.py``) is the instrument that measures the static
checker on code nobody here wrote, so its matching is tested on a small hand-made label
set first: an instrument that cannot fail measures nothing.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 only
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
SDKS = {"mixpanel", "segment", "posthog", "amplitude", "rudderstack"}
PERMISSIVE = {"MIT", "BSD-2-Clause", "BSD-3-Clause", "Apache-2.0", "ISC", "MPL-2.0",
              "Unlicense", "0BSD", "Zlib"}


def _load_scorer() -> ModuleType:
    path = ROOT / "bench" / "score_corpus.py"
    spec = importlib.util.spec_from_file_location("score_corpus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["score_corpus"] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


sc = _load_scorer()


# -- the corpus itself -------------------------------------------------------------------


def _sources() -> list[dict[str, object]]:
    with (CORPUS / "SOURCES.toml").open("rb") as handle:
        return list(tomllib.load(handle)["repository"])


def test_every_folder_is_listed_with_its_files_licence_and_commit() -> None:
    sources = _sources()
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir() and "__" in p.name}
    assert {str(s["name"]).replace("/", "__") for s in sources} == folders
    for source in sources:
        folder = CORPUS / str(source["name"]).replace("/", "__")
        assert re.fullmatch(r"[0-9a-f]{40}", str(source["commit"])), source["name"]
        assert source["licence"] in PERMISSIVE, source["name"]
        assert set(source["sdks"]) <= SDKS and source["sdks"], source["name"]  # type: ignore[arg-type]
        licence = folder / str(source["licence_file"])
        assert licence.is_file(), f"{source['name']}: its licence file is missing"
        on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
        listed = set(source["files"])  # type: ignore[arg-type]
        assert on_disk - {str(source["licence_file"])} == listed, source["name"]


def test_the_corpus_covers_every_sdk() -> None:
    used = {sdk for source in _sources() for sdk in source["sdks"]}  # type: ignore[attr-defined]
    assert used == SDKS


def test_every_repository_is_labelled_and_has_floors() -> None:
    repos = sc.load_corpus(CORPUS)
    floors = sc.read_floors(CORPUS / "floors.toml")
    assert {r.repository for r in repos} == {str(s["name"]) for s in _sources()}
    for labels in repos:
        assert labels.sites or labels.lookalikes, labels.repository
        assert set(floors.get(labels.repository, {})) == set(sc.FIGURES), labels.repository
    assert set(floors["total"]) == set(sc.FIGURES)


@pytest.mark.slow
def test_the_checker_holds_its_floors_on_the_corpus() -> None:
    scores, total = sc.score_corpus(sc.load_corpus(CORPUS), CORPUS, jobs=2)
    failures = sc.below_floors(scores, total, sc.read_floors(CORPUS / "floors.toml"))
    details = "\n".join(line for item in scores for line in sc._details(item))
    assert not failures, "\n".join(failures) + "\n\n" + details


# -- the scorer on a hand-made label set ----------------------------------------------


SHOP = '''\
from mixpanel import Mixpanel

mp = Mixpanel("token")


def track_event(user, event, **props):
    mp.track(user.id, event, props)


def checkout(user, order):
    track_event(user, "Order Completed", order_id=order.id)
    mp.track(user.id, "Cart Viewed", {})
    logger.info("checkout done")
'''

LABELS = '''\
repository: acme/shop
sites:
  - file: app/shop.py
    line: 7
    kind: plumbing
    sends: mixpanel in track_event
  - file: app/shop.py
    line: 11
    event: Order Completed
    properties: [order_id]
    properties_complete: true
    sends: track_event
  - file: app/shop.py
    line: 12
    event: Cart Viewed
    sends: mixpanel
lookalikes:
  - file: app/shop.py
    line: 13
    what: logger.info
'''


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "acme__shop" / "app").mkdir(parents=True)
    (tmp_path / "acme__shop" / "app" / "shop.py").write_text(SHOP)
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "acme__shop.yaml").write_text(LABELS)
    return tmp_path


def _reported(*places: tuple[int, str | None]) -> list[object]:
    return [sc.Reported("app/shop.py", line, event) for line, event in places]


def test_a_perfect_report_scores_full_marks(corpus: Path) -> None:
    labels = sc.load_labels(corpus / "labels" / "acme__shop.yaml", corpus)
    result = sc.score(labels, _reported((7, None), (11, "Order Completed"), (12, "Cart Viewed")))
    assert result.figures == {"recall": 1.0, "precision": 1.0, "event_names": 1.0}
    assert (result.sites, result.found, result.plumbing_reported) == (2, 2, 1)


def test_plumbing_is_not_needed_for_recall_but_is_no_false_positive(corpus: Path) -> None:
    labels = sc.load_labels(corpus / "labels" / "acme__shop.yaml", corpus)
    without = sc.score(labels, _reported((11, "Order Completed"), (12, "Cart Viewed")))
    assert without.figures["recall"] == 1.0
    only_plumbing = sc.score(labels, _reported((7, None)))
    assert only_plumbing.figures == {"recall": 0.0, "precision": 1.0, "event_names": 1.0}
    assert [m["line"] for m in only_plumbing.misses] == [11, 12]


def test_look_alikes_unlabelled_calls_and_second_reports_are_false_positives(
        corpus: Path) -> None:
    labels = sc.load_labels(corpus / "labels" / "acme__shop.yaml", corpus)
    result = sc.score(labels, _reported((11, "Order Completed"), (11, "Order Completed"),
                                        (13, None), (2, None)))
    assert result.reported == 4 and result.correct_reports == 1
    assert result.figures["precision"] == 0.25
    assert result.figures["recall"] == 0.5
    named = {fp["line"]: fp["lookalike"] for fp in result.false_positives}
    assert named == {2: None, 11: None, 13: "logger.info"}


def test_a_found_site_with_another_name_counts_against_event_names(corpus: Path) -> None:
    labels = sc.load_labels(corpus / "labels" / "acme__shop.yaml", corpus)
    result = sc.score(labels, _reported((11, "order completed"), (12, None)))
    assert result.figures["recall"] == 1.0
    assert (result.names_known, result.names_right) == (2, 0)
    assert result.wrong_names[0] == {"file": "app/shop.py", "line": 11,
                                     "expected": "Order Completed",
                                     "reported": "order completed"}


def test_the_inventory_runs_tracklint_without_configuration(corpus: Path) -> None:
    found = sc.inventory(corpus / "acme__shop")
    places = {(call.file, call.line) for call in found}
    assert ("app/shop.py", 11) in places and ("app/shop.py", 12) in places
    labels = sc.load_labels(corpus / "labels" / "acme__shop.yaml", corpus)
    assert sc.score(labels, found).figures == {"recall": 1.0, "precision": 1.0,
                                               "event_names": 1.0}


@pytest.mark.parametrize(("change", "message"), [
    ("    sends: mixpanel\n", "    sends: mixpanel\n    colour: red\n"),
    ("line: 12\n", "line: 99\n"),
    ("    line: 11\n", "    line: 10\n"),
    ("repository: acme/shop", "repository: acme/store"),
    ("    line: 13\n", "    line: 12\n"),
    ("    event: Cart Viewed\n", ""),
])
def test_label_errors_name_the_file_and_the_entry(corpus: Path, change: str,
                                                  message: str) -> None:
    path = corpus / "labels" / "acme__shop.yaml"
    path.write_text(LABELS.replace(change, message, 1))
    with pytest.raises(sc.LabelError) as error:
        sc.load_labels(path, corpus)
    assert str(path) in str(error.value)


def test_a_folder_without_labels_is_an_error(corpus: Path) -> None:
    (corpus / "other__repo").mkdir()
    with pytest.raises(sc.LabelError, match="other__repo"):
        sc.load_corpus(corpus)


def test_the_command_reports_label_errors_with_exit_code_2(
        corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (corpus / "labels" / "acme__shop.yaml").write_text(LABELS.replace("line: 12", "line: 0"))
    assert sc.main(["--corpus", str(corpus)]) == 2
    assert "acme__shop.yaml" in capsys.readouterr().err


def test_the_command_prints_figures_and_the_reported_calls(
        corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert sc.main(["--corpus", str(corpus), "--calls", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"acme/shop\s+2\s+2\s+100\.0%", out)
    assert "reported app/shop.py:7 mixpanel.Mixpanel.track event=None (plumbing)" in out
    assert "reported app/shop.py:12 mixpanel.Mixpanel.track event='Cart Viewed' (site)" in out


def test_floors_fail_below_and_are_only_ever_raised() -> None:
    item = sc.RepoScore("acme/shop", sites=4, found=3, reported=3, correct_reports=3,
                        names_known=3, names_right=3)
    total = sc.RepoScore("total", sites=4, found=3, reported=3, correct_reports=3,
                         names_known=3, names_right=3)
    floors = {"acme/shop": {"recall": 0.8}, "total": {"precision": 1.0}}
    assert sc.below_floors([item], total, floors) == [
        "acme/shop: recall 75.0% is below its floor 80.0%"]
    raised = sc.raised_floors([item], total, floors)
    assert raised["acme/shop"] == {"recall": 0.8, "precision": 1.0, "event_names": 1.0}
    assert raised["total"]["recall"] == 0.75
    assert sc.read_floors_text(sc.floors_toml(raised)) == raised


def test_tracklint_on_this_repository_leaves_the_corpus_alone() -> None:
    from linter.config import load_config
    from linter.files import discover

    config = load_config(ROOT)
    found = discover([ROOT / "tests"], exclude=config.exclude, root=config.root)
    assert found and not [p for p in found if CORPUS in p.resolve().parents]
