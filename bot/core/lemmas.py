"""The small spaCy pipeline this project uses: blank English with the lookup
lemmatizer (tables from `spacy-lookups-data`). No statistical model and no
vectors (none for spaCy 3.4 can be installed from the registries here), so
its results are the same on every machine.

The recap's rubric uses it in memory; the NLU candidate `configs/nlu-spacy.yml`
loads it from disk:

    python -m bot.core.lemmas DIR
"""

import sys
from pathlib import Path

import spacy
from spacy.language import Language


def english_with_lemmas() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def save_to(folder: Path) -> None:
    """Writes the pipeline into `folder`, making its parents (spaCy makes only
    the last) so it works in a fresh clone."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    english_with_lemmas().to_disk(folder)


if __name__ == "__main__":
    save_to(Path(sys.argv[1]))
