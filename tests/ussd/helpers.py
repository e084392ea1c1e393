"""A phone talking to the gateway as the operator's aggregator does, checking every screen."""

from __future__ import annotations

import itertools

from django.urls import reverse

from tamin.ussd.screens import FOOTER_MORE, SCREEN_UNITS, units
from tests.ussd.conftest import SECRET

GATEWAY = "/ussd/gateway/"
_sessions = itertools.count(1)


def screen_fits(text: str) -> bool:
    return len(text.encode("utf-16-le")) // 2 <= SCREEN_UNITS


class Phone:
    """One USSD session from `msisdn`: `dial()` then `send("1")`… Each reply is checked for
    the contract's shape and for the screen's size; `texts` keeps every screen seen."""

    def __init__(self, client, msisdn: str, *, session_id: str | None = None, as_json: bool = True):
        self.client = client
        self.msisdn = msisdn
        self.session_id = session_id or f"test-{next(_sessions)}"
        self.as_json = as_json
        self.texts: list[str] = []
        self.action = ""

    def _post(self, text: str) -> dict:
        data = {"session_id": self.session_id, "msisdn": self.msisdn, "input": text}
        if self.as_json:
            response = self.client.post(
                GATEWAY, data, content_type="application/json", HTTP_X_USSD_SECRET=SECRET
            )
        else:
            response = self.client.post(GATEWAY, data, HTTP_X_USSD_SECRET=SECRET)
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) == {"action", "text"}
        assert body["action"] in ("continue", "end")
        assert units(body["text"]) <= SCREEN_UNITS, (units(body["text"]), body["text"])
        self.texts.append(body["text"])
        self.action = body["action"]
        return body

    def dial(self) -> str:
        return self._post("")["text"]

    def send(self, text: str) -> str:
        return self._post(text)["text"]

    def read(self, *inputs: str) -> str:
        """Dial, send each input, then «۹» through every page of the answer: its text
        without the footers, pages joined by line breaks."""
        text = self.walk(*inputs)
        pages = [text]
        while text.endswith(FOOTER_MORE):
            text = self.send("9")
            pages.append(text)
        return "\n".join(page.rsplit("\n", 1)[0] for page in pages)

    def walk(self, *inputs: str) -> str:
        """Dial, then send each input; the last screen."""
        text = self.dial()
        for value in inputs:
            text = self.send(value)
        return text


def simulator_send(client, *, msisdn: str, text: str = "", session_id: str = "") -> dict:
    response = client.post(
        reverse("ussd:simulator_send"),
        {"msisdn": msisdn, "input": text, "session_id": session_id},
        HTTP_ACCEPT="application/json",
    )
    return {"status": response.status_code, **response.json()}
