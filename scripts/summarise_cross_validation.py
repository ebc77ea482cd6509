"""Prints the headline figures of a `rasa test nlu --cross-validation` run:
intent accuracy, macro F1, the weakest intents, and entity F1; with --table,
also a Markdown table of every intent (for docs/nlu-pipeline.md).

    python scripts/summarise_cross_validation.py results/cross-validation/NAME [--table]
"""

import json
import re
import sys
from pathlib import Path


def table(per_intent: dict) -> None:
    print("\n| intent | precision | recall | F1 | examples |\n| --- | --- | --- | --- | --- |")
    for name, v in sorted(per_intent.items(), key=lambda kv: kv[1]["f1-score"]):
        print(f"| {name} | {v['precision']:.2f} | {v['recall']:.2f} | {v['f1-score']:.2f} | {v['support']} |")


def main(out: Path, with_table: bool) -> None:
    intents = json.loads((out / "intent_report.json").read_text())
    per_intent = {k: v for k, v in intents.items() if isinstance(v, dict) and "f1-score" in v and " avg" not in k}
    print(f"    intent accuracy {intents['accuracy']:.3f}, macro F1 {intents['macro avg']['f1-score']:.3f}")
    worst = sorted(per_intent.items(), key=lambda kv: kv[1]["f1-score"])[:5]
    print("    weakest intents: " + ", ".join(f"{name} {v['f1-score']:.2f}" for name, v in worst))
    for entities_file in sorted(out.glob("*_report.json")):
        if entities_file.name in ("intent_report.json", "response_selection_report.json"):
            continue
        entities = json.loads(entities_file.read_text())
        extractor = entities_file.name.replace("_report.json", "")
        print(f"    entity macro F1 {entities['macro avg']['f1-score']:.3f} ({extractor})")
    log = Path(f"{out}.log")
    if log.exists():
        for line in log.read_text().splitlines():
            if re.search(r"Intent evaluation results|test (Accuracy|F1-score)", line):
                print("    " + line.split(" - ")[-1].strip())


    if with_table:
        table(per_intent)


if __name__ == "__main__":
    main(Path(sys.argv[1]), "--table" in sys.argv[2:])
