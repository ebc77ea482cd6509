"""The safety net: recognising a crisis in what the user wrote, and the
out-of-character reply with whom to contact.

Pure Python (no Rasa, no spaCy), so the three places that use it stay light:
the NLU pipeline (`bot.rasa_server.nlu_safety_net`, the rule-based second net), the
action that replies (`actions/safety.py`) and the channels' last resort when
the action server is down (`bot.rasa_server.channels`). What it listens for and says is
data: `bot/content/safety.yml`; whom to contact: `bot/content/resources.yml`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.paths import CONTENT_DIR

SAFETY_FILE = CONTENT_DIR / "safety.yml"
RESOURCES_FILE = CONTENT_DIR / "resources.yml"
TEXT_KEYS = (
    "contacts",
    "check_in",
    "check_in_after",
    "in_roleplay",
    "outside_roleplay",
    "paused",
    "resume_button",
    "stop_button",
    "stopped",
)


class SafetyConfigError(ValueError):
    """safety.yml or resources.yml is malformed."""


@dataclass(frozen=True)
class CrisisKind:
    id: str
    intent: str
    reply: str
    resources: tuple[str, ...]  # lines from resources.yml, in order
    patterns: tuple[re.Pattern, ...]
    # what only gets the gentle check-in, whatever the classifier says
    check_in_patterns: tuple[re.Pattern, ...] = ()
    # what the classifier alone reads as this kind and is not ("he's scared
    # he'll hurt me": the partner's fear, not a threat): no check-in
    not_suspected_patterns: tuple[re.Pattern, ...] = ()


@dataclass(frozen=True)
class Safety:
    kinds: dict[str, CrisisKind]
    texts: dict[str, str]

    @property
    def intents(self) -> dict[str, CrisisKind]:
        return {kind.intent: kind for kind in self.kinds.values()}

    def detect(self, text: str) -> CrisisKind | None:
        """The first kind whose patterns match `text`, else None."""
        return self._first_matching(text, lambda kind: kind.patterns)

    def suspects(self, text: str) -> CrisisKind | None:
        """The first kind whose check-in patterns match `text`, else None."""
        return self._first_matching(text, lambda kind: kind.check_in_patterns)

    def clears(self, text: str, kind: CrisisKind) -> bool:
        """`text` matches what `kind` says the classifier alone misreads."""
        normalised = normalise(text)
        return any(p.search(normalised) for p in kind.not_suspected_patterns)

    def _first_matching(self, text: str, patterns_of) -> CrisisKind | None:
        normalised = normalise(text)
        for kind in self.kinds.values():
            if any(pattern.search(normalised) for pattern in patterns_of(kind)):
                return kind
        return None

    def crisis_text(self, kind: CrisisKind) -> str:
        """The reply and whom to contact, as one message."""
        return f"{kind.reply}\n{self.texts['contacts']}\n{self._contacts(kind)}"

    def check_in_text(self, kind: CrisisKind) -> str:
        """The check-in (the classifier alone saw a crisis) with the contacts."""
        return (
            f"{self.texts['check_in']}\n{self._contacts(kind)}\n"
            f"{self.texts['check_in_after']}"
        )

    @staticmethod
    def _contacts(kind: CrisisKind) -> str:
        return "\n".join(f"• {line}" for line in kind.resources)


def normalise(text: str) -> str:
    """Curly quotes straightened and whitespace collapsed, so "don’t" and
    "don't" match alike."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return " ".join(text.split())


def _load(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise SafetyConfigError(f"{path}: {error}") from error
    if not isinstance(data, dict):
        raise SafetyConfigError(f"{path}: expected a mapping at the top")
    return data


def _compiled(patterns: list[str], where: str) -> tuple[re.Pattern, ...]:
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error as error:
            raise SafetyConfigError(f"{where}: pattern {pattern!r}: {error}") from error
    return tuple(compiled)


def load_safety(
    safety_file: Path = SAFETY_FILE, resources_file: Path = RESOURCES_FILE
) -> Safety:
    data, resources = _load(safety_file), _load(resources_file).get("resources")
    if not isinstance(resources, dict) or not resources:
        raise SafetyConfigError(
            f"{resources_file}: `resources` must map keys to one-line contacts"
        )
    kinds: dict[str, CrisisKind] = {}
    for kind_id, spec in (data.get("kinds") or {}).items():
        where = f"{safety_file}: kinds.{kind_id}"
        missing = [
            key
            for key in ("intent", "reply", "resources", "patterns")
            if not spec.get(key)
        ]
        if missing:
            raise SafetyConfigError(f"{where}: missing {', '.join(missing)}")
        unknown = [key for key in spec["resources"] if key not in resources]
        if unknown:
            raise SafetyConfigError(
                f"{where}: resources {unknown} are not in {resources_file.name}"
            )
        patterns = _compiled(spec["patterns"], where)
        check_in_patterns = _compiled(spec.get("check_in_patterns") or [], where)
        not_suspected = _compiled(spec.get("not_suspected_patterns") or [], where)
        lines = tuple(str(resources[key]) for key in spec["resources"])
        kinds[kind_id] = CrisisKind(
            kind_id,
            spec["intent"],
            " ".join(spec["reply"].split()),
            lines,
            patterns,
            check_in_patterns,
            not_suspected,
        )
    if not kinds:
        raise SafetyConfigError(f"{safety_file}: no `kinds`")
    missing = [key for key in TEXT_KEYS if not data.get(key)]
    if missing:
        raise SafetyConfigError(f"{safety_file}: missing {', '.join(missing)}")
    return Safety(kinds, {key: " ".join(str(data[key]).split()) for key in TEXT_KEYS})


@functools.lru_cache(maxsize=1)
def safety() -> Safety:
    return load_safety()
