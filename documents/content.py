"""What an uploaded file is, judged by its content and never by its name: PDF, JPEG, PNG, or a
HEIC/HEIF photo (as phones take them), which is converted to JPEG. Images are decoded and
encoded again, which leaves their metadata (location, camera) behind; PDFs that can run code or
carry other files are refused. Pure functions: no database.

Memory: the file is held once, as the bytes given; compressed PDF streams are inflated and read
a piece at a time, never whole."""

import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import pillow_heif
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
HEIF = "image/heif"  # HEIC and HEIF photos: recognised, converted to JPEG, never stored as such
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}
# The Pillow formats each image type may open as (Image.open tries only the first's opener). A
# phone's JPEG may hold more pictures (a depth map, a second lens): Pillow opens it as "MPO",
# and its first picture is the photo.
_IMAGE_FORMATS = {JPEG: ("JPEG", "MPO"), PNG: ("PNG",), HEIF: ("HEIF",)}
# pillow_heif's names for the HEIC and HEIF brands its Pillow opener reads (AVIF is not among
# them: its decoder is not in the wheel).
_HEIF_MIMETYPES = {"image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence"}

# Pillow opens HEIC/HEIF from here on, once per process (this module is imported once). Only the
# main picture is wanted: thumbnails, depth maps and auxiliary images inside are not read.
pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)

# A photo of a paper is far below this; a "decompression bomb" is far above. Checked on the size
# the file declares, before any pixel is decoded (libheif refuses a HEIC whose coded picture is
# not the size it declares).
MAX_PIXELS = 60_000_000

# PDF names that run code, open other programs or carry files inside the PDF.
_FORBIDDEN_PDF_NAMES = {b"JavaScript", b"JS", b"EmbeddedFile", b"EmbeddedFiles", b"Launch"}
# A name may spell each letter as #xx: a written name longer than this is none of the above.
_LONGEST_WRITTEN_NAME = 3 * max(map(len, _FORBIDDEN_PDF_NAMES))
_NOT_IN_NAMES = rb"\s/<>\[\]()%{}"
_PDF_NAME = re.compile(rb"/([^" + _NOT_IN_NAMES + rb"]+)")
_NAME_END = re.compile(rb"[" + _NOT_IN_NAMES + rb"]")
_PDF_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
_MAX_INFLATED = 64 * 1024 * 1024  # a PDF whose streams inflate past this is refused as a bomb
_INFLATE_IN = 64 * 1024  # compressed bytes given to zlib at a time
_INFLATE_OUT = 1024 * 1024  # inflated bytes read at a time


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
    converted: bool = False  # a HEIC photo, stored as JPEG

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]

    def stored_name(self, name: str, *, max_length: int) -> str:
        """The name the file is kept under: as sent, but a converted photo ends in .jpg."""
        if not self.converted:
            return name[:max_length]
        suffix = f".{self.extension}"
        stem = name.rsplit(".", 1)[0] if "." in name else name
        return stem[: max_length - len(suffix)] + suffix


