"""Pure text helpers shared by plan lint, the static checker and runtime validation."""
