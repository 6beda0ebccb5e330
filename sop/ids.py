"""Staff numbers: NIP (civil servants) and NIDN (lecturers), checked and printed.

'tidak tercantum' (the document leaves the number blank) passes as it is.
"""

from __future__ import annotations

import datetime as dt
import re


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
        raise ValueError(
            f"NIP '{value}' must be 18 digits (birth date YYYYMMDD, appointment YYYYMM, sex, "
            f"serial), got {len(digits)} characters"
        )
    if not _real_date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8])):
        raise ValueError(
            f"NIP '{value}' starts with '{digits[:8]}', which is not a real birth date"
        )
    if not _real_date(int(digits[8:12]), int(digits[12:14])):
        raise ValueError(f"NIP '{value}' has appointment month '{digits[8:14]}', not a real month")
    if digits[14] not in "12":
        raise ValueError(f"NIP '{value}' has sex digit '{digits[14]}', expected 1 or 2")
    return digits


def check_nidn(value: str | None) -> str | None:
    """Validate a 10-digit NIDN; return its digits."""
    if value is None or value == "tidak tercantum":
        return value
    digits = _digits(str(value))
    if not digits.isdigit() or len(digits) != 10:
        raise ValueError(f"NIDN '{value}' must be 10 digits, got {len(digits)} characters")
    return digits


def format_nip(digits: str) -> str:
    """'196012151988021001' -> '19601215 198802 1 001', as printed on signed documents."""
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
