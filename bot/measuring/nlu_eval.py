"""`make eval`, understanding: how well the NLU reads what patients type.

    python -m bot.measuring.nlu_eval [--quick] [--out results/eval] [--write-docs]

1. The held-out sets read by the trained model, against the targets
   (macro F1 >= 0.95, no intent below 0.88): the first (`heldout/nlu/`,
   written apart from the training data and never trained on) with
   per-intent precision, recall and F1, macro F1, accuracy, Rasa's confusion
   matrix (PNG) and the worst confusions; the second (`heldout/nlu_second/`,
   written afresh after the pipeline was chosen, never looked at while
   tuning) with its figures and weak intents.
2. 5-fold cross-validation of `config.yml` on the training data.
3. The candidate pipelines, each trained on all of `data/nlu` and read on the
   held-out set, and Rasa's learning curve for the two closest
   (`rasa test nlu --config A B --percentages ...`).

--quick (what `make test` runs, a smoke test of every part): the held-out set
read by the trained model as above, then the candidates, 2 folds and one
learning-curve point trained on a sample of the training data (10 examples per
intent), one candidate besides config.yml; its candidate, fold and curve
figures only show the parts run. Prints everything; --write-docs also writes
it into docs/evaluation.md with the date and commit (the PNG beside it in
docs/images/).
"""

from __future__ import annotations

import collections
import functools
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.measuring.command_line import add_write_docs, tool_parser
from bot.measuring.report_docs import stamp, write_section
from bot.paths import DEFAULT_MODEL, HELDOUT_DIR, ROOT
from bot.running.processes import ServerError, run_rasa

HOLDOUT = HELDOUT_DIR / "nlu"
SECOND_HOLDOUT = HELDOUT_DIR / "nlu_second"
TRAINING = ROOT / "data" / "nlu"
QUICK_SAMPLE = 10  # training examples per intent in --quick
DOCS = ROOT / "docs" / "evaluation.md"
MATRIX_IMAGE = ROOT / "docs" / "images" / "intent-confusion-heldout.png"
SPACY_MODEL = ROOT / ".run" / "spacy-en-lemmas"
TARGET_MACRO_F1 = 0.95
TARGET_INTENT_F1 = 0.88


@dataclass(frozen=True)
class Candidate:
    config: str
    what: str
    in_quick: bool = True  # False: left out of --quick


CANDIDATES = [
    Candidate(
        "config.yml",
        "chosen: word + char n-grams and sentence embeddings (x16), logistic "
        "regression, CRF, fallback 0.3, safety net",
    ),
    Candidate("configs/nlu-no-embeddings.yml", "as chosen, without the embeddings"),
    Candidate(
        "configs/nlu-spacy-logreg.yml",
        "as chosen without the embeddings, with spaCy tokens and lookup lemmas",
        in_quick=False,  # lemmas bought nothing in the last full run
    ),
    Candidate(
        "configs/nlu-logreg.yml",
        "word + char n-grams, logistic regression, CRF (no fallback, no safety net)",
        in_quick=False,
    ),
    Candidate(
        "configs/nlu-sparse.yml",
        "word + char n-grams, DIET (1 layer of 128)",
        in_quick=False,  # slow
    ),
]
CURVE = ["config.yml", "configs/nlu-no-embeddings.yml"]


@dataclass
class Report:
    """One `rasa test nlu` result folder, read (each file once)."""

    folder: Path

    @functools.cached_property
    def intents(self) -> dict:
        return json.loads((self.folder / "intent_report.json").read_text())

    @functools.cached_property
    def errors(self) -> list[dict]:
        return json.loads((self.folder / "intent_errors.json").read_text())

    def per_intent(self) -> dict[str, dict]:
        return {
            name: v
            for name, v in self.intents.items()
            if isinstance(v, dict) and "f1-score" in v and not name.endswith(" avg")
        }

    def weakest(self, n: int) -> list[tuple[str, dict]]:
        return sorted(self.per_intent().items(), key=lambda kv: kv[1]["f1-score"])[:n]

    @property
    def accuracy(self) -> float:
        return self.intents["accuracy"]

    @property
    def macro_f1(self) -> float:
        return self.intents["macro avg"]["f1-score"]

    def confusions(self) -> list[tuple[str, str, int, str]]:
        """(intent, read as, how often, one example), most frequent first."""
        pairs = collections.Counter(
            (e["intent"], e["intent_prediction"]["name"]) for e in self.errors
        )
        example = {
            (e["intent"], e["intent_prediction"]["name"]): e["text"]
            for e in self.errors
        }
        return [
            (intent, read_as, n, example[(intent, read_as)])
            for (intent, read_as), n in pairs.most_common()
        ]

    def same_action_share(self, actions: dict[str, str]) -> float:
        """Share of utterances whose predicted intent runs the same action as
        the true one (a move read as another move still gets the character's
        reaction; a question read as a move does not get its answer)."""
        total = sum(v["support"] for v in self.per_intent().values())
        harmless = sum(
            1
            for e in self.errors
            if actions.get(e["intent"])
            == actions.get(e["intent_prediction"]["name"], "?")
        )
        return (total - len(self.errors) + harmless) / total

    def entity_f1(self, average: str = "micro avg") -> dict[str, float]:
        """F1 per entity extractor (DIET's entity report included)."""
        scores = {}
        for path in sorted(self.folder.glob("*_report.json")):
            if path.name in ("intent_report.json", "response_selection_report.json"):
                continue
            report = json.loads(path.read_text())
            scores[path.name.replace("_report.json", "")] = report[average]["f1-score"]
        return scores


