"""Habits the repository keeps: the pre-commit hooks run the ruff that `make test` runs."""

import re
import tomllib

import yaml

from tests.paths import PROJECT_ROOT


def test_pre_commit_runs_the_pinned_ruff_check_and_format():
    config = yaml.safe_load((PROJECT_ROOT / ".pre-commit-config.yaml").read_text())
    [ruff] = [repo for repo in config["repos"] if repo["repo"].endswith("/ruff-pre-commit")]
    pinned = re.search(r"^ruff==(\S+)$", (PROJECT_ROOT / "requirements-test.txt").read_text(), re.M)
    assert ruff["rev"] == f"v{pinned.group(1)}"
    assert [hook["id"] for hook in ruff["hooks"]] == ["ruff-check", "ruff-format"]


def test_ruff_flags_stale_noqa_comments():
    ruff = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["ruff"]
    assert "RUF100" in ruff["lint"]["select"]
