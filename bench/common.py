"""Shared helpers of the bench scripts: find the installed ``cfund``, run a command and read its
wall time and peak memory (from ``wait4``, so the figure is the process's own), format rows."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path


def cfund_exe() -> str:
    found = shutil.which("cfund", path=str(Path(sys.executable).parent)) or shutil.which("cfund")
    if not found:
        sys.exit("cfund is not installed in this environment (run make test or pip install -e .)")
    return found


def run_once(cmd: list[str], env: dict[str, str] | None = None, *, check: bool = True) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (KiB) and stderr of one run of ``cmd``."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if check and proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed with exit code {proc.returncode}: {err[-500:]}")
    return elapsed, usage.ru_maxrss, err


def measure(cmd: list[str], runs: int, env: dict[str, str] | None = None) -> tuple[list[float], int]:
    """Wall times of ``runs`` runs (after one warm-up) and the largest peak RSS in KiB."""
    run_once(cmd, env)
    results = [run_once(cmd, env) for _ in range(runs)]
    return [t for t, _, _ in results], max(rss for _, rss, _ in results)


def machine() -> str:
    return f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
