"""Package for the zeno backend server."""
