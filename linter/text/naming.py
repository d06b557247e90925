"""Naming conventions, near-duplicate names and "did you mean" hints.

A tracking plan names events and properties once, and every platform must spell
them the same way.  This module answers three questions about names:

* does a name follow the convention the plan declares (``naming:`` in the plan)?
* which names are the same name spelled differently ("Order Completed",
  "order_completed", "OrderCompleted")?  Such pairs are almost always one event
  instrumented twice, so plan lint reports them;
* which planned name did the author of an unknown name most likely mean?

Everything here is pure and deterministic so that the same plan always yields the
same diagnostics, whatever the platform or the order of evaluation.
"""

from __future__ import annotations

import bisect
import difflib
import re
import string
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

CONVENTIONS: tuple[str, ...] = (
    "title_case",
    "snake_case",
    "camel_case",
    "pascal_case",
    "kebab_case",
    "object_action",
)
"""The convention names a plan may use under ``naming: {events: ..., properties: ...}``."""

# Words that English title case leaves in lower case unless they open the name
# ("Add to Cart", "Terms of Service Viewed").
SMALL_WORDS: frozenset[str] = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of",
     "on", "or", "per", "the", "to", "via", "vs", "with"}
)

# Past tenses that do not end in -ed.  The list favours verbs that actually show up
# in event names ("Email Sent", "Password Reset", "Article Read").
IRREGULAR_PAST: frozenset[str] = frozenset(
    {"began", "begun", "bought", "brought", "built", "caught", "chose", "chosen", "cut",
     "did", "done", "drawn", "drew", "fed", "forgot", "forgotten", "found", "gave", "given",
     "got", "gotten", "held", "hid", "hidden", "kept", "knew", "known", "led", "left",
     "lost", "made", "met", "paid", "put", "quit", "ran", "read", "rebuilt", "redone",
     "reset", "resent", "run", "sat", "saw", "seen", "sent", "set", "shown", "shut",
     "sold", "spent", "split", "stole", "stolen", "taken", "thought", "told", "took",
     "undone", "understood", "unset", "upset", "withdrawn", "won", "wrote", "written"}
)

# Words ending in -ed that are not past tenses, so "Speed Test" is not an action.
_NOT_PAST: frozenset[str] = frozenset(
    {"bed", "embed", "feed", "hundred", "need", "red", "seed", "speed", "weed"}
)

_DESCRIPTIONS: dict[str, str] = {
    "title_case": "Title Case: words separated by single spaces, each starting with an "
                  "upper-case letter or a digit (small words such as 'to' or 'of' may stay "
                  "lower-case), e.g. 'Order Completed'",
    "snake_case": "snake_case: lower-case words joined by underscores, starting with a "
                  "letter, e.g. 'order_completed'",
    "camel_case": "camelCase: letters and digits only, starting with a lower-case letter, "
                  "each further word capitalised, e.g. 'orderCompleted'",
    "pascal_case": "PascalCase: letters and digits only, each word capitalised, "
                   "e.g. 'OrderCompleted'",
    "kebab_case": "kebab-case: lower-case words joined by hyphens, starting with a letter, "
                  "e.g. 'order-completed'",
    "object_action": "Object Action: Title Case with the object first and a past-tense "
                     "action after it, e.g. 'Order Completed' or 'User Signed Up'",
}


# -- conventions -------------------------------------------------------------


def _require_convention(convention: str) -> None:
    """Fail loudly on a misspelt convention instead of silently accepting every name."""
    if convention not in CONVENTIONS:
        hint = hint_for(convention, CONVENTIONS)
        expected = ", ".join(CONVENTIONS)
        raise ValueError(f"unknown naming convention {convention!r}"
                         f"{'; ' + hint if hint else ''} (expected one of: {expected})")


def _lower_words(name: str, separator: str) -> bool:
    """snake_case and kebab-case: lower-case letters/digits, one separator between words."""
    if not name or not _is_lower_letter(name[0]):
        return False
    return all(part and all(_is_lower_letter(c) or c.isdecimal() for c in part)
               for part in name.split(separator))


