"""Benchmark: uploading documents, and the documents tab of a file with many (issue 18, "numbers
to reach").

    .venv/bin/python -m bench.documents [--repeat 3] [--runs 30] [--documents 200] [--no-heic]

Works on the database of DATABASE_URL, SQLite when unset (the embedded default), without
touching its data: like bench/calculation.py it makes a throwaway test database beside it (a
temporary SQLite file), and the documents go to a temporary folder (DOCUMENTS_ROOT); both are
removed at the end, so the demo's var/ocmw.sqlite3 and var/documents are never opened.
Production settings (DEBUG off).

Uploads go through documents.services.documents_upload, so each is checked by content,
encrypted and stored (and gets its thumbnail once the app makes them): a 10 MB scanned PDF, a
5 MB JPEG photo (12 megapixels with noise, so it does not compress away) and a 12-megapixel
HEIC photo (converted to JPEG). Each file arrives as Django hands over an upload over 2.5 MB,
in a temporary file. Printed per file: the wall time (median and slowest of --repeat uploads),
Python's peak memory for one upload (tracemalloc: the copies of the file the code makes) and the
peak resident memory of the process during it above what it held before (VmHWM, reset before
the upload; Linux), which also counts the decoded pixels of a photo. Then the documents tab of a
file with 2 and with --documents documents: its queries and the median and p95 time of --runs
requests (Django's test client, in-process). Targets: each upload under 2 s; the tab's queries
the same for 2 documents as for 200.
"""

import argparse
import contextlib
import ctypes
import datetime as dt
import gc
import io
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from random import Random
from typing import Any

from bench.calculation import create_database, percentile, set_up_django

TARGET_UPLOAD_S = 2.0
MB = 1024 * 1024
PHOTO_SIZE = (4032, 3024)  # a phone's 12 megapixels


@dataclass(frozen=True)
class Sample:
    label: str
    name: str
    data: bytes


