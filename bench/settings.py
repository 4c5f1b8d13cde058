"""The settings `make bench-pages` serves Kinship with: cms.settings.production, with static
files collected into the run's own temporary directory.

Production stores static files with WhiteNoise's manifest storage, so `collectstatic` must run
before a page can render its stylesheet link. base.py fixes STATIC_ROOT at staticfiles/ in the
working tree; the benchmark collects into KINSHIP_BENCH_STATIC_ROOT instead, so it leaves
nothing behind in the tree. Nothing else differs from production.
"""

import os
from pathlib import Path

from cms.settings.production import *  # noqa: F403

STATIC_ROOT = Path(os.environ["KINSHIP_BENCH_STATIC_ROOT"])
