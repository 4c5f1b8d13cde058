"""Running wrk and reading its result, for `make bench-pages`.

wrk's own summary prints rounded figures with units ("1.90k", "113.52ms"); a Lua `done` hook
prints the exact counts and the latency percentiles in microseconds on one line instead, which
is what `parse` reads. The hook only runs once, at the end, so it costs nothing per request
(a `response` hook would make wrk parse every response in Lua and slow it down).
"""

import re
import subprocess
from dataclasses import dataclass

MARKER = "kinship-bench"
REPORT_SCRIPT = f"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "{MARKER} requests=%.0f duration_us=%.0f bytes=%.0f p50_us=%.0f p99_us=%.0f "
    .. "status_errors=%.0f socket_errors=%.0f\\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""
# Longer than any page takes, so a slow response is measured instead of dropped as a timeout
# (wrk's default is 2 s); gunicorn's own worker timeout is 30 s.
TIMEOUT = "30s"


@dataclass(frozen=True)
class Result:
    requests: int
    seconds: float
    bytes: int
    p50_ms: float
    p99_ms: float
    # Answers that were not 2xx or 3xx, and connect, read, write or timeout errors.
    status_errors: int
    socket_errors: int

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0


def parse(output):
    """The Result in wrk's output, from the line the report script prints."""
    for line in output.splitlines():
        if line.startswith(MARKER + " "):
            values = dict(re.findall(r"(\w+)=(\d+)", line))
            return Result(
                requests=int(values["requests"]),
                seconds=int(values["duration_us"]) / 1e6,
                bytes=int(values["bytes"]),
                p50_ms=int(values["p50_us"]) / 1000,
                p99_ms=int(values["p99_us"]) / 1000,
                status_errors=int(values["status_errors"]),
                socket_errors=int(values["socket_errors"]),
            )
    raise ValueError(f"wrk printed no {MARKER} line:\n{output}")


def command(url, connections, seconds, script):
    """wrk's arguments: one thread per connection up to two (this is a two-core machine kind,
    and wrk's threads compete with the server's workers for them)."""
    return [
        "wrk",
        f"--threads={min(connections, 2)}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        f"--timeout={TIMEOUT}",
        f"--script={script}",
        url,
    ]


def run(url, connections, seconds, script):
    completed = subprocess.run(
        command(url, connections, seconds, script),
        capture_output=True,
        text=True,
        check=False,
        timeout=seconds + 60,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"wrk failed on {url}:\n{completed.stdout}{completed.stderr}")
    return parse(completed.stdout)
