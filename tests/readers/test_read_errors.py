"""Unreadable files fail with a ReadError that names the file, says what is wrong and what to do."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import olefile
import pytest
from readers_release import RELEASE, write_docx, write_hwp

import citykg.extract.readers
from citykg.extract.readers import ReadError, read_document


def read_error(path: Path) -> str:
    with pytest.raises(ReadError) as info:
        read_document(path)
    assert str(path) in str(info.value)
    return info.value.reason


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (120, 60), "white").save(buf, "PNG")
    return buf.getvalue()


def test_scanned_pdf_says_no_text_layer(tmp_path: Path) -> None:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path))
    page.drawImage(ImageReader(io.BytesIO(png_bytes())), 50, 500, 240, 120)
    page.showPage()
    page.save()
    reason = read_error(path)
    assert reason.startswith("no text layer: looks scanned")
    assert "OCR is out of scope" in reason


def test_pdf_whose_fonts_have_no_unicode_map(release_files: dict[str, Path], tmp_path: Path) -> None:
    # The same release, its Korean font re-labelled Identity-H/Identity: the glyphs can no longer be mapped.
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(release_files["pdf"]))
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if font["/Subtype"] == "/Type0":
                font[NameObject("/Encoding")] = NameObject("/Identity-H")
                for descendant in font["/DescendantFonts"]:
                    info = descendant.get_object()["/CIDSystemInfo"].get_object()
                    info[NameObject("/Ordering")] = TextStringObject("Identity")
    path = tmp_path / "unmapped.pdf"
    writer.write(path)
    assert read_error(path).startswith("the text layer cannot be decoded")


def test_encrypted_pdf(release_files: dict[str, Path], tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(release_files["pdf"]))
    writer.encrypt("비밀번호")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    assert "password-protected" in read_error(path)


def test_pdf_with_only_an_owner_password_still_reads(release_files: dict[str, Path], tmp_path: Path) -> None:
    # Permissions-only encryption (empty user password) is common on official PDFs and opens without a key.
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(release_files["pdf"]))
    writer.encrypt(user_password="", owner_password="owner")
    path = tmp_path / "permissions.pdf"
    writer.write(path)
    assert read_document(path).text == RELEASE.text


def test_encrypted_docx(release_files: dict[str, Path], tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    with release_files["docx"].open("rb") as f:
        OOXMLFile(f).encrypt("비밀번호", out)
    path = tmp_path / "locked.docx"
    path.write_bytes(out.getvalue())
    assert "encrypted (password-protected) Office document" in read_error(path)


def _patch_hwp_stream(path: Path, stream: str, patch) -> None:  # noqa: ANN001 - bytearray -> None
    # olefile rewrites a stream in place when the size is unchanged: enough to flip header flags.
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        data = bytearray(ole.openstream(stream).read())
        patch(data)
        ole.write_stream(stream, bytes(data))


def test_password_protected_hwp(tmp_path: Path) -> None:
    path = write_hwp(tmp_path / "locked.hwp")
    _patch_hwp_stream(path, "FileHeader", lambda h: h.__setitem__(36, h[36] | 0x02))  # bit 1: password
    assert read_error(path).startswith("password-protected HWP")


def test_hwp_distribution_flag_without_its_encrypted_body(tmp_path: Path) -> None:
    path = write_hwp(tmp_path / "distribution.hwp")
    _patch_hwp_stream(path, "FileHeader", lambda h: h.__setitem__(36, h[36] | 0x04))  # bit 2: distribution
    assert read_error(path).startswith("HWP distribution document that cannot be decrypted")


def test_hwp_with_a_corrupt_body_stream(tmp_path: Path) -> None:
    path = write_hwp(tmp_path / "corrupt.hwp")

    def garble(data: bytearray) -> None:
        data[:] = bytes((b ^ 0x5A) for b in data)

    _patch_hwp_stream(path, "BodyText/Section0", garble)  # the zlib stream no longer inflates
    assert read_error(path).startswith("damaged HWP")


@pytest.mark.parametrize("fmt", ["pdf", "docx", "hwp", "hwpx"])
def test_truncated_file(release_files: dict[str, Path], tmp_path: Path, fmt: str) -> None:
    data = release_files[fmt].read_bytes()
    path = tmp_path / f"cut{release_files[fmt].suffix}"
    path.write_bytes(data[: len(data) // 2])
    assert "damaged" in read_error(path)


def test_corrupt_zip(tmp_path: Path) -> None:
    path = tmp_path / "garbled.docx"
    data = bytearray(write_docx(tmp_path / "ok.docx").read_bytes())
    data[len(data) - 30 :] = b"\x00" * 30  # wipe the end of the central directory
    path.write_bytes(bytes(data))
    assert "damaged ZIP container" in read_error(path)


XLSX_PARTS = {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}


@pytest.mark.parametrize(
    ("name", "make", "named"),
    [
        ("photo.png", lambda p: p.write_bytes(png_bytes()), "a PNG image"),
        ("photo.pdf", lambda p: p.write_bytes(png_bytes()), "a PNG image"),
        ("budget.xlsx", lambda p: _zip(p, XLSX_PARTS), "an Excel workbook (.xlsx)"),
        ("bundle.zip", lambda p: _zip(p, {"readme.txt": "hello"}), "a ZIP archive"),
    ],
)
def test_unsupported_type_names_it_and_the_supported_ones(
    tmp_path: Path, name: str, make: Callable[[Path], object], named: str
) -> None:
    path = tmp_path / name
    make(path)
    reason = read_error(path)
    assert reason.startswith(f"unsupported file type: {named}")
    assert "PDF with a text layer, DOCX, HWP 5.0 and HWPX" in reason


def _zip(path: Path, parts: dict[str, str]) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in parts.items():
            zf.writestr(name, text)


def test_cp949_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(RELEASE.text.encode("cp949"))
    result = read_document(path)
    assert (result.text, result.encoding) == (RELEASE.text, "cp949")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_text_with_a_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(RELEASE.text.encode(encoding))
    result = read_document(path)
    assert (result.format, result.text, result.encoding) == ("txt", RELEASE.text, encoding)


def test_euc_kr_html_page_is_decoded(tmp_path: Path) -> None:
    from readers_release import BYLINE, html_page

    path = tmp_path / "legacy.html"
    path.write_bytes(html_page(charset="euc-kr").encode("cp949"))
    result = read_document(path)
    assert (result.format, result.encoding) == ("html", "cp949")
    assert result.text.replace(f"\n\n{BYLINE}", "") == RELEASE.text


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(b" \n\t\n")
    assert read_error(path) == "empty file: nothing to extract"


def test_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "noise.hwp"
    path.write_bytes(bytes(range(256)) * 16)
    assert "binary file" in read_error(path)


def test_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(citykg.extract.readers, "MAX_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_text("가" * 2000, encoding="utf-8")
    assert read_error(path).startswith("too large")


def test_missing_file(tmp_path: Path) -> None:
    assert read_error(tmp_path / "nowhere.pdf").startswith("cannot read")


def test_html_page_with_no_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<!DOCTYPE html><html><head><script>var a = 1;</script></head><body></body></html>")
    assert read_error(path).startswith("no readable text in this HTML page")



@pytest.mark.parametrize("fmt", ["html", "docx", "pdf", "hwpx", "hwp"])
def test_damaged_files_fail_with_a_read_error_only(release_files: dict[str, Path], tmp_path: Path, fmt: str) -> None:
    # Bytes overwritten, cut or garbled anywhere: the reader gives text or a ReadError, never another error.
    rng = random.Random(fmt)
    data = release_files[fmt].read_bytes()
    for i in range(12):
        damaged = bytearray(data)
        if i % 2:
            start = rng.randrange(len(damaged))
            damaged[start:start + 64] = rng.randbytes(64)
        else:
            for _ in range(8):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        path = tmp_path / f"damaged{i}{release_files[fmt].suffix}"
        path.write_bytes(bytes(damaged))
        try:
            read_document(path)
        except ReadError as e:
            assert e.reason and str(path) in str(e)
