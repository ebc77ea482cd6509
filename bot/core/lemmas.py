"""The small spaCy pipeline this project uses: blank English with the lookup
lemmatizer (tables from `spacy-lookups-data`). No statistical model and no
vectors (none for spaCy 3.4 can be installed from the registries here), so
its results are the same on every machine.

The turn reading (bot/core/reading.py) and the recap's rubric use it in
memory, through `pipeline()`; the NLU candidate `configs/nlu-spacy.yml` loads it
from disk:

    python -m bot.core.lemmas DIR
"""

import functools
import sys
from pathlib import Path

import spacy
from spacy.language import Language


def english_with_lemmas() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


@functools.lru_cache(maxsize=1)
def pipeline() -> Language:
    """The shared in-memory pipeline, with sentence boundaries."""
    nlp = english_with_lemmas()
    nlp.add_pipe("sentencizer", first=True)
    return nlp


NEGATIONS = {"not", "n't", "never", "no", "dont", "don't", "nt"}


NOT_JUST = {"just", "only"}
# "dry isn't the issue": denied by what comes after it.
DENIED_AFTER = {
    "issue",
    "problem",
    "thing",
    "reason",
    "it",
    "concern",
    "worry",
    "priority",
}
# A negation reaches no further back than these ("I'm not sure, but I'm tired";
# "you didn't answer me about the lube" names the lube).
CLAUSE_BREAKS = {
    *",;.!?",
    *"but and so because though about".split(),
}


def negated(doc, start: int, end: int, window: int = 3) -> bool:
    """A match just after a negation ("I'm not attracted to you", "no
    dryness") says the opposite, unless the match holds the negation itself
    ("it's not you"). The negation must be in the same clause, at most
    `window` tokens before."""
    if any(token.lower_ in NEGATIONS for token in doc[start:end]):
        return False
    for token in reversed(doc[max(0, start - window) : start]):
        if token.lower_ in CLAUSE_BREAKS:
            # "I never said anything about dryness" denies it; "you didn't
            # answer me about the lube" names it
            return token.lower_ == "about" and _denies_saying(
                doc, max(0, start - window), token.i
            )
        if token.lower_ in NEGATIONS:
            # "you didn't mention the numbness", "you never asked about the
            # hot flashes": what the other person did not do, not her denial
            if any(
                t.lower_ in ("you", "u") for t in doc[max(0, token.i - 2) : token.i]
            ):
                return False
            # "not just the hot flashes" adds to them
            following = doc[token.i + 1] if token.i + 1 < len(doc) else None
            return following is None or following.lower_ not in NOT_JUST
    return False


def save_to(folder: Path) -> None:
    """Writes the pipeline into `folder`, making its parents (spaCy makes only
    the last) so it works in a fresh clone."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    english_with_lemmas().to_disk(folder)


if __name__ == "__main__":
    save_to(Path(sys.argv[1]))


SAYING = {"say", "mention", "tell", "talk", "bring"}


def _denies_saying(doc, low: int, high: int) -> bool:
    """Between `low` and `high`, she says she never said it: a negation
    followed by a word of saying, not after "you"."""
    for token in doc[low:high]:
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if (
            token.lower_ in NEGATIONS
            and following is not None
            and following.lemma_ in SAYING
            and not any(
                t.lower_ in ("you", "u") for t in doc[max(0, token.i - 2) : token.i]
            )
        ):
            return True
    return False


def denied_after(doc, end: int, window: int = 4) -> bool:
    """ "dry isn't the issue", "pain's not really the problem": a negation
    just after a match, then what it is not."""
    following = doc[end : end + window]
    for i, token in enumerate(following):
        if token.lower_ in CLAUSE_BREAKS:
            return False
        if token.lower_ in NEGATIONS:
            return any(t.lemma_ in DENIED_AFTER for t in following[i + 1 :])
    return False
