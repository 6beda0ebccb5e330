"""The import report: per file, the SOPs written and every doubt; then a summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sop.importer.emit import Emitted


@dataclass
class FileResult:
    """What became of one input file."""

    source: str
    written: list[tuple[Path, Emitted]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # messages: SOPs found but not written
    error: str | None = None  # the file could not be imported at all


@dataclass
class ImportReport:
    files: list[FileResult] = field(default_factory=list)
    registry_changes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(f.error or f.skipped for f in self.files)

    def text(self) -> str:
        lines: list[str] = []
        for f in self.files:
            lines.append(f"{f.source}:")
            if f.error:
                lines.append(f"  GAGAL: {f.error}")
            for path, e in f.written:
                lines.append(
                    f"  {path}: {e.steps} langkah, {len(e.actors)} pelaksana, {e.decisions} "
                    f"keputusan, {len(e.doubts)} hal perlu diperiksa"
                )
                for d in e.doubts:
                    lines.append(f"    periksa: {d.where + ': ' if d.where else ''}{d.message}")
            for message in f.skipped:
                lines.append(f"  TIDAK DITULIS: {message}")
        lines += [f"registri: {change}" for change in self.registry_changes]
        lines.append(self.summary())
        return "\n".join(lines)

    def summary(self) -> str:
        written = [e for f in self.files for _, e in f.written]
        actors = {a for e in written for a in e.actors}
        failed = sum(1 for f in self.files if f.error)
        text = (
            f"Ringkasan: {len(written)} SOP ditulis dari {len(self.files)} berkas; "
            f"{sum(e.steps for e in written)} langkah, {len(actors)} pelaksana, "
            f"{sum(e.decisions for e in written)} keputusan, "
            f"{sum(len(e.doubts) for e in written)} hal perlu diperiksa"
        )
        skipped = sum(len(f.skipped) for f in self.files)
        if skipped:
            text += f"; {skipped} SOP tidak ditulis"
        if failed:
            text += f"; {failed} berkas gagal"
        return text + "."
