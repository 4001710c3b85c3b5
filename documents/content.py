"""What an uploaded file is, judged by its content and never by its name: PDF, JPEG or PNG.
Images are decoded and encoded again, which leaves their metadata (location, camera) behind;
PDFs that can run code or carry other files are refused. Pure functions: no database."""

import io
import re
import zlib
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}

# A photo of a paper is far below this; a "decompression bomb" is far above.
MAX_PIXELS = 60_000_000

# PDF names that run code, open other programs or carry files inside the PDF.
_FORBIDDEN_PDF_NAMES = {b"JavaScript", b"JS", b"EmbeddedFile", b"EmbeddedFiles", b"Launch"}
_PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_PDF_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
_MAX_INFLATED = 64 * 1024 * 1024  # a stream inflating past this is refused as a bomb


class RefusedError(ValueError):
    """The file is not accepted; the message says why, in the user's language, and `code` is
    the reason as a fact for the access log."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Accepted:
    content_type: str
    data: bytes  # what is stored: the PDF as sent, an image encoded again

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def sniff(data: bytes) -> str | None:
    """The content type by the file's first bytes, or None for anything else."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def _names(chunk: bytes) -> set[bytes]:
    # A name may spell letters as #xx ("/J#61vaScript"): compare the decoded names.
    return {
        _PDF_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
        for raw in _PDF_NAME.findall(chunk)
    }


def _inflated_streams(data: bytes) -> list[bytes]:
    """The PDF's compressed streams, inflated, so names hidden in object streams are seen."""
    inflated: list[bytes] = []
    budget = _MAX_INFLATED
    for match in _PDF_STREAM.finditer(data):
        decompressor = zlib.decompressobj()
        try:
            chunk = decompressor.decompress(match.group(1), budget)
        except zlib.error:
            continue  # not Flate-compressed (an image, plain text): its raw bytes were read
        if decompressor.unconsumed_tail:
            raise RefusedError(
                _("This PDF could not be checked. Print it to a new PDF first."),
                code="pdf_unchecked",
            )
        budget -= len(chunk)
        inflated.append(chunk)
    return inflated


def check_pdf(data: bytes) -> Accepted:
    if b"%%EOF" not in data[-2048:]:
        raise RefusedError(_("This PDF is incomplete or damaged."), code="pdf_damaged")
    found = _names(data)
    for chunk in _inflated_streams(data):
        found |= _names(chunk)
    if found & _FORBIDDEN_PDF_NAMES:
        raise RefusedError(
            _(
                "This PDF contains scripts, actions or embedded files and is refused. "
                "Print it to a new PDF first."
            ),
            code="pdf_active_content",
        )
    return Accepted(PDF, data)


def check_image(data: bytes, content_type: str) -> Accepted:
    """Decode the image and encode it again without its metadata, upright as it was shown."""
    expected = "JPEG" if content_type == JPEG else "PNG"
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != expected:
                raise RefusedError(
                    _("This image is damaged or not what its content says."), code="image_damaged"
                )
            if image.width * image.height > MAX_PIXELS:
                raise RefusedError(_("This image has too many pixels."), code="image_too_large")
            image.load()
            upright = ImageOps.exif_transpose(image)
            out = io.BytesIO()
            if expected == "JPEG":
                if upright.mode not in ("RGB", "L"):
                    upright = upright.convert("RGB")
                upright.save(out, format="JPEG", quality=90)
            else:
                upright.save(out, format="PNG", optimize=False)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError):
        raise RefusedError(
            _("This image is damaged or not what its content says."), code="image_damaged"
        ) from None
    return Accepted(content_type, out.getvalue())


def check_content(data: bytes) -> Accepted:
    """Accept a PDF, JPEG or PNG by its content, or raise RefusedError."""
    if not data:
        raise RefusedError(_("This file is empty."), code="empty")
    content_type = sniff(data)
    if content_type is None:
        raise RefusedError(
            _("Only PDF, JPEG and PNG files are accepted (judged by the content)."),
            code="not_accepted_type",
        )
    if content_type == PDF:
        return check_pdf(data)
    return check_image(data, content_type)
