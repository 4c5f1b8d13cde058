"""What the article template needs to show comments and the comment form."""

from django.conf import settings

from .forms import ReaderCommentForm
from .models import CommentPolicy
from .posting import comments_open
from .tree import comment_tree


def comment_context(page, request):
    policy = CommentPolicy.for_request(request)
    newest_first = request.GET.get("comments") == "newest"
    tree = comment_tree(page, newest_first=newest_first)
    reply_to = request.GET.get("reply_to", "")
    replying_to = None
    if reply_to.isdigit():
        replying_to = _find(tree, int(reply_to))
    form = None
    is_open = comments_open(page, policy)
    if is_open and page.pk and not getattr(request, "is_preview", False):
        initial = {"reply_to": replying_to.comment.pk} if replying_to else {}
        # Anonymous readers may be served this page from the cache: they get the shared form.
        form = ReaderCommentForm(page, initial=initial, shared=not request.user.is_authenticated)
    return {
        "comment_tree": tree,
        "comment_count": _count(tree),
        "comment_form": form,
        "comments_open": is_open,
        "comments_newest_first": newest_first,
        "replying_to": replying_to,
        "comment_policy": policy,
        "max_comment_level": settings.COMMENTS_XTD_MAX_THREAD_LEVEL,
    }


def _find(nodes, pk):
    for node in nodes:
        if node.comment.pk == pk:
            return node
        found = _find(node.children, pk)
        if found:
            return found
    return None


def _count(nodes):
    return sum(1 + _count(node.children) for node in nodes)
