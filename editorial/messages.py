"""Kinship's words for what the admin says about a post in the editorial workflow.

Wagtail words its messages for any workflow: "Page '…' has been submitted for moderation",
"Workflow on page '…' has been cancelled", "Page '…' has been updated." after an editor's
approval, and history entries such as "Workflow: reject task". Kinship keeps "moderation" for
reader comments and says what happened in its own roles.

Flash messages: the page edit and create views (the views writers and editors work in) get a
message storage that rewords Wagtail's workflow messages as they are added, installed by the
before_edit_page / before_create_page hooks (editorial/wagtail_hooks.py). The storage recognises
a message by Wagtail's own msgid, so nothing depends on Wagtail's views beyond the words they
add, and every path through those views is covered, including cancelling a review on a page
that is locked for the writer (that path runs no after_edit_page hook). A locale override of
Wagtail's msgids would need compiled .mo files at build time, and could not tell "published"
from "scheduled" or a submission from a resubmission.

History: the workflow log actions get Kinship labels and messages (register_workflow_log_actions,
registered after Wagtail's own so that they replace them).
"""

import html
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail.log_actions import LogFormatter
from wagtail.models import Page

from .emails import local_datetime
from .models import ClinicalReviewTask, EditorialApprovalTask

# Wagtail's msgids (wagtail/admin/views/pages/edit.py and create.py).
SUBMITTED = "Page '%(page_title)s' has been submitted for moderation."
CREATED_AND_SUBMITTED = "Page '%(page_title)s' created and submitted for moderation."
RESTARTED = "Workflow on page '%(page_title)s' has been restarted."
CANCELLED = "Workflow on page '%(page_title)s' has been cancelled."
UPDATED = "Page '%(page_title)s' has been updated."


def stage(task):
    """The review stage a task stands for, as a sentence says it."""
    task = task.specific if task is not None else None
    if isinstance(task, ClinicalReviewTask):
        return "clinical review"
    if isinstance(task, EditorialApprovalTask):
        return "editorial approval"
    return task.name if task is not None else "review"


class PageWorkflowContext:
    """What a rewording needs to know about the page the request is about: its state before
    the request (from the hook) and, read when a message is added, after it."""

    def __init__(self, request, page=None, parent=None):
        self.request = request
        self.page_id = page.pk if page is not None else None
        self.parent = parent
        state = page.current_workflow_state if page is not None else None
        self.needed_changes = state is not None and state.status == state.STATUS_NEEDS_CHANGES

    def page(self):
        return Page.objects.get(pk=self.page_id).specific

    def current_stage(self):
        return stage(self.page().current_workflow_task)

    def first_stage(self):
        workflow = self.parent.get_workflow() if self.parent is not None else None
        return stage(workflow.tasks.filter(active=True).first() if workflow else None)


def reword_submitted(title, context):
    current = context.page().current_workflow_task
    if context.needed_changes:
        return f"Resubmitted “{title}” for {stage(current)}."
    if isinstance(current.specific if current else None, EditorialApprovalTask):
        return (
            f"Submitted “{title}” for editorial approval: its content is unchanged since its "
            "last clinical approval."
        )
    return f"Submitted “{title}” for {stage(current)}."


def reword_created_and_submitted(title, context):
    return f"Created “{title}” and submitted it for {context.first_stage()}."


def reword_restarted(title, context):
    return f"Restarted the review of “{title}”: it is back in {context.current_stage()}."


def reword_cancelled(title, context):
    return f"Withdrew “{title}” from review. Submit it again when it is ready."


def reword_workflow_action(title, context):
    """The editor's approval (or request for changes) made from the editor, which Wagtail
    reports as "Page '…' has been updated."."""
    post = context.request.POST
    if not post.get("action-workflow-action"):
        return None  # a plain save: not a workflow message
    action = post.get("workflow-action-name")
    page = context.page()
    if action == "reject":
        return f"Requested changes to “{title}”. The writer gets your comment by email."
    if action != "approve":
        return None
    if page.current_workflow_state is None:
        # The workflow is complete: the post is published, or scheduled.
        scheduled = page.scheduled_revision
        if scheduled is not None:
            when = local_datetime(scheduled.approved_go_live_at)
            return f"Approved and scheduled “{title}” for {when}."
        return f"Approved and published “{title}”."
    current = page.current_workflow_task
    if isinstance(current.specific if current else None, ClinicalReviewTask):
        return (
            f"Saved “{title}”. Its content changed, so it went back to clinical review "
            "before it can be approved."
        )
    return f"Approved “{title}”: it is now in {stage(current)}."


REWORDINGS = [
    (SUBMITTED, reword_submitted),
    (CREATED_AND_SUBMITTED, reword_created_and_submitted),
    (RESTARTED, reword_restarted),
    (CANCELLED, reword_cancelled),
    (UPDATED, reword_workflow_action),
]


