"""The downloadable copy's footer sheet, drawn straight into a one-page PDF.

The footer (salinan.html in the bottom-left margin box of a portrait page, see stempel.html) is
five short lines and a QR code. Laid out by WeasyPrint it costs about 45 ms an SOP version, most
of it fixed costs of a whole document; drawn here it costs a few. The lines are set as the CSS
sets them (pdf.css `.salinan`): 7 pt Liberation Sans, line height 1.25, greedy wrapping at spaces
within the text column, the URLs bold and unbroken, the version line bold with 0.2 pt letter
spacing; the QR code takes the first 16 mm column. The text is embedded as a subset font with a
ToUnicode map (sop.pdf.flowtext), so it stays searchable. A footer with characters the shipped
fonts lack takes WeasyPrint's path instead (stempel.html), where font fallback finds them; the
tests compare both paths.

The sheet also carries the downloadable copy's metadata, written as WeasyPrint writes it from
the <meta> tags of base.html, since sop.pdf.stamp takes the sheet's metadata for the copy.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass

import pydyf
import segno

from sop.flowchart.metrics import ASCENT, CONTENT, text_width
from sop.pdf import flowtext
from sop.pdf.pages import PORTRAIT

PT_PER_MM = 72 / 25.4
SIZE = 7.0
"""Font size (pt) and line height of the footer text (pdf.css .salinan)."""
LEADING = 1.25 * SIZE
BASELINE = (LEADING - CONTENT * SIZE) / 2 + ASCENT * SIZE
"""Where the baseline sits below the top of a footer line."""
GRAY = 0x22 / 255
"""The text colour, #222."""
BOX_WIDTH = 140 * PT_PER_MM
"""The bottom-left margin box (pages.css), from the left page margin."""
PADDING_TOP = 3 * PT_PER_MM
QR_SIZE = 16 * PT_PER_MM
CELL_PADDING = 2 * PT_PER_MM
"""Right padding of each table cell (pdf.css .salinan td)."""
SPACING = 0.2
"""Letter spacing (pt) of the version line (pdf.css .salinan .sidik)."""
HYPHEN_BREAK = re.compile(r"(?<=-)(?=[^\W\d_])")
"""Where a line may break inside a word: after a hyphen, before a letter (Unicode line
breaking, as WeasyPrint's Pango does it)."""


@dataclass(frozen=True)
class Footer:
    """What a downloadable copy's footer sheet prints and the copy's metadata.

    `note` is context.copy_note (situs, tanggal, url, versi, sidik_jari, versi_url); `meta` is
    context.document_meta; `header` the running header text of base.html."""

    note: dict[str, str]
    meta: dict[str, str]
    header: str

    def encode(self) -> str:
        """As text for a worker process and a cache key (stable key order)."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def decode(cls, text: str) -> Footer:
        return cls(**json.loads(text))


@dataclass(frozen=True)
class Span:
    """A piece of a footer line in one style."""

    text: str
    bold: bool = False
    nowrap: bool = False
    spacing: float = 0.0


@dataclass(frozen=True)
class Piece:
    """A span's text placed on a line: where its baseline starts (pt, from the text column's
    left edge) and its width."""

    span: Span
    x: float
    width: float


def drawable(footer: Footer) -> bool:
    """Whether the shipped fonts can draw every character of the footer here."""
    return all(flowtext.drawable(value) for value in footer.note.values())


def paragraphs(note: dict[str, str]) -> list[list[Span]]:
    """The footer's lines before wrapping: drawn here, and printed by salinan.html (a <br>
    after each) for WeasyPrint's path, so the wording lives only here."""
    url = Span(note["url"], bold=True, nowrap=True) if note["url"] else Span("situs SOP")
    version = Span(
        f"Versi {note['versi']} · sidik jari {note['sidik_jari']}", bold=True, spacing=SPACING
    )
    lines = [
        [Span(f"Salinan ini dicetak dari {note['situs']} pada {note['tanggal']};")],
        [Span("periksa versi yang berlaku di "), url],
    ]
    if note["versi_url"]:
        lines += [
            [version, Span("; keabsahan versi ini (kode QR):")],
            [Span(note["versi_url"], bold=True, nowrap=True)],
        ]
    else:
        lines.append([version])
    return [*lines, [Span("Naskah resmi adalah dokumen yang ditandatangani dan dicap.")]]


def _width(text: str, span: Span) -> float:
    return text_width(text, SIZE, span.bold) + span.spacing * len(text)


def _words(spans: list[Span]) -> Iterator[tuple[Span | str | None, list[Span]]]:
    """A line's words, each with what comes before it: None (the line's start), a space (the
    span it is in) or "" (a break after a hyphen, before a letter), and its pieces, which may
    change style without a break between them. A nowrap span is one unbroken piece."""
    before: Span | str | None = None
    word: list[Span] = []
    for span in spans:
        for i, part in enumerate([span.text] if span.nowrap else span.text.split(" ")):
            if i > 0:  # a space in this span: the word before it ends
                if word:
                    yield before, word
                before, word = span, []
            for j, text in enumerate([part] if span.nowrap else HYPHEN_BREAK.split(part)):
                if j > 0:
                    yield before, word
                    before, word = "", []
                if text:
                    word.append(Span(text, span.bold, span.nowrap, span.spacing))
    if word:
        yield before, word