def clear_results(out: Path) -> None:
    """Removes what an earlier run wrote in `out` (and nothing else there),
    so no stale report is read."""
    for path in out.glob("*"):
        if path.name.startswith(
            ("holdout", "models", "cross-validation", "learning-curve", "sample")
        ):
            shutil.rmtree(path) if path.is_dir() else path.unlink()


def rasa_test_nlu(out: Path, *args: str) -> Report:
    """`rasa test nlu ARGS --out OUT` (its log beside OUT), read."""
    run_rasa(["test", "nlu", *args, "--out", str(out)], out.with_suffix(".log"))
    return Report(out)


def read_holdout(model: Path, out: Path, holdout: Path = HOLDOUT) -> Report:
    return rasa_test_nlu(out, "--model", str(model), "--nlu", str(holdout))


def sample_training(per_intent: int, out: Path) -> Path:
    """The first `per_intent` examples of each intent of the training data,
    with its entity synonyms, lookup tables and regexes, as one file."""
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData

    data = load_data(str(TRAINING))
    taken: collections.Counter = collections.Counter()
    sample = []
    for example in data.intent_examples:
        taken[example.get("intent")] += 1
        if taken[example.get("intent")] <= per_intent:
            sample.append(example)
    sampled = TrainingData(
        training_examples=sample,
        entity_synonyms=data.entity_synonyms,
        regex_features=data.regex_features,
        lookup_tables=data.lookup_tables,
    )
    out.mkdir(parents=True, exist_ok=True)
    path = out / "nlu.yml"
    sampled.persist_nlu(str(path))
    return path


def train_nlu(config: str, training: Path, out: Path) -> tuple[Path, float]:
    name = Path(config).stem
    where = ["--out", str(out), "--fixed-model-name", name]
    train = ["train", "nlu", "--config", config, "--nlu", str(training), *where]
    seconds = run_rasa(train, out / f"train-{name}.log")
    return out / f"{name}.tar.gz", seconds


def cross_validate(folds: int, training: Path, out: Path) -> Report:
    print(f"==> {folds}-fold cross-validation of config.yml", flush=True)
    data = ["--nlu", str(training), "--config", "config.yml"]
    return rasa_test_nlu(out, *data, "--cross-validation", "--folds", str(folds))


def learning_curve(
    percentages: list[int], runs: int, training: Path, out: Path
) -> dict[str, list[float]]:
    """Rasa's comparison: weighted F1 on a 20% split of the training data, per
    share of the rest left out, averaged over the runs."""
    print(
        f"==> Learning curve ({len(CURVE)} configs, {percentages}% left out)",
        flush=True,
    )
    shares = ["--percentages", *map(str, percentages), "--runs", str(runs)]
    rasa_test_nlu(out, "--nlu", str(training), "--config", *CURVE, *shares)
    results = json.loads((out / "results.json").read_text())
    return {
        name: [
            sum(run[i] for run in per_run) / len(per_run)
            for i in range(len(percentages))
        ]
        for name, per_run in results.items()
    }


# --- the report --------------------------------------------------------------


def intent_table(report: Report, training_counts: dict[str, int]) -> str:
    rows = [
        "| intent | precision | recall | F1 | held-out | training | target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, v in sorted(
        report.per_intent().items(), key=lambda kv: (kv[1]["f1-score"], kv[0])
    ):
        met = "" if v["f1-score"] >= TARGET_INTENT_F1 else f"below {TARGET_INTENT_F1}"
        rows.append(
            f"| {name} | {v['precision']:.2f} | {v['recall']:.2f} | "
            f"{v['f1-score']:.2f} | "
            f"{v['support']} | {training_counts.get(name, 0)} | {met} |"
        )
    return "\n".join(rows)


