"""Reading captured analytics payloads into event observations.

``tracklint validate`` checks payloads captured from web, iOS, Android and
server SDKs.  This package only reads them: it streams JSON Lines, JSON arrays,
gzip files and standard input (:mod:`~linter.payloads.containers`), recognises
each record's wire format (:mod:`~linter.payloads.detect`) and normalises
Mixpanel, Segment, RudderStack, PostHog and Amplitude messages into
:class:`~linter.events.EventObservation` values.  Records it cannot read become
TL303 diagnostics; nothing here knows about the tracking plan.

Typical use::

    stream = read_payloads(["capture.jsonl.gz", "-"])
    for item in stream:
        if isinstance(item, Diagnostic): report(item)
        else: check(item)
    print(stream.stats.events, stream.stats.unreadable)
"""

from __future__ import annotations

from linter.payloads.containers import OpenCapture
from linter.payloads.detect import FORMATS, detect_format
from linter.payloads.model import PayloadItem
from linter.payloads.platforms import ANDROID, IOS, PLATFORMS, SERVER, UNKNOWN_PLATFORM, WEB
from linter.payloads.reader import PayloadStats, PayloadStream, read_payloads

__all__ = [
    "ANDROID",
    "FORMATS",
    "IOS",
    "PLATFORMS",
    "SERVER",
    "UNKNOWN_PLATFORM",
    "WEB",
    "OpenCapture",
    "PayloadItem",
    "PayloadStats",
    "PayloadStream",
    "detect_format",
    "read_payloads",
]
