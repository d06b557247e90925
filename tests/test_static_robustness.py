"""A file that cannot be read is one diagnostic for that file; the run goes on."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import pytest

from linter.diagnostics import Severity
from linter.events import UNKNOWN
from linter.static import ProjectIndex, build_project_index, find_calls
from linter.static import finder as finder_module
from tests.test_static_support import Project

TRACKING = b'from mixpanel import Mixpanel\nmp = Mixpanel("t")\nmp.track("u", "Sign Up")\n'


def check(source: bytes, path: str = "app.py") -> tuple[list[str], list[str | None]]:
    result = find_calls(path, source, ProjectIndex())
    return [d.code for d in result.diagnostics], [c.observation.name for c in result.calls]


@pytest.mark.parametrize("source", [
    b"def broken(:\n    pass\n" + TRACKING,
    b"x = 1\n  y = 2\n",
    b"mp.track('u', 'unterminated)\n",
    b"\xff\xfe not utf-8 \x80\n" + TRACKING,
    b"# -*- coding: no-such-codec -*-\n" + TRACKING,
    b"x = 1\x00\n" + TRACKING,
])
def test_unparsable_files_are_one_tl301(source: bytes) -> None:
    codes, names = check(source)
    assert codes == ["TL301"] and names == []


def test_tl301_says_where_and_why() -> None:
    result = find_calls("bad.py", b"import mixpanel\n\ndef f(:\n    mp.track('u', 'x')\n")
    (diagnostic,) = result.diagnostics
    assert diagnostic.severity is Severity.ERROR
    assert diagnostic.path == "bad.py" and diagnostic.line == 3
    assert "bad.py" in diagnostic.message
    assert diagnostic.hint


@pytest.mark.parametrize("source", [
    b"x = " + b"(" * 5000 + b"1" + b")" * 5000 + b"\n",
    b"x = " + b" and ".join([b"a"] * 30000) + b"\n",  # accepted by ast, crashes libcst's parser
    b"x = " + b" or ".join([b"a"] * 400) + b"\n",
    b"x = " + b"-" * 4000 + b"1\n",
    b"x = " + b"[" * 300 + b"]" * 300 + b"\n",
    b"x = a" + b".b" * 5000 + b"\n",
    b"x = f" + b"()" * 2000 + b"\n",
    # A syntax error after a long chain: ast never measures the chain, libcst must not see it.
    b"x = " + b" and ".join([b"a"] * 30000) + b"\ndef f(:\n    pass\n",
])
def test_pathological_expressions_are_tl301_not_a_crash(source: bytes) -> None:
    codes, _ = check(source + TRACKING)
    assert codes == ["TL301"]


def test_a_deep_but_reasonable_file_is_still_read() -> None:
    nested = "x = " + "(" * 50 + "1" + ")" * 50 + "\n"
    codes, names = check(nested.encode() + TRACKING)
    assert (codes, names) == ([], ["Sign Up"])


def test_bom_and_encoding_cookie_and_crlf() -> None:
    assert check(b"\xef\xbb\xbf" + TRACKING) == ([], ["Sign Up"])
    latin = ('# -*- coding: latin-1 -*-\n' + TRACKING.decode() +
             'mp.track("u", "Caf\xe9 Visited")\n').encode("latin-1")
    assert check(latin) == ([], ["Sign Up", "Café Visited"])
    crlf = TRACKING.replace(b"\n", b"\r\n") + b'mp.track("u", "Second")\r\n'
    result = find_calls("app.py", crlf)
    assert [(c.line, c.observation.name) for c in result.calls] == [(3, "Sign Up"),
                                                                   (4, "Second")]
    assert result.calls[1].observation.origin.source_line == 'mp.track("u", "Second")'


def test_columns_count_characters_not_bytes() -> None:
    source = ('from mixpanel import Mixpanel\nmp = Mixpanel("t")\n'
              'x = "é"; mp.track("u", "Ünïcode", {"ключ": 1})\n').encode()
    (call,) = find_calls("app.py", source).calls
    assert call.column == 10
    assert call.observation.name_origin is not None
    assert call.observation.name_origin.column == 24
    assert call.observation.property_origins["ключ"].column == 36


def test_an_internal_error_is_tl302_for_that_file(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(finder_module, "analyze", explode)
    result = find_calls("app.py", TRACKING)
    assert [d.code for d in result.diagnostics] == ["TL302"]
    assert "KeyError" in result.diagnostics[0].message


def test_the_index_skips_unreadable_files_and_goes_on(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/broken.py": b"def f(:\n",
        "app/binary.py": b"\xff\xfe\x00\x01",
        "app/deep.py": b"x = " + b" and ".join([b"a"] * 30000) + b"\n",
        "app/events.py": 'SIGN_UP = "Sign Up"\n',
        "app/views.py": """
            from mixpanel import Mixpanel
            from app.events import SIGN_UP
            Mixpanel("t").track("u", SIGN_UP)
        """,
    })
    assert sorted(Path(p).name for p in project.index.unparsed) == ["binary.py", "broken.py"]
    assert project.names("app/views.py") == ["Sign Up"]
    assert [d.code for d in project.result("app/broken.py").diagnostics] == ["TL301"]
    # Valid Python libcst could not take, but without a tracking call: nothing to report.
    deep = project.result("app/deep.py")
    assert deep.diagnostics == () and not deep.resolved
    missing = build_project_index([tmp_path / "app" / "missing.py"], roots=[tmp_path])
    assert len(missing.unparsed) == 1


def test_results_and_index_pickle(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/analytics.py": """
            from mixpanel import Mixpanel
            mp = Mixpanel("t")
            def track_event(user, event, **props):
                mp.track(user.id, event, props)
        """,
        "app/views.py": """
            from app.analytics import track_event
            track_event(user, "Sign Up", plan=current_plan())
        """,
    })
    result = project.result("app/views.py")
    restored = pickle.loads(pickle.dumps(result))
    assert restored == result
    assert restored.calls[0].observation.properties["plan"] is UNKNOWN
    index = pickle.loads(pickle.dumps(project.index))
    again = find_calls(str(tmp_path / "app/views.py"),
                       (tmp_path / "app/views.py").read_bytes(), index)
    assert again == result


def test_prefilter_skips_files_without_candidate_calls(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/analytics.py": """
            from mixpanel import Mixpanel
            mp = Mixpanel("t")
            def track_event(user, event):
                mp.track(user.id, event)
        """,
        "app/unrelated.py": "def add(a, b):\n    return a + b\n",
        "app/mentions.py": "# we track orders here\nTRACKING = 'track'\nprint(TRACKING)\n",
        "app/alias.py": """
            from app.analytics import track_event as te
            te(user, "Via Alias")
        """,
    })
    assert not project.result("app/unrelated.py").resolved
    assert not project.result("app/mentions.py").resolved
    alias = project.result("app/alias.py")
    assert alias.resolved
    assert [c.observation.name for c in alias.calls] == ["Via Alias"]


@pytest.mark.parametrize("newer", [
    b"def f[T](x: T) -> T:\n    return x\n",  # 3.12
    b"type X = int\n",  # 3.12
    b'd = {"a": 1}\nx = f"{d["a"]}"\n',  # 3.12: quotes reused inside an f-string
])
def test_newer_syntax_than_the_running_python_is_checked_or_one_tl301(newer: bytes) -> None:
    # Never reported clean with no calls: either this Python reads it, or it is not checked.
    codes, names = check(TRACKING + newer)
    if sys.version_info >= (3, 12):
        assert (codes, names) == ([], ["Sign Up"])
    else:
        assert (codes, names) == (["TL301"], [])


def _check_in_worker(job: tuple[str, bytes, ProjectIndex]) -> object:
    return find_calls(*job)


@pytest.mark.slow
def test_files_can_be_checked_in_worker_processes(tmp_path: Path) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/analytics.py": """
            from mixpanel import Mixpanel
            mp = Mixpanel("t")
            def track_event(user, event, **props):
                mp.track(user.id, event, props)
        """,
        "app/one.py": "from app.analytics import track_event\ntrack_event(u, 'One', a=1)\n",
        "app/two.py": "from app.analytics import mp\nmp.track('u', 'Two')\n",
        "app/bad.py": "def f(:\n",
    })
    jobs = [(str(p), p.read_bytes(), project.index) for p in project.paths]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        in_workers = list(pool.map(_check_in_worker, jobs))
    assert in_workers == [find_calls(*job) for job in jobs]


def test_pre_pass_calls_are_reused_only_for_the_same_bytes_and_wrappers(tmp_path: Path) -> None:
    from linter.static import WrapperSpec

    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/views.py": "from mixpanel import Mixpanel\nMixpanel('t').track('u', 'Before')\n",
    })
    path = tmp_path / "app/views.py"
    assert str(path.resolve()) in project.index.calls
    reused = find_calls(str(path), path.read_bytes(), project.index, platform="backend")
    assert [(c.observation.name, c.observation.platform) for c in reused.calls] == [
        ("Before", "backend")]
    edited = path.read_bytes().replace(b"Before", b"After")
    again = find_calls(str(path), edited, project.index)
    assert [c.observation.name for c in again.calls] == ["After"]
    other = find_calls(str(path), path.read_bytes(), project.index,
                       wrappers=[WrapperSpec("app.helper", event=0)])
    assert other.resolved and [c.observation.name for c in other.calls] == ["Before"]
    assert project.index.known_calls(str(path), path.read_bytes(), ()) is not None
    assert project.index.known_calls(str(path), edited, ()) is None


def test_a_three_hundred_branch_elif_is_read() -> None:
    branches = "".join(f"    elif x == {i}:\n        pass\n" for i in range(1, 300))
    source = (TRACKING + b"def f(x):\n    if x == 0:\n        pass\n" + branches.encode()
              + b"    else:\n        mp.track('u', 'Last Branch')\n")
    assert check(source) == ([], ["Sign Up", "Last Branch"])
