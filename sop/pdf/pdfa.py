"""PDF/A-3b markers for the PDFs pypdf writes (the downloadable copy and the decree book).

WeasyPrint writes every official copy and a book's own pages as PDF/A-3b (sop.pdf.writer): fonts
embedded, the sRGB output intent, XMP metadata and a file identifier. pypdf rewrites the whole
file when it stamps a footer or joins a book; a PDF/A file must then still have its output
intent, an /ID and XMP metadata saying what the document info says (ISO 19005-2, 6.6.2.1).
So the output intent is carried over, the XMP is written again from the new document info the
way WeasyPrint writes it, and the /ID is a digest of the file's sources: same inputs, same bytes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, NameObject, StreamObject

PART, CONFORMANCE = 3, "B"
"""PDF/A-3b, as sop.pdf.writer.PDF_VARIANT asks WeasyPrint for."""
_DATE = re.compile(r"D:(\d{4})(\d{2})(\d{2})")


def xmp_packet(info: Mapping[str, str]) -> bytes:
    """The XMP metadata packet WeasyPrint writes for PDF/A-3b, made from document info."""
    from weasyprint.pdf.metadata import DocumentMetadata

    def xmp_date(value: str | None) -> str | None:
        found = _DATE.match(value or "")
        return "-".join(found.groups()) if found else None

    meta = DocumentMetadata(
        title=info.get("/Title"),
        authors=[info["/Author"]] if info.get("/Author") else [],
        description=info.get("/Subject"),
        keywords=[info["/Keywords"]] if info.get("/Keywords") else [],
        generator=info.get("/Creator"),
        created=xmp_date(info.get("/CreationDate")),
        modified=xmp_date(info.get("/ModDate")),
    )
    rdf = meta.generate_rdf_metadata("a", PART, CONFORMANCE)
    header = (
        b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">'
    )
    return b"\n".join((header, rdf, b'</x:xmpmeta>\n<?xpacket end="r"?>'))


def keep_archival(writer: PdfWriter, source: PdfReader, parts: Iterable[bytes]) -> None:
    """Make `writer` PDF/A-3b like `source` (a WeasyPrint PDF/A file): its output intent, XMP
    made from the writer's document info (set it first), and an /ID: the source's first
    identifier (the same document), the second a digest of `parts` (this file's inputs)."""
    root = writer.root_object
    intents = source.root_object.get("/OutputIntents")
    if intents is None:
        raise ValueError("the source PDF is not PDF/A: it has no output intent")
    root[NameObject("/OutputIntents")] = intents.clone(writer)
    stream = StreamObject()
    stream.set_data(xmp_packet({str(k): str(v) for k, v in (writer.metadata or {}).items()}))
    stream.update(
        {NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")}
    )
    root[NameObject("/Metadata")] = writer._add_object(stream)
    digest = hashlib.md5(usedforsecurity=False)
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    ids = source.trailer.get("/ID")
    first = ids[0] if isinstance(ids, ArrayObject) and ids else digest.digest()
    first = getattr(first, "original_bytes", first)  # pypdf may read it as text
    writer._ID = ArrayObject([ByteStringObject(first), ByteStringObject(digest.digest())])
