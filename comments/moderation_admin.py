"""The "Comments" area of the Wagtail admin: the moderation queue for reader comments.

Built on Wagtail's generic ``ModelViewSet``/``IndexView`` (wagtail.admin.viewsets.model) rather
than wagtail-modeladmin: modeladmin was moved out of Wagtail core and is deprecated upstream in
favour of these viewsets, so a new admin area should not start on it. The viewset also gives the
admin's own listing furniture (search, filter drawer, pagination, breadcrumbs, permission checks
through a permission policy) without a second package.

The viewset exposes only the listing and the moderation actions below. There is no add, edit,
copy, delete or history view: thread fields (``thread_id``, ``order``, ``level``,
``nested_count``, ``parent_id``) are xtd's bookkeeping and no form anywhere may change them.

- List: pending comments by default (not public, not removed, confirmed or urgent), urgent first,
  then newest; filters pending / urgent / public / removed / reported / all; search in the name,
  email and text. Each row shows the post (linked to the live comment ``#c<id>``), an escaped
  excerpt, hold reasons, the urgent marker, open reports (with the reporters' reasons and
  identity: only moderators reach this area) and "awaiting email confirmation".
- Actions, per comment and in bulk: approve, remove (its replies are hidden with it); per
  comment: a reply from the team (public at once). Approving or removing resolves the comment's
  open reports. Every action goes to Wagtail's audit log (comments/moderation_actions.py).
- Who: users with ``django_comments_xtd.change_xtdcomment`` — Moderators and Editors
  (editorial/roles.py) and superusers. Checked by a ModelPermissionPolicy on every view and on the
  menu item, so a Moderator who is not a superuser has every tool (xtd's own templates check a
  mislabelled permission; they are not used here). Anyone else is sent back to the dashboard
  with Wagtail's permission message, and nothing changes.
"""

import itertools

import django_filters
from django import forms
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, OuterRef, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import FormView, View
from django_comments_xtd.models import XtdComment
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet

from cms.articles import get_article_model

from . import moderation_actions as actions
from .models import CommentReport
from .permissions import PERMISSION, can_moderate, permission_policy
from .selectors import PENDING, article_comments
from .undelivered import mark_opened

STATUS_CHOICES = [
    ("pending", "Pending"),
    ("urgent", "Urgent"),
    ("public", "Public"),
    ("removed", "Removed"),
    ("reported", "Reported"),
    ("all", "All"),
]

OPEN_REPORT_EXISTS = Exists(CommentReport.objects.filter(comment_id=OuterRef("pk"), resolved=False))

STATUS_FILTERS = {
    "pending": PENDING,
    "urgent": Q(moderation__urgent=True, is_removed=False),
    "public": Q(is_public=True, is_removed=False),
    "removed": Q(is_removed=True),
    "reported": Q(OPEN_REPORT_EXISTS),
    "all": Q(),
}


