"""The Art. 58 dependents table (issue #13; filled by the dependents builder)."""
