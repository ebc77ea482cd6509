"""`make bench`: speed and size side by side with Rasa's own starter bot
(`rasa init`, made and trained in a temporary folder by this script), on the
same machine in the same run, so the figures are ratios that survive a noisy
machine.

    python -m bot.measuring.bench [--turns 100] [--users 20] [--user-turns 20]
        [--write-docs]

Measures, for both: training from scratch, start-up to ready, resident memory
of the Rasa server (and of our action server), per-turn REST latency for one
user (p50, p95; ours with its custom actions and SQLite store), and
throughput and p95 with several users at once. The starter bot runs twice:
on stock Rasa (the yardstick of the targets) and on Rasa with this
project's speed fixes (bot/rasa_server/rasa_internals.py, which our server runs on),
so the table shows what the fixes do for any bot. Prints a table; with
--write-docs also writes it into docs/performance.md with the date and
commit. Timings are reported, never asserted.

--quick is a smoke run of every step (tests/tools/test_bench.py): our trained
model is reused (training not measured) and the starter bot, made from
`rasa init`'s template, trains for one epoch. Its figures mean nothing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bot.measuring.command_line import add_write_docs, at_least_one, tool_parser
from bot.measuring.loadtest import LoadResult, run_load, script
from bot.measuring.report_docs import stamp, write_section
from bot.paths import DEFAULT_MODEL, ROOT
from bot.running.processes import (
    HOST,
    ServerError,
    free_port,
    quiet_env,
    rasa_command,
    run_rasa,
    wait_until_answering,
)
from bot.running.supervisor import Servers

DOCS = ROOT / "docs" / "performance.md"
# What a user says to the starter bot (its moodbot stories), in turn.
STARTER_LINES = [
    "hi",
    "I am sad",
    "yes",
    "great, thanks",
    "are you a bot?",
    "goodbye",
    "hello",
    "very good",
]
TARGETS = {  # ours / starter, from issue 6
    "latency_p50": 1.3,
    "latency_p95": 1.3,
    "throughput": 0.8,
    "rasa_rss": 1.2,
}


@dataclass
class Measures:
    training_s: float | None  # None: not measured (--quick)
    ready_s: float
    rasa_rss_mb: float
    actions_rss_mb: float | None
    single: LoadResult
    concurrent: LoadResult


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, from /proc."""
    total = 0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(
                next(
                    line.split()[1]
                    for line in status.splitlines()
                    if line.startswith("VmRSS:")
                )
            )
            children = (
                Path(f"/proc/{current}/task/{current}/children").read_text().split()
            )
        except (OSError, StopIteration):
            continue
        pids += [int(child) for child in children]
    return total / 1024


def starter_lines(user: int, turns: int) -> list[str]:
    return [STARTER_LINES[(user + i) % len(STARTER_LINES)] for i in range(turns)]


def make_starter(folder: Path, quick: bool) -> tuple[Path, float]:
    """Rasa's starter bot in `folder`/starter, trained; returns it and the
    seconds its training took. `rasa init` makes and trains it; with `quick`,
    `rasa init`'s template is trained with one epoch per model instead."""
    project = folder / "starter"
    if not quick:
        print("==> Rasa's starter bot: rasa init (creates and trains it)", flush=True)
        project.mkdir()
        init = ["init", "--no-prompt", "--init-dir", str(project)]
        return project, run_rasa(init, folder / "init.log", cwd=folder)
    from rasa.cli.scaffold import scaffold_path

    print("==> Rasa's starter bot, one epoch (--quick)", flush=True)
    shutil.copytree(scaffold_path(), project)
    config = project / "config.yml"
    # The template lists its default models commented out: the same, 1 epoch.
    text = re.sub(r"^#(   .*)$", r"\1", config.read_text(), flags=re.M)
    config.write_text(text.replace("epochs: 100", "epochs: 1"))
    return project, run_rasa(["train"], folder / "init.log", cwd=project)


@dataclass(frozen=True)
class Sizes:
    turns: int  # one user's messages, for the latency
    users: int  # users at once, for the throughput
    user_turns: int  # messages each of those sends


def measure_starter(
    folder: Path, sizes: Sizes, quick: bool
) -> tuple[Measures, Measures]:
    """The starter bot on stock Rasa (the yardstick), then on Rasa with this
    project's speed fixes (bot/rasa_server/rasa_internals.py), so the fixes'
    share is visible. A one-epoch starter (`quick`) may leave messages
    unanswered; the real one answers every message."""
    project, training = make_starter(folder, quick)
    stock = _measure_starter_on(project, [rasa_command()], training, sizes, quick)
    print("==> Rasa's starter bot again, on Rasa with our speed fixes", flush=True)
    ours_rasa = [sys.executable, "-m", "bot.rasa_server"]
    return stock, _measure_starter_on(project, ours_rasa, training, sizes, quick)


