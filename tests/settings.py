"""The project's settings as production reads them, with a throwaway key for the test run."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production")
# A fixed test key (32 bytes, base64): the settings refuse to start without one when DEBUG is off.
os.environ.setdefault("DOCUMENTS_KEY", "dGVzdHMtb25seS1kb2N1bWVudHMta2V5LTMyLWJ5dGU=")

from ocmw.settings import *  # noqa: F403

# Hashing demo passwords at full strength makes every login in the suite slow for no gain.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests serve static files from the source folders; production runs collectstatic.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
# Each test process stores documents in a folder of its own, removed when it ends.
DOCUMENTS_ROOT = Path(tempfile.mkdtemp(prefix="ocmw-test-documents-"))
atexit.register(shutil.rmtree, DOCUMENTS_ROOT, ignore_errors=True)
STORAGES["documents"]["OPTIONS"]["location"] = str(DOCUMENTS_ROOT)  # noqa: F405
# The suite talks plain HTTP to the test client and the live server; production redirects to
# HTTPS (tests of that use the production settings or override this).
SECURE_SSL_REDIRECT = False
# Most tests log in with a password only; the two-factor tests switch this on.
OTP_REQUIRED = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # The browser tests empty the database between tests with TRUNCATE (Django's flush), which
    # the guards of the access log and the account log refuse unless the session allows it
    # (clients/migrations/0006, wijkteams/migrations/0006).
    DATABASES["default"]["OPTIONS"]["options"] += (  # noqa: F405
        " -c ocmw.allow_access_log_truncate=on -c ocmw.allow_account_log_truncate=on"
    )
