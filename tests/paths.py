"""Where the project is, for tests that read its files or run commands in it."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
