"""Code loaded into the processes tests start (not collected as tests)."""
