"""File paths ↔ dotted module names, as imports see them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter.cli import cli
from linter.static.modules import module_name, resolve_relative
from tests.test_static_support import Project, write_tree


def test_packages_and_src_layout(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "src/app/__init__.py": "", "src/app/sub/__init__.py": "", "src/app/sub/x.py": "",
        "scripts/run.py": "", "top.py": "", "ns/pkg/y.py": "", "bad-name.py": "",
        "app/README.txt": "",
    })
    x = module_name(str(tmp_path / "src/app/sub/x.py"), [str(tmp_path)])
    assert x is not None and (x.name, x.is_package) == ("app.sub.x", False)
    package = module_name(str(tmp_path / "src/app/__init__.py"), [str(tmp_path)])
    assert package is not None and (package.name, package.is_package) == ("app", True)
    loose = module_name(str(tmp_path / "scripts/run.py"), [str(tmp_path)])
    assert loose is not None and loose.name == "scripts.run" and "run" in loose.aliases
    namespace = module_name(str(tmp_path / "ns/pkg/y.py"), [str(tmp_path)])
    assert namespace is not None and namespace.name == "ns.pkg.y"
    top = module_name(str(tmp_path / "top.py"), [str(tmp_path)])
    assert top is not None and top.name == "top"
    assert module_name(str(tmp_path / "bad-name.py"), [str(tmp_path)]) is None
    assert module_name(str(tmp_path / "app/README.txt"), [str(tmp_path)]) is None


@pytest.mark.parametrize(("name", "module", "is_package", "expected"), [
    (".analytics.mp", "app.views", False, "app.analytics.mp"),
    ("..events", "app.sub.views", False, "app.events"),
    (".x", "app", True, "app.x"),
    (".", "app.views", False, "app"),
    ("...x", "app.views", False, None),
    ("absolute.name", "app.views", False, "absolute.name"),
])
def test_relative_names(name: str, module: str, is_package: bool,
                        expected: str | None) -> None:
    assert resolve_relative(name, module, is_package) == expected


def test_src_layout_project_resolves_imports(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "src/shop/__init__.py": "",
        "src/shop/events.py": 'PAID = "Order Paid"\n',
        "src/shop/tracking/__init__.py": "from .client import mp\n",
        "src/shop/tracking/client.py": "import mixpanel\nmp = mixpanel.Mixpanel('t')\n",
        "src/shop/billing/pay.py": """
            from ..events import PAID
            from shop.tracking import mp

            def pay(user):
                mp.track(user.id, PAID)
        """,
        "src/shop/billing/__init__.py": "",
    })
    assert project.names("src/shop/billing/pay.py") == ["Order Paid"]


def test_a_file_outside_the_index_is_checked_on_its_own(tmp_path: Path) -> None:
    project = Project(tmp_path, {"app/__init__.py": "", "app/events.py": 'E = "Event"\n'})
    extra = write_tree(tmp_path, {"app/late.py": """
        from mixpanel import Mixpanel
        from app.events import E
        Mixpanel("t").track("u", E)
    """})[0]
    assert project.names(str(extra.relative_to(tmp_path))) == ["Event"]


def test_installed_packages_in_the_tree_do_not_shadow_sdks(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        ".venv/lib/python3.11/site-packages/mixpanel/__init__.py": "class Mixpanel: ...\n",
        "app.py": "from mixpanel import Mixpanel\nMixpanel('t').track('u', 'Still Found')\n",
    })
    assert project.names("app.py") == ["Still Found"]


def test_namespace_packages_are_importable_by_their_full_name(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "packages/shop-sdk/shop/sdk/__init__.py": "",
        "packages/shop-sdk/shop/sdk/client.py": """
            from mixpanel import Mixpanel
            mp = Mixpanel("t")
        """,
        "packages/shop-sdk/shop/sdk/events.py": 'PAID = "Order Paid"\n',
        "packages/shop-sdk/shop/sdk/billing.py": """
            from shop.sdk.client import mp
            from shop.sdk import events

            def pay(user):
                mp.track(user.id, events.PAID)
        """,
        # A look-alike: no such namespace name, so nothing resolves.
        "packages/other/billing.py": """
            from shop.sdk.cliente import mp
            mp.track("u", "Not Found")
        """,
    })
    name = module_name(str(tmp_path / "packages/shop-sdk/shop/sdk/billing.py"), [str(tmp_path)])
    assert name is not None and name.name == "sdk.billing"
    assert name.aliases == ("shop.sdk.billing",)
    assert project.names("packages/shop-sdk/shop/sdk/billing.py") == ["Order Paid"]
    assert project.calls("packages/other/billing.py") == []


def test_a_loose_file_named_like_an_sdk_does_not_shadow_it(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/mixpanel.py": "def track(user, event):\n    print(user, event)\n",
        "app/views.py": """
            import mixpanel
            from app import mixpanel as local

            mixpanel.Mixpanel("t").track("u", "The SDK")
            local.track("u", "Not The SDK")
        """,
    })
    name = module_name(str(tmp_path / "app/mixpanel.py"), [str(tmp_path)])
    assert name is not None and name.name == "app.mixpanel" and "mixpanel" not in name.aliases
    assert project.names("app/views.py") == ["The SDK"]


def test_backend_layout_packages_are_named_from_the_first_folder_without_init(
        tmp_path: Path) -> None:
    """``backend/app/`` (``backend/`` holds no ``__init__.py``) is imported as ``app``."""
    project = Project(tmp_path, {
        "backend/app/__init__.py": "",
        "backend/app/tracking.py": "from mixpanel import Mixpanel\nmp = Mixpanel('t')\n",
        "backend/app/events.py": 'PAID = "Order Paid"\n',
        "backend/app/views.py": """
            from app.tracking import mp
            from app.events import PAID

            mp.track("u", PAID)
        """,
        # A look-alike: no module of that name.
        "backend/app/other.py": """
            from app.trackers import mp
            mp.track("u", "Not Found")
        """,
    })
    name = module_name(str(tmp_path / "backend/app/views.py"), [str(tmp_path)])
    assert name is not None and name.name == "app.views"
    assert project.names("backend/app/views.py") == ["Order Paid"]
    assert project.calls("backend/app/other.py") == []


def test_the_src_setting_names_modules_from_the_folders_it_lists(tmp_path: Path) -> None:
    """Two services with a loose ``tracking.py`` each: ``src`` says whose it is."""
    write_tree(tmp_path, {
        "pyproject.toml": '[tool.tracklint]\nsrc = ["worker"]\n',
        "web/tracking.py": 'EVENT = "Web Event"\n',
        "worker/tracking.py": 'EVENT = "Worker Event"\n',
        "worker/jobs.py": """
            from mixpanel import Mixpanel
            from tracking import EVENT

            Mixpanel("t").track("u", EVENT)
        """,
    })
    result = CliRunner().invoke(cli, ["calls", "--output-format", "json", str(tmp_path)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    calls = json.loads(result.stdout)["calls"]
    assert [(Path(c["path"]).name, c["event"]) for c in calls] == [("jobs.py", "Worker Event")]


def test_an_sdk_named_file_in_a_folder_without_init_is_not_the_sdk(tmp_path: Path) -> None:
    """``lib/posthog.py`` in a folder without ``__init__.py``: ``import posthog`` is the SDK."""
    project = Project(tmp_path, {
        "lib/posthog.py": "def capture(event):\n    print(event)\n",
        "lib/jobs.py": """
            import posthog

            posthog.capture("u", "From The Sdk")
        """,
    })
    assert project.names("lib/jobs.py") == ["From The Sdk"]
