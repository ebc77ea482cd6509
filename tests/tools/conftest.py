"""The tools' smoke runs start together, when the first tools test asks for
them, and each test waits for its own: the bench and the NLU evaluation each
keep about one of the machine's two cores busy, so the tier takes about as
long as the longest run rather than the sum."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.paths import ROOT


@dataclass
class SmokeRun:
    """`python -m MODULE ...` running, its output in files in `folder`."""

    process: subprocess.Popen
    folder: Path

    def finished(self, timeout: float = 1200) -> tuple[int, str, str]:
        """Waits for the tool; returns its exit code, output and errors."""
        code = self.process.wait(timeout=timeout)
        read = (self.folder / "stdout").read_text, (self.folder / "stderr").read_text
        return code, read[0](), read[1]()


def start(module: str, args: list[str], folder: Path) -> SmokeRun:
    folder.mkdir()
    with open(folder / "stdout", "w") as out, open(folder / "stderr", "w") as err:
        command = [sys.executable, "-m", module, *args]
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err)
    return SmokeRun(process, folder)


@pytest.fixture(scope="session")
def smoke_runs(tmp_path_factory, server) -> dict[str, SmokeRun]:
    """The bench, the NLU evaluation and 15 simulated users (on the test
    run's servers), all started now."""
    folder = tmp_path_factory.mktemp("smoke-runs")
    bench = ["--quick", "--turns", "5", "--users", "2", "--user-turns", "2"]
    nlu_eval = ["--quick", "--out", str(folder / "nlu_eval" / "results")]
    simulate = ["--walks", "15", "--url", server]
    runs = {
        "bench": start("bot.measuring.bench", bench, folder / "bench"),
        "nlu_eval": start("bot.measuring.nlu_eval", nlu_eval, folder / "nlu_eval"),
        "simulate": start("bot.measuring.simulate", simulate, folder / "simulate"),
    }
    yield runs
    for run in runs.values():
        if run.process.poll() is None:
            run.process.kill()
            run.process.wait()