def scanned_pdf(size: int, *, seed: int = 18) -> bytes:
    """A PDF of about `size` bytes as a scanner makes it: per page a photographed page (a JPEG
    stream: noise, which compresses no further), a greyscale scan compressed with Flate (it
    inflates about threefold) and a little compressed page text."""
    rng = Random(seed)  # noqa: S311  # repeatable bench data, no secret
    greys = bytes((0, 85, 170, 255)[b % 4] for b in range(256))
    parts = [b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"]
    parts.append(b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n")
    number, written, page = 3, 0, 512 * 1024
    while written < size - page:
        streams = [
            (b"DCTDecode", rng.randbytes(page // 2)),
            (b"FlateDecode", zlib.compress(rng.randbytes(page).translate(greys), 1)),
            (b"FlateDecode", zlib.compress(b"BT /F1 12 Tf (Pagina %d) Tj ET" % number)),
        ]
        for kind, stream in streams:
            head = b"%d 0 obj<</Length %d/Filter/%s>>stream\n" % (number, len(stream), kind)
            parts += [head, stream, b"\nendstream endobj\n"]
            written += len(head) + len(stream) + 18
            number += 1
    parts.append(b"trailer<</Root 1 0 R>>\n%%EOF\n")
    return b"".join(parts)


def noisy_photo(sigma: float) -> Any:
    """A 12-megapixel photo: a gradient with noise in each colour (a PIL image)."""
    from PIL import Image

    base = Image.linear_gradient("L").resize(PHOTO_SIZE)
    bands = [Image.blend(Image.effect_noise(PHOTO_SIZE, sigma), base, 0.5) for _ in range(3)]
    return Image.merge("RGB", bands)


def samples(heic: bool) -> list[Sample]:
    import pillow_heif

    made = [Sample("PDF, scanned", "scan.pdf", scanned_pdf(10 * MB))]
    jpeg = io.BytesIO()
    noisy_photo(25).save(jpeg, format="JPEG", quality=92)
    made.append(Sample("JPEG photo, 12 MP", "foto.jpg", jpeg.getvalue()))
    if heic:
        out = io.BytesIO()
        # About 3 MB, as a phone's 12 megapixels are (a noisier photo of 7.7 MB took twice the
        # time to decode). x265's fastest preset: encoding otherwise takes half a minute here.
        pillow_heif.from_pillow(noisy_photo(6)).save(
            out, quality=70, enc_params={"preset": "ultrafast"}
        )
        made.append(Sample("HEIC photo, 12 MP", "IMG_0042.heic", out.getvalue()))
    return made


def peak_rss_reset() -> bool:
    """Reset the process's peak resident memory (Linux 4.0+); False where that is not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def release_free_memory() -> None:
    """Hand the memory freed by earlier uploads back to the system (glibc keeps it otherwise, and
    the next upload would reuse it without growing the resident memory that is measured)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: the peak may read lower
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def memory_kb(field: str) -> int:
    match = re.search(rf"{field}:\s+(\d+) kB", Path("/proc/self/status").read_text())
    return int(match[1]) if match else 0


def set_up(documents: int) -> dict[str, Any]:
    """A team, its social worker and three client files: one for the uploads, one with 2
    documents and one with `documents`, added through the service 20 at a time."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from clients.models import Assignment, Client
    from clients.national_number import national_number_for
    from documents.models import DocumentType
    from documents.services import MAX_FILES, documents_upload
    from wijkteams.models import Membership, User, Wijkteam

    team = Wijkteam.objects.create(name="Bench")
    worker = User.objects.create(username="bench.ma", first_name="Bench", last_name="Werker")
    Membership.objects.create(user=worker, team=team, role=Membership.Role.SOCIAL_WORKER)
    files = []
    for n in range(3):
        client = Client.objects.create(
            national_number=national_number_for(dt.date(1980, 1, 1 + n), 2 * n + 1),
            first_name="Bench",
            last_name=f"Dossier {n}",
            birth_date=dt.date(1980, 1, 1 + n),
            sex="F",
            team=team,
        )
        Assignment.objects.create(
            client=client, worker=worker, started_at=timezone.now(), assigned_by=worker
        )
        files.append(client)
    payslip = DocumentType.objects.get(code="payslip")
    pdf = scanned_pdf(60 * 1024)  # a one-page letter
    for client, count in ((files[1], 2), (files[2], documents)):
        for first in range(0, count, MAX_FILES):
            documents_upload(
                actor=worker,
                client=client,
                files=[
                    SimpleUploadedFile(f"brief-{n}.pdf", pdf, "application/pdf")
                    for n in range(first, min(count, first + MAX_FILES))
                ],
                document_type=payslip,
                document_date=timezone.localdate(),
                note=f"Bench {first}",
            )
    return {"worker": worker, "upload_to": files[0], "small": files[1], "large": files[2]}


def upload(sample: Sample, data: dict[str, Any]) -> Callable[[], str]:
    """One upload of `sample` as Django hands it over: a function that uploads it and returns
    what was stored (or why it was refused)."""
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import TemporaryUploadedFile
    from django.utils import timezone

    from documents.models import DocumentType
    from documents.services import documents_upload

    document_type = DocumentType.objects.get(code="payslip")

    def run() -> str:
        incoming = TemporaryUploadedFile(sample.name, "", len(sample.data), None)
        with incoming:
            incoming.write(sample.data)
            incoming.seek(0)
            try:
                [document] = documents_upload(
                    actor=data["worker"],
                    client=data["upload_to"],
                    files=[incoming],
                    document_type=document_type,
                    document_date=timezone.localdate(),
                )
            except ValidationError as error:
                return f"refused: {' '.join(error.messages)[:60]}"
        return f"{document.content_type}, {document.size / MB:.1f} MB"

    return run


def measure_uploads(heic: bool, repeat: int, data: dict[str, Any]) -> None:
    started = time.perf_counter()
    made = samples(heic)
    print(f"(test files made in {time.perf_counter() - started:.1f} s)")
    print(
        f"{'file':<20} {'size MB':>8} {'stored as':<22} {'p50 s':>8} {'max s':>8} "
        f"{'tracemalloc MB':>15} {'peak RSS MB':>12}  target"
    )
    can_reset = peak_rss_reset()
    for sample in made:
        run = upload(sample, data)
        times = []
        for _ in range(repeat):
            begun = time.perf_counter()
            stored = run()
            times.append(time.perf_counter() - begun)
        release_free_memory()
        before = memory_kb("VmRSS")
        peak_rss_reset()
        run()
        rss = f"{(memory_kb('VmHWM') - before) / 1024:.1f}" if can_reset else "n/a"
        tracemalloc.start()
        try:
            run()
            _now, traced = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        verdict = "OK" if max(times) < TARGET_UPLOAD_S else "TOO SLOW"
        print(
            f"{sample.label:<20} {len(sample.data) / MB:>8.1f} {stored:<22} "
            f"{statistics.median(times):>8.2f} {max(times):>8.2f} {traced / MB:>15.1f} "
            f"{rss:>12}  {verdict}",
            flush=True,
        )


def measure_tab(runs: int, data: dict[str, Any]) -> None:
    from django.conf import settings
    from django.test import override_settings

    # Static files are not collected for the bench: their URLs without the manifest's hashes.
    plain_static = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }
    with override_settings(STORAGES=plain_static):
        _measure_tab(runs, data)


def _measure_tab(runs: int, data: dict[str, Any]) -> None:
    from django.db import connection
    from django.test import Client as HttpClient
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    browser = HttpClient()
    browser.force_login(data["worker"])
    print(f"{'documents tab':<20} {'documents':>9} {'queries':>8} {'p50 ms':>8} {'p95 ms':>8}")
    counts = []
    for key in ("small", "large"):
        client = data[key]
        url = reverse("documents:file_documents", args=[client.pk])
        for _ in range(3):  # warm up: the session's clocks, templates, caches
            status = browser.get(url).status_code
            if status != 200:
                sys.exit(f"The documents tab answered {status}.")
        with CaptureQueriesContext(connection) as queries:
            browser.get(url)
        counts.append(len(queries))  # now: the captured list is read from the connection's log
        times = []
        for _ in range(runs):
            begun = time.perf_counter()
            browser.get(url)
            times.append((time.perf_counter() - begun) * 1000)
        print(
            f"{'':<20} {client.documents.count():>9} {counts[-1]:>8} "
            f"{statistics.median(times):>8.1f} {percentile(times, 0.95):>8.1f}",
            flush=True,
        )
    print(f"queries the same for both: {'OK' if counts[0] == counts[1] else 'NO'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed uploads per file")
    parser.add_argument("--runs", type=int, default=30, help="timed requests of the tab")
    parser.add_argument("--documents", type=int, default=200, help="documents of the large file")
    parser.add_argument("--no-heic", dest="heic", action="store_false", help="no HEIC photo")
    args = parser.parse_args()
    documents_root = tempfile.mkdtemp(prefix="ocmw-bench-documents-")
    os.environ["DOCUMENTS_ROOT"] = documents_root
    # The test client talks plain HTTP to "testserver", logged in without the second factor;
    # one JSON line per request on stdout would bury the figures.
    os.environ |= {
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
        "OTP_REQUIRED": "false",
        "LOG_LEVEL": "WARNING",
    }
    set_up_django()
    from django.db import connection

    name, original = create_database()
    try:
        print(
            f"{connection.vendor} ({connection.settings_dict['NAME']}), documents in "
            f"{documents_root}; load average {os.getloadavg()[0]:.1f}"
        )
        data = set_up(args.documents)
        measure_uploads(args.heic, args.repeat, data)
        measure_tab(args.runs, data)
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    finally:
        connection.creation.destroy_test_db(original, verbosity=0, keepdb=False)
        shutil.rmtree(documents_root, ignore_errors=True)
        if connection.vendor == "sqlite":
            Path(name).unlink(missing_ok=True)
            Path(name).parent.rmdir()


if __name__ == "__main__":
    main()
