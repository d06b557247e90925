"""CLI command modules."""
