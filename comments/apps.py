from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Reader comments"

    def ready(self):
        from django.db.models.signals import pre_save
        from django_comments_xtd.models import publish_or_unpublish_on_pre_save

        from . import signals  # noqa: F401  (connects the receivers)

        # xtd copies a comment's public/removed state to all its replies whenever it is saved,
        # which would republish replies a moderator rejected. Moderation here is per comment.
        pre_save.disconnect(
            publish_or_unpublish_on_pre_save, sender="django_comments_xtd.XtdComment"
        )
