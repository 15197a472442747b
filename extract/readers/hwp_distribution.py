"""HWP distribution documents (배포용 문서): the body made readable for the HWP reader.

A distribution document keeps its body in `ViewText/Section*` instead of `BodyText/Section*`. Each such
stream starts with an HWPTAG_DISTRIBUTE_DOC_DATA record: 256 bytes scrambled with the MSVC `rand()`
sequence seeded by their first 4 bytes, holding the AES-128 key; the rest of the stream is the usual
(compressed) section, encrypted with AES-128-ECB. Hancom's HWP 5.0 format document describes the record;
the key derivation is the one free readers (pyhwp, hwp.js) use. python-hwpx refuses these documents, so
we decrypt the sections, put them where a normal document has them, clear the flag, and hand it the result.
"""

from __future__ import annotations

from collections.abc import Iterator

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from hwpx.hwp5.cfb import CompoundFile, build_compound_file, read_all_streams

HWPTAG_DISTRIBUTE_DOC_DATA = 0x10 + 12
DISTRIBUTION_FLAG = 1 << 2  # FileHeader properties, bit 2
_FLAGS_AT = 36  # offset of the properties word in the FileHeader stream


def _msvc_rand(seed: int) -> Iterator[int]:
    while True:
        seed = (seed * 214013 + 2531011) & 0xFFFFFFFF
        yield (seed >> 16) & 0x7FFF


def scramble(payload: bytes) -> bytes:
    """Apply (or undo: it is an XOR) the rand() scrambling of a DISTRIBUTE_DOC_DATA payload."""
    data = bytearray(payload)
    rand = _msvc_rand(int.from_bytes(data[:4], "little"))
    run, key = 0, 0
    for i in range(len(data)):
        if run == 0:
            key = next(rand) & 0xFF
            run = (next(rand) & 0xF) + 1
        if i >= 4:
            data[i] ^= key
        run -= 1
    return bytes(data)


def key_offset(payload: bytes) -> int:
    return 4 + (payload[0] & 0xF)


def decrypt_section(stream: bytes) -> bytes:
    """A ViewText section stream -> the section as BodyText holds it (still compressed when the file is)."""
    header = int.from_bytes(stream[:4], "little")
    tag, size = header & 0x3FF, header >> 20
    if tag != HWPTAG_DISTRIBUTE_DOC_DATA or size != 256 or len(stream) < 260:
        raise ValueError("a ViewText section does not start with its distribution key record")
    payload = scramble(stream[4:260])
    at = key_offset(payload)
    body = stream[260:]
    decryptor = Cipher(algorithms.AES(payload[at:at + 16]), modes.ECB()).decryptor()
    return decryptor.update(body[: len(body) - len(body) % 16]) + decryptor.finalize()


def is_distribution(file_header: bytes) -> bool:
    return bool(int.from_bytes(file_header[_FLAGS_AT:_FLAGS_AT + 4], "little") & DISTRIBUTION_FLAG)


def undistribute(data: bytes) -> bytes:
    """The same HWP file with the ViewText sections decrypted into BodyText and the flag cleared."""
    streams = dict(read_all_streams(CompoundFile(data)))
    views = sorted(p for p in streams if p.startswith("ViewText/Section"))
    if not views:
        raise ValueError("a distribution document without ViewText sections")
    for path in views:
        streams["BodyText/" + path.split("/", 1)[1]] = decrypt_section(streams.pop(path))
    header = bytearray(streams["FileHeader"])
    flags = int.from_bytes(header[_FLAGS_AT:_FLAGS_AT + 4], "little") & ~DISTRIBUTION_FLAG
    header[_FLAGS_AT:_FLAGS_AT + 4] = flags.to_bytes(4, "little")
    streams["FileHeader"] = bytes(header)
    return build_compound_file(sorted(streams.items()))
