"""Gunicorn's sync worker, closing each connection as soon as its response is sent.

A sync worker serves one connection at a time and answers every request with
``Connection: close``. Since gunicorn 23 it then closes "gracefully" (RFC 9112
§9.6): it half-closes and waits, up to two seconds, until the client closes its
side too. That protects one case: request bytes the worker never read (a body
left unread, pipelined requests) would make the kernel answer the close with a
reset, which can destroy the end of the response before the client reads it.
Waiting for the client costs a round trip per request during which the worker
serves nobody: on loopback a scheduling delay, over a phone network 100–300 ms.

This worker looks first. When the client has sent nothing that is still unread
(the usual case: the whole request, body included, was read), closing cannot
cause a reset, so it closes at once; the response is already in the kernel's
send buffer and is delivered, followed by the FIN, as usual. When unread bytes
are waiting, or the client has already gone, gunicorn's graceful close runs as
before. Selected in gunicorn.conf.py; measured with bench/bench_web.py.
"""

from __future__ import annotations

import socket
import types
from typing import Any

from gunicorn import util
from gunicorn.workers import sync


def unread_bytes_waiting(sock: socket.socket) -> bool:
    """True if the client sent bytes that were never read; looks without waiting."""
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) != b""  # b"": client closed
    except (BlockingIOError, InterruptedError):
        return False  # nothing there
    except OSError:
        return False  # reset or not connected: nothing left to protect


def close_after_response(sock: socket.socket, *args: Any, **kwargs: Any) -> None:
    """Close at once when nothing is left unread; otherwise gunicorn's graceful close."""
    if unread_bytes_waiting(sock):
        util.close_graceful(sock, *args, **kwargs)
    else:
        util.close(sock)


class _Util(types.ModuleType):
    """gunicorn.util as the sync worker sees it, with the prompt close."""

    close_graceful = staticmethod(close_after_response)

    def __getattr__(self, name: str) -> Any:
        return getattr(util, name)


class SyncWorker(sync.SyncWorker):
    """gunicorn's sync worker with :func:`close_after_response` instead of the lingering close."""

    def init_process(self) -> None:
        # Runs in the forked worker process only; the sync module calls util.close_graceful.
        sync.util = _Util("gunicorn.util")
        super().init_process()
