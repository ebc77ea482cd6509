"""Writing measured figures into the docs: each report owns one section of a
Markdown page between two identical marker lines (`<!-- name -->`), stamped
with the date and the commit, so a rerun replaces exactly its own figures.
Used by `make bench` (docs/performance.md) and `make eval` (docs/evaluation.md)."""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

from bot.paths import ROOT


def commit() -> str:
    """The short commit, marked when files other than the docs (which the
    reports themselves write) have uncommitted changes."""
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", ".", ":!docs"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return (result.stdout.strip() or "unknown") + (
        " (with uncommitted changes)" if dirty else ""
    )


def stamp(command: str) -> str:
    return f"`{command}` on {datetime.date.today():%d %B %Y}, commit {commit()}"


def write_section(page: Path, name: str, text: str) -> None:
    """Replaces the section `name` of `page` (added at the end if missing)."""
    marker = f"<!-- {name} -->"
    current = page.read_text() if page.exists() else ""
    if current.count(marker) < 2:
        current = (
            f"{current.rstrip()}\n\n{marker}\n{marker}\n"
            if current
            else f"{marker}\n{marker}\n"
        )
    head, _, rest = current.partition(marker)
    _, _, tail = rest.partition(marker)
    page.write_text(f"{head}{marker}\n{text.strip()}\n{marker}{tail}")
