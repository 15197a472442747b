"""Tell a file's format from its content: magic bytes and container entries, never the extension alone."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import olefile

from citykg.extract.readers import MAX_UNZIPPED_BYTES, MAX_ZIP_ENTRIES, SUPPORTED, ReadError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HWP_SIGNATURE = b"HWP Document File"

# Signatures of common files that are not documents citykg reads, to name them in the error.
_OTHER_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"{\\rtf", "an RTF document (save it as DOCX)"),
    (HWP_SIGNATURE, "an HWP 3.0 (Hangul 97 or older) document (save it as HWP 5.0 or HWPX)"),
)

# ZIP containers by a part they must hold.
_ZIP_PARTS: tuple[tuple[str, str], ...] = (
    ("word/document.xml", "docx"),
    ("Contents/content.hpf", "hwpx"),
    ("Contents/section0.xml", "hwpx"),
    ("xl/workbook.xml", "an Excel workbook (.xlsx)"),
    ("ppt/presentation.xml", "a PowerPoint presentation (.pptx)"),
    ("content.xml", "an OpenDocument file (.odt/.ods; save it as DOCX)"),
)

# OLE2 compound files by a stream they hold (Office 97-2003 binaries).
_OLE_STREAMS: tuple[tuple[str, str], ...] = (
    ("WordDocument", "a Word 97-2003 document (.doc; save it as DOCX)"),
    ("Workbook", "an Excel 97-2003 workbook (.xls)"),
    ("Book", "an Excel 5.0 workbook (.xls)"),
    ("PowerPoint Document", "a PowerPoint 97-2003 presentation (.ppt)"),
)

_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAGS = re.compile(rb"<(?:html|head|body|meta|title|div|p|table)\b[^>]*>", re.I)


# Folders of pictures and other media inside DOCX/HWPX packages: stored, never parsed.
_MEDIA = ("word/media/", "bindata/", "preview/")


def unsupported(path: Path, what: str) -> ReadError:
    return ReadError(path, f"unsupported file type: {what}; citykg reads {SUPPORTED}")


def sniff_format(data: bytes, path: Path) -> str:
    """One of txt, html, pdf, docx, hwp, hwpx; ReadError for anything else."""
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data, path)
    if data.startswith(OLE2_MAGIC):
        return _sniff_ole(data, path)
    for magic, what in _OTHER_MAGIC:
        if data.startswith(magic):
            raise unsupported(path, what)
    head = data[:4096].removeprefix(b"\xef\xbb\xbf")
    if b"<HWPML" in head[:1024]:
        raise unsupported(path, "HWPML (.hml) XML (save it as HWPX)")
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(head)) >= 3:
        return "html"
    return "txt"


def _sniff_zip(data: bytes, path: Path) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                raise ReadError(path, f"a ZIP container of {len(infos):,} parts (the limit is {MAX_ZIP_ENTRIES:,}): "
                                      "not a document citykg reads")  # fmt: skip
            # Only parts that are parsed count (pictures are not read); the zip module never reads
            # a part past the size its header declares, so this bounds what a zip bomb can expand to.
            unzipped = sum(i.file_size for i in infos if not i.filename.lower().startswith(_MEDIA))
            if unzipped > MAX_UNZIPPED_BYTES:
                raise ReadError(
                    path, f"expands to {unzipped / 2**20:,.0f} MB of document parts from {len(data) / 2**20:.1f} MB "
                    f"(the limit is {MAX_UNZIPPED_BYTES // 2**20} MB, CITYKG_MAX_UNZIPPED_MB): a zip bomb, "
                    "or a document to split"
                )  # fmt: skip
            names = {i.filename for i in infos}
            mimetype = zf.read("mimetype")[:100].strip() if "mimetype" in names else b""
    except ReadError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as e:
        raise ReadError(
            path, f"damaged ZIP container (a DOCX/HWPX truncated or corrupt: {e}); download or save it again"
        ) from None
    if mimetype == b"application/hwp+zip":
        return "hwpx"
    for part, fmt in _ZIP_PARTS:
        if part in names:
            if fmt in ("docx", "hwpx"):
                return fmt
            raise unsupported(path, fmt)
    raise unsupported(path, "a ZIP archive that holds no DOCX or HWPX document")


def _sniff_ole(data: bytes, path: Path) -> str:
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            if ole.exists("FileHeader"):
                header = ole.openstream("FileHeader").read(len(HWP_SIGNATURE))
                if header == HWP_SIGNATURE:
                    return "hwp"
            if ole.exists("EncryptionInfo") and ole.exists("EncryptedPackage"):
                raise ReadError(
                    path,
                    "encrypted (password-protected) Office document; remove the password and save it again",
                )
            for stream, what in _OLE_STREAMS:
                if ole.exists(stream):
                    raise unsupported(path, what)
    except ReadError:
        raise
    except Exception as e:  # noqa: BLE001 - olefile raises plain OSError/struct errors on a broken container
        raise ReadError(
            path, f"damaged OLE2 container (an HWP/Office file truncated or corrupt: {e}); save it again"
        ) from None
    raise unsupported(path, "an OLE2 compound file that is neither HWP 5.0 nor a Word document")
