"""The HTML drift report: payload data can never inject markup or script."""

from __future__ import annotations

import json
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from linter.cli.drift import drift_command
from linter.drift import DriftCollector
from linter.drift.render_html import render_html
from linter.events import EventObservation, Origin
from linter.plan.loader import load_plan
from linter.validation.event_check import EventChecker

PLAN = """\
version: 1.0.0
platforms: [web, ios]
events:
  Plan Selected:
    properties:
      plan_type: {type: string, enum: [free, pro], required: true}
"""

SCRIPT = "<script>alert(1)</script>"
CLOSE_STYLE = "</style><script>alert(2)</script>"
ATTRIBUTE = "\"><img src=x onerror=alert(3)>"
ENTITY = "&lt;script&gt;"  # must be shown literally, not decoded into a tag

# Every element the report itself uses; anything else came from a payload.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "div", "span", "h1", "p",
    "main", "section", "h2", "input", "label", "table", "thead", "tr", "th", "tbody",
    "tfoot", "td", "a", "ol", "li", "code", "select", "option", "article", "h3", "ul", "b",
    "footer", "script",
}


class _Tags(HTMLParser):
    """Collects every start tag and every attribute name of a document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: set[str] = set()
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.update(name for name, _ in attrs)

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def parsed(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def hostile_page(write: Callable[[str, str], Path]) -> str:
    plan = load_plan(write("plan.yaml", PLAN))
    checker = EventChecker(plan)
    collector = DriftCollector(plan)
    observations = [
        EventObservation(name=SCRIPT, properties={ATTRIBUTE: CLOSE_STYLE, "n": 1},
                         platform="web", sdk="segment", origin=Origin(pointer="/properties")),
        EventObservation(name="Plan Selected", properties={"plan_type": SCRIPT, ATTRIBUTE: 2},
                         platform="ios", sdk="segment", app_version=ENTITY + "1.0",
                         origin=Origin(pointer="/properties")),
        EventObservation(name="Plan Selected", properties={"plan_type": "pro"},
                         platform="<svg onload=alert(4)>", sdk="segment",
                         app_version="2.0\"onmouseover=\"alert(5)",
                         origin=Origin(pointer="/properties")),
    ]
    for observation in observations:
        collector.add(observation, checker.check(observation))
    return render_html(collector.report())


def test_payload_text_cannot_inject_tags_or_attributes(
        write: Callable[[str, str], Path]) -> None:
    page = hostile_page(write)
    document = parsed(page)
    assert set(document.tags) <= ALLOWED_TAGS
    assert document.tags.count("script") == 1  # the report's own script
    assert "img" not in document.tags and "svg" not in document.tags
    assert not {"onerror", "onload", "onmouseover", "src"} & document.attributes
    assert page.count("<script") == 1 and "</style><script>" not in page
    assert "alert(1)</script>" not in page.replace("</script>\n</body>", "")


def test_hostile_values_are_shown_as_text(write: Callable[[str, str], Path]) -> None:
    page = hostile_page(write)
    text = "".join(parsed(page).texts)
    assert SCRIPT in text  # the event name, readable in the matrix and drill-down
    assert "</style><script>alert(2)" in text  # the value chip (shortened)
    assert ENTITY + "1.0" in text  # the entity is escaped once more, not decoded
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&amp;lt;script&amp;gt;1.0" in page


def test_hostile_payload_file_through_the_command(write: Callable[[str, str], Path],
                                                  tmp_path: Path) -> None:
    plan = write("plan.yaml", PLAN)
    capture = write("web.jsonl", json.dumps({
        "type": "track", "event": SCRIPT,
        "properties": {"plan_type": CLOSE_STYLE, ATTRIBUTE: ENTITY},
        "context": {"library": {"name": "analytics.js", "version": "1.0"}},
        "anonymousId": "a1", "messageId": "m1"}) + "\n")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(drift_command, ["--plan", str(plan), "--output-format",
                                                "html", "--out", str(out), str(capture)])
    assert result.exit_code == 1, result.output
    page = out.read_text(encoding="utf-8")
    document = parsed(page)
    assert set(document.tags) <= ALLOWED_TAGS and document.tags.count("script") == 1
    assert "img" not in document.tags
    assert SCRIPT in "".join(document.texts)
