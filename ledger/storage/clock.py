"""The system clock, read here only: a unit of work and a reader each take their moment from it
once, and everything they write or show is of that moment (a back-fill, the demo, gives its own)."""

from __future__ import annotations

import datetime as dt


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