def confusion_table(report: Report, limit: int = 12) -> str:
    rows = ["| intent | read as | times | for example |", "|---|---|---:|---|"]
    for intent, read_as, n, text in report.confusions()[:limit]:
        rows.append(f"| {intent} | {read_as} | {n} | {text.replace('|', '/')} |")
    return "\n".join(rows)


def headline(report: Report) -> str:
    below = [
        name
        for name, v in report.per_intent().items()
        if v["f1-score"] < TARGET_INTENT_F1
    ]
    macro = "met" if report.macro_f1 >= TARGET_MACRO_F1 else "MISSED"
    per_intent = (
        "met"
        if not below
        else f"MISSED ({len(below)} of {len(report.per_intent())} intents below)"
    )
    return (
        f"macro F1 {report.macro_f1:.3f} (target ≥ {TARGET_MACRO_F1}: {macro}), "
        f"accuracy {report.accuracy:.3f}, "
        f"no intent below {TARGET_INTENT_F1}: {per_intent}"
    )


def intent_actions() -> dict[str, str]:
    """intent -> the action its rule runs (data/stories/rules.yml). An intent
    whose action depends on what came before (a longer rule or a condition,
    like confirming an erase) is left out: any misreading of it counts."""
    import yaml

    actions: dict[str, str] = {}
    depends: set = set()
    for rule in yaml.safe_load((ROOT / "data" / "stories" / "rules.yml").read_text())[
        "rules"
    ]:
        steps = rule["steps"]
        intents = [
            s["intent"]
            for step in steps
            for s in step.get("or", [step])
            if "intent" in s
        ]
        if len(steps) != 2 or "condition" in rule:
            depends.update(intents)
        else:
            actions.update({intent: steps[1]["action"] for intent in intents})
    return {
        intent: action for intent, action in actions.items() if intent not in depends
    }


def training_counts(training: Path = TRAINING) -> dict[str, int]:
    from rasa.shared.nlu.training_data.loading import load_data

    return dict(load_data(str(training)).number_of_examples_per_intent)


def holdout_summary(report: Report, title: str, what: str) -> list[str]:
    """A held-out set's headline lines: size, targets, same-action share,
    entities."""
    size = sum(v["support"] for v in report.per_intent().values())
    return [
        f"### {title} ({size} utterances, {len(report.per_intent())} intents), {what}",
        "",
        headline(report),
        "",
        "Led to the same action as the true intent "
        "(so the reply was of the right kind): "
        f"{report.same_action_share(intent_actions()):.1%}.",
        "",
        "Entities (micro F1): "
        + ", ".join(f"{k} {v:.2f}" for k, v in report.entity_f1().items()),
        "",
    ]


def render(
    holdout: Report,
    second: Report,
    cv: Report,
    folds: int,
    compared: list[tuple[Candidate, Report, float | None]],
    curve: dict[str, list[float]],
    percentages: list[int],
    runs: int,
    training: Path = TRAINING,
) -> str:
    counts = training_counts()
    if training == TRAINING:
        trained_on, examples = "the training data", sum(counts.values())
    else:
        trained_on = (
            f"a sample of the training data ({QUICK_SAMPLE} per intent, --quick)"
        )
        examples = sum(training_counts(training).values())
    below = [
        f"{name} {v['f1-score']:.2f}"
        for name, v in second.weakest(len(second.per_intent()))
        if v["f1-score"] < TARGET_INTENT_F1
    ]
    lines = [
        *holdout_summary(holdout, "Held-out set", "the trained model as deployed"),
        intent_table(holdout, counts),
        "",
        "Worst confusions (held-out; `nlu_fallback` = below the 0.3 threshold, "
        "the user is asked again):",
        "",
        confusion_table(holdout),
        "",
        f"Confusion matrix: [images/{MATRIX_IMAGE.name}](images/{MATRIX_IMAGE.name}).",
        "",
        *holdout_summary(
            second,
            "Second held-out set",
            "written afresh after the pipeline was chosen (how it is used: see above)",
        ),
        f"Intents below {TARGET_INTENT_F1}: " + (", ".join(below) or "none") + ".",
        "",
        "Worst confusions:",
        "",
        confusion_table(second, limit=8),
        "",
        f"### {folds}-fold cross-validation of config.yml on {trained_on} "
        f"({examples} examples)",
        "",
        f"macro F1 {cv.macro_f1:.3f}, accuracy {cv.accuracy:.3f}; weakest: "
        + ", ".join(f"{name} {v['f1-score']:.2f}" for name, v in cv.weakest(6)),
        "",
        "### Pipelines on the held-out set (each trained on "
        + ("all of data/nlu)" if training == TRAINING else f"{trained_on})"),
        "",
        "| config | pipeline | macro F1 | accuracy | training |",
        "|---|---|---:|---:|---:|",
    ]
    for candidate, report, seconds in compared:
        took = f"{seconds:.0f} s" if seconds is not None else "(the `make train` model)"
        lines.append(
            f"| `{candidate.config}` | {candidate.what} | {report.macro_f1:.3f} | "
            f"{report.accuracy:.3f} | {took} |"
        )
    lines += [
        "",
        f"### Learning curve (`rasa test nlu --config {' '.join(CURVE)} --percentages "
        f"{' '.join(map(str, percentages))} --runs {runs}`)",
        "",
        "Rasa's comparison: each run holds out 20% of the training data as its "
        "test set and trains on the "
        "rest minus the given share; weighted F1 averaged over the runs.",
        "",
        "| training data left out | " + " | ".join(f"`{c}`" for c in CURVE) + " |",
        "|---:|" + "---:|" * len(CURVE),
    ]
    for i, percentage in enumerate(percentages):
        lines.append(
            f"| {percentage}% | "
            + " | ".join(f"{curve[Path(c).stem][i]:.3f}" for c in CURVE)
            + " |"
        )
    return "\n".join(lines)


