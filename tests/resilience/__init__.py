"""How Kinship behaves when the database, the cache or the task worker fails (issue #17)."""
