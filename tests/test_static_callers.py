"""Tracking objects handed over: parameters typed by their callers, bound-method aliases."""

from __future__ import annotations

import textwrap
from pathlib import Path

from linter.code_check import CodeSettings, collect_calls
from linter.static import build_project_index, find_calls
from tests.test_static_support import Project, write_tree

TRACKER = """
from posthog import Posthog

class Tracker:
    def __init__(self):
        self.client = Posthog("key")

    def event(self, name, **props):
        self.client.capture(name, distinct_id="u", properties=props)


class Silent:
    def event(self, name, **props):
        pass
"""


def names(project: Project, relative: str) -> list[tuple[int, str | None]]:
    return [(c.line, c.observation.name) for c in project.calls(relative)
            if c.inside_wrapper is None]


def test_a_parameter_is_typed_by_what_its_callers_pass(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/tracker.py": TRACKER,
        "app/flows.py": """
            def welcome(io, tracker):
                tracker.event("Welcomed", step=1)
                finish(io, tracker)

            def finish(io, sink):
                sink.event("Finished")

            def unrelated(thing):
                thing.event("Not Sent")
        """,
        "app/main.py": """
            from app.flows import welcome, unrelated
            from app.tracker import Tracker, Silent

            def main(io, flag):
                tracker = Tracker()
                if flag:
                    tracker = Tracker()
                if welcome(io, tracker):
                    return
                unrelated(Silent())
                unrelated(None)
        """,
    })
    sites = project.calls("app/flows.py")
    assert [(c.line, c.observation.name) for c in sites] == [
        (3, "Welcomed"), (7, "Finished")]
    assert sites[0].observation.properties == {"step": 1}
    # The function sends only when its caller passes a tracker: its calls are not sites.
    assert names(project, "app/main.py") == []


def test_a_union_of_callers_keeps_the_tracking_class_and_unknowns_add_nothing(
        tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/tracker.py": TRACKER,
        "app/flows.py": """
            def report(sink):
                sink.event("Reported")
        """,
        "app/a.py": """
            from app.flows import report
            from app.tracker import Silent
            report(Silent())
        """,
        "app/b.py": """
            from app.flows import report
            from app.tracker import Tracker

            def run(whatever):
                report(sink=Tracker())
                report(whatever)
        """,
    })
    assert names(project, "app/flows.py") == [(3, "Reported")]


def test_no_caller_or_only_look_alikes_leave_a_parameter_untyped(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/tracker.py": TRACKER,
        "app/flows.py": """
            def report(sink):
                sink.event("Reported")

            def never_called(sink):
                sink.event("Never")
        """,
        "app/a.py": """
            from app.flows import report
            from app.tracker import Silent

            def run():
                report(Silent())
                report("a string")
        """,
    })
    assert names(project, "app/flows.py") == []


def test_constructor_arguments_stored_on_self_and_fallbacks(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/tracker.py": TRACKER,
        "app/watcher.py": """
            class Watcher:
                def __init__(self, owner, tracker=None):
                    self.tracker = tracker
                    self.owner = owner

                def changed(self):
                    if self.tracker:
                        self.tracker.event("File Changed")
                    self.owner.event("Owner Notified")
        """,
        "app/session.py": """
            from app.tracker import Tracker
            from app.watcher import Watcher

            class Session:
                def __init__(self, tracker=None):
                    self.tracker = tracker if tracker is not None else Tracker()
                    self.event = self.tracker.event
                    self.watcher = Watcher(self)

                def close(self):
                    self.event("Session Closed", reason="done")
        """,
        "app/main.py": """
            from app.tracker import Tracker
            from app.watcher import Watcher

            def main():
                tracker = Tracker()
                Watcher(None, tracker=tracker)
        """,
    })
    assert names(project, "app/watcher.py") == [(9, "File Changed"), (10, "Owner Notified")]
    close = project.call("app/session.py")
    assert (close.line, close.observation.name) == (12, "Session Closed")
    assert close.observation.properties == {"reason": "done"}


def test_bound_method_aliases_pass_no_self(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/tracker.py": TRACKER,
        "app/use.py": """
            from app.tracker import Silent, Tracker

            tracker = Tracker()
            send = tracker.event
            send_too = getattr(tracker, "event")
            quiet = Silent().event

            def f():
                send("Aliased", plan="pro")
                send_too("Through Getattr")
                quiet("Not Sent")
        """,
    })
    sites = [c for c in project.calls("app/use.py") if c.inside_wrapper is None]
    assert [(c.line, c.observation.name) for c in sites] == [
        (10, "Aliased"), (11, "Through Getattr")]
    assert sites[0].observation.properties == {"plan": "pro"}


