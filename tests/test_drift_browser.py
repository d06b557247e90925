"""The HTML drift report as a browser shows it: headless Chromium, after the script ran.

Chromium's ``--dump-dom`` prints the DOM once the page has loaded and its
scripts have run, so these tests see what a reader sees: the matrix cells with
their rates, the drill-down the script selected, the app-version view.  They
need Chromium (``/usr/bin/chromium`` on Debian, or ``TRACKLINT_CHROMIUM``);
without it they are skipped, unless ``TRACKLINT_REQUIRE_BROWSER=1`` makes a
missing browser a failure (CI jobs that must run them).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from linter.drift import drift_report
from linter.drift.render_html import render_html
from linter.plan.loader import load_plan

pytestmark = pytest.mark.browser

DATA = Path(__file__).parent / "data" / "drift"
CAPTURES = sorted(p for p in DATA.iterdir() if p.suffix in (".json", ".jsonl", ".gz"))
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars")


def find_chromium() -> str | None:
    configured = os.environ.get("TRACKLINT_CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() or shutil.which(configured) else None
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if path is None:
        reason = ("Chromium is not installed (set TRACKLINT_CHROMIUM to its path); "
                  "browser tests of the HTML drift report were not run")
        if os.environ.get("TRACKLINT_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " but TRACKLINT_REQUIRE_BROWSER=1 requires them")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = render_html(drift_report(CAPTURES, load_plan(DATA / "plan.yaml")))
    path = tmp_path_factory.mktemp("drift-html") / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


def run_chromium(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [chromium, *FLAGS, f"--user-data-dir={profile}", *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "LANG": "C.UTF-8"})
    assert result.returncode == 0, result.stderr[-2000:]
    return result


@pytest.fixture
def dump_dom(chromium: str, tmp_path: Path) -> Callable[[str], Node]:
    """The DOM of a URL after its scripts ran, as a small tree."""
    def dump(url: str) -> Node:
        result = run_chromium(chromium, tmp_path / "profile", "--virtual-time-budget=2000",
                              "--dump-dom", url)
        assert "<html" in result.stdout, result.stderr[-2000:]
        return parse(result.stdout)
    return dump


# -- a minimal DOM ---------------------------------------------------------------------

_VOID = {"meta", "input", "br", "img", "link", "hr", "col", "source", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return "".join(self.text_parts) + "".join(child.text() for child in self.children)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        return [node for node in self.walk()
                if (tag is None or node.tag == tag)
                and all(node.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def find(self, tag: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag}> with {attrs}"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].text_parts.append(data)


def parse(markup: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(markup)
    return builder.root


def visible_details(dom: Node) -> list[Node]:
    return [node for node in dom.find_all("article") if "detail" in node.classes
            and "hidden" not in node.attrs]


# -- tests ---------------------------------------------------------------------------------


def test_matrix_cells_show_each_platforms_rate(dump_dom: Callable[[str], Node],
                                               report_file: Path) -> None:
    dom = dump_dom(report_file.as_uri())
    row = dom.find("tr", data_name="account created")
    rates = {cell.attrs["data-platform"]: cell.find("span").text()
             for cell in row.find_all("td") if "data-platform" in cell.attrs}
    assert rates == {"web": "100%", "ios": "61.5%", "android": "37.5%"}
    android = row.find("td", data_platform="android")
    assert "r0" in android.classes and "3 / 8" in android.text()
    server = dom.find("tr", data_name="order completed").find("td", data_platform="server")
    assert server.find("span").text() == "25.0%" and "r0" in server.classes
    signed_up = dom.find("tr", data_name="signed up")
    assert "deprecated" in signed_up.text()


def test_the_script_opens_the_worst_events_drill_down(dump_dom: Callable[[str], Node],
                                                      report_file: Path) -> None:
    dom = dump_dom(report_file.as_uri())
    body = dom.find("body")
    assert body.attrs.get("data-ready") == "true"  # the script ran to its end
    shown = visible_details(dom)
    assert [node.attrs["data-name"] for node in shown] == ["Account Created"]
    assert len(dom.find_all("article")) == 5  # the others are hidden, not removed
    detail = shown[0]
    renamed = detail.find("tr", data_property="planType")
    assert "plan_type" in renamed.text() and "renamed" in renamed.text()
    plan_type = detail.find("tr", data_property="plan_type")
    assert "'Pro'" in plan_type.text() and "value drift" in plan_type.text()
    ios_card = detail.find("div", data_platform="ios")
    assert "conforms since 3.1.0" in ios_card.text()
    selected = [row for row in dom.find_all("tr") if "selected" in row.classes]
    assert [row.attrs["data-name"] for row in selected] == ["account created"]


def test_a_link_to_an_event_opens_its_drill_down(dump_dom: Callable[[str], Node],
                                                 report_file: Path) -> None:
    dom = dump_dom(report_file.as_uri() + "#ev-1")  # Order Completed
    shown = visible_details(dom)
    assert [node.attrs["data-name"] for node in shown] == ["Order Completed"]
    revenue = shown[0].find("tr", data_property="revenue")
    assert "type drift" in revenue.text() and "'49.90'" in revenue.text()
    assert dom.find("body").attrs.get("data-selected") == "ev-1"


def test_app_version_view(dump_dom: Callable[[str], Node], report_file: Path) -> None:
    dom = dump_dom(report_file.as_uri())
    ios = dom.find("div", data_platform="ios", **{"class": "vcard"})
    assert "conforms since 3.1.0" in ios.text()
    assert "Signed Up" in ios.text() and "2.9.1, 2.8.0" in ios.text()
    versions = [row.attrs["data-version"] for row in ios.find_all("tr")
                if "data-version" in row.attrs]
    assert versions == ["3.10.0", "3.9.2", "3.1.0", "3.0.0", "3.0.0-beta.1", "2.9.1", "2.8.0"]
    since = ios.find("tr", data_version="3.1.0")
    assert "since" in since.text() and "100%" in since.text()


def test_screenshot(chromium: str, report_file: Path, tmp_path: Path) -> None:
    png = tmp_path / "report.png"
    run_chromium(chromium, tmp_path / "profile", f"--screenshot={png}",
                 "--window-size=1400,1000", report_file.as_uri())
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1400, 1000)
    assert len(data) > 50_000  # a rendered page, not a blank one


def test_a_very_long_event_name_does_not_widen_the_page(chromium: str, tmp_path: Path) -> None:
    capture = tmp_path / "long.jsonl"
    capture.write_text(json.dumps({"event": "E" * 5000, "properties": {
        "mp_lib": "web", "k" * 3000: "v" * 3000}}) + "\n", encoding="utf-8")
    page = render_html(drift_report([capture], load_plan(DATA / "plan.yaml")))
    assert page.count("E" * 5000) >= 1
    # Measure the laid-out width: the test adds a script of its own, so the page's
    # policy (which allows only the report's script) is left out of this copy.
    measured = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page).replace(
        "</body>", "<script>document.documentElement.setAttribute('data-width', "
                   "document.documentElement.scrollWidth)</script></body>")
    path = tmp_path / "long.html"
    path.write_text(measured, encoding="utf-8")
    result = run_chromium(chromium, tmp_path / "profile", "--window-size=1400,1000",
                          "--virtual-time-budget=2000", "--dump-dom", path.as_uri())
    found = re.search(r'data-width="(\d+)"', result.stdout)
    assert found is not None, result.stdout[:2000]
    assert int(found.group(1)) <= 1400