def _measure_starter_on(
    project: Path, rasa: list[str], training: float, sizes: Sizes, quick: bool
) -> Measures:
    port = free_port()
    started = time.monotonic()
    process = subprocess.Popen(
        [*rasa, "run", "--interface", HOST, "--port", str(port), "--model", "models"],
        cwd=project,
        env={**quiet_env(), "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        url = f"http://{HOST}:{port}"
        wait_until_answering({"starter bot": url + "/"}, [process], poll_seconds=0.2)
        ready = time.monotonic() - started
        single, concurrent = _load(url, sizes, starter_lines, must_answer=not quick)
        return Measures(training, ready, rss_mb(process.pid), None, single, concurrent)
    finally:
        process.terminate()
        process.wait(timeout=30)


def measure_ours(folder: Path, sizes: Sizes, quick: bool) -> Measures:
    """This assistant, trained from scratch (with `quick`: `make train`'s model)."""
    model, training = DEFAULT_MODEL, None
    if not quick:
        print("==> This assistant: rasa train --force", flush=True)
        out = folder / "ours"
        named = ["--fixed-model-name", "assistant", "--out", str(out)]
        training = run_rasa(["train", "--force", *named], folder / "train.log")
        model = out / "assistant.tar.gz"
    elif not model.exists():
        raise ServerError(f"no trained model at {model}: run `make train` first")
    with Servers.in_folder(folder, model=model) as servers:
        ready = servers.wait_until_ready()
        by_name = {p.name: p for p in servers.processes}  # type: ignore[attr-defined]
        rasa, actions = rss_mb(by_name["rasa"].pid), rss_mb(by_name["actions"].pid)
        single, concurrent = _load(servers.url, sizes, script, must_answer=True)
        return Measures(training, ready, rasa, actions, single, concurrent)


def _load(
    url: str, sizes: Sizes, lines_for, must_answer: bool
) -> tuple[LoadResult, LoadResult]:
    """One user alone, then several at once; raises ServerError on an error
    (or, with `must_answer`, a message left unanswered)."""
    run_load(url, 1, 5, lines_for)  # warm-up: first parses load lazily
    single = run_load(url, 1, sizes.turns, lines_for)
    concurrent = run_load(url, sizes.users, sizes.user_turns, lines_for)
    for result in (single, concurrent):
        if result.errors or (must_answer and result.unanswered):
            raise ServerError(
                f"{url}: {len(result.errors)} errors, {result.unanswered} unanswered"
            )
    return single, concurrent


def table(ours: Measures, starter: Measures, fixed: Measures, users: int) -> str:
    """Ours against the starter bot on stock Rasa (the targets' yardstick) and
    against the starter bot on the same fixed Rasa as ours."""

    def figure(value: float | None, unit: str) -> str:
        if value is None:
            return "not measured"
        return f"{value:.{0 if unit == 'ms' else 1}f} {unit}"

    def row(
        name, measure, unit, target_key=None, higher_is_better=False, compare_fixed=True
    ):
        mine, theirs, theirs_fixed = measure(ours), measure(starter), measure(fixed)
        ratio = mine / theirs if mine is not None and theirs else float("nan")
        target = ""
        if target_key:
            limit = TARGETS[target_key]
            met = ratio >= limit if higher_is_better else ratio <= limit
            target = (
                f"{'≥' if higher_is_better else '≤'} {limit}× "
                f"{'met' if met else 'MISSED'}"
            )
        same_rasa = (
            f"{figure(theirs_fixed, unit)} | {mine / theirs_fixed:.2f}×"
            if compare_fixed
            else " | "
        )
        return (
            f"| {name} | {figure(mine, unit)} | {figure(theirs, unit)} | "
            f"{ratio:.2f}× | {target} | {same_rasa} |"
        )

    lines = [
        (
            "| measure | this assistant | starter bot | ratio | target | "
            "starter bot, same Rasa fixes | ratio |"
        ),
        "|---|---:|---:|---:|---|---:|---:|",
        row("training from scratch", lambda m: m.training_s, "s", compare_fixed=False),
        row("start-up to ready", lambda m: m.ready_s, "s"),
        row("Rasa server memory (RSS)", lambda m: m.rasa_rss_mb, "MB", "rasa_rss"),
        f"| action server memory (RSS) | {ours.actions_rss_mb:.1f} MB | none | | | | |",
        row(
            "latency, 1 user, p50",
            lambda m: m.single.percentile(0.5) * 1000,
            "ms",
            "latency_p50",
        ),
        row(
            "latency, 1 user, p95",
            lambda m: m.single.percentile(0.95) * 1000,
            "ms",
            "latency_p95",
        ),
        row(
            f"throughput, {users} users",
            lambda m: m.concurrent.messages / m.concurrent.seconds,
            "msg/s",
            "throughput",
            higher_is_better=True,
        ),
        row(
            f"latency, {users} users, p95",
            lambda m: m.concurrent.percentile(0.95) * 1000,
            "ms",
        ),
    ]
    if ours.training_s is None:
        training_note = ""
    else:
        training_note = "met" if ours.training_s < 240 else "MISSED"
    lines.append(
        f"| training under 4 minutes | {figure(ours.training_s, 's')} | | | "
        f"{training_note} | | |"
    )
    return "\n".join(lines)


def write_docs(text: str, settings: dict[str, int]) -> None:
    write_section(
        DOCS, "bench", f"{stamp('make bench')}, settings {settings}:\n\n{text}"
    )


def main(argv=None) -> int:
    parser = tool_parser("bot.measuring.bench", __doc__)
    option = parser.add_argument
    option("--turns", type=at_least_one, default=100, help="one user's messages")
    option("--users", type=at_least_one, default=20, help="users at once")
    option("--user-turns", type=at_least_one, default=20, help="messages of each")
    option("--quick", action="store_true", help="smoke run: 1-epoch starter bot")
    add_write_docs(parser, DOCS)
    args = parser.parse_args(argv)
    if args.quick and args.write_docs:
        parser.error("--quick figures are not measurements: no --write-docs with it")
    settings = {"turns": args.turns, "users": args.users, "user_turns": args.user_turns}
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        try:
            sizes = Sizes(args.turns, args.users, args.user_turns)
            starter, fixed = measure_starter(Path(folder), sizes, args.quick)
            ours = measure_ours(Path(folder), sizes, args.quick)
        except ServerError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    text = table(ours, starter, fixed, args.users)
    print(text)
    if args.write_docs:
        write_docs(text, settings)
        print(f"Written to {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
