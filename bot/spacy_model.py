"""Builds the small spaCy pipeline the NLU can use: blank English with the
lookup lemmatizer (tables from `spacy-lookups-data`). No statistical model,
no vectors: none for spaCy 3.4 can be installed from the registries here.

    python -m bot.spacy_model DIR
"""

import sys
from pathlib import Path

import spacy


def build(directory: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.to_disk(directory)


if __name__ == "__main__":
    build(Path(sys.argv[1]))
