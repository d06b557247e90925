"""Checking events (from code or payloads) against the compiled tracking plan."""
