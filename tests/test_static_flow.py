"""Locals assigned more than once: what reaches the call is what counts.

A name read in a function may have been assigned several times; the assignments
made before the read count, from the last one that always runs before it on (the
ones in branches the read is outside of may or may not have run).  Types are the
union of what reaches; a value is known only when everything that reaches agrees.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_static_support import single_file


def test_a_client_assigned_in_several_places(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        import logging
        from mixpanel import Mixpanel

        def either(token, debug):
            if debug:
                client = Mixpanel("debug-token")
            else:
                client = Mixpanel(token)
            client.track("u", "Either Branch")

        def lazily(token, enabled):
            client = None
            if enabled:
                client = Mixpanel(token)
            client.track("u", "Maybe Created")

        def replaced(token):
            client = Mixpanel(token)
            client = logging.getLogger("app")
            client.track("u", "Not Mixpanel Any More")

        def reused(token):
            client = Mixpanel(token)
            client.track("u", "First Use")
            client = Mixpanel("other")
            client.track("u", "Second Use")
    """)
    assert project.names("app.py") == ["Either Branch", "Maybe Created", "First Use",
                                       "Second Use"]


def test_event_names_are_known_only_when_every_reaching_value_agrees(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        from mixpanel import Mixpanel

        mp = Mixpanel("t")

        def f(paid, retry):
            name = "Draft Saved"
            name = "Order Placed"
            mp.track("u", name)
            if paid:
                name = "Order Paid"
            mp.track("u", name)
            label = "Checkout Started" if retry else "Checkout Started"
            mp.track("u", label)
            for attempt in range(3):
                step = "Attempt Made"
                mp.track("u", step)
    """)
    assert project.names("app.py") == ["Order Placed", None, "Checkout Started",
                                       "Attempt Made"]


def test_a_dict_rebuilt_before_the_call(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        import posthog

        def capture(event_name, properties=None):
            if properties is None:
                properties = {}
            properties = {"client": "python", **properties}
            posthog.capture(event_name, distinct_id="u", properties=properties)

        def fixed():
            props = {"a": 1}
            props = {"b": 2}
            posthog.capture("Rebuilt", distinct_id="u", properties=props)
    """)
    wrapper = next(w for w in project.index.inferred_wrappers if w.qualified_name == "app.capture")
    assert (wrapper.spec.event, wrapper.spec.properties) == ("event_name", "properties")
    assert [f.key for f in wrapper.fixed_properties] == ["client"]
    calls = project.calls("app.py")
    assert calls[0].inside_wrapper == "app.capture"
    rebuilt = calls[1].observation
    assert rebuilt.properties == {"b": 2} and rebuilt.keys_complete
