# flake8: noqa
from .telemetry import send_event
