import os

from django.core.wsgi import get_wsgi_application

from pagecache.wsgi import CachedPagesFirst

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

application = CachedPagesFirst(get_wsgi_application())
