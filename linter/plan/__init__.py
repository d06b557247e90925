"""The tracking plan: loading, the model, compilation to JSON Schema, and plan lint."""
