"""Site-wide settings editors change in Settings: Crisis resources and Editorial settings."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from blog.comments import triage


class CrisisResourceBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=120)
    description = blocks.CharBlock(max_length=255, required=False)
    phone = blocks.CharBlock(
        max_length=40, required=False, help_text="Shown as a tap-to-call link, e.g. 988."
    )
    sms = blocks.CharBlock(
        max_length=80, required=False, help_text='Text instructions, e.g. "Text HOME to 741741".'
    )
    url = blocks.URLBlock(required=False)

    class Meta:
        icon = "help"
        label = "Crisis resource"


# Shown until an editor changes them: a reader in crisis must never see an empty footer.
DEFAULT_CRISIS_RESOURCES = [
    (
        "resource",
        {
            "name": "988 Suicide & Crisis Lifeline",
            "description": "Free, confidential support 24/7 for anyone in distress.",
            "phone": "988",
            "sms": "Text 988",
            "url": "https://988lifeline.org/",
        },
    ),
    (
        "resource",
        {
            "name": "SAMHSA National Helpline",
            "description": "Treatment referral and information, 24/7, in English and Spanish.",
            "phone": "1-800-662-4357",
            "sms": "",
            "url": "https://www.samhsa.gov/find-help/helplines/national-helpline",
        },
    ),
]


@register_setting(icon="help")
class CrisisResources(BaseSiteSetting):
    heading = models.CharField(max_length=120, default="Need help now?")
    introduction = models.CharField(
        max_length=255,
        blank=True,
        default="If you or someone you love is struggling, you are not alone. Reach out any time.",
    )
    resources = StreamField(
        [("resource", CrisisResourceBlock())],
        default=DEFAULT_CRISIS_RESOURCES,
        use_json_field=True,
    )

    panels = [FieldPanel("heading"), FieldPanel("introduction"), FieldPanel("resources")]

    class Meta:
        verbose_name = "Crisis resources"


@register_setting(icon="time")
class EditorialSettings(BaseGenericSetting):
    """Editorial policy shared by every site (one row for the whole installation)."""

    clinical_review_interval_months = models.PositiveSmallIntegerField(
        "clinical re-review interval (months)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=(
            "A published post is due for a new clinical review this many months after its "
            "last one. Posts due appear in Reports > Clinical review due and on the dashboard."
        ),
    )

    panels = [FieldPanel("clinical_review_interval_months")]

    class Meta:
        verbose_name = "Editorial settings"


@register_setting(icon="comment")
class CommentPolicy(BaseSiteSetting):
    """How reader comments are moderated on this site (blog/comments/)."""

    comments_enabled = models.BooleanField(
        default=True, help_text="Turn off to close comments on every post."
    )
    close_after_days = models.PositiveSmallIntegerField(
        default=90,
        help_text="Close comments this many days after a post is first published (0: never).",
    )
    trusted_skip_moderation = models.BooleanField(
        default=False,
        help_text="Publish comments at once from readers whose earlier comment was approved "
        "(held comments, such as crisis language or links, still wait for a moderator).",
    )
    guidelines_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The community guidelines linked from the comment form.",
    )
    watch_terms = models.TextField(
        default=triage.DEFAULT_WATCH_TERMS,
        blank=True,
        help_text="One word or phrase per line. A match holds the comment with the reason.",
    )

    panels = [
        FieldPanel("comments_enabled"),
        FieldPanel("close_after_days"),
        FieldPanel("trusted_skip_moderation"),
        FieldPanel("guidelines_page"),
        FieldPanel("watch_terms"),
    ]

    class Meta:
        verbose_name = "Comment policy"