def train_and_read(
    candidate: Candidate, training: Path, out: Path
) -> tuple[Candidate, Report, float]:
    """A candidate trained on `training`, then read on the held-out set."""
    print(f"==> {candidate.config}: training it, then the held-out set", flush=True)
    model, seconds = train_nlu(candidate.config, training, out / "models")
    report = read_holdout(model, out / f"holdout-{Path(candidate.config).stem}")
    print(f"    {candidate.config}: macro F1 {report.macro_f1:.3f}", flush=True)
    return candidate, report, seconds


def main(argv=None) -> int:
    parser = tool_parser("bot.measuring.nlu_eval", __doc__)
    option = parser.add_argument
    option("--quick", action="store_true", help="a smoke run, as in make test")
    option("--model", type=Path, default=DEFAULT_MODEL, help="the trained model")
    option("--out", type=Path, default=ROOT / "results" / "eval", help="for Rasa")
    add_write_docs(parser, DOCS)
    args = parser.parse_args(argv)
    if not args.model.exists():
        print(
            f"error: no trained model at {args.model}: run `make train` first",
            file=sys.stderr,
        )
        return 1
    folds, percentages, runs = (2, [50], 1) if args.quick else (5, [0, 25, 50, 75], 2)
    candidates = [c for c in CANDIDATES if c.in_quick or not args.quick]
    clear_results(args.out)
    configs = [c.config for c in candidates] + CURVE
    if any("spacy" in config for config in configs) and not SPACY_MODEL.exists():
        subprocess.check_call(
            [sys.executable, "-m", "bot.core.lemmas", str(SPACY_MODEL)], cwd=ROOT
        )
    training = (
        sample_training(QUICK_SAMPLE, args.out / "sample") if args.quick else TRAINING
    )
    out = args.out
    try:
        print("==> Held-out set, the trained model", flush=True)
        holdout = read_holdout(args.model, out / "holdout")
        print(headline(holdout), flush=True)
        print("==> Second held-out set, the trained model", flush=True)
        second = read_holdout(args.model, out / "holdout-second", SECOND_HOLDOUT)
        print(headline(second), flush=True)
        compared: list[tuple[Candidate, Report, float | None]] = [
            (candidates[0], holdout, None),
            *(train_and_read(c, training, out) for c in candidates[1:]),
        ]
        cv = cross_validate(folds, training, out / "cross-validation")
        curve = learning_curve(percentages, runs, training, out / "learning-curve")
    except ServerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    text = render(
        holdout, second, cv, folds, compared, curve, percentages, runs, training
    )
    print(text)
    if args.write_docs:
        MATRIX_IMAGE.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(holdout.folder / "intent_confusion_matrix.png", MATRIX_IMAGE)
        write_section(DOCS, "nlu-eval", f"{stamp('make eval')}:\n\n{text}")
        print(
            f"Written to {DOCS.relative_to(ROOT)} and {MATRIX_IMAGE.relative_to(ROOT)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
