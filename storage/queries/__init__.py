"""Query functions: each does one thing, takes a keyword-only `session`, scoped by workspace."""