def wrap(spans: list[Span], width: float) -> list[list[Piece]]:
    """Greedy line breaking as a browser does it, at spaces and after hyphens: a word that does
    not fit starts a new line, a word wider than the line overflows it."""
    lines: list[list[Piece]] = [[]]
    x = 0.0
    for before, word in _words(spans):
        size = sum(_width(piece.text, piece) for piece in word)
        if before is not None and lines[-1]:
            gap = _width(" ", before) if isinstance(before, Span) else 0.0
            if x + gap + size > width:
                lines.append([])
                x = 0.0
            elif isinstance(before, Span):  # the space is drawn: a copied line keeps its words
                lines[-1].append(Piece(Span(" ", before.bold, spacing=before.spacing), x, gap))
                x += gap
        for piece in word:
            advance = _width(piece.text, piece)
            lines[-1].append(Piece(piece, x, advance))
            x += advance
    return lines


def sheet(footer: Footer) -> bytes:
    """The footer sheet: an A4 portrait page, empty but for the footer, with the metadata."""
    qr = footer.note["versi_url"]
    left = PORTRAIT.left * PT_PER_MM
    top = (PORTRAIT.bottom * PT_PER_MM) - PADDING_TOP  # y (up) of the box's content top
    text_left = left + (QR_SIZE + CELL_PADDING if qr else 0.0)
    column = BOX_WIDTH - (text_left - left) - CELL_PADDING
    lines = [line for spans in paragraphs(footer.note) for line in wrap(spans, column)]
    pdf = pydyf.PDF()
    fonts = {
        bold: flowtext.font_subset(
            bold,
            flowtext.ASCII.union(
                *(p.span.text for line in lines for p in line if p.span.bold == bold)
            ),
        )
        for bold in (False, True)
    }
    ops = [b"q", *(_qr_ops(qr, left, top) if qr else []), f"{GRAY:.6f} g BT".encode()]
    for number, line in enumerate(lines):
        y = top - number * LEADING - BASELINE
        ops += [_show(piece, text_left, y, fonts[piece.span.bold]) for piece in line]
    ops.append(b"ET Q")
    resources = pydyf.Dictionary(
        {
            "Font": pydyf.Dictionary(
                {
                    flowtext.FONT_NAMES[bold]: flowtext.embed_font(pdf, font)
                    for bold, font in fonts.items()
                }
            ),
        }
    )
    width, height = PORTRAIT.width * PT_PER_MM, PORTRAIT.height * PT_PER_MM
    page = pydyf.Dictionary(
        {
            "Type": "/Page",
            "Parent": pdf.pages.reference,
            "MediaBox": pydyf.Array([0, 0, round(width, 6), round(height, 6)]),
            "Resources": resources,
            "Contents": flowtext.add_stream(pdf, ops),
        }
    )
    pdf.add_page(page)
    _metadata(pdf, footer.meta)
    out = io.BytesIO()
    pdf.write(out, version=b"1.7", identifier=False, compress=True)
    return out.getvalue()


def _show(piece: Piece, left: float, y: float, font: flowtext.FontSubset) -> bytes:
    glyphs = "".join(f"{font.gids[ch]:04x}" for ch in piece.span.text)
    name = flowtext.FONT_NAMES[piece.span.bold]
    return (
        f"/{name} {SIZE} Tf {piece.span.spacing} Tc 1 0 0 1 {left + piece.x:.3f} {y:.3f} Tm "
        f"<{glyphs}> Tj"
    ).encode()


def _qr_ops(url: str, left: float, top: float) -> list[bytes]:
    """The QR code of `url` as filled rectangles, one per run of dark modules in a row.

    A fixed mask: any mask makes a valid code, and choosing the best one costs most of the
    encoding time."""
    matrix = segno.make(url, error="m", micro=False, mask=0).matrix
    module = QR_SIZE / len(matrix)
    ops = [b"0 g"]
    for row, cells in enumerate(matrix):
        y = top - (row + 1) * module
        col = 0
        while col < len(cells):
            if not cells[col]:
                col += 1
                continue
            start = col
            while col < len(cells) and cells[col]:
                col += 1
            x, w = left + start * module, (col - start) * module
            ops.append(f"{x:.3f} {y:.3f} {w:.3f} {module:.3f} re".encode())
    return [*ops, b"f"]


def _metadata(pdf: pydyf.PDF, meta: dict[str, str]) -> None:
    """The document info as WeasyPrint writes it from base.html's <title> and <meta> tags."""
    from weasyprint import __version__ as weasyprint_version

    keywords: list[str] = []
    for keyword in (k.strip() for k in meta["keywords"].split(",")):
        if keyword not in keywords:
            keywords.append(keyword)
    date = "D:" + meta["created"].replace("-", "")
    info = {
        "Producer": f"WeasyPrint {weasyprint_version}",
        "Title": meta["title"],
        "Author": meta["author"],
        "Subject": meta["subject"],
        "Keywords": ", ".join(keywords),
        "Creator": meta["generator"],
        "CreationDate": date,
        "ModDate": date,
    }
    for key, value in info.items():
        if value:
            pdf.info[key] = pydyf.String(value)
