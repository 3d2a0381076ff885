"""The sync worker closes a connection as soon as its response is sent, safely.

wizard/web/gunicorn_worker.py: no waiting for the client to close first when
everything it sent was read; gunicorn's graceful (lingering) close when unread
bytes are waiting, so the response is never cut off by a reset.
"""

from __future__ import annotations

import runpy
import socket

import pytest
from gunicorn import util
from rel_support import LOOPBACK, ROOT, SECRET_KEY, Gunicorn

from wizard.web import gunicorn_worker
from wizard.web.gunicorn_worker import close_after_response, unread_bytes_waiting


@pytest.fixture
def graceful_calls(monkeypatch) -> list[socket.socket]:
    """Spy on gunicorn's lingering close (the real one still runs)."""
    calls: list[socket.socket] = []
    real = util.close_graceful

    def spy(sock, *args, **kwargs):
        calls.append(sock)
        return real(sock, *args, **kwargs)

    monkeypatch.setattr(util, "close_graceful", spy)
    return calls


def _read_all(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def test_nothing_unread_closes_at_once(graceful_calls) -> None:
    server, client = socket.socketpair()
    with client:
        server.sendall(b"response")
        assert unread_bytes_waiting(server) is False
        close_after_response(server)
        assert server.fileno() == -1  # closed, while the client has not closed its side
        assert graceful_calls == []
        assert _read_all(client) == b"response"  # delivered in full, then end of stream


def test_unread_bytes_take_the_graceful_close(graceful_calls) -> None:
    server, client = socket.socketpair()
    with client:
        client.sendall(b"GET /next HTTP/1.1\r\n\r\n")  # e.g. a pipelined request never read
        server.sendall(b"response")
        assert unread_bytes_waiting(server) is True
        assert server.recv(3, socket.MSG_PEEK) == b"GET"  # looking did not consume anything
        client.shutdown(socket.SHUT_WR)  # the client is done sending; the linger ends
        close_after_response(server)
        assert graceful_calls == [server]
        assert server.fileno() == -1
        assert _read_all(client) == b"response"


def test_a_client_that_already_closed_is_closed_at_once(graceful_calls) -> None:
    server, client = socket.socketpair()
    client.close()
    assert unread_bytes_waiting(server) is False
    close_after_response(server)
    assert server.fileno() == -1 and graceful_calls == []


def test_gunicorn_conf_uses_the_prompt_worker_unless_threads_are_asked_for(monkeypatch) -> None:
    monkeypatch.delenv("WIZARD_THREADS", raising=False)
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert conf["worker_class"] == "wizard.web.gunicorn_worker.SyncWorker"
    monkeypatch.setenv("WIZARD_THREADS", "4")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["worker_class"] == "gthread"


def test_the_worker_patches_only_the_close(monkeypatch) -> None:
    patched = gunicorn_worker._Util("gunicorn.util")
    assert patched.close_graceful is close_after_response
    assert patched.close is util.close and patched.http_date is util.http_date


def _exchange(port: int, request: bytes) -> bytes:
    with socket.create_connection((LOOPBACK, port), timeout=10) as sock:
        sock.sendall(request)
        return _read_all(sock)


def test_real_gunicorn_delivers_whole_responses(tmp_path) -> None:
    env = {"WIZARD_SECRET_KEY": SECRET_KEY, "WIZARD_DATA_DIR": str(tmp_path / "data")}
    with Gunicorn(env=env, log=tmp_path / "gunicorn.log", workers=1) as server:
        # an ordinary page: read in full up to the server's close
        reply = _exchange(server.port, b"GET /?lang=ar HTTP/1.1\r\nHost: x\r\n\r\n")
        head, _, body = reply.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200") and b"Connection: close" in head
        length = int(
            next(
                ln for ln in head.split(b"\r\n") if ln.lower().startswith(b"content-length")
            ).split(b":")[1]
        )
        assert len(body) == length and body.rstrip().endswith(b"</html>")

        # a request followed by a pipelined one the worker never reads: still whole
        reply = _exchange(
            server.port,
            b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
        )
        assert reply.startswith(b"HTTP/1.1 200") and reply.count(b"HTTP/1.1 ") == 1

        # a body too large for the app, left unread: the friendly 413 arrives whole
        body = b"a=" + b"x" * (300 * 1024)
        request = (
            b"POST /forms/anmeldung/start HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n"
        )
        with socket.create_connection((LOOPBACK, server.port), timeout=10) as sock:
            sock.sendall(request)
            try:
                sock.sendall(body)
            except OSError:
                pass  # the server may stop reading early; what it answered must still arrive
            reply = _read_all(sock)
        head, _, page = reply.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 413")
        assert page.rstrip().endswith(b"</html>")
    log = (tmp_path / "gunicorn.log").read_text()
    assert "Using worker: wizard.web.gunicorn_worker.SyncWorker" in log
