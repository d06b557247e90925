"""Tracking objects behind interfaces: abstract bases, generic getters, properties."""

from __future__ import annotations

from pathlib import Path

from tests.test_static_support import Project

INTERFACE = """
from abc import ABC, abstractmethod
from typing import Type, TypeVar

import posthog

T = TypeVar("T")


class Telemetry(ABC):
    @abstractmethod
    def send(self, name: str) -> None:
        ...


class PosthogTelemetry(Telemetry):
    def send(self, name: str) -> None:
        posthog.capture(name, distinct_id="u")


class NoTelemetry(Telemetry):
    def send(self, name: str) -> None:
        pass


class Registry:
    def get(self, kind: Type[T]) -> T:
        return self._made[kind]

    def first(self, kinds: list[T]) -> T:
        return kinds[0]
"""


def names(project: Project, relative: str) -> list[tuple[int, str | None]]:
    return [(c.line, c.observation.name) for c in project.calls(relative)
            if c.inside_wrapper is None]


def test_an_interface_with_one_tracking_implementation_resolves_to_it(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/telemetry.py": INTERFACE,
        "app/service.py": """
            from app.telemetry import Registry, Telemetry

            class Service:
                telemetry: Telemetry

                def __init__(self, registry: Registry):
                    self.registry = registry
                    self.telemetry = registry.get(Telemetry)

                @property
                def current(self) -> Telemetry:
                    return self.registry.get(Telemetry)

                def run(self):
                    self.telemetry.send("Service Ran")
                    self.current.send("Through Property")
                    local = self.registry.get(Telemetry)
                    local.send("Through Local")
                    self.registry.first([Telemetry]).send("Not A Class Argument")
        """,
    })
    assert names(project, "app/service.py") == [
        (16, "Service Ran"), (17, "Through Property"), (19, "Through Local")]


def test_two_tracking_implementations_or_a_concrete_base_are_not_chosen(
        tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/telemetry.py": INTERFACE + """

class MixpanelTelemetry(Telemetry):
    def send(self, name: str) -> None:
        from mixpanel import Mixpanel
        Mixpanel("t").track("u", name)


class Base:
    def send(self, name: str) -> None:
        print(name)


class Tracked(Base):
    def send(self, name: str) -> None:
        posthog.capture(name, distinct_id="u")
""",
        "app/use.py": """
            from app.telemetry import Base, Telemetry

            def run(telemetry: Telemetry, base: Base):
                telemetry.send("Ambiguous")
                base.send("Concrete Base")
        """,
    })
    assert names(project, "app/use.py") == []


def test_a_generic_getter_on_a_module_instance(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/telemetry.py": INTERFACE + "\nregistry = Registry()\n"
                            "telemetry = registry.get(Telemetry)\n",
        "app/use.py": """
            from app.telemetry import telemetry

            def run():
                telemetry.send("From Module")
        """,
    })
    assert names(project, "app/use.py") == [(5, "From Module")]


def test_a_module_handed_out_by_a_lazy_getter(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/lazy.py": """
            from typing import TYPE_CHECKING, Optional

            if TYPE_CHECKING:
                import posthog

            _posthog: Optional["posthog"] = None
            _checked = False

            def load_posthog() -> Optional["posthog"]:
                global _posthog, _checked
                if _checked:
                    return _posthog
                _checked = True
                import posthog as _module
                _posthog = _module
                return _posthog

            def load_logger():
                import logging
                return logging
        """,
        "app/views.py": """
            from app.lazy import load_logger, load_posthog

            def signed_up(user):
                posthog = load_posthog()
                if posthog is None:
                    return
                posthog.capture("Signed Up", distinct_id=user)
                load_logger().capture("Not An SDK")
        """,
    })
    assert names(project, "app/views.py") == [(8, "Signed Up")]
