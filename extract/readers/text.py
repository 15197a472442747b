"""Plain text: UTF-8 (with or without BOM) or CP949/EUC-KR, detected."""

from __future__ import annotations

from pathlib import Path

from citykg.extract.readers import ReadError, ReadResult, load_bytes


def decode_text(data: bytes, path: Path | str) -> tuple[str, str]:
    """Decode bytes as UTF-8, else CP949 (a superset of EUC-KR); else charset-normalizer's guess."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(path, "looks like a binary file, not text (NUL bytes); give a supported format")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Windows "Unicode" text
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ReadError(path, "damaged UTF-16 text; save it as UTF-8") from None
    for enc in ("utf-8", "cp949"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ReadError(path, "cannot tell its text encoding (tried UTF-8, CP949); save it as UTF-8")
    return str(best), best.encoding


def normalize_newlines(text: str) -> str:
    # CRLF -> LF only: keeps the text the offsets refer to simple.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(data: bytes, path: Path) -> ReadResult:
    text, enc = decode_text(data, path)
    return ReadResult(text=normalize_newlines(text), format="txt", encoding=enc)


def read_text_file(path: Path) -> ReadResult:
    """Read a file known to be plain text (no format sniffing)."""
    return read_text(load_bytes(path), path)
