"""The article model and the section it lives in, named by settings (as AUTH_USER_MODEL names the
user model): `editorial` and `comments` reach articles through here and never import `blog`."""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType


def get_article_model():
    """The page type readers read and comment on (settings.KINSHIP_ARTICLE_MODEL)."""
    return apps.get_model(settings.KINSHIP_ARTICLE_MODEL, require_ready=False)


def article_content_type():
    return ContentType.objects.get_for_model(get_article_model())


def article_label():
    """ "app_label.modelname", as a comment form names the object it is about."""
    return settings.KINSHIP_ARTICLE_MODEL.lower()


def section_model_label():
    """(app_label, model_name) of the page articles live under (settings.KINSHIP_SECTION_MODEL):
    roles and the editorial workflow are granted there. A pair, so that data migrations can
    pass it to their own apps.get_model."""
    return tuple(settings.KINSHIP_SECTION_MODEL.split("."))
