"""Reading the Rasa configuration files this project ships (endpoints.yml,
credentials.yml) for the supervisor and the `purge` command."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from bot.paths import ROOT

# The socket.io channel's key in credentials.yml.
SOCKETIO_CHANNEL = "bot.rasa_server.channels.SocketIOWithOrigins"


def read_yaml(name: str) -> dict:
    """One of the project's top-level YAML files, as a dict."""
    return yaml.safe_load((ROOT / name).read_text()) or {}


def store_config(database: Path | None = None) -> dict:
    """endpoints.yml's `tracker_store`, with an SQLite file made absolute
    (`database`, else $TRACKER_DB, else the file's `db`) and its folder created."""
    store = dict(read_yaml("endpoints.yml").get("tracker_store") or {})
    if store.get("dialect") == "sqlite":
        path = Path(database or os.environ.get("TRACKER_DB") or store["db"])
        path = path if path.is_absolute() else ROOT / path
        path.parent.mkdir(parents=True, exist_ok=True)
        store["db"] = str(path)
    return store
