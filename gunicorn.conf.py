"""gunicorn's settings that are not flags of the Dockerfile's CMD (gunicorn reads this file from
its working directory). Its own records (start, worker restarts, "Invalid request ..." quoting a
raw request line) go through the app's LOGGING: one JSON line each, national numbers masked,
query strings stripped, instead of gunicorn's unmasked text on stderr."""

from ocmw.settings import LOGGING

logconfig_dict = LOGGING
