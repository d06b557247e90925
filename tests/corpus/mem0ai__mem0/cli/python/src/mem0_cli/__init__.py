"""mem0 CLI — the command-line interface for the mem0 memory layer."""

__version__ = "0.2.11"
