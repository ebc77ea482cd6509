"""The tools tier's fixture: the smoke runs (tests/tools/smoke_runs.py), with
the short simulation and the small listening evaluation started on the test
run's servers."""

from __future__ import annotations

import pytest

from tests.tools.smoke_runs import SMOKE_RUNS, SmokeRuns


@pytest.fixture(scope="session")
def smoke_runs(request, server) -> SmokeRuns:
    runs = request.config.stash[SMOKE_RUNS]
    runs.start("simulate", "bot.measuring.simulate", "--walks", "15", "--url", server)
    runs.start(
        "listening",
        "bot.measuring.listening_eval",
        "--per-character",
        "1",
        "--url",
        server,
    )
    return runs
