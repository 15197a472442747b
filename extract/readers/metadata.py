"""Title and date from a format's metadata, normalised: titles cleaned of tool noise, dates as YYYY-MM-DD."""

from __future__ import annotations

import re
from datetime import date, datetime

# Titles that tools write when the author gave none: worse than no title.
_PLACEHOLDER_TITLES = {"untitled", "(unspecified)", "unknown", "제목 없음", "제목없음", "무제"}
_FILE_NAME = re.compile(r"\.(?:hwpx?|docx?|pdf|txt|html?)$", re.I)
_TOOL_PREFIX = re.compile(r"^(?:Microsoft (?:Word|PowerPoint) - )")
_DATE = re.compile(r"(?:D:)?(\d{4})[-.]?(\d{2})[-.]?(\d{2})")


def clean_title(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    title = " ".join(str(value).split())
    title = _TOOL_PREFIX.sub("", title)
    if not title or title.lower() in _PLACEHOLDER_TITLES or _FILE_NAME.search(title):
        return None
    return title


def iso_date(value: object) -> str | None:
    """YYYY-MM-DD from a datetime, a PDF date (D:20240315...) or an ISO-like string; None if not a date."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        day = value if not isinstance(value, datetime) else value.date()
    else:
        if isinstance(value, bytes):
            value = value.decode("latin-1", errors="replace")
        m = _DATE.search(str(value).strip())
        if not m:
            return None
        try:
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    # FILETIME/epoch zero and far-future stamps are defaults, not dates.
    if not 1990 <= day.year <= 2100:
        return None
    return day.isoformat()


def first(*values: str | None) -> str | None:
    return next((v for v in values if v), None)


def latest(*values: str | None) -> str | None:
    """The latest of several YYYY-MM-DD dates: a template's stale "modified" never beats a real "created"."""
    return max((v for v in values if v), default=None)