def _is_lower_letter(char: str) -> bool:
    return char.isalpha() and char.islower()


def _is_upper_letter(char: str) -> bool:
    return char.isalpha() and char.isupper()


def _is_snake(name: str) -> bool:
    return _lower_words(name, "_")


def _is_kebab(name: str) -> bool:
    return _lower_words(name, "-")


def _is_camel(name: str) -> bool:
    return bool(name) and _is_lower_letter(name[0]) and name.isalnum()


def _is_pascal(name: str) -> bool:
    return bool(name) and _is_upper_letter(name[0]) and name.isalnum()


def _is_title(name: str) -> bool:
    """Title Case; acronyms ("FAQ Viewed") are fine, but shouting ("ORDER COMPLETED") is not.

    A word with a case hump ("OrderCompleted") is two words missing a space, so it
    is rejected: otherwise every PascalCase name would pass as one-word Title Case.
    """
    words = name.split(" ")
    if not all(word.isalnum() for word in words):  # also rejects "", double and edge spaces
        return False
    if any(len(_split_case(list(word))) > 1 for word in words):
        return False
    for index, word in enumerate(words):
        starts_upper = _is_upper_letter(word[0]) or word[0].isdecimal()
        if not starts_upper and not (index > 0 and word in SMALL_WORDS):
            return False
    shouted = [word for word in words if sum(c.isalpha() for c in word) > 1 and word.isupper()]
    return not (len(words) > 1 and len(shouted) == len(words))


def is_past_tense(word: str) -> bool:
    """Heuristic past-tense test for ``object_action``.

    A word is taken as a past tense when it ends in "-ed" (at least four letters,
    so "Red" or "Bed" are not, and a few "-eed" nouns are excluded) or is one of
    :data:`IRREGULAR_PAST`.  English has no cheap exact test; this one is right for
    the verbs tracking plans use and errs towards accepting names.
    """
    lowered = word.casefold()
    if lowered in IRREGULAR_PAST:
        return True
    return lowered.endswith("ed") and len(lowered) >= 4 and lowered not in _NOT_PAST


def _is_object_action(name: str) -> bool:
    """Segment's Object Action: the object comes first, so the action is not word one."""
    if not _is_title(name):
        return False
    words = name.split(" ")
    return len(words) >= 2 and any(is_past_tense(word) for word in words[1:])


_CHECKS: dict[str, Callable[[str], bool]] = {
    "title_case": _is_title,
    "snake_case": _is_snake,
    "camel_case": _is_camel,
    "pascal_case": _is_pascal,
    "kebab_case": _is_kebab,
    "object_action": _is_object_action,
}


def check_name(name: str, convention: str) -> bool:
    """True when ``name`` follows ``convention`` (one of :data:`CONVENTIONS`).

    Raises ``ValueError`` for an unknown convention: a typo in the plan must not
    turn the check off.
    """
    _require_convention(convention)
    return _CHECKS[convention](name)


def describe(convention: str) -> str:
    """A sentence with an example, for messages that tell a user how to rename."""
    _require_convention(convention)
    return _DESCRIPTIONS[convention]


# -- splitting and converting --------------------------------------------------


def split_words(name: str) -> list[str]:
    """The words of a name in any convention, keeping their spelling.

    Separators (anything not a letter or digit) split words, and so do case
    changes: "orderCompleted" -> ["order", "Completed"], "HTTPRequestSent" ->
    ["HTTP", "Request", "Sent"].  Digits stay with the word before them
    ("step2Viewed" -> ["step2", "Viewed"]).
    """
    words: list[str] = []
    chunk: list[str] = []
    for char in name:
        if char.isalnum():
            chunk.append(char)
        elif chunk:
            words.extend(_split_case(chunk))
            chunk = []
    if chunk:
        words.extend(_split_case(chunk))
    return words


def _split_case(chars: list[str]) -> list[str]:
    """Split one run of letters/digits at lower->Upper and at the end of an ACRONYMWord."""
    words: list[str] = []
    start = 0
    for i in range(1, len(chars)):
        if _is_case_boundary(chars, start, i):
            words.append("".join(chars[start:i]))
            start = i
    words.append("".join(chars[start:]))
    return words


