"""Gunicorn settings for `make run` and production (override with flags or env)."""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Sync workers (one thread): measured with bench/bench_web.py, threads (gthread) cost
# more CPU per request in GIL hand-offs than they win back from I/O waits.
threads = int(os.environ.get("WIZARD_THREADS", "1"))
# The sync worker, closing each connection once its response is sent instead of
# waiting for the client to close first (wizard/web/gunicorn_worker.py).
worker_class = "wizard.web.gunicorn_worker.SyncWorker" if threads == 1 else "gthread"
timeout = 60
accesslog = "-"
logger_class = "wizard.web.gunicorn_logging.RedactingLogger"
# The request line is logged without the query string; paths hold no answers.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(L)ss'
limit_request_line = 4094
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker: object) -> None:
    """Exclude the loaded application from the cyclic garbage collector.

    A worker holds ~170,000 long-lived objects after start-up (forms, catalogs,
    SQLAlchemy, Jinja). A full collection walks all of them, tens of
    milliseconds during which every queued request waits; freezing them keeps
    collections down to what requests allocate.
    """
    import gc

    gc.freeze()
