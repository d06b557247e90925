"""The SDK tables must match the installed SDKs' real signatures.

If an SDK changes a tracking call's parameters, these tests fail, and the table in
``linter/static/sdk_signatures.py`` must be updated with it.
"""

from __future__ import annotations

import importlib
import inspect

import pytest

from linter.events import UNKNOWN
from linter.static.arguments import Arg, ParamKind
from linter.static.sdk_signatures import (
    AMPLITUDE_BASE_EVENT,
    AMPLITUDE_TRACK,
    CALL_WORDS,
    CLASS_METHODS,
    EVENT_CLASSES,
    MIXPANEL_IMPORT_DATA,
    MIXPANEL_TRACK,
    MODULE_FUNCTIONS,
    POSTHOG_CAPTURE,
    POSTHOG_CAPTURE_LEGACY,
    RUDDERSTACK_TRACK,
    SEGMENT_TRACK,
    Signature,
    choose_signature,
)

_KIND = {
    inspect.Parameter.POSITIONAL_ONLY: ParamKind.POSITIONAL_ONLY,
    inspect.Parameter.POSITIONAL_OR_KEYWORD: ParamKind.POSITIONAL,
    inspect.Parameter.VAR_POSITIONAL: ParamKind.VAR_POSITIONAL,
    inspect.Parameter.KEYWORD_ONLY: ParamKind.KEYWORD,
    inspect.Parameter.VAR_KEYWORD: ParamKind.VAR_KEYWORD,
}


def _real(dotted: str) -> object:
    module, _, attribute = dotted.rpartition(":")
    found: object = importlib.import_module(module)
    for part in attribute.split("."):
        found = getattr(found, part)
    return found


def _params_of(function: object) -> list[tuple[str, ParamKind]]:
    parameters = list(inspect.signature(function).parameters.values())  # type: ignore[arg-type]
    if parameters and parameters[0].name == "self":
        parameters = parameters[1:]
    return [(p.name, _KIND[p.kind]) for p in parameters]


def _table(signature: Signature) -> list[tuple[str, ParamKind]]:
    return [(p.name, p.kind) for p in signature.params]


@pytest.mark.parametrize(("real", "signature"), [
    ("mixpanel:Mixpanel.track", MIXPANEL_TRACK),
    ("mixpanel:Mixpanel.import_data", MIXPANEL_IMPORT_DATA),
    ("segment.analytics:Client.track", SEGMENT_TRACK),
    ("segment.analytics.client:Client.track", SEGMENT_TRACK),
    ("rudderstack.analytics:Client.track", RUDDERSTACK_TRACK),
    ("amplitude:Amplitude.track", AMPLITUDE_TRACK),
    ("amplitude:BaseEvent.__init__", AMPLITUDE_BASE_EVENT),
])
def test_table_matches_the_installed_sdk(real: str, signature: Signature) -> None:
    assert _table(signature) == _params_of(_real(real))


def test_every_role_names_a_parameter() -> None:
    signatures = {s for methods in CLASS_METHODS.values() for group in methods.values()
                  for s in group} | {s for group in MODULE_FUNCTIONS.values() for s in group}
    for signature in signatures | set(EVENT_CLASSES.values()):
        names = {p.name for p in signature.params}
        for role in (signature.event, signature.properties, signature.identity,
                     signature.anonymous):
            assert role is None or role in names, (signature.label, role)


def test_posthog_current_capture_takes_the_event_then_typed_keywords() -> None:
    import posthog
    import posthog.args

    for capture in (posthog.Posthog.capture, posthog.capture):
        assert _params_of(capture) == [("event", ParamKind.POSITIONAL),
                                       ("kwargs", ParamKind.VAR_KEYWORD)]
    keywords = [k for k in posthog.args.OptionalCaptureArgs.__annotations__ if k[0] != "_"]
    assert [p.name for p in POSTHOG_CAPTURE.params[1:]] == keywords
    assert all(p.kind is ParamKind.KEYWORD for p in POSTHOG_CAPTURE.params[1:])


def test_module_functions_exist_and_proxy_to_the_client_method() -> None:
    import posthog
    import rudderstack.analytics
    import segment.analytics

    assert callable(segment.analytics.track)
    assert callable(rudderstack.analytics.track)
    assert callable(posthog.capture)
    # The module-level functions take *args/**kwargs and forward to Client.track.
    assert "_proxy" in inspect.getsource(segment.analytics.track)
    assert "_proxy" in inspect.getsource(rudderstack.analytics.track)


@pytest.mark.parametrize("dotted", [
    "mixpanel:Mixpanel", "segment.analytics:Client", "segment.analytics.client:Client",
    "rudderstack.analytics:Client", "rudderstack.analytics.client:Client", "posthog:Posthog",
    "posthog:Client", "posthog.client:Client", "amplitude:Amplitude",
    "amplitude.client:Amplitude", "amplitude:BaseEvent", "amplitude.event:BaseEvent",
])
def test_class_names_in_the_tables_are_importable(dotted: str) -> None:
    name = dotted.replace(":", ".")
    assert name in CLASS_METHODS or name in EVENT_CLASSES
    assert inspect.isclass(_real(dotted))


def test_posthog_client_names_are_the_same_class_family() -> None:
    import posthog
    import posthog.client

    assert posthog.Client is posthog.client.Client
    assert issubclass(posthog.Posthog, posthog.client.Client)


def test_vocabulary_is_every_tracking_method_name() -> None:
    assert {"track", "import_data", "capture"} == CALL_WORDS


def _args(*positional: object, **keywords: object) -> list[Arg[object]]:
    return [Arg(v) for v in positional] + [Arg(v, k) for k, v in keywords.items()]


@pytest.mark.parametrize(("args", "expected"), [
    (_args("Signed Up"), POSTHOG_CAPTURE),
    (_args("Signed Up", distinct_id="u1", properties={}), POSTHOG_CAPTURE),
    (_args(event="Signed Up", distinct_id="u1"), POSTHOG_CAPTURE),
    (_args("u1", "Signed Up"), POSTHOG_CAPTURE_LEGACY),
    (_args("u1", "Signed Up", {"plan": "pro"}), POSTHOG_CAPTURE_LEGACY),
    (_args("u1", event="Signed Up"), POSTHOG_CAPTURE_LEGACY),
])
def test_posthog_api_is_told_by_the_call_shape(args: list[Arg[object]],
                                              expected: Signature) -> None:
    assert choose_signature((POSTHOG_CAPTURE, POSTHOG_CAPTURE_LEGACY), args) is expected


def test_an_omitted_posthog_distinct_id_is_unknown_not_missing() -> None:
    # posthog >= 6 takes the distinct id from a context when the call does not pass one.
    assert POSTHOG_CAPTURE.identity_default is UNKNOWN
    assert POSTHOG_CAPTURE_LEGACY.identity_default is None
    assert MIXPANEL_TRACK.identity_default is None
