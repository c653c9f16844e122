"""A bounded load generator: threads with keep-alive http.client connections to 127.0.0.1.

Every run stops at a request count or a time limit, whichever comes first, and never talks
to anything but the loopback address.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

LOOPBACK = "127.0.0.1"
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class Client:
    """One keep-alive connection with its own cookie (a browser tab, roughly)."""

    def __init__(self, port: int, timeout: float = 30):
        self.connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()  # reconnect once: the server may have closed keep-alive
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response, data

    def csrf_token(self, path: str) -> str:
        _, data = self.request("GET", path)
        match = CSRF.search(data.decode())
        if not match:
            raise RuntimeError(f"no CSRF token on {path}")
        return match.group(1)

    def log_in(self, email: str, password: str) -> None:
        token = self.csrf_token("/account/login")
        response, _ = self.request(
            "POST",
            "/account/login",
            form={"csrf_token": token, "email": email, "password": password},
        )
        if response.status != 302:
            raise RuntimeError(f"login as {email} failed with {response.status}")

    def close(self) -> None:
        self.connection.close()


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)  # seconds
    queries: list[int] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    seconds: float = 0.0
    warmup: int = 0  # requests sent before the measured ones

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """Latency in ms at percentile p (nearest rank)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
        return ordered[rank] * 1000


def run(
    clients: list[Client], make_request, *, max_requests: int, max_seconds: float, warmup: int = 10
) -> Result:
    """Drive `make_request(client, n)` -> (response, body) from one thread per client until
    `max_requests` were sent or `max_seconds` passed."""
    for n in range(warmup):
        make_request(clients[n % len(clients)], -1 - n)
    result = Result(warmup=warmup)
    lock = threading.Lock()
    counter = iter(range(max_requests))
    started = time.perf_counter()
    deadline = started + max_seconds

    def worker(client: Client) -> None:
        while time.perf_counter() < deadline:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            t0 = time.perf_counter()
            try:
                response, _ = make_request(client, n)
            except Exception:
                with lock:
                    result.errors += 1
                continue
            elapsed = time.perf_counter() - t0
            with lock:
                result.latencies.append(elapsed)
                result.statuses[response.status] = result.statuses.get(response.status, 0) + 1
                if response.status >= 400:
                    result.errors += 1
                count = response.getheader("X-Query-Count")
                if count is not None:
                    result.queries.append(int(count))

    threads = [threading.Thread(target=worker, args=(c,), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max_seconds + 60)
    result.seconds = time.perf_counter() - started
    return result
