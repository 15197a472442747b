"""HWP 5.0 (the binary Hangul format) with python-hwpx: converted to HWPX parts, then read as HWPX.

python-hwpx parses the OLE2 container, the zlib-compressed DocInfo/BodyText record streams and the
summary properties, and refuses encrypted documents with a stable error code that we turn into advice.
Distribution documents (배포용 문서) are decrypted first (hwp_distribution.py).
"""

from __future__ import annotations

from pathlib import Path

from hwpx.errors import Hwp5Error
from hwpx.hwp5.cfb import CompoundFile
from hwpx.hwp5.package import convert, to_hwpx_bytes

from citykg.extract.readers import ReadError, ReadResult
from citykg.extract.readers.hwp_distribution import is_distribution, undistribute
from citykg.extract.readers.hwpx import read_hwpx_package

_ADVICE = {
    "hwp5-password": "password-protected HWP; remove the password in Hangul and save it again",
    "hwp5-drm": "DRM-protected HWP; it cannot be read without the key: ask for an unprotected copy",
    "hwp5-version-unsupported": "HWP version older than 5.0; save it as HWP 5.0 or HWPX",
    "hwp5-not-hwp5": "not an HWP 5.0 document (no HWP file header)",
}


def read_hwp(data: bytes, path: Path) -> ReadResult:
    try:
        if is_distribution(CompoundFile(data).read("FileHeader")):
            data = undistribute(data)
        parts = convert(data).files
    except Hwp5Error as e:
        advice = _ADVICE.get(e.code)
        if advice is None:  # hwp5-damaged, hwp5-limit-exceeded
            advice = f"damaged HWP ({e.message}); it may be truncated: open and save it again in Hangul"
        raise ReadError(path, advice) from None
    except ValueError as e:  # from undistribute: no or undecryptable ViewText
        raise ReadError(path, f"HWP distribution document that cannot be decrypted ({e}); ask the "
                              "publisher for the original HWP/HWPX or a text PDF") from None
    return read_hwpx_package(to_hwpx_bytes(parts), path, fmt="hwp")
