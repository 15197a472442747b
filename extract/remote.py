"""Input named by URI (s3://bucket/docs, gs://..., file://...), listed and read through fsspec.

Local paths do not come here: they go through `pipeline.iter_files` and `readers.read_document`, which
refuse links out of the folders given, FIFOs and oversize files. A URI's backend is the fsspec package
for its scheme (s3fs for s3://, gcsfs for gs://), installed by the user who needs it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath

from citykg.extract.readers import MAX_BYTES, ReadError, ReadResult, read_bytes


def is_uri(name: str | Path) -> bool:
    return isinstance(name, str) and "://" in name


def _fs(uri: str):  # noqa: ANN202 - an fsspec filesystem
    try:
        import fsspec
    except ImportError:
        raise ReadError(Path(uri), "reading URIs needs fsspec: pip install 'citykg[ray]'") from None
    try:
        return fsspec.core.url_to_fs(uri)
    except (ImportError, ValueError) as e:  # no backend for the scheme (s3fs, gcsfs ...)
        raise ReadError(Path(uri), f"cannot open this URI ({e}); install the fsspec package for its scheme") from None


def iter_uris(uris: Sequence[str], supported: set[str], skipped: list[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """(uri, doc_id) of every supported file at or under each URI, in a stable order; doc_id as for a
    local folder ("doc:" + the path relative to the URI given, or the file name)."""
    for uri in uris:
        try:
            fs, root = _fs(uri)
            if not fs.isdir(root):
                if not fs.exists(root):
                    skipped.append((uri, "no such file or folder"))
                    continue
                yield uri, "doc:" + PurePosixPath(root).name
                continue
            for path in sorted(fs.find(root)):
                rel = PurePosixPath(path).relative_to(PurePosixPath(root))
                if PurePosixPath(path).suffix.lower() in supported and not rel.name.startswith("."):
                    yield fs.unstrip_protocol(path), "doc:" + rel.as_posix()
        except ReadError as e:
            skipped.append((uri, e.reason))
        except OSError as e:
            skipped.append((uri, f"cannot list: {e}"))


def read_uri(uri: str) -> ReadResult:
    """Fetch and read one document named by URI, refusing what is over the readers' size limit."""
    fs, path = _fs(uri)
    name = Path(PurePosixPath(path).name)
    try:
        size = fs.size(path)
        if size is not None and size > MAX_BYTES:
            limit = f"the limit is {MAX_BYTES:,}, CITYKG_MAX_FILE_MB"
            raise ReadError(name, f"too large ({size:,} bytes; {limit}); split it")
        data = fs.cat_file(path)
    except OSError as e:
        raise ReadError(name, f"cannot read: {e}") from None
    return read_bytes(data, name)
