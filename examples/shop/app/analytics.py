"""Analytics clients of the back end, and the helper most code tracks through."""

import os

from mixpanel import Mixpanel

mp = Mixpanel(os.environ.get("MIXPANEL_TOKEN", "dev-token"))


def track_event(user, event, **properties):
    """Send one event for a signed-in user (tracklint finds this wrapper by itself)."""
    mp.track(user.id, event, properties)
