"""A small HTTP client over the standard library (one keep-alive connection per client), for
talking to the gunicorn the bench started on 127.0.0.1: no dependency, no other address."""

import http.client
import json
import time
from dataclasses import dataclass

IDLE_SECONDS = 1.5


@dataclass
class Answer:
    status: int
    seconds: float
    body: bytes
    headers: dict

    def json(self):
        return json.loads(self.body) if self.body else None


class Client:
    def __init__(self, port, *, token=None, session=None, timeout=60):
        self.port = port
        self.timeout = timeout
        self.headers = {"Host": f"127.0.0.1:{port}", "Accept": "application/json"}
        if token:
            self.headers["Authorization"] = f"Token {token}"
        if session:
            self.headers["Cookie"] = f"sessionid={session}"
        self.connection = None
        self.used = 0.0

    def _connect(self):
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)

    def request(self, method, path, body=None, headers=None):
        """One request; a dropped keep-alive connection is opened again once. A request that
        gets no answer at all returns status 0."""
        payload = None
        all_headers = dict(self.headers)
        if body is not None:
            payload = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        started = time.perf_counter()
        if self.connection is not None and started - self.used > IDLE_SECONDS:
            self.close()  # gunicorn drops an idle keep-alive connection after 2 s
        for attempt in (1, 2):
            if self.connection is None:
                self._connect()
            try:
                self.connection.request(method, path, body=payload, headers=all_headers)
                response = self.connection.getresponse()
                data = response.read()
                seconds = time.perf_counter() - started
                self.used = time.perf_counter()
                if response.getheader("Connection", "").lower() == "close":
                    self.close()
                return Answer(response.status, seconds, data, dict(response.getheaders()))
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 2 or method not in ("GET", "HEAD"):
                    # A write may have reached the server: never send it twice.
                    return Answer(0, time.perf_counter() - started, b"", {})
            except (TimeoutError, OSError, http.client.HTTPException):
                self.close()
                return Answer(0, time.perf_counter() - started, b"", {})
        return Answer(0, time.perf_counter() - started, b"", {})

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, body):
        return self.request("POST", path, body)

    def patch(self, path, body):
        return self.request("PATCH", path, body)

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None
