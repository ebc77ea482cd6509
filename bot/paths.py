"""Where the project's files are, for every part of it (no imports beyond the
standard library)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "bot" / "content"  # what the characters and the coach say
DEFAULT_MODEL = ROOT / "models" / "assistant.tar.gz"  # `make train`'s model
WEB_DIR = ROOT / "web"  # the chat page and widget
RUN_DIR = ROOT / ".run"  # files written at start-up (not committed)
HELDOUT_DIR = ROOT / "heldout"  # measurement sets, never trained on
DOCS_DIR = ROOT / "docs"
