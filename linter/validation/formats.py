"""Value formats (``format:`` in a plan, and the ``datetime`` type) checked without extra packages.

jsonschema only checks some formats when optional packages are installed
(``date-time`` needs rfc3339-validator, ``uri`` needs rfc3987).  A tracking plan's
formats must be checked the same way everywhere, so tracklint brings its own.
"""

from __future__ import annotations

import ipaddress
import re
import uuid
from collections.abc import Callable

from jsonschema import FormatChecker

# ISO 8601 / RFC 3339 date-time: a date, "T" or space, a time, optional fraction
# and an optional zone (Z or +hh:mm).  Mobile SDKs send both "T" and space forms.
_DATE = r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
_TIME = r"([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,9})?"
_ZONE = r"(Z|z|[+-]([01]\d|2[0-3]):?[0-5]\d)?"
_DATE_TIME = re.compile(rf"^{_DATE}[Tt ]{_TIME}{_ZONE}$")
_DATE_ONLY = re.compile(rf"^{_DATE}$")
_TIME_ONLY = re.compile(rf"^{_TIME}{_ZONE}$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$")
_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)"
    r"(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$")


def _matches(pattern: re.Pattern[str]) -> Callable[[object], bool]:
    def check(value: object) -> bool:
        return not isinstance(value, str) or pattern.match(value) is not None
    return check


def _is_uuid(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _is_ip(version: int) -> Callable[[object], bool]:
    def check(value: object) -> bool:
        if not isinstance(value, str):
            return True
        try:
            return ipaddress.ip_address(value).version == version
        except ValueError:
            return False
    return check


FORMAT_CHECKS: dict[str, Callable[[object], bool]] = {
    "date-time": _matches(_DATE_TIME),
    "date": _matches(_DATE_ONLY),
    "time": _matches(_TIME_ONLY),
    "email": _matches(_EMAIL),
    "uri": _matches(_URI),
    "hostname": _matches(_HOSTNAME),
    "uuid": _is_uuid,
    "ipv4": _is_ip(4),
    "ipv6": _is_ip(6),
}


#: The formats that are one regular expression, as its source: a value is valid when
#: it matches at its start (each begins with ``^``, so a search finds the same).
FORMAT_PATTERNS: dict[str, str] = {
    "date-time": _DATE_TIME.pattern,
    "date": _DATE_ONLY.pattern,
    "time": _TIME_ONLY.pattern,
    "email": _EMAIL.pattern,
    "uri": _URI.pattern,
    "hostname": _HOSTNAME.pattern,
}


def format_checker() -> FormatChecker:
    """A jsonschema FormatChecker that knows exactly the plan's formats."""
    checker = FormatChecker(formats=())
    for name, check in FORMAT_CHECKS.items():
        checker.checks(name)(check)
    return checker
