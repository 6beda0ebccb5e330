"""Legacy Word (.doc): converted to .docx by LibreOffice when it is installed, then read."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from sop.importer.draft import DraftSop, NotAnSop

TIMEOUT = 120


def office() -> str | None:
    """The LibreOffice command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read(path: Path) -> list[DraftSop]:
    command = office()
    if command is None:
        raise NotAnSop("berkas .doc (Word lama) memerlukan LibreOffice untuk dibaca, dan "
                       "LibreOffice tidak terpasang (perintah 'soffice'); pasang LibreOffice "
                       "atau simpan ulang berkas ini sebagai .docx di Word, lalu impor lagi")
    from sop.importer import word

    with tempfile.TemporaryDirectory(prefix="sop-import-") as tmp:
        try:
            subprocess.run(
                [command, "--headless", "--convert-to", "docx", "--outdir", tmp, str(path)],
                check=True, capture_output=True, timeout=TIMEOUT,
                env={"HOME": tmp, "PATH": "/usr/bin:/bin"},
            )
        except (subprocess.SubprocessError, OSError) as exc:
            raise NotAnSop(f"LibreOffice tidak dapat mengubah berkas .doc ini ({exc})") from None
        converted = Path(tmp) / f"{path.stem}.docx"
        if not converted.is_file():
            raise NotAnSop("LibreOffice tidak menghasilkan .docx; berkas .doc mungkin rusak")
        return word.read(converted)
