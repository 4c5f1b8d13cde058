"""The "Import from WordPress" area of the Wagtail admin: upload an export, watch its dry run,
read what it found, confirm the import, and look back at every run.

Built on Wagtail's ``ModelViewSet`` (wagtail.admin.viewsets.model), like the Comments area
(comments/moderation_admin.py explains why not wagtail-modeladmin). The viewset's listing,
filters, search, inspect and delete views are Wagtail's; the add view is replaced by an upload
form, and there is no edit view: a run is a record of what happened, written only by the
importer (wordpress/importer.py) in the task worker.

- List: runs newest first with their stage and headline counts; filters by stage, kind (dry
  run or import) and who started it; search in the file name and the WordPress site.
- Upload: one .xml file up to ``WORDPRESS_IMPORT_MAX_UPLOAD_BYTES``. It is stored privately and
  checked in the background (wordpress/runs.py); nothing on the site changes yet.
- Inspect: the run's facts, a progress bar while the worker has it (static/js/
  wordpress-import-progress.js polls the status view), the counts per kind, the skipped items
  and why, the per-item messages (paginated, by level), the error of a failed run, and for a
  checked dry run the button that starts the real import.
- Who: ``wordpress.add_importrun`` (upload, confirm) or ``wordpress.view_importrun`` (look):
  Editors (editorial/roles.py) and superusers. Deleting a run that is not running needs
  ``delete_importrun``, which only superusers hold.
"""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import FormView, View
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, UserColumn
from wagtail.admin.views.generic import DeleteView, IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet

from . import runs
from .forms import UploadForm
from .models import ImportMessage, ImportRun
from .storage import discard_file

# The kinds the importer counts, in the order of a WordPress export; a kind the importer
# adds later is shown after them.
KINDS = ("authors", "categories", "tags", "posts", "comments", "images", "redirects")
OUTCOMES = ("created", "updated", "unchanged", "skipped", "failed")
OUTCOME_LABELS = {
    "created": ("Created", "Would be created"),
    "updated": ("Updated", "Would be updated"),
    "unchanged": ("Unchanged", "Unchanged"),
    "skipped": ("Skipped", "Would be skipped"),
    "failed": ("Failed", "Would fail"),
}
MESSAGES_PER_PAGE = 100
LOOK = ["add", "view"]


def progress_text(run):
    """What the progress bar says, in the page and in the status JSON alike."""
    text = f"{run.get_stage_display()}: {run.percent}%"
    if run.items_seen:
        text += f" ({run.items_seen:,} item{'s' if run.items_seen != 1 else ''} read)"
    return text


def status(run):
    return {
        "stage": run.stage,
        "stage_label": run.get_stage_display(),
        "active": run.is_active,
        "dry_run": run.dry_run,
        "percent": run.percent,
        "bytes_read": run.bytes_read,
        "file_size": run.file_size,
        "items_seen": run.items_seen,
        "text": progress_text(run),
    }


def started_by_choices(request):
    # Only people who have started a run: the filter is not a list of every account.
    return get_user_model().objects.filter(
        pk__in=ImportRun.objects.exclude(started_by=None).values("started_by")
    )


class ImportRunFilterSet(WagtailFilterSet):
    dry_run = django_filters.BooleanFilter(
        label="Kind",
        widget=forms.RadioSelect(
            choices=[("", "All"), ("true", "Dry runs (checks)"), ("false", "Imports")]
        ),
    )
    started_by = django_filters.ModelChoiceFilter(label="Started by", queryset=started_by_choices)

    class Meta:
        model = ImportRun
        fields = ["stage", "dry_run", "started_by"]


class ImportRunIndexView(IndexView):
    any_permission_required = LOOK
    filterset_class = ImportRunFilterSet
    search_fields = ["file_name", "source_site"]
    search_backend_name = None  # runs are not in Wagtail's search index: use the ORM
    default_ordering = "-created_at"
    add_item_label = "Upload a WordPress export"

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("started_by", "started_by__wagtail_userprofile")
        )

    def get_delete_url(self, instance):
        return None if instance.is_active else super().get_delete_url(instance)

    def order_queryset(self, queryset):
        # Runs started in the same instant keep a stable order.
        ordered = super().order_queryset(queryset)
        return ordered.order_by(*ordered.query.order_by, "-pk")

    @cached_property
    def columns(self):
        return [
            self._get_title_column("file_name"),  # links to the inspect view
            StatusTagColumn("get_stage_display", label="Stage", primary=lambda run: run.is_active),
            Column(
                "kind", label="Kind", accessor=lambda run: "Dry run" if run.dry_run else "Import"
            ),
            UserColumn("started_by", label="Started by", blank_display_name="—"),
            DateColumn("created_at", label="Date", sort_key="created_at"),
            Column(
                "posts",
                label="Posts created / updated",
                accessor=lambda run: (
                    f"{run.count('posts', 'created')} / {run.count('posts', 'updated')}"
                ),
            ),
            Column(
                "comments",
                label="Comments created",
                accessor=lambda run: run.count("comments", "created"),
            ),
        ]


