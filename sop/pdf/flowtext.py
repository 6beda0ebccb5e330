"""Flowchart text written straight into the PDF instead of laid out again by WeasyPrint.

The flowchart engine has already placed every line of text (baseline, font, size, measured with
the shipped Liberation Sans advance widths). Laid out by WeasyPrint, each line is an absolutely
positioned box at about 2 ms a line: half of an SOP's render time. So the HTML carries the lines
as data on their flowchart box (`data-flowtext`, JSON in base64), WeasyPrint lays the page out
without them, and a finisher (WeasyPrint's public hook, run before the PDF is written) draws
them: one content stream per flowchart page, and a subset of each font embedded as a
CIDFontType2 with a ToUnicode map, so the text can be searched and copied like WeasyPrint's.

Only Latin text is drawn this way (`drawable`); a page with any other character keeps its text as
HTML, where WeasyPrint's font fallback finds a font for it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element

import pydyf
from fontTools.ttLib import TTFont

from sop.errors import BuildError
from sop.flowchart.metrics import FONT_DIR, FONT_FILES

if TYPE_CHECKING:  # WeasyPrint loads only when something is rendered
    from weasyprint.document import Document, Page

ATTRIBUTE = "data-flowtext"
"""The attribute of a flowchart box (sop/templates/pdf/flowchart.html) that holds its lines."""
LATIN = frozenset(
    [
        *range(0x20, 0x7F),
        *range(0xA0, 0x250),
        *range(0x2010, 0x2028),
        *range(0x2030, 0x2040),
        0x20AC,
        0x2122,
    ]
)
"""Code points drawn here: Basic Latin to Latin Extended-B, and common punctuation."""
_LATIN_CHARS = frozenset(map(chr, LATIN))
ASCII = frozenset(map(chr, range(0x20, 0x7F)))
"""Always in a subset: most documents then share one subset, cut once per process (a few kB
more per PDF than the characters used, instead of about 20 ms a font)."""
PT_PER_PX = 0.75
FONT_NAMES = {False: "SopFlowR", True: "SopFlowB"}
"""Resource names of the embedded fonts (WeasyPrint names its own by a hash)."""


@dataclass(frozen=True)
class Run:
    """One line of text: where its baseline starts (px, from the flowchart box's top-left)."""

    x: float
    y: float
    size: float
    bold: bool
    text: str


@dataclass(frozen=True)
class Placed:
    """The runs of one flowchart box, and where WeasyPrint put the box (page, px)."""

    page: int
    left: float
    top: float
    runs: tuple[Run, ...]


def drawable(text: str) -> bool:
    """Whether the shipped fonts can draw this text here (Latin only; see the module note)."""
    return _LATIN_CHARS.issuperset(text)


def encode(runs: Iterable[Run]) -> str:
    """The attribute value of a flowchart box: its runs as compact JSON in base64 (no quote or
    markup character for the HTML parser to unescape, which made JSON slow to parse)."""
    rows = [[r.x, r.y, r.size, int(r.bold), r.text] for r in runs]
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def decode(value: str) -> tuple[Run, ...]:
    """The runs of an attribute value written by `encode`."""
    rows = json.loads(base64.b64decode(value))
    return tuple(Run(x, y, size, bool(bold), text) for x, y, size, bold, text in rows)


def collect(root: Element, pages: Sequence[Page]) -> list[Placed]:
    """The flowchart boxes of a rendered document (its HTML tree and WeasyPrint pages), with
    their anchors taken off the pages so that they do not become named destinations."""
    boxes = {el.get("id"): el.get(ATTRIBUTE, "") for el in root.iter() if el.get(ATTRIBUTE)}
    placed = []
    for number, page in enumerate(pages):
        anchors = page.anchors
        for name in [name for name in anchors if name in boxes]:
            left, top, *_ = anchors.pop(name)  # its border box; the box has no border
            placed.append(Placed(number, left, top, decode(boxes.pop(name))))
    if boxes:
        missing = ", ".join(str(name) for name in boxes)
        raise BuildError(f"flowchart text boxes not laid out on any page: {missing}")
    return placed


def finisher(placed: list[Placed]) -> Callable[[Document, pydyf.PDF], None]:
    """A WeasyPrint finisher that draws the placed runs onto their pages."""

    def finish(document: Document, pdf: pydyf.PDF) -> None:
        runs = [run for box in placed for run in box.runs]
        fonts = {
            bold: font_subset(bold, ASCII.union(*(r.text for r in runs if r.bold == bold)))
            for bold in sorted({r.bold for r in runs})
        }
        kids = pdf.pages["Kids"][::3]
        names = _fonts_of(pdf, pdf.objects[kids[0]])
        for bold, font in fonts.items():
            names[FONT_NAMES[bold]] = embed_font(pdf, font)
        save = add_stream(pdf, [b"q"])
        for number in sorted({box.page for box in placed}):
            page = pdf.objects[kids[number]]
            height = float(page["MediaBox"][3])
            lines = [
                _show(run, box, height, fonts[run.bold])
                for box in placed
                if box.page == number
                for run in box.runs
            ]
            text = add_stream(pdf, [b"Q q 0 g BT", *lines, b"ET Q"])
            page["Contents"] = pydyf.Array([save, page["Contents"], text])

    return finish


def _show(run: Run, box: Placed, height: float, font: FontSubset) -> bytes:
    """The operators drawing one run: font, baseline start (PDF points, y up), glyph ids."""
    x = (box.left + run.x) * PT_PER_PX
    y = height - (box.top + run.y) * PT_PER_PX
    glyphs = "".join(f"{font.gids[ch]:04x}" for ch in run.text)
    size = run.size * PT_PER_PX
    font_name = FONT_NAMES[run.bold]
    return f"/{font_name} {size:.3f} Tf 1 0 0 1 {x:.2f} {y:.2f} Tm <{glyphs}> Tj".encode()


def add_stream(pdf: pydyf.PDF, lines: list[bytes], extra: dict[str, object] | None = None) -> bytes:
    """Add a compressed stream to the PDF; its reference."""
    stream = pydyf.Stream(lines, pydyf.Dictionary(extra or {}), compress=True)
    pdf.add_object(stream)
    return stream.reference


def _add(pdf: pydyf.PDF, value: pydyf.Dictionary) -> bytes:
    pdf.add_object(value)
    return value.reference


def _fonts_of(pdf: pydyf.PDF, page: pydyf.Dictionary) -> pydyf.Dictionary:
    """The fonts dictionary of a page's resources (WeasyPrint shares one among all pages)."""
    resources = _dereference(pdf, page["Resources"])
    if "Font" not in resources:
        resources["Font"] = pydyf.Dictionary()
    return _dereference(pdf, resources["Font"])


def _dereference(pdf: pydyf.PDF, value: object) -> pydyf.Dictionary:
    if isinstance(value, bytes):  # a pydyf reference: b"<number> 0 R"
        value = pdf.objects[int(value.split()[0])]
    assert isinstance(value, pydyf.Dictionary), value
    return value


@dataclass(frozen=True)
class FontSubset:
    """A font cut down to the characters drawn: its file and the figures the PDF needs."""

    name: str
    data: bytes
    gids: Mapping[str, int]
    widths: Mapping[int, int]
    bbox: tuple[int, ...]
    ascent: int
    descent: int
    cap_height: int


_LATIN: dict[bool, bytes] = {}
"""The shipped fonts cut down to the LATIN characters (regular, bold), once per process."""


def _latin(bold: bool) -> bytes:
    """The shipped font cut down once per process to the LATIN characters, without hinting or
    layout tables: subsetting that for each PDF is several times faster than the whole font."""
    if bold not in _LATIN:
        # lazy: the tables dropped (GSUB, GPOS, …) are never decompiled (half the time)
        font = TTFont(FONT_DIR / FONT_FILES[bold], recalcTimestamp=False, lazy=True)
        _LATIN[bold] = _cut(font, unicodes=sorted(LATIN))
    return _LATIN[bold]


def latin_cuts() -> dict[bool, bytes]:
    """Both Latin cuts, made here: a helper process makes them for preload()."""
    return {bold: _latin(bold) for bold in (False, True)}


def preload(cuts: dict[bool, bytes] | None = None) -> None:
    """Cut the Latin fonts now (in a parent process, before forking workers), or take the cuts
    latin_cuts() made in another process; load the subsetter that cuts each PDF's fonts."""
    from fontTools import subset  # noqa: F401

    _LATIN.update(cuts if cuts is not None else latin_cuts())


def _cut(font: TTFont, **populate: object) -> bytes:
    from fontTools import subset

    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "FFTM"]
    options.name_IDs = []
    options.glyph_names = False
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(**populate)
    logging.getLogger("fontTools.subset").disabled = True  # it reports each table it drops
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@lru_cache(maxsize=64)
def font_subset(bold: bool, chars: frozenset[str]) -> FontSubset:
    """The subset of the regular or bold font holding `chars`; the same set gives the same
    bytes (the subset tag is a hash of it)."""
    text = "".join(sorted(chars))
    data = _cut(TTFont(io.BytesIO(_latin(bold)), lazy=True, recalcTimestamp=False), text=text)
    font = TTFont(io.BytesIO(data))
    scale = 1000 / font["head"].unitsPerEm
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    head, hhea = font["head"], font["hhea"]
    tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(text.encode()).digest()[:6])
    return FontSubset(
        name=f"{tag}+{FONT_FILES[bold].removesuffix('.ttf').removesuffix('-Regular')}",
        data=data,
        gids={ch: font.getGlyphID(cmap[ord(ch)]) for ch in chars},
        widths={gid: round(hmtx[name][0] * scale) for gid, name in enumerate(font.getGlyphOrder())},
        bbox=tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)),
        ascent=round(hhea.ascent * scale),
        descent=round(hhea.descent * scale),
        cap_height=round(font["OS/2"].sCapHeight * scale),
    )


