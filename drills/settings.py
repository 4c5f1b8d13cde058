"""Settings for the drills' servers (drills/faults.py) and the tests that run a real worker.

The test settings (cms.settings.test: the demo app installed, so `load_demo_content` gives the
drill its article; static files served without a collectstatic step; HTTP, not the HTTPS
redirect), with what production has and those settings leave out: tasks queued in the database
for `db_worker`, and email sent over SMTP to EMAIL_URL.
"""

import os

from cms.settings import base
from cms.settings.test import *  # noqa: F403

TASKS = base.TASKS
if os.environ.get("EMAIL_URL"):
    EMAIL_BACKEND = base.EMAIL_BACKEND
    EMAIL_HOST, EMAIL_PORT = base.EMAIL_HOST, base.EMAIL_PORT
# A killed worker's email task is queued again after this long (comments/tasks.py).
KINSHIP_EMAIL_STALL_SECONDS = int(os.environ.get("KINSHIP_EMAIL_STALL_SECONDS", "300"))