def _is_case_boundary(chars: list[str], start: int, i: int) -> bool:
    current, previous = chars[i], chars[i - 1]
    if not _is_upper_letter(current):
        return False
    if _is_lower_letter(previous):
        return True
    if previous.isdecimal():  # "step2Viewed", but not "2FA"
        return any(c.isalpha() for c in chars[start:i])
    following = chars[i + 1] if i + 1 < len(chars) else ""
    return _is_upper_letter(previous) and _is_lower_letter(following)


def _capitalise(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def _title_words(words: list[str], shouted: bool) -> str:
    """Title Case that keeps acronyms ("order ID" -> "Order ID") unless the name shouts."""
    result = []
    for index, word in enumerate(words):
        if shouted:
            word = word.lower()
        if index > 0 and word.lower() in SMALL_WORDS and not word.isupper():
            result.append(word.lower())
        else:
            result.append(word[:1].upper() + word[1:])
    return " ".join(result)


def convert_name(name: str, convention: str) -> str | None:
    """The spelling of ``name`` in ``convention``, offered as a hint ("rename it to ...").

    Returns None when no sensible spelling exists: for ``object_action`` (only a
    human knows which word is the object and which the action), for a name with no
    letters or digits, and when the result would still break the convention (for
    example snake_case cannot start with a digit).
    """
    _require_convention(convention)
    words = split_words(name)
    if not words or convention == "object_action":
        return None
    candidate = _join(words, convention, shouted=name.isupper())
    return candidate if check_name(candidate, convention) else None


def _join(words: list[str], convention: str, *, shouted: bool) -> str:
    lowered = [word.lower() for word in words]
    if convention == "snake_case":
        return "_".join(lowered)
    if convention == "kebab_case":
        return "-".join(lowered)
    if convention == "camel_case":
        return lowered[0] + "".join(_capitalise(word) for word in lowered[1:])
    if convention == "pascal_case":
        return "".join(_capitalise(word) for word in lowered)
    return _title_words(words, shouted)


# -- near-duplicates -----------------------------------------------------------


def normalise_name(name: str) -> str:
    """The key under which spellings of one name collide.

    "Order Completed", "order_completed", "OrderCompleted", "order-completed",
    "ORDER COMPLETED" and "Order  Completed" all become "ordercompleted": the key
    is the case-folded letters and digits of the name.  Splitting camelCase first
    is unnecessary because the key drops word boundaries altogether.  NFKC folds
    look-alike forms (full-width letters, ligatures) that are the same name to a
    reader.
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(char for char in folded if char.isalnum())


def group_similar(names: Iterable[str]) -> list[tuple[str, ...]]:
    """Groups of two or more distinct names that share a :func:`normalise_name` key.

    Names keep their first-appearance order inside a group and groups are ordered
    by their first member, so the first name of a group is the one defined first
    (the natural one to keep).  The order is deterministic for an ordered input
    such as a plan's mapping; pass ``sorted(names)`` for a set.  Names without any
    letter or digit are ignored: they have no meaningful key.
    """
    groups: dict[str, list[str]] = {}
    for name in names:
        key = normalise_name(name)
        members = groups.setdefault(key, [])
        if key and name not in members:
            members.append(name)
    return [tuple(members) for members in groups.values() if len(members) > 1]


# -- did you mean ----------------------------------------------------------------


class Suggester:
    """Finds the planned names closest to an unknown name; build once, ask many times.

    Matching is done on :func:`normalise_name` keys, so a difference of convention
    alone ("orderCompleted" for "Order Completed") is an exact match, and typos are
    scored with :class:`difflib.SequenceMatcher` against keys of plausible length
    only.  With ~1,000 candidates a lookup takes a couple of milliseconds (an
    exact match after normalising, much less), so it can run for every unknown
    name in a payload stream.
    """

    def __init__(self, candidates: Iterable[str], *, cutoff: float = 0.8) -> None:
        if not 0.0 < cutoff <= 1.0:
            raise ValueError("cutoff must be in (0, 1]")
        self.cutoff = cutoff
        self._by_key: dict[str, list[str]] = {}
        for name in sorted(set(candidates)):
            self._by_key.setdefault(normalise_name(name), []).append(name)
        self._by_key.pop("", None)
        ordered = sorted(self._by_key, key=lambda key: (len(key), key))
        self._keys = ordered
        self._lengths = [len(key) for key in ordered]

    def suggest(self, name: str, *, limit: int = 1) -> list[str]:
        """Up to ``limit`` candidates, best first; never ``name`` itself.

        Candidates with the same normalised key come first (they are the same name
        in another spelling), then the closest keys above the cutoff; ties are
        broken alphabetically so the answer does not depend on input order.
        """
        if limit < 1:
            return []
        key = normalise_name(name)
        found = [c for c in self._by_key.get(key, []) if c != name]
        if len(found) >= limit:
            return found[:limit]
        for close_key in self._close_keys(key):
            found.extend(c for c in self._by_key[close_key] if c != name)
            if len(found) >= limit:
                break
        return found[:limit]

    def exact(self, name: str, *, limit: int = 1) -> list[str]:
        """The candidates that are ``name`` in another spelling only (no fuzzy match)."""
        found = [c for c in self._by_key.get(normalise_name(name), []) if c != name]
        return found[:limit]

    def hint(self, name: str) -> str | None:
        """"did you mean 'X'?" for the best candidate, or None when nothing is close."""
        found = self.suggest(name)
        return f"did you mean '{found[0]}'?" if found else None

    def _close_keys(self, key: str) -> list[str]:
        """Other keys whose similarity ratio to ``key`` reaches the cutoff, best first."""
        if not key:
            return []
        low, high = self._length_window(len(key))
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(key)  # the matcher caches what it learns about seq2
        scored: list[tuple[float, str]] = []
        start = bisect.bisect_left(self._lengths, low)
        stop = bisect.bisect_right(self._lengths, high)
        for other in self._keys[start:stop]:
            if other == key:
                continue
            matcher.set_seq1(other)
            if matcher.quick_ratio() >= self.cutoff:
                ratio = matcher.ratio()
                if ratio >= self.cutoff:
                    scored.append((-ratio, other))
        scored.sort()
        return [other for _, other in scored]

    def _length_window(self, length: int) -> tuple[float, float]:
        """Lengths that can reach the cutoff: ratio <= 2*min(a, b) / (a + b)."""
        c = self.cutoff
        return length * c / (2 - c), length * (2 - c) / c


def _suggester(candidates: Iterable[str] | Suggester) -> Suggester:
    return candidates if isinstance(candidates, Suggester) else Suggester(candidates)


def did_you_mean(name: str, candidates: Iterable[str] | Suggester, *,
                 limit: int = 1) -> list[str]:
    """The candidates ``name`` most likely meant, best first (see :class:`Suggester`).

    Pass a prebuilt :class:`Suggester` when asking about many names against the
    same candidates.
    """
    return _suggester(candidates).suggest(name, limit=limit)


def hint_for(name: str, candidates: Iterable[str] | Suggester) -> str | None:
    """"did you mean 'Order Completed'?", or None when no candidate is close enough."""
    return _suggester(candidates).hint(name)


def matches_pattern(pattern: str, name: str) -> bool:
    """Whether a name is one a name pattern forms (``{}``: any text, ``{{``: a brace)."""
    return _pattern_regex(pattern).fullmatch(name) is not None


@lru_cache(maxsize=1024)
def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """A pattern's regular expression: its text escaped, each ``{}`` any run of text.

    The pattern comes from the code being checked, never from the plan, and holds no
    regex syntax of its own; the plan's event names are short.
    """
    parts = []
    for text, field_name, _, _ in string.Formatter().parse(pattern):
        parts.append(re.escape(text))
        if field_name is not None:
            parts.append(".*")
    return re.compile("".join(parts), re.DOTALL)