def test_a_new_caller_is_seen_by_a_file_read_before(tmp_path: Path) -> None:
    """The typing depends on the modules calling the function: a new one counts."""
    files = {
        "app/__init__.py": "",
        "app/tracker.py": TRACKER,
        "app/flows.py": "def report(sink):\n    sink.event('Reported')\n",
        "app/a.py": "from app.flows import report\nfrom app.tracker import Silent\n"
                    "report(Silent())\n",
    }
    project = Project(tmp_path, files)
    assert names(project, "app/flows.py") == []
    caller = tmp_path / "app/b.py"
    caller.write_text("from app.flows import report\nfrom app.tracker import Tracker\n"
                      "report(Tracker())\n")
    index = build_project_index([*project.paths, caller], roots=[str(tmp_path)])
    flows = tmp_path / "app/flows.py"
    found = find_calls(str(flows), flows.read_bytes(), index)
    assert [c.observation.name for c in found.calls] == ["Reported"]


def test_getattr_with_a_literal_name_in_a_function(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/tracker.py": TRACKER,
        "app/use.py": """
            from app.tracker import Tracker

            def f(tracker: Tracker, name):
                getattr(tracker, "event")("Direct Getattr")
                send = getattr(tracker, "event")
                send("Local Getattr")
                getattr(tracker, name)("Unknown Method")
        """,
    })
    assert names(project, "app/use.py") == [(5, "Direct Getattr"), (7, "Local Getattr")]


def test_cached_analyses_follow_the_callers(tmp_path: Path) -> None:
    """A warm run gives what a cold run gives when a caller appears, changes or goes."""
    root = tmp_path / "project"
    files = {
        "app/__init__.py": "",
        "app/tracker.py": textwrap.dedent(TRACKER),
        "app/flows.py": "def report(sink):\n    sink.event('Reported')\n",
        "app/a.py": "from app.flows import report\nfrom app.tracker import Silent\n"
                    "report(Silent())\n",
        "app/other.py": "def unrelated():\n    return 1\n",
    }
    write_tree(root, files)
    cache = tmp_path / "cache"

    def run(cached: bool) -> list[str]:
        paths = tuple(sorted((root / "app").rglob("*.py")))
        found = collect_calls(CodeSettings(targets=paths, project_files=paths, roots=(root,),
                                           cache_dir=cache if cached else None))
        return sorted(str(c.observation.name) for c in found.calls if c.inside_wrapper is None)

    assert run(True) == run(False) == []
    (root / "app/b.py").write_text("from app.flows import report\n"
                                   "from app.tracker import Tracker\nreport(Tracker())\n")
    assert run(True) == run(False) == ["Reported"]
    (root / "app/other.py").write_text("def unrelated():\n    return 2\n")
    warm = collect_calls(CodeSettings(
        targets=tuple(sorted((root / "app").rglob("*.py"))),
        project_files=tuple(sorted((root / "app").rglob("*.py"))), roots=(root,),
        cache_dir=cache))
    assert warm.analysed == 0  # an edit that calls nothing leaves the typing standing
    (root / "app/b.py").write_text("from app.flows import report\n"
                                   "from app.tracker import Silent\nreport(Silent())\n")
    assert run(True) == run(False) == []


def test_partials_of_a_wrapper_pass_their_arguments_first(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/tracker.py": TRACKER,
        "app/use.py": """
            import functools
            from functools import partial

            from app.tracker import Silent, Tracker

            tracker = Tracker()
            signed_up = functools.partial(tracker.event, "Signed Up", source="web")

            def f(user):
                signed_up(plan="pro")
                send = partial(tracker.event)
                send("Local Partial")
                quiet = partial(Silent().event, "Not Sent")
                quiet()
                other = partial(print, "Not A Wrapper")
                other()
        """,
    })
    sites = [c for c in project.calls("app/use.py") if c.inside_wrapper is None]
    assert [(c.line, c.observation.name) for c in sites] == [
        (11, "Signed Up"), (13, "Local Partial")]
    assert sites[0].observation.properties == {"source": "web", "plan": "pro"}
