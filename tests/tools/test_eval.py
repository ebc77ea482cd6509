"""`make eval` in small: a quick NLU evaluation and a short simulation run
end to end (figures checked for consistency, never for speed). The held-out
set and the reply kinds: tests/unit/test_heldout.py, test_measuring.py."""

from __future__ import annotations

import re
import subprocess
import sys

from bot.measuring.simulate import holdout_utterances
from bot.paths import ROOT


def run(*args, timeout=1200):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_a_quick_nlu_evaluation_reports_consistent_figures(tmp_path):
    result = run("-m", "bot.measuring.nlu_eval", "--quick", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    macro = float(re.search(r"macro F1 ([\d.]+) \(target", out).group(1))
    rows = re.findall(
        r"^\| (\w+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| (\d+) \| (\d+) \|", out, re.M
    )
    assert {name for name, *_ in rows} == set(holdout_utterances()) - {
        "start_scenario:unnamed"
    }
    f1s = [float(f1) for _, _, _, f1, _, _ in rows]
    assert abs(sum(f1s) / len(f1s) - macro) < 0.01, (
        "macro F1 is the mean of the intents' F1"
    )
    assert all(0 <= f <= 1 for f in f1s) and len(set(f1s)) > 1
    assert (tmp_path / "holdout" / "intent_confusion_matrix.png").read_bytes()[
        :4
    ] == b"\x89PNG"
    compared = re.findall(
        r"^\| `([\w/.-]+)` \| .* \| ([\d.]+) \| ([\d.]+) \| .* \|$", out, re.M
    )
    assert [c for c, *_ in compared] == [
        "config.yml",
        "configs/nlu-spacy-logreg.yml",
    ]
    curve = re.search(r"^\| 50% \| ([\d.]+) \| ([\d.]+) \|$", out, re.M)
    assert curve and all(0 < float(v) <= 1 for v in curve.groups())


def test_a_short_simulation_answers_every_turn_with_mostly_the_expected_kind(server):
    result = run("-m", "bot.measuring.simulate", "--walks", "15", "--url", server)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    share = float(
        re.search(r"\*\*([\d.]+)% got the expected kind", result.stdout).group(1)
    )
    assert "turns with no reply at all: 0." in result.stdout
    assert share >= 60, result.stdout
