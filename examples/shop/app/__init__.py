"""Shopwise back end (example application for tracklint)."""
