"""The law as pure functions and per-year parameters (later issues fill it)."""
