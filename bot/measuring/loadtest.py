"""A bounded load test: many simulated users practising at once over REST,
then a check that every message was answered and every event stored.

    python -m bot.measuring.loadtest [--users 50] [--turns 20]     (`make load`)

starts its own servers on free ports with a fresh SQLite file, runs the users
(each in its own thread, one message at a time, as a person would), prints
throughput and latency, and exits non-zero on any error, unanswered message
or missing event. `tests/test_load.py` runs a small one in `make test`.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bot.core.content import content
from bot.core.engine import start_payload
from bot.measuring.command_line import at_least_one, tool_parser
from bot.running.processes import ServerError
from bot.running.rest_client import RestClient
from bot.running.supervisor import Servers


@dataclass
class UserRun:
    sender: str
    latencies: list[float] = field(default_factory=list)
    sent: int = 0
    bot_messages: int = 0
    errors: list[str] = field(default_factory=list)
    unanswered: int = 0


@dataclass
class LoadResult:
    runs: list[UserRun]
    seconds: float

    @property
    def latencies(self) -> list[float]:
        return sorted(t for run in self.runs for t in run.latencies)

    @property
    def messages(self) -> int:
        return sum(run.sent for run in self.runs)

    @property
    def errors(self) -> list[str]:
        return [e for run in self.runs for e in run.errors]

    @property
    def unanswered(self) -> int:
        return sum(run.unanswered for run in self.runs)

    def percentile(self, share: float) -> float:
        values = self.latencies
        return values[min(len(values) - 1, int(share * len(values)))] if values else 0.0

    def summary(self) -> str:
        return "\n".join(
            [
                f"users: {len(self.runs)}, messages: {self.messages}, "
                f"errors: {len(self.errors)}, unanswered: {self.unanswered}",
                f"throughput: {self.messages / self.seconds:.1f} messages/s "
                f"over {self.seconds:.1f} s",
                f"latency: p50 {self.percentile(0.5) * 1000:.0f} ms, "
                f"p95 {self.percentile(0.95) * 1000:.0f} ms, "
                f"mean {statistics.mean(self.latencies or [0]) * 1000:.0f} ms, "
                f"max {max(self.latencies or [0]) * 1000:.0f} ms",
            ]
        )


def script(user: int, turns: int) -> list[str]:
    """What one user says: a role-play (scenarios and characters in turn),
    answered with the coach's own suggestions, asking the coach now and then;
    when it ends, the next one."""
    scenarios = list(content().scenarios.values())
    lines: list[str] = []
    round_ = 0
    while len(lines) < turns:
        scenario = scenarios[(user + round_) % len(scenarios)]
        character = scenario.characters[(user + round_) % len(scenario.characters)]
        lines.append(start_payload(scenario.id, character.id))
        for question in scenario.questions:
            lines += ["what should I say?", question.suggestions[0].text]
        lines.append("stop")
        round_ += 1
    return lines[:turns]


def simulate(url: str, sender: str, lines: list[str], timeout: float = 60) -> UserRun:
    run = UserRun(sender)
    with RestClient(url, timeout) as client:
        for text in lines:
            started = time.perf_counter()
            try:
                replies = client.send(sender, text)
                failure = None
            except requests.HTTPError as error:  # answered, with an error status
                failure = f"HTTP {error.response.status_code}"
            except requests.RequestException as error:  # not answered at all
                run.errors.append(f"{sender}: {type(error).__name__}")
                continue
            run.latencies.append(time.perf_counter() - started)
            run.sent += 1
            if failure:
                run.errors.append(f"{sender}: {failure}")
                continue
            run.bot_messages += len(replies)
            run.unanswered += not replies
    return run


def run_load(
    url: str,
    users: int,
    turns: int,
    lines_for: Callable[[int, int], list[str]] = script,
) -> LoadResult:
    """`users` users at once, each sending `lines_for(user, turns)`."""
    prefix = f"load-{uuid.uuid4().hex[:8]}"
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=users) as pool:
        futures = [
            pool.submit(simulate, url, f"{prefix}-{i}", lines_for(i, turns))
            for i in range(users)
        ]
        runs = [f.result() for f in futures]
    return LoadResult(runs, time.perf_counter() - started)


def missing_events(database: Path, result: LoadResult) -> dict[str, str]:
    """Conversations whose stored user or bot events differ from what was
    sent and received (SQLite tracker store)."""
    problems: dict[str, str] = {}
    with sqlite3.connect(database) as db:
        for run in result.runs:
            counts = dict(
                db.execute(
                    "select type_name, count(*) from events "
                    "where sender_id = ? and type_name in ('user', 'bot') "
                    "group by type_name",
                    (run.sender,),
                ).fetchall()
            )
            stored = (counts.get("user", 0), counts.get("bot", 0))
            if stored != (run.sent, run.bot_messages):
                problems[run.sender] = (
                    f"stored {stored[0]} user / {stored[1]} bot events, "
                    f"sent {run.sent} / got {run.bot_messages}"
                )
    return problems


def main(argv=None) -> int:
    parser = tool_parser("bot.measuring.loadtest", __doc__)
    option = parser.add_argument
    option("--users", type=at_least_one, default=50, help="simulated users at once")
    option("--turns", type=at_least_one, default=20, help="messages each user sends")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="load-") as folder:
        servers = Servers.in_folder(Path(folder))
        database = servers.tracker_db
        print(f"Starting servers on free ports (database {database})...", flush=True)
        try:
            with servers:
                servers.wait_until_ready(progress=True)
                print(f"{args.users} users x {args.turns} messages...", flush=True)
                result = run_load(servers.url, args.users, args.turns)
        except ServerError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        problems = missing_events(database, result)
    print(result.summary())
    print(
        f"stored: {'every event' if not problems else json.dumps(problems, indent=1)}"
    )
    for error in result.errors[:10]:
        print(f"error: {error}", file=sys.stderr)
    return 1 if result.errors or result.unanswered or problems else 0


if __name__ == "__main__":
    sys.exit(main())
