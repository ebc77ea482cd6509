"""The supervisor's checks before it starts anything (a busy port is
reported, not silently reused; a missing model is named), and a server that
stops while starting is reported with the end of its log."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from bot.running.processes import (
    HOST,
    LOG_LINES_SHOWN,
    ServerError,
    free_port,
    wait_until_answering,
)
from bot.running.supervisor import Servers


def test_a_busy_port_is_reported_before_anything_starts(tmp_path):
    model = tmp_path / "assistant.tar.gz"
    model.touch()  # never loaded: the ports are checked first
    with socket.socket() as busy:
        busy.bind((HOST, 0))
        busy.listen()
        port = busy.getsockname()[1]
        servers = Servers(
            rasa_port=port, actions_port=free_port(), web_port=None, model=model
        )
        with pytest.raises(ServerError, match=f"port {port} is already in use"):
            servers.start()
        assert servers.processes == []


def test_a_missing_model_is_named_with_the_command_that_makes_it(tmp_path):
    servers = Servers(
        rasa_port=free_port(),
        actions_port=free_port(),
        web_port=None,
        model=tmp_path / "none.tar.gz",
    )
    with pytest.raises(
        ServerError, match="no trained model at .*none.tar.gz: run `make train`"
    ):
        servers.start()
    assert servers.processes == []


def test_servers_in_a_folder_keep_their_conversations_and_logs_there(tmp_path):
    servers = Servers.in_folder(tmp_path, with_page=True)
    ports = {servers.rasa_port, servers.actions_port, servers.web_port}
    assert len(ports) == 3 and None not in ports
    assert (
        servers.tracker_db == tmp_path / "conversations.db"
        and servers.log_dir == tmp_path / "logs"
    )
    assert Servers.in_folder(tmp_path).web_port is None


def test_a_server_that_stops_while_starting_is_named_with_the_end_of_its_log(tmp_path):
    (tmp_path / "rasa.log").write_text(
        "starting\n" * 20 + "RasaVersionError: Rasa 3.7.0\n"
    )
    stopped = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    stopped.name = "rasa"
    stopped.wait()
    url = f"http://{HOST}:{free_port()}/"
    with pytest.raises(ServerError) as error:
        wait_until_answering({"Rasa server": url}, [stopped], log_dir=tmp_path)
    lines = str(error.value).splitlines()
    assert lines[0].startswith("the rasa server exited with code 3 (see ")
    assert lines[-1].strip() == "RasaVersionError: Rasa 3.7.0"
    assert len(lines) == 1 + LOG_LINES_SHOWN
