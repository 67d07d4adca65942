"""The installed ``cfund`` as a shell runs it: both languages, the demo twice, a GBK console,
and the project commands listed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.cli.commands.test_project import TRIGGERS
from tests.helpers.cli import installed_cfund


def test_the_installed_command_speaks_both_languages(tmp_path: Path) -> None:
    exe = installed_cfund()
    env = {**os.environ, "CFUND_DB": str(tmp_path / "sub.db")}
    zh = subprocess.run([exe, "--help"], capture_output=True, text=True, env=env, check=True)
    en = subprocess.run([exe, "--lang", "en", "ledger", "--help"], capture_output=True, text=True, env=env, check=True)
    assert "社区基金" in zh.stdout and "Record a donation" in en.stdout
    init = subprocess.run([exe, "init", "--admin", "a"], capture_output=True, text=True, env=env)
    assert init.returncode == 0
    bad = subprocess.run(
        [exe, "--as", "a", "ledger", "donate", "--donor", "x", "--amount", "1", "--fund", "community"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_the_demo_runs_in_a_fresh_database_and_can_run_again(tmp_path: Path) -> None:
    exe = installed_cfund()
    for _ in range(2):
        done = subprocess.run([exe, "demo", "--out", str(tmp_path)], capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stderr
        assert "1002,银行存款" in done.stdout and "community,社区基金" in done.stdout
        assert "张凭证" in done.stderr and str(tmp_path / "cfund-demo.db") in done.stderr
        assert "disclosed,已公开,Disclosed," in done.stdout and "stage,stage_zh,stage_en,projects" in done.stdout


def test_a_gbk_console_gets_the_error_not_a_crash(tmp_path: Path) -> None:
    exe = installed_cfund()
    env = {**os.environ, "CFUND_DB": str(tmp_path / "gbk.db"), "PYTHONIOENCODING": "gbk"}
    subprocess.run([exe, "init", "--admin", "a"], capture_output=True, env=env, check=True)
    bad = subprocess.run(
        [exe, "--as", "a", "ledger", "donate", "--donor", "x", "--amount", "abc", "--fund", "community"],
        capture_output=True,
        env=env,
    )
    message = bad.stderr.decode("gbk")
    assert bad.returncode == 2 and "Traceback" not in message and "1,234.56" in message


def test_the_installed_command_lists_every_project_command(tmp_path: Path) -> None:
    env = {**os.environ, "CFUND_DB": str(tmp_path / "none.db")}
    done = subprocess.run(
        [installed_cfund(), "--lang", "en", "project", "--help"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    listed = done.stdout.split("Commands:", 1)[1].split("\n")
    names = {x.split()[0] for x in listed if x.startswith("  ") and x.split()}
    assert names == {
        *TRIGGERS,
        "vote",
        "correct",
        "report",
        "contribute",
        "reverse-tranche",
        "list",
        "show",
        "history",
        "actions",
        "diagram",
    }
    assert "Micro-projects" in done.stdout and not (tmp_path / "none.db").exists()