def _pattern(msgid):
    # Wagtail renders the message, escaped, into wagtailadmin/shared/messages.html with its
    # buttons; the title is the one part that varies.
    text = re.escape(escape(gettext(msgid)))
    return re.compile(text.replace(re.escape("%(page_title)s"), "(?P<title>.+?)"))


def reword(message, context):
    """`message` in Kinship's words, or unchanged when it is not a workflow message."""
    for msgid, rewording in REWORDINGS:
        match = _pattern(msgid).search(str(message))
        if match is None:
            continue
        text = rewording(html.unescape(match["title"]), context)
        if text is None:
            return message
        reworded = message[: match.start()] + escape(text) + message[match.end() :]
        # Wagtail's own safe HTML (its buttons) around Kinship's escaped words.
        return mark_safe(reworded)
    return message


class KinshipWordingStorage:
    """The request's message storage, with workflow messages reworded as they are added."""

    def __init__(self, storage, context):
        object.__setattr__(self, "_storage", storage)
        object.__setattr__(self, "_context", context)

    def add(self, level, message, extra_tags=""):
        return self._storage.add(level, reword(message, self._context), extra_tags)

    def __getattr__(self, name):
        return getattr(self._storage, name)

    def __setattr__(self, name, value):
        setattr(self._storage, name, value)

    def __iter__(self):
        return iter(self._storage)

    def __len__(self):
        return len(self._storage)

    def __contains__(self, item):
        return item in self._storage

    def __repr__(self):
        return repr(self._storage)


def use_kinship_wording(request, page=None, parent=None):
    """Reword the workflow messages the rest of this request adds (a page edit or create)."""
    if request.method != "POST" or not request.accepts("text/html"):
        return  # only a form post adds them; an autosave (JSON) adds none
    storage = getattr(request, "_messages", None)  # where django.contrib.messages keeps it
    if storage is None or isinstance(storage, KinshipWordingStorage):
        return
    request._messages = KinshipWordingStorage(storage, PageWorkflowContext(request, page, parent))


# History (page history and the workflow history): Kinship's labels for Wagtail's workflow
# log actions.


class WorkflowLogFormatter(LogFormatter):
    def format_comment(self, log_entry):
        return log_entry.data.get("comment", "")

    @staticmethod
    def step(log_entry, key="task"):
        return log_entry.data["workflow"][key]["title"]


class SubmittedFormatter(WorkflowLogFormatter):
    label = "Submitted for review"

    def format_message(self, log_entry):
        try:
            return f"Submitted for review: next, {self.step(log_entry, 'next')}"
        except (KeyError, TypeError):
            return "Submitted for review"


class ApprovedFormatter(WorkflowLogFormatter):
    label = "Approved a review step"

    def format_message(self, log_entry):
        try:
            if log_entry.data["workflow"]["next"]:
                return f"Approved in {self.step(log_entry)}: next, {self.step(log_entry, 'next')}"
            return f"Approved in {self.step(log_entry)}: review complete"
        except (KeyError, TypeError):
            return "Approved"


class ChangesRequestedFormatter(WorkflowLogFormatter):
    label = "Requested changes"

    def format_message(self, log_entry):
        try:
            return f"Changes requested in {self.step(log_entry)}"
        except (KeyError, TypeError):
            return "Changes requested"


class ResubmittedFormatter(WorkflowLogFormatter):
    label = "Resubmitted for review"

    def format_message(self, log_entry):
        try:
            return f"Resubmitted to {self.step(log_entry)}"
        except (KeyError, TypeError):
            return "Resubmitted for review"


class WithdrawnFormatter(WorkflowLogFormatter):
    label = "Withdrew from review"

    def format_message(self, log_entry):
        try:
            return f"Withdrawn from review during {self.step(log_entry)}"
        except (KeyError, TypeError):
            return "Withdrawn from review"


WORKFLOW_LOG_ACTIONS = {
    "wagtail.workflow.start": SubmittedFormatter,
    "wagtail.workflow.approve": ApprovedFormatter,
    "wagtail.workflow.reject": ChangesRequestedFormatter,
    "wagtail.workflow.resume": ResubmittedFormatter,
    "wagtail.workflow.cancel": WithdrawnFormatter,
}


def register_workflow_log_actions(actions):
    """Replace Wagtail's formatters for the workflow actions (the hook runs after Wagtail's)."""
    # The history filters list every registered label: drop Wagtail's for these actions.
    actions.choices = [
        choice for choice in actions.choices if choice[0] not in WORKFLOW_LOG_ACTIONS
    ]
    for action, formatter in WORKFLOW_LOG_ACTIONS.items():
        actions.register_action(action)(formatter)
