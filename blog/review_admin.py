"""Admin report and dashboard panel for clinical review freshness (see issue #3, point 7)."""
