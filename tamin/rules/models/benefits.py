"""Tables of the short-term benefits and the abroad packages (issue #13; filled by the rules builder)."""
