"""The Mermaid swimlane diagram of an SOP: a pure function of the model, every label escaped.

The web page shows the flow as a Mermaid `swimlane-beta` diagram (Mermaid 11.16+): each
top-level `subgraph` is a lane, one per actor in the SOP's column order, and each step is a
node in its actor's lane (a joint step is drawn with its text in its first actor's lane and as
its number alone in the others, joined by a dotted line). A label too long for a node is
shortened; every node links to its row of the steps table (`#langkah-N`, one tap away) and
carries the full text as its tooltip. A decision's branch that ends the flow goes to a small
end circle (`e…`) in the decision's lane. The text is made of generated ids (`a1…` lanes, `s1…`
steps, `b…` loop-back labels) and quoted labels in which every character with a meaning to
Mermaid, HTML or Jinja is written as a Mermaid entity code (`#quot;`, `#60;` …), so step text
can never change the diagram, inject markup or reach a template engine.

Mermaid itself is pinned in package.json and installed by `npm ci`; `mermaid_js()` finds it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sop import graph
from sop.errors import BuildError
from sop.flowchart.hyphen import syllables
from sop.model import Actor, Sop, Step

#: The repository root: package.json and node_modules/ live next to the `sop` package.
ROOT = Path(__file__).resolve().parent.parent
#: The self-hosted Mermaid bundle (IIFE build that defines `window.mermaid`).
MERMAID_JS_RELATIVE = Path("node_modules/mermaid/dist/mermaid.min.js")

#: Longest activity text shown in a node; the full text is its tooltip and in the steps table,
#: one tap away.
LABEL_LIMIT = 50
#: Decisions get less: a diamond grows with its text in both directions and widens its lane.
DECISION_LIMIT = 16
#: Longest lane title (actor `singkat` is at most 24 characters; a `jabatan` may be longer).
LANE_LIMIT = 32
ELLIPSIS = "…"

# Characters that mean something to Mermaid's lexer or pre-processing (quotes end a label, `#…;`
# is an entity, `|` ends an edge label, backticks start Markdown, `:` triggers the style/icon
# rewrites, `%` directives, `$$` KaTeX), to the HTML label (`<`, `>`, `&`) or to Jinja (`{`, `}`).
# Each becomes a Mermaid entity code, which Mermaid decodes to an HTML character reference.
_ENTITIES = {
    '"': "#quot;",
    "#": "#35;",
    "$": "#36;",
    "%": "#37;",
    "&": "#38;",
    ":": "#58;",
    "<": "#60;",
    ">": "#62;",
    "\\": "#92;",
    "`": "#96;",
    "{": "#123;",
    "|": "#124;",
    "}": "#125;",
}
_ESCAPE = str.maketrans(_ENTITIES)
_SPACE = re.compile(r"\s+")

#: The site's self-hosted text font (docs/stylesheets/sop.css). Named in the diagram itself,
#: because Mermaid measures every label with it: with Mermaid's default ("trebuchet ms", verdana,
#: arial) the width depends on which system font the reader's browser falls back to (DejaVu Sans
#: on a Debian Chromium without fonts-liberation makes six lanes 9 % wider).
FONT_FAMILY = '"Liberation Sans", "DejaVu Sans", sans-serif'

#: Width at which node text wraps: 80 px lets six lanes fit the laptop column; fewer lanes share
#: the same width (about 480 px of text in all), so their text runs on fewer, longer lines.
WRAP_TOTAL, WRAP_MIN, WRAP_MAX = 480, 80, 160


def front_matter(lane_count: int = 6) -> str:
    """Per-diagram settings (Mermaid front matter), chosen by looking at SOPs of two to six lanes
    at 1280 px and 390 px: natural size (no shrinking to the column, which makes text unreadable
    on a phone; the page scrolls the diagram sideways instead), 13 px text, tight spacing, so
    that six lanes are at most about 910 px wide: they fit the SOP page's content column on a
    laptop."""
    wrap = max(WRAP_MIN, min(WRAP_MAX, WRAP_TOTAL // max(lane_count, 1)))
    return f"""\
---
config:
  fontFamily: '{FONT_FAMILY}'
  themeVariables:
    fontSize: 13px
  flowchart:
    useMaxWidth: false
    wrappingWidth: {wrap}
    nodeSpacing: 10
    rankSpacing: 28
    padding: 4
