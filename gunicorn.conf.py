"""gunicorn's settings that are not flags of the Dockerfile's CMD (gunicorn reads this file from
its working directory). Its own records (start, worker restarts, "Invalid request ..." quoting a
raw request line) go through the app's LOGGING: one JSON line each, national numbers masked,
query strings stripped, instead of gunicorn's unmasked text on stderr."""

from ocmw.settings import LOGGING

logconfig_dict = LOGGING


def post_worker_init(worker: object) -> None:
    """Once the worker has loaded the app, move what it holds then (models, templates, URL
    patterns, translations) out of the garbage collector's walk: a full collection otherwise
    walks all of it and adds some 90 ms to the request it lands on (measured on the committee's
    agenda: p95 160 ms without, under 70 ms with; bench/README.md, bench/procedure.py
    --gc-freeze). Objects made by requests are collected as before."""
    import gc

    gc.freeze()
