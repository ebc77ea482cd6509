"""A small `make bench --quick` (so it cannot rot; started by smoke_runs.py):
the starter bot trained (one epoch), both bots started and measured, the
table printed with every row. Timings are not asserted."""

from __future__ import annotations


def test_a_small_bench_runs_both_bots_and_prints_the_table(smoke_runs):
    code, stdout, stderr = smoke_runs.runs["bench"].finished()
    assert code == 0, stderr[-3000:]
    rows = [line for line in stdout.splitlines() if line.startswith("| ")]
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
    latency = [
        cell.strip() for cell in next(r for r in rows if "1 user, p50" in r).split("|")
    ]
    assert latency[5].endswith(("met", "MISSED")), "measured against the starter bot"
    assert latency[6].endswith("ms"), (
        "and against the starter bot on the same Rasa fixes"
    )