def sniff(data: bytes) -> str | None:
    """The content type by the file's first bytes, or None for anything else."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    # An ISO media file (ftyp box) of a HEIC/HEIF brand, as pillow_heif recognises it.
    if data[4:8] == b"ftyp" and pillow_heif.get_file_mimetype(data[:12]) in _HEIF_MIMETYPES:
        return HEIF
    return None


def _forbidden_names(text: bytes, end: int | None = None) -> set[bytes]:
    """The forbidden names in `text` (up to `end`). A name may spell letters as #xx
    ("/J#61vaScript"): the decoded names are compared."""
    found: set[bytes] = set()
    for match in _PDF_NAME.finditer(text, 0, len(text) if end is None else end):
        name = match.group(1)
        if b"#" in name:
            name = _PDF_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), name)
        if name in _FORBIDDEN_PDF_NAMES:
            found.add(name)
    return found


class _NameScan:
    """The forbidden names of a text read in pieces, found as in the whole text: a name cut off
    at the end of a piece is joined to the rest of it at the start of the next."""

    def __init__(self) -> None:
        self.found: set[bytes] = set()
        self._tail = b""

    def feed(self, piece: bytes) -> None:
        text = self._tail + piece
        start = text.rfind(b"/")
        if start == -1 or _NAME_END.search(text, start + 1):
            self._tail = b""
            self.found |= _forbidden_names(text)
            return
        # The text ends inside a name. Its first bytes are enough to judge it once it ends: past
        # _LONGEST_WRITTEN_NAME it is no forbidden name, whatever follows.
        self._tail = text[start : start + 2 + _LONGEST_WRITTEN_NAME]
        self.found |= _forbidden_names(text, start)

    def close(self) -> None:
        self.found |= _forbidden_names(self._tail)
        self._tail = b""


def _inflated(raw: memoryview) -> Iterator[bytes]:
    """A Flate stream inflated a piece at a time. zlib.error on the first piece means the stream
    is not Flate-compressed (an image, plain text); later, that it is damaged from there on."""
    decompressor = zlib.decompressobj()
    for start in range(0, len(raw), _INFLATE_IN):
        pending: bytes | memoryview = raw[start : start + _INFLATE_IN]
        while pending and not decompressor.eof:
            yield decompressor.decompress(pending, _INFLATE_OUT)
            pending = decompressor.unconsumed_tail
        if decompressor.eof:
            return
    yield decompressor.flush()


def _forbidden_in_streams(data: bytes) -> set[bytes]:
    """The forbidden names inside the PDF's compressed streams (as object streams hide them),
    read as they inflate; a PDF whose streams inflate past _MAX_INFLATED is refused."""
    found: set[bytes] = set()
    budget = _MAX_INFLATED
    view = memoryview(data)
    for match in _PDF_STREAM.finditer(data):
        scan = _NameScan()
        pieces = _inflated(view[match.start(1) : match.end(1)])
        try:
            for piece in pieces:
                budget -= len(piece)
                if budget < 0:
                    raise RefusedError(
                        _("This PDF could not be checked. Print it to a new PDF first."),
                        code="pdf_unchecked",
                    )
                scan.feed(piece)
        except zlib.error:
            pass  # not Flate-compressed, or damaged further on: its raw bytes were read
        scan.close()
        found |= scan.found
    return found


def check_pdf(data: bytes) -> Accepted:
    if b"%%EOF" not in data[-2048:]:
        raise RefusedError(_("This PDF is incomplete or damaged."), code="pdf_damaged")
    if _forbidden_names(data) or _forbidden_in_streams(data):
        raise RefusedError(
            _(
                "This PDF contains scripts, actions or embedded files and is refused. "
                "Print it to a new PDF first."
            ),
            code="pdf_active_content",
        )
    return Accepted(PDF, data)


def _damaged() -> RefusedError:
    return RefusedError(
        _("This image is damaged or not what its content says."), code="image_damaged"
    )


def check_image(data: bytes, content_type: str) -> Accepted:
    """Decode the image and encode it again without its metadata, upright as it was shown; a
    HEIC/HEIF photo becomes a JPEG."""
    formats = _IMAGE_FORMATS[content_type]
    stored_type = JPEG if content_type == HEIF else content_type
    try:
        with Image.open(io.BytesIO(data), formats=formats[:1]) as image:
            if image.format not in formats:
                raise _damaged()
            if image.width * image.height > MAX_PIXELS:
                raise RefusedError(_("This image has too many pixels."), code="image_too_large")
            declared = image.size
            image.load()
            # A picture that holds another size than it declared is damaged (libheif usually
            # refuses to decode one; whatever it does, the size check above must have seen the
            # size that was decoded).
            if image.im.size != declared:
                raise _damaged()
            # In place: a copy of the decoded pixels (36 MB for a phone's 12 megapixels) is what
            # turning it would otherwise cost, even when it is upright already.
            ImageOps.exif_transpose(image, in_place=True)
            upright: Image.Image = image
            out = io.BytesIO()
            if stored_type == JPEG:
                if upright.mode not in ("RGB", "L"):
                    upright = upright.convert("RGB")
                upright.save(out, format="JPEG", quality=90)
            else:
                upright.save(out, format="PNG", optimize=False)
    except RefusedError:
        raise
    # pillow_heif reports a damaged file as ValueError, EOFError or RuntimeError (libheif's
    # limits), Pillow's own decoders as OSError or SyntaxError.
    except (
        UnidentifiedImageError,
        OSError,
        Image.DecompressionBombError,
        SyntaxError,
        ValueError,
        EOFError,
        RuntimeError,
    ):
        raise _damaged() from None
    return Accepted(stored_type, out.getvalue(), converted=content_type == HEIF)


def check_content(data: bytes) -> Accepted:
    """Accept a PDF, JPEG, PNG or HEIC/HEIF photo by its content, or raise RefusedError."""
    if not data:
        raise RefusedError(_("This file is empty."), code="empty")
    content_type = sniff(data)
    if content_type is None:
        raise RefusedError(
            _("Only PDF, JPEG, PNG and HEIC files are accepted (judged by the content)."),
            code="not_accepted_type",
        )
    if content_type == PDF:
        return check_pdf(data)
    return check_image(data, content_type)
