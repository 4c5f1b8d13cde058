"""Admin wiring for scheduled publishing (see issue #3, point 4)."""
