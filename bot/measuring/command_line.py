"""What the measurement tools' command lines share: a parser described by
the tool's docstring, whole numbers of at least 1, and `--write-docs`."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.paths import ROOT


def tool_parser(module: str, docstring: str) -> argparse.ArgumentParser:
    """The parser of `python -m MODULE`, described by its docstring's first line."""
    return argparse.ArgumentParser(
        prog=f"python -m {module}",
        description=docstring.splitlines()[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )


def at_least_one(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def add_write_docs(parser: argparse.ArgumentParser, page: Path) -> None:
    where = page.relative_to(ROOT)
    parser.add_argument("--write-docs", action="store_true", help=f"write into {where}")