def embed_font(pdf: pydyf.PDF, font: FontSubset) -> bytes:
    """The font as a Type0 font (CIDFontType2, glyph ids as codes) with its ToUnicode map."""
    file = add_stream(pdf, [font.data], {"Length1": len(font.data)})
    descriptor = _add(
        pdf,
        pydyf.Dictionary(
            {
                "Type": "/FontDescriptor",
                "FontName": f"/{font.name}",
                "Flags": 32,
                "FontBBox": pydyf.Array(font.bbox),
                "ItalicAngle": 0,
                "Ascent": font.ascent,
                "Descent": font.descent,
                "CapHeight": font.cap_height,
                "StemV": 80,
                "FontFile2": file,
            }
        ),
    )
    widths = pydyf.Array([0, pydyf.Array([font.widths[gid] for gid in sorted(font.widths)])])
    cid_font = _add(
        pdf,
        pydyf.Dictionary(
            {
                "Type": "/Font",
                "Subtype": "/CIDFontType2",
                "BaseFont": f"/{font.name}",
                "CIDSystemInfo": pydyf.Dictionary(
                    {
                        "Registry": pydyf.String("Adobe"),
                        "Ordering": pydyf.String("Identity"),
                        "Supplement": 0,
                    }
                ),
                "CIDToGIDMap": "/Identity",
                "W": widths,
                "FontDescriptor": descriptor,
            }
        ),
    )
    return _add(
        pdf,
        pydyf.Dictionary(
            {
                "Type": "/Font",
                "Subtype": "/Type0",
                "BaseFont": f"/{font.name}",
                "Encoding": "/Identity-H",
                "DescendantFonts": pydyf.Array([cid_font]),
                "ToUnicode": add_stream(pdf, _to_unicode(font.gids)),
            }
        ),
    )


def _to_unicode(gids: Mapping[str, int]) -> list[bytes]:
    """A ToUnicode CMap: each glyph id back to its character (UTF-16BE)."""
    pairs = sorted((gid, ch) for ch, gid in gids.items())
    lines = [
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        b"1 begincodespacerange <0000> <ffff> endcodespacerange",
    ]
    for start in range(0, len(pairs), 100):
        batch = pairs[start : start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines += [f"<{gid:04x}> <{ch.encode('utf-16-be').hex()}>".encode() for gid, ch in batch]
        lines.append(b"endbfchar")
    lines.append(b"endcmap CMapName currentdict /CMap defineresource pop end end")
    return lines
