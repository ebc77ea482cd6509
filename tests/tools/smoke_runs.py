"""The measurement tools' smoke runs, as background processes: the bench and
the NLU evaluation start with the test session (tests/conftest.py) at low CPU
priority, so they use what the unit and integration tiers leave of the
machine's two cores; the short simulation starts when the tools tier needs
the test run's servers (tests/tools/conftest.py). Each tools test waits for
its own run and checks its output."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.paths import ROOT

LOW_PRIORITY = 10  # os.nice increment: the tests in the foreground come first


@dataclass
class SmokeRun:
    """`python -m MODULE ...` running, its output in files in `folder`."""

    process: subprocess.Popen
    folder: Path

    def finished(self, timeout: float = 1200) -> tuple[int, str, str]:
        """Waits for the tool; returns its exit code, output and errors."""
        code = self.process.wait(timeout=timeout)
        return code, self.read("stdout"), self.read("stderr")

    def read(self, name: str) -> str:
        return (self.folder / name).read_text(errors="replace")


@dataclass
class SmokeRuns:
    folder: Path = field(
        default_factory=lambda: Path(tempfile.mkdtemp(prefix="smoke-"))
    )
    runs: dict[str, SmokeRun] = field(default_factory=dict)

    def start(self, name: str, module: str, *args: str) -> None:
        folder = self.folder / name
        folder.mkdir()
        with open(folder / "stdout", "w") as out, open(folder / "stderr", "w") as err:
            process = subprocess.Popen(
                [sys.executable, "-m", module, *args],
                cwd=ROOT,
                stdout=out,
                stderr=err,
                preexec_fn=lambda: os.nice(LOW_PRIORITY),
            )
        self.runs[name] = SmokeRun(process, folder)

    def start_long_ones(self) -> None:
        bench = ["--quick", "--turns", "5", "--users", "2", "--user-turns", "2"]
        self.start("bench", "bot.measuring.bench", *bench)
        out = self.folder / "nlu_eval-results"
        self.start("nlu_eval", "bot.measuring.nlu_eval", "--quick", "--out", str(out))

    def stop(self) -> None:
        """Ends what still runs and removes the outputs."""
        for run in self.runs.values():
            if run.process.poll() is None:
                run.process.kill()
                run.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


# Where the session keeps its smoke runs (pytest's config.stash).
SMOKE_RUNS = pytest.StashKey[SmokeRuns]()
