"""The one client of the assistant's REST channel, for everything that talks
to it over HTTP: the terminal chat, the load test, the simulated users, the
bench and the tests."""

from __future__ import annotations

import requests

REST_PATH = "/webhooks/rest/webhook"


class RestClient:
    """Sends one user message at a time to a Rasa server (`url`, e.g.
    http://127.0.0.1:5005) and returns the assistant's messages. Raises
    `requests.RequestException` when the server cannot be reached or answers
    with an error status (`requests.HTTPError`, with the response)."""

    def __init__(self, url: str, timeout: float = 60) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()

    def send(self, sender: str, text: str) -> list[dict]:
        response = self.session.post(
            self.url + REST_PATH,
            json={"sender": sender, "message": text},
            timeout=self.timeout,
        )
        response.raise_for_status()
        return response.json()

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> RestClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
