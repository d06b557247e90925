"""Which platform sent a payload, from the SDK's own description of itself.

A tracking plan names platforms (``web``, ``ios``, ``android``, ``server``), but
no SDK sends those words: Mixpanel sends ``mp_lib: "swift"``, PostHog
``$lib: "posthog-android"``, Segment ``context.library.name: "analytics.js"``,
Amplitude ``platform: "Web"``.  Every vendor module maps its fields through the
functions here so that one library name means the same platform everywhere.

Library names come first because they are exact, the operating system second:
mixpanel-js on an iPhone reports ``$os: "iOS"`` but is a web page, while
cross-platform SDKs (React Native, Flutter, Unity) say nothing about the
platform in their name and must be resolved through the operating system.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Final

from linter import sdks

WEB: Final = "web"
IOS: Final = "ios"
ANDROID: Final = "android"
SERVER: Final = "server"
# The platform of a payload whose SDK and operating system tell nothing; the
# validator decides how to treat it (it is never one of a plan's real platforms).
UNKNOWN_PLATFORM: Final = sdks.UNKNOWN_PLATFORM

PLATFORMS: Final = (WEB, IOS, ANDROID, SERVER)

# Exact library names (lower case, without "/version") that tokens cannot place.
_LIBRARIES: Final[dict[str, str | None]] = {
    # Mixpanel mp_lib values
    "web": WEB,
    "iphone": IOS,
    "swift": IOS,
    "objc": IOS,
    "android": ANDROID,
    "java": SERVER,
    "python": SERVER,
    "node": SERVER,
    "ruby": SERVER,
    "php": SERVER,
    "go": SERVER,
    # Amplitude library values
    "amplitude-ts": WEB,
    "amplitude-js": WEB,
    "amplitude-browser": WEB,
    # PostHog $lib values
    "posthog-js": WEB,
    "posthog-js-lite": None,
    # Segment libraries that run on the JVM as well as on Android
    "analytics-kotlin": None,
    "analytics-java": SERVER,
}

_CROSS_PLATFORM_TOKENS: Final = frozenset(
    {"react", "native", "reactnative", "flutter", "unity", "xamarin", "cordova", "capacitor",
     "ionic", "expo", "maui"}
)
_IOS_TOKENS: Final = frozenset({"ios", "iphone", "ipados", "swift", "objc", "tvos"})
_ANDROID_TOKENS: Final = frozenset({"android"})
_SERVER_TOKENS: Final = frozenset(
    {"python", "node", "nodejs", "ruby", "go", "golang", "java", "php", "net", "dotnet",
     "rust", "elixir", "erlang", "scala", "server", "backend", "perl", "clojure", "csharp"}
)
_WEB_TOKENS: Final = frozenset({"js", "javascript", "browser", "web"})
_TOKEN_SPLIT: Final = re.compile(r"[^a-z0-9]+")

_OPERATING_SYSTEMS: Final[dict[str, str]] = {
    "ios": IOS,
    "ipados": IOS,
    "iphone os": IOS,
    "iphone": IOS,
    "android": ANDROID,
}

# Amplitude's browser SDKs put the browser's name in os_name.
_BROWSERS: Final = frozenset(
    {"chrome", "chrome mobile", "chrome headless", "chromium", "safari", "mobile safari",
     "firefox", "firefox mobile", "edge", "microsoft edge", "opera", "samsung internet",
     "ie", "internet explorer", "brave", "vivaldi", "yandex", "uc browser"}
)


def platform_from_library(name: Any) -> str | None:
    """The platform an SDK library name implies, or ``None`` if it does not say.

    Accepts ``"amplitude-python/1.3.0"`` style names (the version is ignored) and
    falls back on the words of the name so that a library not listed here still
    resolves ("rudder-sdk-ruby" is a server library).
    """
    if not isinstance(name, str) or not name:
        return None
    return _library_platform(name)


@functools.lru_cache(maxsize=1024)
def _library_platform(name: str) -> str | None:
    """Cached: a capture repeats a handful of library names millions of times."""
    key = name.strip().lower()
    head, _, tail = key.rpartition("/")
    if head and tail[:1].isdigit():  # "amplitude-python/1.3.0", not "@segment/analytics-node"
        key = head
    if key in _LIBRARIES:
        return _LIBRARIES[key]
    tokens = set(_TOKEN_SPLIT.split(key))
    if tokens & _CROSS_PLATFORM_TOKENS:
        return None
    if tokens & _IOS_TOKENS:
        return IOS
    if tokens & _ANDROID_TOKENS:
        return ANDROID
    if tokens & _SERVER_TOKENS:
        return SERVER
    if tokens & _WEB_TOKENS:
        return WEB
    return None


def platform_from_os(name: Any) -> str | None:
    """``ios`` or ``android`` for a mobile operating system name, else ``None``.

    Desktop systems (macOS, Windows, Linux) are left undecided: a browser, a
    desktop app and a server all run on them.
    """
    if not isinstance(name, str):
        return None
    return _OPERATING_SYSTEMS.get(name.strip().lower())


def platform_from_browser(name: Any) -> str | None:
    """``web`` when ``name`` is a browser's name (Amplitude's ``os_name`` on the web)."""
    if isinstance(name, str) and name.strip().lower() in _BROWSERS:
        return WEB
    return None


def version_string(value: Any) -> str | None:
    """An app version as a string; numbers are accepted because some apps send ``12``."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None
