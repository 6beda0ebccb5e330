"""The site's subset WOFF2 faces (scripts/webfonts.py) are in step with their TTFs and cover
what the site writes; the PDFs keep the TTFs."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from fontTools.ttLib import TTFont
from site_fixtures import ROOT

_SPEC = importlib.util.spec_from_file_location("webfonts", ROOT / "scripts" / "webfonts.py")
assert _SPEC and _SPEC.loader
webfonts = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(webfonts)


def test_each_face_holds_the_characters_its_css_rule_names() -> None:
    css = webfonts.CSS.read_text(encoding="utf-8")
    for stem, source, family, weight, style, part in webfonts.FACES:
        path: Path = webfonts.OUT_DIR / f"{stem}.woff2"
        font = TTFont(path)
        assert font.flavor == "woff2", stem
        expected = webfonts.codepoints(source, part)
        assert set(font.getBestCmap()) == expected, f"{stem} is stale: run scripts/webfonts.py"
        rule = re.search(rf'src: url\("[^"]*/{stem}\.woff2"\)[^}}]*unicode-range: ([^;]+);', css)
        assert rule and rule.group(1) == webfonts.unicode_range(expected), stem
        assert f'font-family: "{family}"; font-style: {style}; font-weight: {weight};' in css


def test_text_of_the_site_is_in_the_liberation_face() -> None:
    latin = webfonts.codepoints("LiberationSans-Regular.ttf", "latin")
    for text in ["Pengusulan Pengangkatan Pertama", "é ü ñ ç", "– — ‘ ’ “ ” … • ·", "± √ → ¶ № €"]:
        assert {ord(c) for c in text} - {0x20} <= latin, text
    # the checklist's ↗ comes from DejaVu's small face of arrows, not the large one
    assert 0x2197 in webfonts.codepoints("DejaVuSans.ttf", "arrows")
    assert (webfonts.OUT_DIR / "DejaVuSans-Arrows.woff2").stat().st_size < 12_000
    assert (webfonts.OUT_DIR / "LiberationSans-Regular.woff2").stat().st_size < 50_000
