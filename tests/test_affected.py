"""Which files a change can affect (``check --changed``, the pre-commit hook)."""

from __future__ import annotations

from pathlib import Path

from linter.affected import importers, is_plan_or_configuration
from tests.test_static_support import Project

FILES = {
    "app/__init__.py": "from app.analytics import mp\n",
    "app/events.py": 'ORDER = "Order Completed"\n',
    "app/names.py": "from app.events import *\n",
    "app/analytics.py": "from mixpanel import Mixpanel\nmp = Mixpanel('t')\n",
    "app/helpers.py": """
        from app import mp

        def track_event(user, event, **props):
            mp.track(user, event, props)
    """,
    "app/base.py": "class Handler:\n    pass\n",
    "app/views.py": """
        from app.helpers import track_event
        from app.names import ORDER
        from app.base import Handler

        class Checkout(Handler):
            def post(self, user):
                track_event(user, ORDER, order_id="o")
    """,
    "app/other.py": "import os\n",
    "app/jobs.py": """
        def refund(user):
            from app.helpers import track_event
            import app.events

            track_event(user, app.events.ORDER)
    """,
}


def affected_by(project: Project, *changed: str) -> list[str]:
    found = importers((str(project.root / name) for name in changed), project.index)
    return sorted(Path(path).relative_to(project.root).as_posix() for path in found)


def test_importers_are_found_through_re_exports_star_imports_bases_and_function_imports(tmp_path):
    project = Project(tmp_path, FILES)
    assert affected_by(project, "app/events.py") == [
        "app/jobs.py", "app/names.py", "app/views.py"]
    assert affected_by(project, "app/analytics.py") == [
        "app/__init__.py", "app/helpers.py", "app/jobs.py", "app/views.py"]
    assert affected_by(project, "app/base.py") == ["app/views.py"]
    assert affected_by(project, "app/views.py") == []
    assert affected_by(project, "app/other.py") == []


def test_the_plan_folder_and_the_configuration_count_as_plan_or_configuration(tmp_path):
    plan, config = tmp_path / "plan", tmp_path / "tracklint.toml"
    assert is_plan_or_configuration(plan / "events" / "orders.yaml", plan, config)
    assert is_plan_or_configuration(config, plan, config)
    assert not is_plan_or_configuration(tmp_path / ".github" / "ci.yaml", plan, config)
    assert not is_plan_or_configuration(tmp_path / "plan.yaml", plan, None)
