"""Payload lines that are not JSON: ``data=`` form bodies and base64.

mixpanel-js posts ``data=<base64 of the JSON body>`` by default
(``api_payload_format: 'base64'``), mixpanel-swift ``ip=1&data=<JSON>``,
mixpanel-python ``data=<JSON>&verbose=1&ip=0`` form-encoded, and posthog-js can
send ``data=<base64>`` too.  A capture tool saves such a body as one line, with
or without the ``data=`` part, so each line is tried as JSON, then as a form,
then as bare base64.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any, Final
from urllib.parse import unquote, unquote_plus

from linter.payloads.decoding import RecordError, strict_loads

_DATA_FIELD: Final = re.compile(r"(?:^|&)data=([^&]*)")
_BASE64: Final = re.compile(r"[A-Za-z0-9+/=_-]+")
_NOTHING: Final = object()


class NotAPayload(ValueError):
    """The line is neither JSON nor a form or base64 encoding of JSON."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def decode_line(text: str, column: int = 1) -> Any:
    """The JSON value a text line carries; raises :class:`NotAPayload` otherwise.

    ``column`` is where ``text`` starts in its line, so that a JSON error names the
    column of the file rather than of the stripped text.  JSON that a payload
    must not be (NaN, a lone surrogate, a duplicate key, 3,000 levels of nesting),
    here or inside a form or base64 body, raises
    :class:`~linter.payloads.decoding.RecordError`.
    """
    line = text.strip()
    try:
        return strict_loads(line)
    except json.JSONDecodeError as error:
        json_error = error
    if "=" in line and _DATA_FIELD.search(line):
        return _decode_form(line)
    value = _decode_base64_json(line)
    if value is not _NOTHING:
        return value
    raise NotAPayload(
        f"not valid JSON ({_describe(json_error, column)}), nor a data= form or base64 body",
        "each line must be a JSON value, a data=<JSON or base64> form body, or base64 of JSON",
    )


def _decode_form(line: str) -> Any:
    match = _DATA_FIELD.search(line)
    raw = match.group(1) if match else ""
    # A base64 '+' survives only when the form was not URL-encoded, so try both.
    for candidate in dict.fromkeys((unquote_plus(raw), unquote(raw))):
        try:
            return strict_loads(candidate)
        except json.JSONDecodeError:
            pass
        value = _decode_base64_json(candidate)
        if value is not _NOTHING:
            return value
    raise NotAPayload(
        "the data= field of the form body is neither JSON nor base64 of JSON",
        "capture the request body unchanged (data=<URL-encoded JSON or base64>)",
    )


def _decode_base64_json(text: str) -> Any:
    """The JSON value encoded in ``text`` as base64 (standard or URL-safe), or ``_NOTHING``."""
    compact = "".join(text.split())
    if len(compact) < 4 or not _BASE64.fullmatch(compact):
        return _NOTHING
    padded = compact.rstrip("=") + "=" * (-len(compact.rstrip("=")) % 4)
    try:
        if "-" in padded or "_" in padded:
            raw = base64.urlsafe_b64decode(padded)
        else:
            raw = base64.b64decode(padded, validate=True)
        text = raw.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return _NOTHING
    try:
        return strict_loads(text)
    except RecordError:
        raise  # JSON, but not a payload: say why rather than "not base64"
    except ValueError:
        return _NOTHING


def _describe(error: ValueError, column: int) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} at column {error.colno + column - 1}"
    return str(error)
