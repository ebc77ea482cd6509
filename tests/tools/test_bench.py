"""A small `make bench --quick` (so it cannot rot): the starter bot trained
(one epoch), both bots started and measured, the table printed with every
row. Timings are not asserted."""

from __future__ import annotations

import subprocess
import sys

from bot.paths import ROOT


def test_a_small_bench_runs_both_bots_and_prints_the_table():
    bench = ["-m", "bot.measuring.bench", "--quick", "--turns", "5", "--users", "2"]
    result = subprocess.run(
        [sys.executable, *bench, "--user-turns", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    names = [row.split("|")[1].strip() for row in rows[1:]]
    assert names == [
        "training from scratch",
        "start-up to ready",
        "Rasa server memory (RSS)",
        "action server memory (RSS)",
        "latency, 1 user, p50",
        "latency, 1 user, p95",
        "throughput, 2 users",
        "latency, 2 users, p95",
        "training under 4 minutes",
    ]
    memory = [
        float(cell.split()[0])
        for row in rows
        if "memory" in row
        for cell in row.split("|")
        if "MB" in cell
    ]
    assert len(memory) == 4 and all(mb > 50 for mb in memory), (
        "memory read from /proc for the three Rasa servers and ours"
    )
    latency = next(row for row in rows if "1 user, p50" in row).split("|")
    assert latency[5].strip().endswith(("met", "MISSED")) and latency[
        6
    ].strip().endswith("ms"), "both yardsticks measured"
