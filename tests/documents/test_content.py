"""What an upload is, judged by its content: the pure checks of documents/content.py."""

import io
from collections.abc import Callable

import pytest
from PIL import Image

from documents import content
from tests.documents.helpers import (
    heic_photo,
    jpeg_with_exif,
    pdf_with,
    pdf_with_compressed,
    png_with_text,
)
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


def test_a_jpeg_photo_taken_sideways_is_stored_upright() -> None:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turn 90 degrees to show it
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    accepted = content.check_content(out.getvalue())
    with Image.open(io.BytesIO(accepted.data)) as stored:
        assert stored.size == (30, 40)
        assert not stored.getexif()


def test_a_jpeg_holding_two_pictures_is_kept_as_its_first() -> None:
    """Some phones add a second picture (MPO: depth, a second lens); it was refused as damaged."""
    photo = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0110] = "SecretPhone 9"  # Model
    out = io.BytesIO()
    second = Image.new("RGB", (20, 15))
    photo.save(out, format="MPO", save_all=True, append_images=[second], exif=exif.tobytes())
    assert b"SecretPhone" in out.getvalue()
    accepted = content.check_content(out.getvalue())
    assert accepted.content_type == "image/jpeg"
    assert b"SecretPhone" not in accepted.data
    with Image.open(io.BytesIO(accepted.data)) as image:
        assert (image.format, image.size) == ("JPEG", (40, 30))
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


@pytest.mark.parametrize("piece", [1, 3, 7, 1024 * 1024])
@pytest.mark.parametrize(
    "hidden",
    [
        b"<</S/JavaScript/JS(app.alert(1))>>",
        b"<</Type/Action/S/Launch/F(cmd.exe)>>",
        b"<</EmbeddedFiles 6 0 R>>",
        b"<</S/J#61vaScript/J#53(x)>>",
    ],
    ids=["javascript", "launch", "embedded-files", "hex-escaped"],
)
def test_a_name_cut_between_two_inflated_pieces_is_still_found(
    hidden: bytes, piece: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Streams are inflated and read a piece at a time: a name is found whatever the pieces."""
    monkeypatch.setattr(content, "_INFLATE_OUT", piece)
    monkeypatch.setattr(content, "_INFLATE_IN", piece)
    with pytest.raises(content.RefusedError) as refused:
        content.check_content(pdf_with_compressed(b"BT (Loonbrief) Tj ET " + hidden))
    assert refused.value.code == "pdf_active_content"


@pytest.mark.parametrize("piece", [1, 5, 1024 * 1024])
def test_a_long_name_ending_like_a_forbidden_one_is_not_forbidden(
    piece: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name is judged whole, also when it is longer than any forbidden name and inflated in
    pieces: /AbcJavaScript is not /JavaScript."""
    monkeypatch.setattr(content, "_INFLATE_OUT", piece)
    data = pdf_with_compressed(b"<</" + b"x" * 100 + b"JavaScript/Abc#4a#53>>")
    assert content.check_content(data).data == data


def test_a_pdf_whose_streams_inflate_too_far_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(content, "_MAX_INFLATED", 10_000)
    monkeypatch.setattr(content, "_INFLATE_OUT", 1000)
    assert content.check_content(pdf_with_compressed(b" " * 9_000))
    with pytest.raises(content.RefusedError) as refused:
        content.check_content(pdf_with_compressed(b" " * 11_000))
    assert refused.value.code == "pdf_unchecked"


def _exif_of(data: bytes) -> dict[int, object]:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif())


def test_a_heic_photo_becomes_a_jpeg_without_camera_or_place() -> None:
    original = heic_photo()
    assert b"SecretPhone" in original
    accepted = content.check_content(original)
    assert (accepted.content_type, accepted.converted) == ("image/jpeg", True)
    assert b"SecretPhone" not in accepted.data
    assert b"CameraMaker" not in accepted.data
    with Image.open(io.BytesIO(accepted.data)) as image:
        assert (image.format, image.size) == ("JPEG", (40, 30))
        red, green, blue = image.convert("RGB").getpixel((20, 15))  # type: ignore[misc]  # RGB: a tuple
        assert abs(red - 200) + abs(green - 30) + abs(blue - 30) < 30  # the photo, not black
    assert _exif_of(accepted.data) == {}  # no camera, no GPS, no orientation


def test_a_heic_photo_taken_sideways_is_stored_upright() -> None:
    accepted = content.check_content(heic_photo(size=(40, 30), orientation=6))
    with Image.open(io.BytesIO(accepted.data)) as image:
        assert image.size == (30, 40)  # turned once, not twice
    assert _exif_of(accepted.data) == {}


def test_a_file_that_starts_like_a_heic_but_is_not_one_is_refused() -> None:
    with pytest.raises(content.RefusedError) as refused:
        content.check_content(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00" + b"garbage" * 20)
    assert refused.value.code == "image_damaged"


def test_a_heic_that_holds_another_size_than_it_declares_is_never_kept_larger() -> None:
    """libheif mostly refuses to decode it (refused as damaged, not an error of the server); in
    some runs it decodes it at the declared size. Either way nothing larger than the size the
    pixel check saw is kept."""
    code = ""
    try:
        accepted = content.check_content(heic_photo(size=(64, 64), declared=(16, 16)))
    except content.RefusedError as refused:
        code = refused.code
    if code:
        assert code == "image_damaged"
    else:
        with Image.open(io.BytesIO(accepted.data)) as image:
            assert image.format == "JPEG"
            assert image.width * image.height <= 16 * 16


def test_a_heic_declaring_too_many_pixels_is_refused_before_it_is_decoded() -> None:
    """9000 x 9000 declared (81 million pixels, over MAX_PIXELS): refused by the size check.
    Decoding it would have failed as damaged (it holds 64 x 64), so nothing was decoded."""
    with pytest.raises(content.RefusedError) as refused:
        content.check_content(heic_photo(size=(64, 64), declared=(9000, 9000)))
    assert refused.value.code == "image_too_large"


@pytest.mark.parametrize(
    ("make", "pixels"),
    [(lambda: png_with_text().read(), 20 * 20), (heic_photo, 40 * 30)],
    ids=["png", "heic"],
)
def test_an_image_one_pixel_over_the_limit_is_refused(
    make: Callable[[], bytes], pixels: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(content, "MAX_PIXELS", pixels - 1)
    with pytest.raises(content.RefusedError) as refused:
        content.check_content(make())
    assert refused.value.code == "image_too_large"


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("IMG_0042.HEIC", "IMG_0042.jpg"),
        ("scan.van.mei.heif", "scan.van.mei.jpg"),
        ("foto", "foto.jpg"),
        ("x" * 300 + ".heic", "x" * 251 + ".jpg"),
    ],
)
def test_a_converted_photo_is_kept_under_a_jpeg_name(sent: str, kept: str) -> None:
    accepted = content.check_content(heic_photo())
    assert accepted.stored_name(sent, max_length=255) == kept
    as_sent = content.check_content(TINY_PDF)
    assert as_sent.stored_name("x" * 300, max_length=255) == "x" * 255
