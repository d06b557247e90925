"""Decoding one captured record: fast where possible, strict always.

Python's ``json`` module accepts input that no analytics vendor does, and some
of it turns into a crash much later (when a report is written) rather than a
diagnostic at the record that caused it:

* ``NaN``, ``Infinity`` and ``-Infinity`` are not JSON; every vendor rejects the
  request that carries them;
* a lone surrogate escape (``"\\ud83d"``, an emoji cut in half) decodes to a
  string that cannot be encoded as UTF-8, so writing it anywhere fails;
* a key that appears twice in one object is silently read as its last value,
  while other readers keep the first;
* nesting deeper than the interpreter's recursion limit raises ``RecursionError``,
  and an integer of more than 4,300 digits raises a bare ``ValueError``.

:func:`check_record` and :func:`describe_failure` turn each of these into a
:class:`RecordError` (a message, a hint and a JSON Pointer), which the container
reader reports as one unreadable record before going on to the next.

Decoding speed is most of what batch validation costs, so when msgspec is
installed (a dependency of tracklint) one-line records are decoded with it
(:data:`FAST_DECODE`).  It accepts exactly the JSON that :func:`strict_loads`
accepts, except that it rejects everything in the list above but duplicate keys,
so the reader only has to look for those (:func:`duplicate_key`, which costs a
byte count for the usual record); whatever it rejects is read again by the
standard library, which is the reference for every verdict and every message.
Without msgspec, the standard library reads everything, with the same results.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, Final

__all__ = [
    "FAST_DECODE",
    "RecordError",
    "check_record",
    "describe_failure",
    "duplicate_key",
    "encode_json",
    "lone_surrogate",
    "strict_loads",
]


class RecordError(ValueError):
    """A record that decodes (or nearly) but must not be read: why, what to do, and where.

    ``pointer`` is relative to the record.
    """

    def __init__(self, message: str, hint: str, pointer: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.pointer = pointer


def _msgspec() -> tuple[Callable[[bytes], Any], Callable[[Any], bytes]] | tuple[None, None]:
    try:
        import msgspec
    except ImportError:  # the standard library reads everything, with the same results
        return None, None
    return msgspec.json.Decoder().decode, msgspec.json.Encoder().encode


#: Decodes one JSON document from UTF-8 bytes, raising on anything unusual; None
#: when msgspec is not installed.  ``_ENCODE`` is its encoder (compact JSON).
FAST_DECODE, _ENCODE = _msgspec()


def _reject_constant(name: str) -> Any:
    raise RecordError(
        f"{name} is not a JSON number (JSON has no NaN or Infinity)",
        "the vendors reject a request that contains it; send null or leave the property out")


#: The standard library's decoder, refusing NaN and Infinity.
STRICT_DECODER: Final = json.JSONDecoder(parse_constant=_reject_constant)


def strict_loads(text: str) -> Any:
    """``json.loads`` with every check of this module; raises ``ValueError`` subclasses.

    A ``json.JSONDecodeError`` is invalid JSON; a :class:`RecordError` is JSON
    that a payload must not be.
    """
    try:
        value = STRICT_DECODER.decode(text)
    except json.JSONDecodeError:
        raise
    except (RecursionError, ValueError) as error:
        raise describe_failure(error) from None
    check_record(text, value)
    return value


def describe_failure(error: BaseException) -> RecordError:
    """The :class:`RecordError` for an exception the standard decoder raised on a record.

    Only ``json.JSONDecodeError`` (invalid JSON) is left to the caller, which
    knows where the record is.
    """
    if isinstance(error, RecordError):
        return error
    if isinstance(error, RecursionError):
        return RecordError(
            "the record is nested too deeply to read (arrays or objects more than about "
            "1,000 levels deep)", "real payloads are a few levels deep; check the producer")
    if "digits" in str(error):  # "Exceeds the limit (4300 digits) for integer string conversion"
        return RecordError(
            "a number in the record has more than 4,300 digits",
            "no analytics vendor stores such a number; send it as text if it is an identifier")
    return RecordError(f"the record cannot be decoded: {error}",
                       "fix the record, or remove it from the capture")


def check_record(raw: str | bytes, value: Any, *, surrogates: bool = True) -> None:
    """Raise :class:`RecordError` when a decoded record holds a lone surrogate or a duplicate key.

    ``raw`` is the record's JSON text: both problems leave a trace in it (a
    ``\\uD8..`` escape, more colons than keys), so the usual record is cleared
    without walking its values.  ``surrogates=False`` skips that check for a
    record decoded by msgspec, which refuses lone surrogates itself.
    """
    if surrogates and _may_hold_surrogate(raw):
        found = lone_surrogate(value)
        if found is not None:
            pointer, text, is_key = found
            what = (f"a key in the object at {pointer or '/'}" if is_key else "a string")
            raise RecordError(
                f"{what} holds a lone surrogate {_escaped_surrogate(text)} (half of a "
                "character, such as an emoji cut in two), which is not valid Unicode",
                "fix the producer: it cut a string in the middle of a character", pointer)
    duplicate = duplicate_key(raw, value)
    if duplicate is not None:
        pointer, key = duplicate
        where = f"the object at {pointer}" if pointer else "the record"
        raise RecordError(
            f"the key {key!r} appears twice in {where}; JSON readers disagree on which "
            "value counts", "send each key once", pointer)


# -- lone surrogates --------------------------------------------------------------------

_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE: Final = re.compile(r"\\u[dD][89abAB]|\\u[dD][c-fC-F]")
_SURROGATE_ESCAPE_BYTES: Final = re.compile(rb"\\u[dD][89abAB]|\\u[dD][c-fC-F]")


def _may_hold_surrogate(raw: str | bytes) -> bool:
    if isinstance(raw, bytes):
        return (b"\\ud" in raw or b"\\uD" in raw) and bool(_SURROGATE_ESCAPE_BYTES.search(raw))
    # Text decoded from UTF-8 holds no surrogate itself: only an escape can make one.
    return ("\\ud" in raw or "\\uD" in raw) and _SURROGATE_ESCAPE.search(raw) is not None


def lone_surrogate(value: Any, pointer: str = "") -> tuple[str, str, bool] | None:
    """``(pointer, string, is_key)`` of the first string or key with a lone surrogate, or None.

    A decoder joins a valid surrogate pair into one character, so any surrogate
    code point left in a decoded string is a lone one.  For a key, the pointer
    is that of its object: a pointer holding the key could not be printed.
    """
    stack: list[tuple[str, Any]] = [(pointer, value)]
    while stack:
        where, item = stack.pop()
        if type(item) is str:
            if _SURROGATE.search(item):
                return where, item, False
        elif type(item) is dict:
            for key, child in item.items():
                if _SURROGATE.search(key):
                    return where, key, True
                stack.append((f"{where}/{_token(key)}", child))
        elif type(item) is list:
            stack.extend((f"{where}/{index}", child) for index, child in enumerate(item))
    return None


def _escaped_surrogate(text: str) -> str:
    match = _SURROGATE.search(text)
    return f"\\u{ord(match.group()):04x}" if match else "?"


# -- duplicate keys ---------------------------------------------------------------------


def duplicate_key(raw: str | bytes, value: Any) -> tuple[str, str] | None:
    """``(pointer of the object, key)`` for the first key written twice in ``raw``, or None.

    In JSON text a colon is either a key's separator or a character inside a
    string, so ``raw`` holds at least as many colons as keys written.  When the
    decoded record holds that many keys (counting the record's and its direct
    objects' keys only, which is all a flat record has), no key was written
    twice: that is one byte count.  Otherwise the record is encoded again: its
    strings hold the same colons as before, so the text has more colons than
    the encoding exactly when a key was written twice (unless the text escapes
    a colon as ``\\u003a``; then, and when there is a repeat, the text is
    decoded again keeping every pair, to find it).
    """
    colons = raw.count(b":") if isinstance(raw, bytes) else raw.count(":")
    if colons <= shallow_key_count(value):
        return None
    escaped = b"\\u00" in raw if isinstance(raw, bytes) else "\\u00" in raw
    if not escaped and colons <= encode_json(value).count(b":"):
        return None
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    return _find_duplicate(text)


def shallow_key_count(value: Any) -> int:
    """The keys of a record and of the objects directly in it: all that a flat record has."""
    if type(value) is not dict:
        return 0
    count = len(value)
    for child in value.values():
        if type(child) is dict:
            count += len(child)
    return count


def encode_json(value: Any) -> bytes:
    """A decoded record as compact JSON again (msgspec's encoder, or the standard library's)."""
    if _ENCODE is not None:
        try:
            return _ENCODE(value)
        except Exception:  # nothing decoded from JSON should fail; if it does, use json
            pass
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                      check_circular=False).encode("utf-8", "surrogatepass")


class _Pairs(dict[str, Any]):
    """A decoded object that remembers the first key it was given twice."""

    repeated: str | None = None


def _keep_pairs(items: list[tuple[str, Any]]) -> _Pairs:
    found = _Pairs()
    for key, child in items:
        if key in found and found.repeated is None:
            found.repeated = key
        found[key] = child
    return found


def _find_duplicate(text: str) -> tuple[str, str] | None:
    """Decode again keeping every pair; the first object, in text order, with a repeated key."""
    try:
        value = json.JSONDecoder(object_pairs_hook=_keep_pairs).decode(text.strip())
    except (ValueError, RecursionError):
        return None
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, _Pairs):
            if item.repeated is not None:
                return where, item.repeated
            stack.extend(reversed([(f"{where}/{_token(k)}", child) for k, child in item.items()]))
        elif isinstance(item, list):
            stack.extend(reversed([(f"{where}/{i}", child) for i, child in enumerate(item)]))
    return None


def _token(key: Any) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")
