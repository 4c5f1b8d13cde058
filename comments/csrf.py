"""CSRF for signed-in users only, so the pages that carry readers' forms can be cached.

An anonymous reader's post has no session to ride on: a forged one is no more than the
attacker posting it themselves, and the comment form's signed hash, timestamp and honeypot
still apply. Rendering a CSRF token would set a cookie on every article and make it
uncacheable. A signed-in user (a moderator replying, an editor reporting) is never served a
cached page, gets the token in the form and has it checked.
"""

from functools import wraps

from django.views.decorators.csrf import csrf_exempt, csrf_protect


def csrf_for_signed_in(view):
    protected = csrf_protect(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated:
            return protected(request, *args, **kwargs)
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)
