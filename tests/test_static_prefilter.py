"""The prefilter may only skip work, never calls: prefiltered results equal the full check."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.static import ProjectIndex, find_calls
from linter.static.finder import analyze
from linter.static.prefilter import may_contain
from linter.static.source import load
from linter.static.summary import summarize
from tests.test_static_support import Project

FILES = {
    "app/__init__.py": "from app.impl import track_event as send\n",
    "app/impl.py": """
        from mixpanel import Mixpanel
        mp = Mixpanel("t")

        def track_event(user, event, **props):
            mp.track(user.id, event, props)

        class Analytics:
            @staticmethod
            def record(user, event, **props):
                track_event(user, event, **props)

            @classmethod
            def emit(cls, user, event):
                track_event(user, event)
    """,
    "app/a.py": """
        from app import send
        from app.impl import Analytics, track_event as te
        from app import impl

        alias = impl.track_event

        def f(user):
            local_alias = impl.track_event
            local_alias(user, "Local Alias")
            send(user, "Renamed In Package")
            te(user, "Aliased")
            alias(user, "Module Alias")
            Analytics.record(user, "Static", k=1)
            Analytics.emit(user, "Class Method")
    """,
    "app/b.py": """
        # mentions track and capture in text only
        def track(x):
            return x
        track("not a call of interest")
    """,
    "app/c.py": """
        import posthog, segment.analytics as analytics
        def g(user):
            posthog.capture("PostHog Event", distinct_id=user)
            analytics.track(user, "Segment Event")
    """,
}


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path, FILES)


def _full(project: Project, relative: str) -> list[tuple[int, str | None]]:
    """Every call found when no prefilter applies at all."""
    path = project.root / relative
    index = project.index
    name = index.module_name(str(path))
    source = load(str(path), path.read_bytes())
    symbols = index.symbols(summarize(source, name.name, name.is_package), name)
    models = index.wrapper_models((), symbols)
    calls = analyze(source, name, symbols, models).calls
    return [(c.line, c.observation.name) for c in calls]


@pytest.mark.parametrize("relative", sorted(FILES))
def test_prefiltered_equals_full_check(project: Project, relative: str) -> None:
    found = [(c.line, c.observation.name) for c in project.calls(relative)]
    assert found == _full(project, relative)


def test_wrappers_reached_under_other_names_and_as_static_or_class_methods(
        project: Project) -> None:
    assert project.names("app/a.py") == [
        "Local Alias", "Renamed In Package", "Aliased", "Module Alias", "Static", "Class Method"]
    inferred = {w.qualified_name for w in project.index.inferred_wrappers}
    assert inferred == {"app.impl.track_event", "app.impl.Analytics.record",
                        "app.impl.Analytics.emit"}
    assert project.calls("app/a.py")[4].observation.properties == {"k": 1}


def test_text_prefilter_words_match_whole_words_only() -> None:
    words = frozenset({"track", "capture"})
    assert may_contain("mp.track(u, e)", words)
    assert may_contain("x = capture", words)
    assert not may_contain("tracking = backtrack_id + captured", words)
    assert not may_contain("anything", frozenset())


_TOKENS = st.sampled_from([
    "mp", ".", "track", "(", ")", "[", "]", "{", "}", ",", ":", "=", "\"Sign Up\"", "'x'",
    "**", "*", "props", "import", "from", "mixpanel", "Mixpanel", "def", "f", "class", "C",
    "\n", "    ", "None", "1", "-", "+", "lambda", "if", "else", "and", "not", "f\"{x}\"",
    "posthog", "capture", "segment.analytics", "as", "analytics", "#", "\\", "\"\"\"",
    "\xe9", "\x00", "\t", "async", "await", "yield", "return", "global", "@", "->",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TOKENS, max_size=60).map(" ".join))
def test_find_calls_never_raises(text: str) -> None:
    header = "from mixpanel import Mixpanel\nimport posthog\nmp = Mixpanel('t')\n"
    for data in ((header + text).encode("utf-8", "surrogatepass"),
                 text.encode("latin-1", "replace")):
        result = find_calls("fuzz.py", data, ProjectIndex())
        assert all(d.code in ("TL301", "TL302") for d in result.diagnostics)
        assert not [d for d in result.diagnostics if d.code == "TL302"], result.diagnostics
