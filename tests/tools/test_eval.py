"""`make eval` in small: a quick NLU evaluation, a short simulation and a
small listening evaluation run
end to end (started by smoke_runs.py; figures checked for consistency, never
for speed). The held-out
set and the reply kinds: tests/unit/test_heldout.py, test_measuring.py."""

from __future__ import annotations

import re

from bot.measuring.simulate import holdout_utterances


def test_a_quick_nlu_evaluation_reports_consistent_figures(smoke_runs):
    code, out, stderr = smoke_runs.runs["nlu_eval"].finished()
    assert code == 0, stderr[-3000:]
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
    results = smoke_runs.folder / "nlu_eval-results"
    assert (results / "holdout" / "intent_confusion_matrix.png").read_bytes()[
        :4
    ] == b"\x89PNG"
    compared = re.findall(
        r"^\| `([\w/.-]+)` \| .* \| ([\d.]+) \| ([\d.]+) \| .* \|$", out, re.M
    )
    assert [c for c, *_ in compared] == [
        "config.yml",
        "configs/nlu-no-embeddings.yml",
    ]
    curve = re.search(r"^\| 50% \| ([\d.]+) \| ([\d.]+) \|$", out, re.M)
    assert curve and all(0 < float(v) <= 1 for v in curve.groups())


def test_a_short_simulation_answers_every_turn_with_mostly_the_expected_kind(
    smoke_runs,
):
    code, out, stderr = smoke_runs.runs["simulate"].finished()
    assert code == 0, out[-2000:] + stderr[-2000:]
    share = float(re.search(r"\*\*([\d.]+)% got the expected kind", out).group(1))
    assert "turns with no reply at all: 0." in out
    assert share >= 60, out


def test_one_listening_conversation_per_character_is_played_and_reported(smoke_runs):
    from bot.measuring.listening_eval import CHECKS, TARGETS

    code, out, stderr = smoke_runs.runs["listening"].finished()
    assert "patient turns played" in out, out[-2000:] + stderr[-2000:]
    rows = dict(
        re.findall(r"^\| ([a-z -]+) \| \d+ \| ([\d.]+%|n/a) \| \d+% \|$", out, re.M)
    )
    assert set(rows) == set(CHECKS), out[-2000:]
    # a check no turn of the small run applies to reports n/a
    rates = {k: float(v[:-1]) for k, v in rows.items() if v != "n/a"}
    assert rates["no false repeat"] == 100.0
    targets = {name: 100 * target for name, target in TARGETS.items()}
    assert code == (0 if all(v >= targets[k] for k, v in rates.items()) else 1)