class RunViewMixin(PermissionCheckedMixin):
    """The permission policy and URL names the viewset hands to each of its views."""

    permission_policy = None
    index_url_name = None
    inspect_url_name = None

    def inspect_url(self, run):
        return reverse(self.inspect_url_name, args=(run.pk,))


class UploadView(RunViewMixin, WagtailAdminTemplateMixin, FormView):
    permission_required = "add"
    form_class = UploadForm
    template_name = "wordpress/admin/upload.html"
    page_title = "Upload a WordPress export"
    header_icon = "download"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": "WordPress imports"},
            {"url": "", "label": self.get_page_title()},
        ]

    def form_valid(self, form):
        run = runs.store_upload(form.cleaned_data["export"], self.request.user)
        messages.success(
            self.request,
            f"“{run.file_name}” is uploaded and being checked. Nothing on the site changes "
            "until you confirm the import.",
        )
        return redirect(self.inspect_url(run))


class ImportRunInspectView(InspectView):
    any_permission_required = LOOK
    template_name = "wordpress/admin/inspect.html"
    status_url_name = None
    confirm_url_name = None
    # Labels of the facts (the viewset's inspect_view_fields) where the field name says too little.
    FIELD_LABELS = {
        "sha256": "SHA-256 of the file",
        "source_title": "WordPress site title",
        "source_site": "WordPress site",
        "wxr_version": "WXR version",
        "dry_run": "Kind",
        "created_at": "Uploaded",
    }

    def get_object(self, queryset=None):
        return get_object_or_404(
            ImportRun.objects.select_related("started_by"), pk=self.kwargs[self.pk_url_kwarg]
        )

    def get_page_title(self):
        return "Dry run" if self.object.dry_run else "Import"

    def get_delete_url(self):
        # The worker still writes to a running run: it can be deleted once it ends.
        if self.object.is_active:
            return None
        return super().get_delete_url()

    def get_field_label(self, field_name, field):
        if field_name in self.FIELD_LABELS:
            return self.FIELD_LABELS[field_name]
        return super().get_field_label(field_name, field)

    def get_file_size_display_value(self):
        return filesizeformat(self.object.file_size) if self.object.file_size else "—"

    def get_dry_run_display_value(self):
        if self.object.dry_run:
            return "Dry run: the file was only checked, nothing was written"
        return "Import"

    def get_started_by_display_value(self):
        user = self.object.started_by
        if user is None:
            return "Not recorded (the command line, or a deleted account)"
        return user.get_full_name() or user.get_username()

    def _when(self, value):
        return timezone.localtime(value).strftime("%-d %b %Y, %H:%M") if value else "—"

    def get_created_at_display_value(self):
        return self._when(self.object.created_at)

    def get_started_at_display_value(self):
        return self._when(self.object.started_at)

    def get_finished_at_display_value(self):
        return self._when(self.object.finished_at)

    def get_source_title_display_value(self):
        return self.object.source_title or "—"

    def get_source_site_display_value(self):
        return self.object.source_site or "—"

    def get_sha256_display_value(self):
        return self.object.sha256 or "—"

    def get_wxr_version_display_value(self):
        return self.object.wxr_version or "—"

    def counts_table(self):
        run = self.object
        if not run.counts:
            return None
        # Until an import replaces them, the numbers are those of the check.
        would = run.dry_run or run.is_active
        kinds = list(KINDS) + sorted(set(run.counts) - set(KINDS))
        return {
            "would": would,
            "headings": [OUTCOME_LABELS[outcome][would] for outcome in OUTCOMES],
            "rows": [
                (kind.capitalize(), [run.count(kind, outcome) for outcome in OUTCOMES])
                for kind in kinds
            ],
        }

    def messages_context(self):
        levels = dict(ImportMessage.Level.choices)
        # One query for every level's count, whatever the number of messages.
        counts = dict(
            self.object.messages.order_by()
            .values_list("level")
            .annotate(n=Count("pk"))
            .values_list("level", "n")
        )
        level = self.request.GET.get("level")
        if level not in levels:
            level = ""
        queryset = self.object.messages.all()
        if level:
            queryset = queryset.filter(level=level)
        paginator = WagtailPaginator(queryset, MESSAGES_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        return {
            "message_total": sum(counts.values()),
            "message_levels": [
                (value, label, counts.get(value, 0)) for value, label in levels.items()
            ],
            "message_level": level,
            "message_page": page,
            "elided_page_range": paginator.get_elided_page_range(page.number),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.object
        context.update(
            {
                "run": run,
                "progress_text": progress_text(run),
                "status_url": reverse(self.status_url_name, args=(run.pk,)),
                "can_confirm": (
                    run.dry_run
                    and run.stage == ImportRun.Stage.CHECKED
                    and bool(run.stored_file)
                    and self.user_has_permission("add")
                ),
                "confirm_url": reverse(self.confirm_url_name, args=(run.pk,)),
                "counts_table": self.counts_table(),
                "skipped": sorted(run.skipped.items()),
                **self.messages_context(),
            }
        )
        return context


class StatusView(RunViewMixin, View):
    """The run's progress as JSON, polled by the inspect page while the worker has the run."""

    any_permission_required = LOOK
    http_method_names = ["get"]

    def get(self, request, pk):
        run = get_object_or_404(ImportRun, pk=pk)
        response = JsonResponse(status(run))
        response["Cache-Control"] = "no-store"
        return response


# Why a run cannot be imported (yet), by its stage.
NOT_CONFIRMABLE = {
    ImportRun.Stage.QUEUED: "The file has not been checked yet: wait for the check to finish.",
    ImportRun.Stage.CHECKING: "The file is still being checked: wait for the check to finish.",
    ImportRun.Stage.IMPORTING: "This file is being imported already.",
    ImportRun.Stage.FINISHED: "This file has been imported already.",
    ImportRun.Stage.FAILED: "The check of this file failed, so it cannot be imported. Fix the "
    "export and upload it again.",
}


class ConfirmView(RunViewMixin, View):
    """POST only: import the checked file of a dry run for real."""

    permission_required = "add"
    http_method_names = ["post"]

    def http_method_not_allowed(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, pk):
        with transaction.atomic():
            # Locked, so that two Editors pressing the button at once start one import.
            run = get_object_or_404(ImportRun.objects.select_for_update(), pk=pk)
            problem = self.problem(run)
            if problem:
                messages.error(request, problem)
            else:
                runs.confirm(run, request.user)
                messages.success(
                    request,
                    f"Importing “{run.file_name}”. Imported posts arrive as drafts in clinical "
                    "review: none is published until a clinician and an Editor approve it.",
                )
        return redirect(self.inspect_url(run))

    def problem(self, run):
        if run.stage != ImportRun.Stage.CHECKED or not run.dry_run:
            return NOT_CONFIRMABLE.get(run.stage, "This run cannot be imported.")
        if not run.stored_file:
            return "The uploaded file is no longer kept: upload the export again."
        return None


class ImportRunDeleteView(DeleteView):
    """Deletes the record of a run (and its stored file); never one the worker is running."""

    inspect_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if self.object.is_active and self.user_has_permission("delete"):
            messages.error(request, "This run is still running: it can be deleted once it ends.")
            return redirect(reverse(self.inspect_url_name, args=(self.object.pk,)))
        return super().dispatch(request, *args, **kwargs)

    def delete_action(self):
        discard_file(self.object)
        super().delete_action()


class ImportRunViewSet(ModelViewSet):
    model = ImportRun
    name = "wordpress_imports"
    url_prefix = "wordpress-imports"
    icon = "download"
    menu_label = "Import from WordPress"
    menu_name = "wordpress_imports"
    menu_order = 230
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = ImportRunIndexView
    inspect_view_class = ImportRunInspectView
    delete_view_class = ImportRunDeleteView
    list_per_page = 50
    # The facts of a run on its inspect page; where the file is stored is nobody's business.
    inspect_view_fields = [
        "file_name",
        "file_size",
        "sha256",
        "source_title",
        "source_site",
        "wxr_version",
        "dry_run",
        "started_by",
        "created_at",
        "started_at",
        "finished_at",
        "stage",
    ]

    def get_common_view_kwargs(self, **kwargs):
        # No edit, history or usage views exist: never link to them.
        return super().get_common_view_kwargs(
            **{
                "edit_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                "status_url_name": self.get_url_name("status"),
                "confirm_url_name": self.get_url_name("confirm"),
                **kwargs,
            }
        )

    @property
    def upload_view(self):
        return self.construct_view(UploadView)

    @property
    def status_view(self):
        return self.construct_view(StatusView)

    @property
    def confirm_view(self):
        return self.construct_view(ConfirmView)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("upload/", self.upload_view, name="add"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
            path("<int:pk>/status/", self.status_view, name="status"),
            path("<int:pk>/confirm/", self.confirm_view, name="confirm"),
            path("<int:pk>/delete/", self.delete_view, name="delete"),
        ]

    def register_admin_url_finder(self):
        pass  # no edit view to point to

    def get_permissions_to_register(self):
        # In Settings > Groups, offer only what this area uses.
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(ImportRun),
            codename__in=["add_importrun", "view_importrun", "delete_importrun"],
        )
