"""Staff numbers: NIP (civil servants) and NIDN (lecturers), checked and printed.

'tidak tercantum' (the document leaves the number blank) passes as it is.
"""

from __future__ import annotations

import datetime as dt
import re

from sop.messages import msg


def _digits(value: str) -> str:
    return re.sub(r"[\s.]", "", value)


def _real_date(year: int, month: int, day: int = 1) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def check_nip(value: str | None) -> str | None:
    """Validate an 18-digit NIP (birth date, appointment month, sex, serial); return its digits."""
    if value is None or value == "tidak tercantum":
        return value
    digits = _digits(str(value))
    if not digits.isdigit() or len(digits) != 18:
        raise ValueError(msg("nip.length", value=value, n=len(digits)))
    if not _real_date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8])):
        raise ValueError(msg("nip.birth", value=value, digits=digits[:8]))
    if not _real_date(int(digits[8:12]), int(digits[12:14])):
        raise ValueError(msg("nip.month", value=value, digits=digits[8:14]))
    if digits[14] not in "12":
        raise ValueError(msg("nip.sex", value=value, digit=digits[14]))
    return digits


def check_nidn(value: str | None) -> str | None:
    """Validate a 10-digit NIDN; return its digits."""
    if value is None or value == "tidak tercantum":
        return value
    digits = _digits(str(value))
    if not digits.isdigit() or len(digits) != 10:
        raise ValueError(msg("nidn.length", value=value, n=len(digits)))
    return digits


def format_nip(digits: str) -> str:
    """'196012151988021001' -> '19601215 198802 1 001', as printed on signed documents."""
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
