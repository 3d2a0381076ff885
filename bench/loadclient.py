"""A small asyncio HTTP/1.1 client for load tests against a local server.

Just enough HTTP for our own app: one request per connection (gunicorn's sync
workers close connections), cookies kept per simulated user, CSRF tokens read
from forms. Only loopback addresses are ever contacted.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode


@dataclass
class Response:
    status: int
    headers: dict[str, list[str]]
    body: bytes
    seconds: float

    def header(self, name: str) -> str:
        values = self.headers.get(name.lower())
        return values[0] if values else ""

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class User:
    """One simulated browser: its cookies."""

    host: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    async def request(self, method: str, path: str, form: dict | list | None = None) -> Response:
        assert self.host in ("127.0.0.1", "localhost", "::1")
        body = urlencode(form, doseq=True).encode() if form is not None else b""
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: close"]
        if self.cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if form is not None:
            head += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
            ]
        start = time.perf_counter()
        reader, writer = await asyncio.open_connection(self.host, self.port)
        try:
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
            await writer.drain()
            raw = await reader.read()
        finally:
            writer.close()
        seconds = time.perf_counter() - start
        header_blob, _, payload = raw.partition(b"\r\n\r\n")
        lines = header_blob.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers: dict[str, list[str]] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers.setdefault(name.strip().lower(), []).append(value.strip())
        for cookie in headers.get("set-cookie", []):
            pair = cookie.split(";", 1)[0]
            name, _, value = pair.partition("=")
            if value:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        return Response(status, headers, payload, seconds)

    async def form_fields(self, path: str) -> dict[str, str]:
        """GET a page and return its hidden fields (csrf_token, version, shown)."""
        response = await self.request("GET", path)
        assert response.status == 200, (path, response.status)
        return dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', response.text))


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]
