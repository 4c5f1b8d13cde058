#!/usr/bin/env python
"""Container healthcheck for the web service: exit 0 when the app answers over HTTP.

Any response below 500 counts as healthy (the process is up and Django handled the request);
5xx, a refused connection or a timeout is unhealthy. Redirects are not followed, so an absolute
redirect to the public host never leaves the container. The Host header is the first entry of
ALLOWED_HOSTS, so a site configured for its public name still passes Django's host check.
The default target is /healthz, which also checks the database; a path argument (compose passes
/readyz, which also checks the cache) or HEALTHCHECK_URL overrides it.
"""

import os
import sys
import urllib.error
import urllib.request


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def main() -> int:
    url = os.environ.get("HEALTHCHECK_URL", "http://127.0.0.1:8000/healthz")
    if len(sys.argv) > 1:
        url = "http://127.0.0.1:8000" + sys.argv[1]
    headers = {"User-Agent": "kinship-healthcheck"}
    hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
    if hosts and hosts[0] != "*" and not hosts[0].startswith("."):
        headers["Host"] = hosts[0]
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=5) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError as error:
        print(f"healthcheck: {url}: {error}", file=sys.stderr)
        return 1
    if status >= 500:
        print(f"healthcheck: {url}: HTTP {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
