"""A document's thumbnail: a small JPEG of a PDF's first page or of the image, made once when the
file is kept (documents.services) and shown in the documents tab. Pure functions: no database,
no storage.

The input is a file content.check_content accepted (a PDF without active content, or an image
already decoded and encoded again). A thumbnail is a convenience: whatever a decoder makes of an
odd file, `thumbnail_make` answers None rather than an error, and the document is kept without.
"""

import io
import logging
import threading

import pypdfium2
from PIL import Image

from documents.content import JPEG, PDF, PNG

logger = logging.getLogger(__name__)

# The longer side, in pixels: twice the box the list shows it in (the tab's 80 CSS pixels), so
# a page is still readable enough to recognise on a high-density screen.
SIZE = 160
# What the tab reserves for it (width and height attributes, CSS object-fit keeps the shape).
SHOWN = 80
QUALITY = 75
CONTENT_TYPE = JPEG

# PDFium is not thread-safe, and gunicorn's gthread workers run requests in threads of one
# process: one rendering at a time per process.
_PDFIUM = threading.Lock()


def _first_page(data: bytes) -> Image.Image:
    with _PDFIUM:
        document = pypdfium2.PdfDocument(data)
        try:
            page = document[0]
            width, height = page.get_size()  # in points
            if width <= 0 or height <= 0:
                raise ValueError("page without a size")
            # Render straight at the thumbnail's size: a poster-sized page stays a small bitmap.
            bitmap = page.render(scale=SIZE / max(width, height))
            # A copy: its own pixels, not the bitmap's buffer, which goes with the document.
            image: Image.Image = bitmap.to_pil().copy()
            return image
        finally:
            document.close()


def _image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.draft("RGB", (SIZE, SIZE))  # a JPEG decodes at a fraction of its size: much faster
    image.load()
    return image


def _as_jpeg(image: Image.Image) -> bytes:
    image.thumbnail((SIZE, SIZE))
    if image.mode in ("RGBA", "LA", "P"):
        # Transparency (a PNG scan) on white, as on paper: JPEG has no alpha.
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        image = background
    elif image.mode != "RGB":
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=QUALITY, optimize=True)
    return out.getvalue()


def thumbnail_make(data: bytes, content_type: str) -> bytes | None:
    """The JPEG thumbnail of an accepted PDF, JPEG or PNG, or None when it cannot be made."""
    try:
        if content_type == PDF:
            return _as_jpeg(_first_page(data))
        if content_type in (JPEG, PNG):
            return _as_jpeg(_image(data))
    # Any decoder error (PDFium's PdfiumError, Pillow's OSError or DecompressionBombError, a
    # ValueError of an odd page) only means there is no thumbnail: the file itself was accepted,
    # and a missing thumbnail must never lose it. The log names the error's class, no file.
    except Exception as error:
        logger.warning("no thumbnail for a %s file: %s", content_type, type(error).__name__)
    return None
