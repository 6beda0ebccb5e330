"""The build date: the "today" of review dates and of the date printed on downloadable copies."""

from __future__ import annotations

import datetime as dt
import os

from sop.errors import BuildError


def build_date() -> dt.date:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        except (ValueError, OverflowError) as exc:
            raise BuildError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp") from exc
    return dt.date.today()
