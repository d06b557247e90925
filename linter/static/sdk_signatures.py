"""The analytics SDKs' tracking calls, as data: what to look for and what each argument means.

Every entry mirrors the installed SDK's real signature (``tests/test_static_sdk_signatures.py``
compares them with ``inspect.signature``), so that a call is read the way the SDK
itself would bind it, whether arguments are passed by position or by keyword.
Only data lives here; the finder decides what to do with it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from linter.events import UNKNOWN
from linter.sdks import AMPLITUDE, MIXPANEL, POSTHOG, RUDDERSTACK, SEGMENT
from linter.static.arguments import Arg, Param, ParamKind, bind

_KW = ParamKind.KEYWORD


def _params(*names: str, keyword_only: Sequence[str] = ()) -> tuple[Param, ...]:
    return tuple(Param(n) for n in names) + tuple(Param(n, _KW) for n in keyword_only)


@dataclass(frozen=True, slots=True)
class Signature:
    """One tracking call of one SDK and the parameters that carry the event.

    ``identity_default`` is what an omitted identity means: ``None`` (missing) for
    SDKs that require one, :data:`UNKNOWN` for PostHog, whose current API takes the
    distinct id from a context when the call does not pass one.  ``event_object``
    marks calls that take a whole event object (Amplitude's ``BaseEvent``), whose
    constructor then carries the roles.
    """

    label: str
    sdk: str
    params: tuple[Param, ...]
    event: str
    properties: str | None
    identity: str | None
    anonymous: str | None = None
    identity_default: Any = None
    event_object: bool = False


MIXPANEL_TRACK: Final = Signature(
    "mixpanel.Mixpanel.track", MIXPANEL,
    _params("distinct_id", "event_name", "properties", "meta"),
    event="event_name", properties="properties", identity="distinct_id",
)
MIXPANEL_IMPORT_DATA: Final = Signature(
    "mixpanel.Mixpanel.import_data", MIXPANEL,
    _params("api_key", "distinct_id", "event_name", "timestamp", "properties", "meta",
            "api_secret"),
    event="event_name", properties="properties", identity="distinct_id",
)
_SEGMENT_PARAMS: Final = _params(
    "user_id", "event", "properties", "context", "timestamp", "anonymous_id", "integrations",
    "message_id",
)
SEGMENT_TRACK: Final = Signature(
    "segment.analytics.Client.track", SEGMENT, _SEGMENT_PARAMS,
    event="event", properties="properties", identity="user_id", anonymous="anonymous_id",
)
RUDDERSTACK_TRACK: Final = Signature(
    "rudderstack.analytics.Client.track", RUDDERSTACK, _SEGMENT_PARAMS,
    event="event", properties="properties", identity="user_id", anonymous="anonymous_id",
)
# posthog >= 6: capture(event, **kwargs: Unpack[OptionalCaptureArgs]).
POSTHOG_CAPTURE: Final = Signature(
    "posthog.Posthog.capture", POSTHOG,
    _params("event", keyword_only=("distinct_id", "properties", "timestamp", "uuid", "groups",
                                   "flags", "send_feature_flags", "disable_geoip")),
    event="event", properties="properties", identity="distinct_id", identity_default=UNKNOWN,
)
# posthog < 6: capture(distinct_id=None, event=None, properties=None, context=None, ...).
POSTHOG_CAPTURE_LEGACY: Final = Signature(
    "posthog.Posthog.capture(legacy)", POSTHOG,
    _params("distinct_id", "event", "properties", "context", "timestamp", "uuid", "groups",
            "send_feature_flags", "disable_geoip"),
    event="event", properties="properties", identity="distinct_id",
)
AMPLITUDE_TRACK: Final = Signature(
    "amplitude.Amplitude.track", AMPLITUDE, _params("event"),
    event="event", properties=None, identity=None, event_object=True,
)
AMPLITUDE_BASE_EVENT: Final = Signature(
    "amplitude.BaseEvent", AMPLITUDE,
    _params(
        "event_type", "user_id", "device_id", "time", "event_properties", "user_properties",
        "groups", "group_properties", "app_version", "platform", "os_name", "os_version",
        "device_brand", "device_manufacturer", "device_model", "carrier", "country", "region",
        "city", "dma", "language", "price", "quantity", "revenue", "product_id", "revenue_type",
        "currency", "location_lat", "location_lng", "ip", "idfa", "idfv", "adid", "android_id",
        "event_id", "session_id", "insert_id", "plan", "ingestion_metadata", "partner_id",
        "user_agent", "callback",
    ),
    event="event_type", properties="event_properties", identity="user_id", anonymous="device_id",
)

_POSTHOG: Final = (POSTHOG_CAPTURE, POSTHOG_CAPTURE_LEGACY)

# Module-level functions that send an event through the module's default client.
MODULE_FUNCTIONS: Final[Mapping[str, tuple[Signature, ...]]] = {
    "segment.analytics.track": (SEGMENT_TRACK,),
    "analytics.track": (SEGMENT_TRACK,),  # analytics-python, Segment's older package
    "rudderstack.analytics.track": (RUDDERSTACK_TRACK,),
    "rudder_analytics.track": (RUDDERSTACK_TRACK,),  # rudder-sdk-python 1.x
    "posthog.capture": _POSTHOG,
}

# Client classes, by every qualified name they are importable as, and their tracking methods.
CLASS_METHODS: Final[Mapping[str, Mapping[str, tuple[Signature, ...]]]] = {
    "mixpanel.Mixpanel": {"track": (MIXPANEL_TRACK,), "import_data": (MIXPANEL_IMPORT_DATA,)},
    "segment.analytics.Client": {"track": (SEGMENT_TRACK,)},
    "segment.analytics.client.Client": {"track": (SEGMENT_TRACK,)},
    "analytics.Client": {"track": (SEGMENT_TRACK,)},
    "analytics.client.Client": {"track": (SEGMENT_TRACK,)},
    "rudderstack.analytics.Client": {"track": (RUDDERSTACK_TRACK,)},
    "rudderstack.analytics.client.Client": {"track": (RUDDERSTACK_TRACK,)},
    "rudder_analytics.Client": {"track": (RUDDERSTACK_TRACK,)},
    "rudder_analytics.client.Client": {"track": (RUDDERSTACK_TRACK,)},
    "posthog.Posthog": {"capture": _POSTHOG},
    "posthog.Client": {"capture": _POSTHOG},
    "posthog.client.Client": {"capture": _POSTHOG},
    "amplitude.Amplitude": {"track": (AMPLITUDE_TRACK,)},
    "amplitude.client.Amplitude": {"track": (AMPLITUDE_TRACK,)},
}

# Classes whose instances are whole events (Amplitude).
EVENT_CLASSES: Final[Mapping[str, Signature]] = {
    "amplitude.BaseEvent": AMPLITUDE_BASE_EVENT,
    "amplitude.event.BaseEvent": AMPLITUDE_BASE_EVENT,
}

# Functions that hand back the client they are given: ``linter.instrument(Mixpanel(t))``
# checks events at run time and is still a Mixpanel client to the static checker.
PASS_THROUGH: Final = frozenset({
    "linter.instrument", "linter.runtime.instrument", "linter.runtime.instrument.instrument",
})

# Top-level package names of the SDKs: a project module of the same name shadows them.
SDK_PACKAGES: Final = frozenset(name.split(".")[0] for name in (*MODULE_FUNCTIONS, *CLASS_METHODS))

# Every SDK tracking call ends in one of these names: the text prefilter's vocabulary.
CALL_WORDS: Final = frozenset(
    {name.rsplit(".", 1)[1] for name in MODULE_FUNCTIONS}
    | {method for methods in CLASS_METHODS.values() for method in methods}
)


def signature_roles(signature: Signature) -> dict[str, int | str | None]:
    """The parameter of each role, as :func:`~linter.static.arguments.assign_roles` takes them."""
    return {"event": signature.event, "properties": signature.properties,
            "identity": signature.identity, "anonymous": signature.anonymous}


def method_signatures(class_name: str, method: str) -> tuple[Signature, ...]:
    return CLASS_METHODS.get(class_name, {}).get(method, ())


def choose_signature(signatures: Sequence[Signature], args: Sequence[Arg[Any]]) -> Signature:
    """The first signature the call binds to, or the first one when none does.

    PostHog's two ``capture`` APIs differ in shape: ``capture("u", "Signed Up")`` only
    binds to the old one, ``capture("Signed Up", distinct_id="u")`` only to the new.
    """
    for signature in signatures:
        if bind(args, signature.params) is not None:
            return signature
    return signatures[0]