---
"""


def mermaid_js(root: Path = ROOT) -> Path:
    """The path of the pinned mermaid.min.js in node_modules, or a BuildError saying what to do."""
    path = root / MERMAID_JS_RELATIVE
    if not path.is_file():
        raise BuildError("Mermaid is not installed: run `npm ci`")
    return path


#: Alias named in the integration contract (`sop.mermaid.MERMAID_JS()`).
MERMAID_JS = mermaid_js


def clean(text: str) -> str:
    """One line of text: whitespace runs (newlines, tabs) become one space, controls go."""
    text = "".join(c for c in text if c.isspace() or unicodedata.category(c) != "Cc")
    return _SPACE.sub(" ", text).strip()


def shorten(text: str, limit: int = LABEL_LIMIT) -> str:
    """The text on one line, cut at a word boundary with an ellipsis when longer than `limit`."""
    text = clean(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:-–—") + ELLIPSIS


def escape(text: str) -> str:
    """Text made safe inside a double-quoted Mermaid label (and for HTML and Jinja after it)."""
    return clean(text).translate(_ESCAPE)


@dataclass(frozen=True)
class Lane:
    """One lane of the diagram: an actor column and the step nodes drawn in it."""

    id: str
    title: str
    nodes: tuple[tuple[str, Step], ...]  # (node id, step)


def node_id(position: int, step: Step, actor_id: str) -> str:
    """Generated node id: `s<n>` in the step's first actor's lane, `s<n>_<k>` for actor k."""
    k = step.actors.index(actor_id) + 1
    return f"s{position}" if k == 1 else f"s{position}_{k}"


def lanes(sop: Sop, actors: Mapping[str, Actor], shown: range | None = None) -> list[Lane]:
    """The lanes in the SOP's column order; a joint step has a node in each of its actors' lanes.
    `shown`: the step indices drawn (one sub-procedure), else all.

    A lane without any step is left out: Mermaid draws an empty lane as a stray box.
    """
    order = list(sop.pelaksana)
    order += [a for s in sop.steps for a in s.actors if a not in order]  # unlisted, kept visible
    order = list(dict.fromkeys(order))
    result = []
    for i, actor_id in enumerate(order, start=1):
        nodes = tuple(
            (node_id(n, s, actor_id), s)
            for n, s in enumerate(sop.steps, start=1)
            if actor_id in s.actors and (shown is None or n - 1 in shown)
        )
        if nodes:
            result.append(Lane(f"a{i}", _actor_title(actor_id, actors), nodes))
    return result


def _actor_title(actor_id: str, actors: Mapping[str, Actor]) -> str:
    actor = actors.get(actor_id)
    return shorten(actor.singkat if actor else actor_id, LANE_LIMIT)


#: Words at least this long get soft hyphens in a lane title.
LONG_WORD = 11


def hyphenable(title: str) -> str:
    """The title with a soft hyphen (U+00AD, invisible unless the line breaks there) at each
    Indonesian syllable break of its long words: a lane only as wide as its steps may then
    wrap "Pertanggung-jawaban" as the language allows, instead of cutting the word off."""
    return " ".join("\u00ad".join(syllables(w)) if len(w) >= LONG_WORD else w
                    for w in title.split(" "))


def lane_hyphens(sop: Sop, actors: Mapping[str, Actor]) -> str:
    """JSON for the page: each lane title with a long word, and the same title hyphenable.
    sop-diagram.js swaps it in only for a title too wide for its lane; the diagram's own text
    has no soft hyphen, so that a title which fits is printed and copied as one word."""
    titles = {lane.title for lane in lanes(sop, actors)}
    return json.dumps({t: hyphenable(t) for t in sorted(titles) if hyphenable(t) != t},
                      ensure_ascii=False)


def number(step: Step) -> str:
    """The step's number as the diagram shows it: with the * of a fact left unconfirmed
    (`belum_pasti`), as on the copies."""
    return f"{step.label}*" if step.belum_pasti else step.label


def step_label(step: Step) -> str:
    """The node text: the step number and the short text the source writes in its symbol, else
    its activity, shortened (more for a decision)."""
    if step.teks_simbol:
        return f"{number(step)}. {clean(step.teks_simbol)}"
    limit = DECISION_LIMIT if step.is_decision else LABEL_LIMIT
    return f"{number(step)}. {shorten(step.kegiatan, limit)}"


def full_text(step: Step) -> str:
    """The tooltip of a step's node: its number and whole activity."""
    return f"{step.label}. {clean(step.kegiatan)}"


def joint_label(step: Step) -> str:
    """A joint step in its other actors' lanes: the number only (the text is in the first)."""
    return f"({number(step)})"


def node(step_id: str, step: Step, symbol: str) -> str:
    """One node statement: hexagon for a decision, stadium for start/end, else rectangle; the
    nodes of a joint step in its other actors' lanes carry only its number.

    Not a diamond: in swimlane-beta (Mermaid 11.17) arrows into a diamond end at the corner of
    its bounding box, beside the shape, so a reader cannot tell which step they reach; and a
    diamond grows with its text in both directions. A hexagon ends every arrow on its outline.
    The official flowchart (sop/flowchart/) draws the diamond of PermenPAN-RB 35/2012.
    """
    text = escape(step_label(step) if "_" not in step_id else joint_label(step))
    if symbol == "decision":
        return f'{step_id}@{{ shape: hex, label: "{text}" }}'
    if symbol == "capsule":
        return f'{step_id}(["{text}"])'
    return f'{step_id}["{text}"]'


