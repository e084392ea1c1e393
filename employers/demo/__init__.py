"""Demo data of this app for `manage.py seed_demo` (tamin.demo), one module per area."""
