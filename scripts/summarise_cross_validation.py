"""Prints the headline figures of a `rasa test nlu --cross-validation` run:
intent accuracy, macro F1, the weakest intents, and entity F1; with --table,
also a Markdown table of every intent (for docs/nlu-pipeline.md). The
folder is read by `bot.measuring.nlu_eval.Report`, as `make eval` reads its own.

    python scripts/summarise_cross_validation.py results/cross-validation/NAME [--table]
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.measuring.nlu_eval import Report  # noqa: E402  (the project root is on the path only now)


def table(report: Report) -> None:
    print(
        "\n| intent | precision | recall | F1 | examples |\n"
        "| --- | --- | --- | --- | --- |"
    )
    for name, v in report.weakest(len(report.per_intent())):
        print(
            f"| {name} | {v['precision']:.2f} | {v['recall']:.2f} | "
            f"{v['f1-score']:.2f} | {v['support']} |"
        )


def main(out: Path, with_table: bool) -> None:
    report = Report(out)
    print(f"    intent accuracy {report.accuracy:.3f}, macro F1 {report.macro_f1:.3f}")
    print(
        "    weakest intents: "
        + ", ".join(f"{name} {v['f1-score']:.2f}" for name, v in report.weakest(5))
    )
    for extractor, f1 in report.entity_f1("macro avg").items():
        print(f"    entity macro F1 {f1:.3f} ({extractor})")
    log = Path(f"{out}.log")
    if log.exists():
        for line in log.read_text().splitlines():
            if re.search(r"Intent evaluation results|test (Accuracy|F1-score)", line):
                print("    " + line.split(" - ")[-1].strip())
    if with_table:
        table(report)


if __name__ == "__main__":
    main(Path(sys.argv[1]), "--table" in sys.argv[2:])
