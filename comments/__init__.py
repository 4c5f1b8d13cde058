"""Reader comments: posting, moderation, safety triage and privacy around django-comments-xtd."""
