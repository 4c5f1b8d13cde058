"""`make bench-pages` (bench/pages.py): the parts that need no server, database or wrk run."""

import argparse
import os

import pytest

from bench import floor, table, wrk
from bench.pages import Measurement, page_table, server_env, targets
from bench.servers import rss_mb, status_field

WRK_OUTPUT = """\
Running 10s test @ http://127.0.0.1:40001/blog/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    41.20ms   12.03ms 151.18ms   85.85%
    Req/Sec    97.10     17.37   130.00     70.00%
  1942 requests in 10.01s, 68.65MB read
  Non-2xx or 3xx responses: 3
Requests/sec:    194.01
Transfer/sec:      6.86MB
kinship-bench requests=1942 duration_us=10010000 bytes=71985960 p50_us=40512 p99_us=120007 \
status_errors=3 socket_errors=1
"""


def args(**overrides):
    defaults = {
        "duration": 10,
        "connections": 8,
        "database_url": "postgres://postgres@127.0.0.1:5432/kinship_bench_pages",
        "redis_url": "redis://127.0.0.1:6379/9",
    }
    return argparse.Namespace(**{**defaults, **overrides})


def result(rps, p50_ms=10.0, p99_ms=40.0):
    return wrk.Result(
        requests=int(rps * 10),
        seconds=10.0,
        bytes=0,
        p50_ms=p50_ms,
        p99_ms=p99_ms,
        status_errors=0,
        socket_errors=0,
    )


def measurement(page, mode, rps, p50_ms=10.0):
    return Measurement(page, mode, "/", 200, 30_000, "hit", 4, result(rps), result(rps, p50_ms))


def test_the_floor_answers_a_fixed_20_kb_html_page():
    answers = []

    def start_response(status, headers):
        answers.append((status, headers))

    body = b"".join(floor.application({}, start_response))

    [(status, headers)] = answers
    assert status == "200 OK"
    assert len(body) == 20 * 1024
    assert dict(headers)["Content-Length"] == str(len(body))
    assert dict(headers)["Content-Type"].startswith("text/html")
    assert body.startswith(b"<!doctype html>") and body.endswith(b"</html>\n")


def test_wrk_results_are_read_from_the_report_line():
    parsed = wrk.parse(WRK_OUTPUT)

    assert parsed.requests == 1942
    assert parsed.seconds == pytest.approx(10.01)
    assert parsed.rps == pytest.approx(194.0, abs=0.1)
    assert (parsed.p50_ms, parsed.p99_ms) == (40.512, 120.007)
    assert (parsed.status_errors, parsed.socket_errors) == (3, 1)


def test_wrk_output_without_the_report_line_is_an_error():
    with pytest.raises(ValueError, match="kinship-bench"):
        wrk.parse(WRK_OUTPUT.rsplit("kinship-bench", 1)[0])


def test_the_report_script_prints_what_parse_reads():
    for key in ("requests", "duration_us", "p50_us", "p99_us", "status_errors"):
        assert f"{key}=" in wrk.REPORT_SCRIPT


@pytest.mark.parametrize(("connections", "threads"), [(1, 1), (8, 2)])
def test_wrk_never_runs_more_threads_than_connections(connections, threads):
    arguments = wrk.command("http://127.0.0.1:1/", connections, 10, "report.lua")

    assert f"--threads={threads}" in arguments
    assert f"--connections={connections}" in arguments
    assert "--duration=10s" in arguments


def test_markdown_table_pads_columns_and_right_aligns_numbers():
    printed = table.markdown_table(
        ["page", "RPS"], [["home", "1,234"], ["article", "56"]], right={"RPS"}
    )

    assert printed.splitlines() == [
        "| page    |   RPS |",
        "| ------- | ----: |",
        "| home    | 1,234 |",
        "| article |    56 |",
    ]


def test_numbers_are_shown_to_a_useful_precision():
    assert table.ms(4.26) == "4.3"
    assert table.ms(1234.4) == "1234"
    assert table.ms(None) == "–"
    assert table.rps(3730.4) == "3,730"
    assert table.rps(2.25) == "2.2"
    assert table.kilobytes(20 * 1024) == "20.0 KB"
    assert table.ratio(1865, 3730) == "50.0%"


def test_the_page_table_shows_each_page_as_a_share_of_the_floor():
    floor_row = Measurement("floor", "at the start", "/", 200, 20480, None, None)
    floor_row.loaded = floor_row.single = result(4000)
    rows = page_table([floor_row], [measurement("article", "cached", 1000)], 4000).splitlines()

    assert rows[0].startswith("| page ")
    assert "| floor " in rows[2] and "100.0%" in rows[2]
    assert "| article " in rows[3] and "25.0%" in rows[3] and "| hit " in rows[3]


def test_targets_name_the_cached_pages_below_half_the_floor():
    measurements = [
        measurement("home", "cached", 3000),
        measurement("tag", "cached", 1000),
        measurement("article", "cached", 2500),
        measurement("article", "uncached", 40, p50_ms=31.0),
    ]
    memory = {"floor": [(1, 30.0)], "cached": [(2, 110.0)], "uncached": [(3, 125.0)]}

    lines = targets(args(), measurements, 4000, memory, posts=500)

    assert "not met by tag" in lines[1]
    assert "31.0 ms, not met (measured at 500 posts, not 10,000)" in lines[2]
    assert "largest 125 MB, not met" in lines[3]


def test_only_the_uncached_server_switches_the_page_cache_off(monkeypatch, tmp_path):
    monkeypatch.setenv("KINSHIP_PAGE_CACHE", "0")

    cached, uncached = (server_env(args(), tmp_path, mode) for mode in ("cached", "uncached"))

    assert "KINSHIP_PAGE_CACHE" not in cached
    assert uncached["KINSHIP_PAGE_CACHE"] == "0"
    for env in (cached, uncached):
        assert env["DJANGO_SETTINGS_MODULE"] == "bench.settings"
        assert env["REDIS_URL"] == "redis://127.0.0.1:6379/9"
        assert env["SECURE_COOKIES"] == "0"
        assert env["SECRET_KEY"] and env["ALLOWED_HOSTS"]


def test_worker_memory_is_read_from_proc_status():
    assert status_field("Name:\tgunicorn\nVmRSS:\t  102400 kB\n", "VmRSS") == "102400 kB"
    assert status_field("Name:\tgunicorn\n", "VmRSS") is None
    assert rss_mb(os.getpid()) > 1
