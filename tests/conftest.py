"""Fixtures every tier shares, and the tiers themselves.

Each test lives in the folder of its tier, which marks it (`pytest -m unit`):
- `unit/`: no servers and no trained model (`make test-unit`);
- `integration/`: the real Rasa and action servers over HTTP and socket.io,
  SQLite, the browser (`make test-integration`);
- `tools/`: smoke tests of the measurement tools (`make test-tools`).

Fixtures: the bundled content, an engine with a predictable "random" choice,
a `CollectingDispatcher`, and the real servers, started once per test run as
`make serve` starts them, on free ports (`running`, `server`). Helpers shared
by test modules are in tests/helpers.py.
"""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.core.content import content as bundled_content
from bot.core.engine import Engine
from bot.paths import DEFAULT_MODEL
from bot.running.supervisor import Servers
from tests.tools.smoke_runs import SMOKE_RUNS, SmokeRuns

TESTS = Path(__file__).parent
TIERS = ("unit", "integration", "tools")
_seconds_by_tier: collections.Counter = collections.Counter()


def tier_of(path: Path) -> str:
    tier = path.resolve().relative_to(TESTS).parts[0]
    if tier not in TIERS:
        raise pytest.UsageError(
            f"{path}: every test belongs in tests/{'|'.join(TIERS)}/"
        )
    return tier


def pytest_collection_modifyitems(items):
    """Marks each test with its tier, and runs the tiers in order: unit
    (fastest feedback), integration, tools."""
    tiers = {item.nodeid: tier_of(Path(item.fspath)) for item in items}
    for item in items:
        item.add_marker(tiers[item.nodeid])
    items.sort(key=lambda item: TIERS.index(tiers[item.nodeid]))


def pytest_collection_finish(session):
    """With tools tests selected, their two long smoke runs start now, at low
    priority, beside the other tiers (tests/tools/smoke_runs.py)."""
    if any(item.get_closest_marker("tools") for item in session.items):
        runs = SmokeRuns()
        runs.start_long_ones()
        session.config.stash[SMOKE_RUNS] = runs


def pytest_sessionfinish(session):
    runs = session.config.stash.get(SMOKE_RUNS, None)
    if runs is not None:
        runs.stop()


def pytest_runtest_logreport(report):
    """Adds each test's set-up, call and tear-down time to its tier (a
    session's servers count for the first test that needs them)."""
    # report.fspath is relative to the rootdir, the folder above tests/.
    _seconds_by_tier[tier_of(TESTS.parent / report.fspath)] += report.duration


def pytest_terminal_summary(terminalreporter):
    if _seconds_by_tier:
        tiers = ", ".join(
            f"{t} {_seconds_by_tier[t]:.0f} s" for t in TIERS if t in _seconds_by_tier
        )
        early = " (the tools' bench and NLU runs start with the session)"
        started_early = SMOKE_RUNS in terminalreporter.config.stash
        terminalreporter.write_line(
            f"Time by tier: {tiers}{early if started_early else ''}"
        )


@pytest.fixture(scope="session")
def content():
    return bundled_content()


@pytest.fixture
def engine(content):
    return Engine(content, choose=lambda options: options[-1], new_seed=lambda: 0)


@pytest.fixture
def dispatcher():
    return CollectingDispatcher()


@pytest.fixture(scope="session")
def running(tmp_path_factory) -> Servers:
    """The Rasa server, its action server and the chat page, running."""
    if not DEFAULT_MODEL.exists():
        pytest.fail(
            f"no trained model at {DEFAULT_MODEL}: run `make train` (make test does it)"
        )
    servers = Servers.in_folder(tmp_path_factory.mktemp("servers"), with_page=True)
    try:
        servers.start()
        servers.wait_until_ready()
        yield servers
    finally:
        servers.stop()


@pytest.fixture(scope="session")
def server(running) -> str:
    """The Rasa server's base URL."""
    return running.url