def swimlanes(sop: Sop, actors: Mapping[str, Actor]) -> list[str]:
    """One swimlane per sub-procedure (`sub_prosedur`), else one for the whole flow."""
    parts = sop.sub_parts()
    if not parts:
        return [swimlane(sop, actors)]
    return [swimlane(sop, actors, range(first, last + 1)) for _, first, last in parts]


def swimlane(sop: Sop, actors: Mapping[str, Actor], shown: range | None = None) -> str:
    """The Mermaid `swimlane-beta` source of the SOP's flow, top to bottom, one lane per actor.

    Arrows leave and enter a step's node in its first actor's lane; the nodes of a joint step
    in the other actors' lanes hang on it by a dotted line. With `shown` (the step indices of
    one sub-procedure) only those steps are drawn; an arrow to or from a step of another
    sub-procedure ends or starts at a text node naming that step ("ke langkah 7").
    """
    ids: dict[int, str] = {}
    for n, step in enumerate(sop.steps, start=1):
        if shown is None or n - 1 in shown:
            ids.setdefault(step.no, f"s{n}")  # step numbers are unique in a valid SOP
    away = _away(sop, ids)
    symbols = graph.symbols(sop)
    lane_list = lanes(sop, actors, shown)
    lines = [
        front_matter(len(lane_list)) + "swimlane-beta TB",
        f"  accTitle: {escape('Diagram alir ' + sop.judul)}",
    ]
    ending: list[tuple[str, str]] = []  # (node, label) of branches that end the flow
    # A labelled loop-back gets its label as a text node on its way back, in the lane of the
    # step it returns to: Mermaid puts the label of such an edge far from its line (above the
    # first step), and a text node in the decision's lane sends the line around the lanes.
    back = {e: f"b{i}" for i, e in enumerate(
        (e for e in graph.edges(sop) if e.label and e.is_back and e.source in ids
         and e.target in ids), start=1)}
    for lane in lane_list:
        lines.append(f'  subgraph {lane.id}["{escape(lane.title)}"]')
        for nid, step in lane.nodes:
            lines.append(f"    {node(nid, step, symbols[step.no])}")
            if "_" not in nid and graph.ending_branches(step):  # where its branch ends the flow
                lines.append(f"    e{nid[1:]}@{{ shape: fr-circ }}")
                ending += [(nid, label) for label in graph.ending_branches(step)]
            if "_" not in nid:
                lines += [f'    {bid}@{{ shape: text, label: "{escape(e.label or "")}" }}'
                          for e, bid in back.items() if e.target == step.no]
                lines += [f'    {xid}@{{ shape: text, label: "{escape(text)}" }}'
                          for e, (xid, text) in away.items()
                          if step.no == (e.source if e.source in ids else e.target)]
        lines.append("  end")
    lines += [f'  {nid} -->|"{escape(label)}"| e{nid[1:]}' for nid, label in ending]
    for edge in graph.edges(sop):
        if edge in away:
            xid = away[edge][0]
            ends = (ids[edge.source], xid) if edge.source in ids else (xid, ids[edge.target])
            arrow = f'-->|"{escape(edge.label)}"|' if edge.label else "-->"
            lines.append(f"  {ends[0]} {arrow} {ends[1]}")
        elif edge.source in ids and edge.target in ids:
            if edge in back:
                lines.append(f"  {ids[edge.source]} --- {back[edge]} --> {ids[edge.target]}")
                continue
            arrow = f'-->|"{escape(edge.label)}"|' if edge.label else "-->"
            lines.append(f"  {ids[edge.source]} {arrow} {ids[edge.target]}")
    drawn = [(n, step) for n, step in enumerate(sop.steps, start=1) if step.no in ids]
    for n, step in drawn:
        lines += [f"  s{n} -.- s{n}_{k}" for k in range(2, len(step.actors) + 1)]
    for n, step in drawn:
        ids_ = ",".join([f"s{n}", *(f"s{n}_{k}" for k in range(2, len(step.actors) + 1))])
        lines.append(f'  click {ids_} href "#langkah-{step.no}" "{escape(full_text(step))}"')
    for edge, (xid, text) in away.items():
        other = edge.target if edge.source in ids else edge.source
        lines.append(f'  click {xid} href "#langkah-{other}" "{escape(text)}"')
    return "\n".join(lines) + "\n"


def _away(sop: Sop, ids: Mapping[int, str]) -> dict[graph.Edge, tuple[str, str]]:
    """The arrows between a drawn step and one of another sub-procedure: a text node id each,
    and its text ('ke langkah 7', 'dari langkah 6')."""
    labels = {s.no: s.label for s in sop.steps}
    out: dict[graph.Edge, tuple[str, str]] = {}
    for edge in graph.edges(sop):
        if (edge.source in ids) != (edge.target in ids):
            text = (f"ke langkah {labels[edge.target]}" if edge.source in ids
                    else f"dari langkah {labels[edge.source]}")
            out[edge] = (f"x{len(out) + 1}", text)
    return out
