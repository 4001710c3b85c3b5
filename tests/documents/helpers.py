"""Files to upload in the documents tests, made here (no binary fixtures in the repository)."""

import importlib
import io
import random
import struct
import zlib
from typing import TYPE_CHECKING

import pillow_heif
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import TINY_PDF

if TYPE_CHECKING:
    from documents.models import DocumentType


def pdf(name: str = "attest.pdf", data: bytes = TINY_PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def pdf_with(extra: bytes) -> bytes:
    """The tiny PDF with one more object before its trailer."""
    head, _sep, tail = TINY_PDF.partition(b"trailer")
    return head + extra + b"\ntrailer" + tail


def pdf_with_compressed(extra: bytes) -> bytes:
    """The tiny PDF with `extra` inside a Flate-compressed stream (as object streams hide it)."""
    packed = zlib.compress(extra)
    obj = b"4 0 obj<</Length %d/Filter/FlateDecode>>stream\n" % len(packed)
    return pdf_with(obj + packed + b"\nendstream endobj")


def jpeg_with_exif(name: str = "foto.jpg") -> SimpleUploadedFile:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0110] = "SecretPhone 9"  # Model
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def heic_photo(
    *,
    size: tuple[int, int] = (40, 30),
    orientation: int = 1,
    declared: tuple[int, int] | None = None,
) -> bytes:
    """A HEIC photo as a phone takes it, encoded by pillow_heif (libheif): the camera, the place
    it was taken (GPS) and, unless 1, the EXIF orientation. `declared` writes another size in
    its image-extents box than the picture holds."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0110] = "SecretPhone 9"  # Model
    if orientation != 1:
        exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (50.0, 49.0, 40.0), 3: "E", 4: (3.0, 15.0, 50.0)}  # GPS: Kortrijk
    out = io.BytesIO()
    pillow_heif.from_pillow(image).save(out, exif=exif.tobytes(), quality=80)
    data = out.getvalue()
    if declared is not None:
        extents = data.index(b"ispe") + 8  # box type, then version and flags: 4 bytes
        data = data[:extents] + struct.pack(">II", *declared) + data[extents + 8 :]
    return data


def heic(name: str = "IMG_0042.heic", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, heic_photo() if data is None else data, "image/heic")


def png_with_text(name: str = "scan.png") -> SimpleUploadedFile:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "Taken at Kerkstraat 1")
    image = Image.new("RGB", (20, 20), (0, 100, 0))
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def seeded_type(code: str) -> "DocumentType":
    """A document type as documents/migrations/0002 seeds it (and 0003 marks medical
    certificates as health data): the row, or the same made again when a transactional test
    (the browser tests) flushed the table before this test ran in the same worker."""
    from documents.models import DocumentType

    seeded = importlib.import_module("documents.migrations.0002_document_types")
    order, (name_nl, name_en, expires) = next(
        (n, (nl, en, exp)) for n, (c, nl, en, exp) in enumerate(seeded.TYPES, start=1) if c == code
    )
    document_type, _created = DocumentType.objects.get_or_create(
        code=code,
        defaults={
            "name_nl": name_nl,
            "name_en": name_en,
            "expires": expires,
            "order": order * 10,
            "confidential": code == "medical_certificate",
        },
    )
    return document_type


def large_pdf(size: int, *, seed: int = 18) -> bytes:
    """A PDF of about `size` bytes as a scanner makes it: per page a photographed page (a JPEG
    stream, here noise that compresses no further), a greyscale scan compressed with Flate (it
    inflates about threefold, as such scans do) and a little compressed page text."""
    rng = random.Random(seed)  # noqa: S311  # repeatable test data, no secret
    # Random bytes mapped on four grey values: two bits of noise per byte.
    greys = bytes((0, 85, 170, 255)[b % 4] for b in range(256))
    head = b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    objects: list[bytes] = []
    page = 512 * 1024
    number = 3
    while sum(map(len, objects)) < size - page:
        photo = rng.randbytes(page // 2)
        scan = zlib.compress(rng.randbytes(page).translate(greys), 1)
        text = zlib.compress(b"BT /F1 12 Tf (Loonbrief maart, pagina %d) Tj ET" % number)
        streams = ((b"DCTDecode", photo), (b"FlateDecode", scan), (b"FlateDecode", text))
        for filter_name, stream in streams:
            objects.append(
                b"%d 0 obj<</Length %d/Filter/%s>>stream\n" % (number, len(stream), filter_name)
                + stream
                + b"\nendstream endobj\n"
            )
            number += 1
    pages = b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    return head + pages + b"".join(objects) + b"trailer<</Root 1 0 R>>\n%%EOF\n"


RED = (200, 30, 30)


def drawn_pdf(size: tuple[int, int] = (300, 420), colour: tuple[int, int, int] = RED) -> bytes:
    """A real one-page PDF with something on it (a coloured page, written by Pillow), as a
    scanner makes them: its thumbnail shows the colour."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PDF")
    return out.getvalue()


def png_image(size: tuple[int, int] = (300, 200), mode: str = "RGB") -> bytes:
    colour: tuple[int, ...] = (0, 100, 0) if mode == "RGB" else (0, 100, 0, 128)
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, format="PNG")
    return out.getvalue()


def is_jpeg(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as image:
        return image.format == "JPEG"


def thumbnail_stored() -> str:
    """A thumbnail made and stored as an upload's is (encrypted, under a random name): the
    storage name, for a DocumentFactory row made without the service."""
    from documents.storage import file_store
    from documents.thumbnails import thumbnail_make

    thumbnail = thumbnail_make(drawn_pdf(), "application/pdf")
    assert thumbnail is not None
    return file_store(thumbnail)
