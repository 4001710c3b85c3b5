"""What an upload is, judged by its content: the pure checks of documents/content.py."""

import io

import pytest
from PIL import Image

from documents import content
from tests.documents.helpers import jpeg_with_exif, pdf_with, pdf_with_compressed, png_with_text
from tests.factories import TINY_PDF


def test_a_pdf_is_accepted_as_sent() -> None:
    accepted = content.check_content(TINY_PDF)
    assert accepted.content_type == "application/pdf"
    assert accepted.data == TINY_PDF


def test_a_text_file_renamed_to_pdf_is_refused() -> None:
    with pytest.raises(content.RefusedError) as refused:
        content.check_content(b"Dit is geen pdf maar platte tekst.\n")
    assert refused.value.code == "not_accepted_type"
    assert "PDF, JPEG" in str(refused.value) or "pdf-, jpeg-" in str(refused.value)


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(content.RefusedError) as refused:
        content.check_content(b"")
    assert refused.value.code == "empty"


@pytest.mark.parametrize(
    "extra",
    [
        b"5 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj",
        b"5 0 obj<</Type/Action/S/Launch/F(cmd.exe)>>endobj",
        b"5 0 obj<</EmbeddedFiles 6 0 R>>endobj",
        b"5 0 obj<</S/J#61vaScript/J#53(x)>>endobj",  # the names spelled with #xx
    ],
    ids=["javascript", "launch", "embedded-files", "hex-escaped"],
)
def test_a_pdf_that_can_run_code_or_carries_files_is_refused(extra: bytes) -> None:
    with pytest.raises(content.RefusedError) as refused:
        content.check_content(pdf_with(extra))
    assert refused.value.code == "pdf_active_content"


def test_javascript_hidden_in_a_compressed_stream_is_found() -> None:
    with pytest.raises(content.RefusedError) as refused:
        content.check_content(pdf_with_compressed(b"<</S/JavaScript/JS(app.alert(1))>>"))
    assert refused.value.code == "pdf_active_content"


def test_a_compressed_stream_without_active_content_passes() -> None:
    data = pdf_with_compressed(b"BT /F1 12 Tf (Loonbrief maart) Tj ET")
    assert content.check_content(data).data == data


def test_a_cut_off_pdf_is_refused() -> None:
    with pytest.raises(content.RefusedError) as refused:
        content.check_content(TINY_PDF[:60])
    assert refused.value.code == "pdf_damaged"


def test_a_jpeg_loses_its_camera_metadata() -> None:
    original = jpeg_with_exif().read()
    assert b"SecretPhone" in original
    accepted = content.check_content(original)
    assert accepted.content_type == "image/jpeg"
    assert b"SecretPhone" not in accepted.data
    with Image.open(io.BytesIO(accepted.data)) as image:
        assert image.size == (40, 30)
        assert not image.getexif()


def test_a_png_loses_its_text_chunks() -> None:
    original = png_with_text().read()
    assert b"Kerkstraat" in original
    accepted = content.check_content(original)
    assert accepted.content_type == "image/png"
    assert b"Kerkstraat" not in accepted.data


def test_a_file_that_starts_like_a_jpeg_but_is_not_one_is_refused() -> None:
    with pytest.raises(content.RefusedError) as refused:
        content.check_content(b"\xff\xd8\xff\xe0" + b"garbage" * 20)
    assert refused.value.code == "image_damaged"