def spreadsheet_safe(value):
    """Readers write names and comments: a cell starting with = + - @ would run as a formula
    in a spreadsheet program, so it is prefixed with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Show",
        choices=STATUS_CHOICES,
        empty_label=None,
        initial="pending",
        method="filter_status",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = XtdComment
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        # The queue opens on pending comments: a missing or unknown status means "pending".
        if data is not None and data.get("status") not in dict(STATUS_CHOICES):
            data = data.copy()
            data["status"] = "pending"
        super().__init__(data, *args, **kwargs)

    def filter_status(self, queryset, name, value):
        return queryset.filter(STATUS_FILTERS.get(value, PENDING))


class CommentIndexView(IndexView):
    """The moderation queue. The table is rendered by comments/admin/index_results.html inside one
    POST form (CSRF-protected), so that per-row buttons and bulk buttons share the checkboxes."""

    page_title = "Comments"
    permission_required = PERMISSION
    any_permission_required = None
    results_template_name = "comments/admin/index_results.html"
    filterset_class = CommentFilterSet
    search_fields = ["user_name", "user_email", "comment"]
    search_backend_name = None  # XtdComment is not in Wagtail's search index: use the ORM
    paginate_by = 50

    # CSV/XLSX export of the filtered list, with the columns the list shows.
    list_export = ["submit_date", "post", "user_name", "excerpt", "status", "reasons", "urgent"]
    export_headings = {
        "submit_date": "Date",
        "post": "Post",
        "user_name": "Author name",
        "excerpt": "Excerpt",
        "status": "Status",
        "reasons": "Hold reasons",
        "urgent": "Urgent",
    }
    export_filename = "comments"
    EXPORT_CHUNK = 500

    @cached_property
    def columns(self):
        return []  # rendered by our own template; no sortable columns: the queue has one order

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(self.decorated_chunks(queryset), spreadsheet_format)

    def decorated_chunks(self, queryset):
        # A few queries per 500 rows, never one per comment, and never the whole list in memory.
        for start in itertools.count(0, self.EXPORT_CHUNK):
            chunk = list(queryset[start : start + self.EXPORT_CHUNK])
            yield from self.decorate(chunk)
            if len(chunk) < self.EXPORT_CHUNK:
                return

    def to_row_dict(self, item):
        moderation = item.admin_moderation
        if item.is_removed:
            status = "Removed"
        elif item.is_public:
            status = "Public"
        elif moderation is not None and not moderation.confirmed:
            status = "Pending (awaiting email confirmation)"
        else:
            status = "Pending"
        text = " ".join(item.comment.split())
        row = {
            "submit_date": item.submit_date,
            "post": item.admin_page.title if item.admin_page else "",
            "user_name": item.user_name,
            "excerpt": text[:200] + ("…" if len(text) > 200 else ""),
            "status": status,
            "reasons": "; ".join(moderation.hold_reasons) if moderation else "",
            "urgent": "Yes" if moderation and moderation.urgent else "No",
        }
        return {key: spreadsheet_safe(value) for key, value in row.items()}

    def get_base_queryset(self):
        return actions.with_report_counts(article_comments().select_related("moderation"))

    def order_queryset(self, queryset):
        return queryset.order_by(
            F("moderation__urgent").desc(nulls_last=True), "-submit_date", "-pk"
        )

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = self.decorate(list(object_list))
        return paginator, page, page.object_list, is_paginated

    def decorate(self, comments):
        """Attach the post, the permalink, moderation state and open reports, in two queries
        whatever the number of comments."""
        page_ids = {int(c.object_pk) for c in comments if str(c.object_pk).isdigit()}
        pages = (
            get_article_model()
            .objects.filter(pk__in=page_ids)
            .only("id", "title", "url_path", "live", "depth", "path")
        )
        pages = {page.pk: page for page in pages}
        reports = {}
        for report in CommentReport.objects.filter(
            comment_id__in=[c.pk for c in comments], resolved=False
        ):
            reports.setdefault(report.comment_id, []).append(report)
        for comment in comments:
            page = pages.get(int(comment.object_pk)) if str(comment.object_pk).isdigit() else None
            comment.admin_page = page
            url = page.get_url(self.request) if page is not None and page.live else None
            comment.permalink = f"{url}#c{comment.pk}" if url else None
            try:
                comment.admin_moderation = comment.moderation
            except XtdComment.moderation.RelatedObjectDoesNotExist:
                comment.admin_moderation = None
            comment.open_report_list = reports.get(comment.pk, [])
        return comments

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        query = self.request.GET.copy()
        for key in ("_w_filter_fragment", "p"):
            query.pop(key, None)
        context["next_url"] = self.index_url + (f"?{query.urlencode()}" if query else "")
        context["bulk_url"] = reverse("comments:bulk")
        return context


class ModerationMixin(PermissionCheckedMixin):
    permission_policy = permission_policy
    permission_required = PERMISSION

    def get_comment(self, pk):
        return get_object_or_404(article_comments().select_related("moderation"), pk=pk)

    def page_title_for(self, comment):
        page = get_article_model().objects.filter(pk=comment.object_pk).only("title").first()
        return page.title if page else None

    def next_url(self):
        return get_valid_next_url_from_request(self.request) or reverse("comments:index")


def run(action, comment, user, page_title):
    if action == "approve":
        actions.approve(comment, user, page_title)
    elif action == "remove":
        actions.remove(comment, user, page_title)


DONE = {"approve": "approved", "remove": "removed"}


class CommentActionView(ModerationMixin, View):
    """POST only: approve or remove one comment."""

    action = None
    http_method_names = ["post"]

    def http_method_not_allowed(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, pk):
        comment = self.get_comment(pk)
        run(self.action, comment, request.user, self.page_title_for(comment))
        mark_opened([comment.pk], request.user)
        messages.success(request, f"Comment #{comment.pk} {DONE[self.action]}.")
        return redirect(self.next_url())


class BulkActionView(ModerationMixin, View):
    """POST only: approve or remove the selected comments (``ids``), each logged on its own."""

    http_method_names = ["post"]

    def post(self, request):
        action = request.POST.get("action")
        if action not in DONE:
            messages.error(request, "Choose an action.")
            return redirect(self.next_url())
        ids = [int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()]
        comments = list(article_comments().filter(pk__in=ids).order_by("pk"))
        if not comments:
            messages.error(request, "Select at least one comment.")
            return redirect(self.next_url())
        titles = {}
        for comment in comments:
            if comment.object_pk not in titles:
                titles[comment.object_pk] = self.page_title_for(comment)
            run(action, comment, request.user, titles[comment.object_pk])
        mark_opened([comment.pk for comment in comments], request.user)
        count = len(comments)
        messages.success(request, f"{count} comment{'s' if count != 1 else ''} {DONE[action]}.")
        return redirect(self.next_url())


class ReplyForm(forms.Form):
    comment = forms.CharField(
        label="Reply",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=settings.COMMENT_MAX_LENGTH,
        help_text="Published at once under the article, marked as from the Kinship team.",
    )
    approve_parent = forms.BooleanField(
        label="Also approve the comment you are replying to",
        required=False,
        initial=True,
        help_text="Replies under a comment that is not public are not shown.",
    )


class ReplyView(ModerationMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "comments/admin/reply.html"
    form_class = ReplyForm
    header_icon = "comment"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.comment = None

    def get(self, request, *args, **kwargs):
        self.comment = self.get_comment(kwargs["pk"])
        mark_opened([self.comment.pk], request.user)
        if self.comment.is_removed:
            messages.error(request, "This comment was removed: restore it before replying.")
            return redirect(self.next_url())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.comment = self.get_comment(kwargs["pk"])
        if self.comment.is_removed:
            messages.error(request, "This comment was removed: restore it before replying.")
            return redirect(self.next_url())
        return super().post(request, *args, **kwargs)

    def get_page_title(self):
        return f"Reply to comment #{self.comment.pk}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("comments:index"), "label": "Comments"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.comment.is_public:
            del form.fields["approve_parent"]
        return form

    def form_valid(self, form):
        title = self.page_title_for(self.comment)
        if form.cleaned_data.get("approve_parent"):
            actions.approve(self.comment, self.request.user, title)
        reply = actions.team_reply(
            self.comment, self.request.user, form.cleaned_data["comment"], title
        )
        messages.success(self.request, f"Your reply (comment #{reply.pk}) is published.")
        return redirect(self.next_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comment = self.comment
        target = actions.reply_target(comment)
        context.update(
            {
                "comment": comment,
                "moderation": getattr(comment, "moderation", None),
                "reply_target": target,
                "next_url": self.next_url(),
            }
        )
        return context


class CommentsMenuItem(MenuItem):
    """ "Comments (N)": N is the number of pending comments. Shown only to those who moderate."""

    def is_shown(self, request):
        return can_moderate(request.user)

    def render_component(self, request):
        count = actions.pending_count()
        label = f"{self.label} ({count})" if count else self.label
        return LinkMenuItem(
            self.name,
            label,
            self.url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs={**self.attrs, "title": f"{count} pending comment{'s' if count != 1 else ''}"},
        )


class CommentViewSet(ModelViewSet):
    model = XtdComment
    name = "comments"
    icon = "comment"
    menu_label = "Comments"
    menu_name = "comments"
    menu_order = 220
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    index_view_class = CommentIndexView
    index_results_template_name = "comments/admin/index_results.html"
    menu_item_class = CommentsMenuItem
    list_per_page = 50

    @property
    def permission_policy(self):
        return permission_policy

    def get_common_view_kwargs(self, **kwargs):
        # No add/edit/delete/history/usage views exist: never link to them.
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "delete_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("bulk/", BulkActionView.as_view(), name="bulk"),
            path("<int:pk>/approve/", CommentActionView.as_view(action="approve"), name="approve"),
            path("<int:pk>/remove/", CommentActionView.as_view(action="remove"), name="remove"),
            path("<int:pk>/reply/", ReplyView.as_view(), name="reply"),
        ]

    def register_admin_url_finder(self):
        pass  # no edit view to point to

    def get_permissions_to_register(self):
        # In Settings > Groups, offer only what this area uses.
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(XtdComment),
            codename__in=["change_xtdcomment", "view_xtdcomment"],
        )
