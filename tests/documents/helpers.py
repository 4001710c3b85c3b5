"""Files to upload in the documents tests, made here (no binary fixtures in the repository)."""

import importlib
import io
import zlib
from typing import TYPE_CHECKING

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
