"""The swimlane text rendered by the pinned, self-hosted Mermaid in headless Chromium.

A static harness page (tests/browser/mermaid_harness/) and a copy of the pinned mermaid.min.js
are served from a temporary folder on localhost; nothing is fetched from the network. Each
diagram must come out as a swimlane SVG whose lanes, nodes and edge labels carry exactly the
text of the model, with hostile text shown as text and never run.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from site_fixtures import SOP_COLUMN_AT_1280, screenshot
from test_mermaid import ACTORS, HOSTILE_ACTORS, hostile_sop, promotion_sop, small_sop

from sop import graph, mermaid
from sop.dataset import load
from sop.model import Actor, Sop

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HARNESS = ROOT / "tests/browser/mermaid_harness/index.html"
FONTS = ROOT / "sop/assets/fonts"  # the faces the site self-hosts
DATA_SETS = [ROOT / "sop_data",
             *sorted(p.parent for p in (ROOT / "examples").glob("*/institusi.yaml"))]
ARTIFACTS = ROOT / "test-artifacts/mermaid"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The harness and the pinned mermaid.min.js served from a temporary folder."""
    folder = tmp_path_factory.mktemp("mermaid-harness")
    shutil.copy(HARNESS, folder / "index.html")
    shutil.copy(mermaid.mermaid_js(), folder / "mermaid.min.js")
    for face in ("Regular", "Bold"):
        shutil.copy(FONTS / f"LiberationSans-{face}.ttf", folder)
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/index.html"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium driven by Playwright."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.fail("Chromium not found: run `apt-get install -y chromium`")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def harness(browser: Any, site: str) -> Iterator[tuple[Any, list[str], list[str]]]:
    """One harness page at laptop width for the module (loading Mermaid takes seconds)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []
    context.route(
        re.compile(r"^(?!http://127\.0\.0\.1:).*"),
        lambda route: (outside.append(route.request.url), route.abort()),
    )
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto(site)
    yield pg, errors, outside
    context.close()


@pytest.fixture
def page(harness: tuple[Any, list[str], list[str]]) -> Iterator[Any]:
    """The harness page; a request leaving localhost or a JavaScript error fails the test."""
    pg, errors, outside = harness
    yield pg
    assert outside == [], f"requests outside localhost: {outside}"
    assert errors == [], f"JavaScript errors: {errors}"


#: Relations that hold on any Chromium build: where each label sits against the arrows, whether
#: an arrow leaves the lanes, which node is on top (screen px; 12 px is half a label's height).
GEOMETRY = """() => { window.geometry = svg => {
  const box = e => e.getBoundingClientRect();
  const lanes = [...svg.querySelectorAll('g.cluster.swimlane')].map(box);
  const left = Math.min(...lanes.map(r => r.left)), right = Math.max(...lanes.map(r => r.right));
  const top = Math.min(...lanes.map(r => r.top)), bottom = Math.max(...lanes.map(r => r.bottom));
  const paths = [...svg.querySelectorAll('path.flowchart-link')].map(p => {
    const m = p.getScreenCTM(), points = [];
    for (let t = 0; t <= p.getTotalLength(); t += 2) {
      points.push(p.getPointAtLength(t).matrixTransform(m));
    }
    return points;
  });
  const gap = (r, points) => Math.min(...points.map(q => Math.hypot(
      Math.max(r.left - q.x, 0, q.x - r.right), Math.max(r.top - q.y, 0, q.y - r.bottom))));
  const labels = [...svg.querySelectorAll('g.edgeLabel'),
                  ...svg.querySelectorAll('g.node[id*="-flowchart-b"]')]
      .filter(l => l.textContent.trim());
  const centre = g => { const r = box(g); return r.top + r.height / 2; };
  const steps = [...svg.querySelectorAll('g.node[id*="-flowchart-s"]')];
  const first = steps.find(g => /-flowchart-s1-\\d+$/.test(g.id));
  return {
    labelsOffEdge: labels.filter(l => Math.min(...paths.map(p => gap(box(l), p))) > 12)
        .map(l => l.textContent),
    arrowsOutside: paths.filter(p => p.some(q => q.x < left - 3 || q.x > right + 3
        || q.y < top - 3 || q.y > bottom + 3)).length,
    firstOnTop: !first || steps.every(g => centre(first) <= centre(g) + 1),  // a later part: no s1
  };
}; }"""


def render(page: Any, name: str, source: str) -> dict[str, Any]:
    """Render in the page; return what a reader sees of the SVG, or fail with Mermaid's error."""
    page.evaluate(GEOMETRY)
    result = page.evaluate("([n, s]) => renderDiagram(n, s)", [name, source])
    assert result["ok"], f"{name}: Mermaid error: {result['error']}"
    return page.evaluate(
        """id => {
          const svg = document.getElementById(id);
          const box = svg.closest('.diagram');
          const byX = els => [...els].sort((a, b) =>
              a.getBoundingClientRect().x - b.getBoundingClientRect().x);
          return {
            role: svg.getAttribute('aria-roledescription'),
            title: svg.querySelector('title')?.textContent,
            text: box.textContent,
            lanes: byX(svg.querySelectorAll('g.cluster.swimlane')).map(
                g => [g.id, g.querySelector('.cluster-label').textContent]),
            nodes: Object.fromEntries([...svg.querySelectorAll('g.node')].map(g => [
                g.id.replace(/^.*-flowchart-([sbe]\\d+(?:_\\d+)?)-\\d+$/, '$1'), g.textContent])),
            links: Object.fromEntries([...svg.querySelectorAll('a g.node')].map(g => [
                g.id.replace(/^.*-flowchart-(s\\d+(?:_\\d+)?)-\\d+$/, '$1'),
                [g.closest('a').getAttribute('xlink:href') || g.closest('a').getAttribute('href'),
                 g.getAttribute('title')]])),
            edgeLabels: [...svg.querySelectorAll('.edgeLabel')].map(e => e.textContent)
                .filter(t => t),
            scripts: svg.querySelectorAll('script, img, iframe, foreignObject a').length,
            width: svg.getBoundingClientRect().width,
            naturalWidth: svg.viewBox.baseVal.width,
            boxScrolls: box.scrollWidth > box.clientWidth,
            font: getComputedStyle(svg.querySelector('g.node .nodeLabel')).fontFamily,
            fontLoaded: document.fonts.check('14px "Liberation Sans"'),
            ...geometry(svg),
          };
        }""",
        result["id"],
    )


def expected(sop: Sop, actors: dict[str, Actor]) -> dict[str, Any]:
    """What the reader must see, from the model: lane titles in order, node texts (a joint
    step's text once), each node's link to its row with the whole text, and the branch labels
    (a loop-back's label as a text node on its way back)."""
    lanes = mermaid.lanes(sop, actors)
    nodes = {nid: mermaid.step_label(s) if "_" not in nid else mermaid.joint_label(s)
             for lane in lanes for nid, s in lane.nodes}
    edges = [e for e in graph.edges(sop) if e.label]
    back = [e.label for e in edges if e.is_back]
    nodes |= {f"b{i}": label for i, label in enumerate(back, start=1)}
    ending = [(n, label) for n, s in enumerate(sop.steps, start=1)
              for label in graph.ending_branches(s)]
    nodes |= {f"e{n}": "" for n, _ in ending}  # an end circle where a branch ends the flow
    return {
        "lanes": [[lane.id, lane.title] for lane in lanes],
        "nodes": nodes,
        "links": {nid: [f"#langkah-{s.no}", mermaid.full_text(s)]
                  for lane in lanes for nid, s in lane.nodes},
        "edgeLabels": sorted([*(e.label for e in edges if not e.is_back),
                              *(label for _, label in ending)]),
    }


def check(page: Any, name: str, sop: Sop, actors: dict[str, Actor],
          sanitised: bool = False) -> dict[str, Any]:
    """Render one SOP and compare everything visible with the model. `sanitised`: text that
    looks like markup may lose its tooltip to Mermaid's sanitiser (never its link)."""
    seen = render(page, name, mermaid.swimlane(sop, actors))
    want = expected(sop, actors)
    assert seen["role"] == "swimlane"  # the swimlane diagram type, not a fallback or error
    assert "Syntax error" not in seen["text"]
    assert seen["lanes"] == want["lanes"]  # left to right in the SOP's column order
    assert seen["nodes"] == want["nodes"]
    if sanitised:
        assert {k: v[0] for k, v in seen["links"].items()} == {
            k: v[0] for k, v in want["links"].items()}
        assert all(seen["links"][k][1] in (None, v[1]) for k, v in want["links"].items())
    else:  # a tap opens the row, a hover shows the whole text
        assert seen["links"] == want["links"]
    assert sorted(seen["edgeLabels"]) == want["edgeLabels"]
    assert seen["labelsOffEdge"] == []  # every branch label sits on its own arrow
    assert seen["arrowsOutside"] == 0  # no arrow runs outside the lanes
    assert seen["firstOnTop"]
    assert seen["title"] == f"Diagram alir {sop.judul}"
    assert seen["width"] == pytest.approx(seen["naturalWidth"], abs=1)  # never shrunk
    # Measured in the site's own font, not in whatever system font this Chromium falls back to.
    assert seen["font"].startswith('"Liberation Sans"')
    assert seen["fontLoaded"]
    return seen


@pytest.mark.parametrize(
    ("name", "make"), [("kecil", small_sop), ("kenaikan-jabatan", promotion_sop)]
)
def test_fixture_sops_render_as_swimlanes(page: Any, name: str, make: Any) -> None:
    check(page, name, make(), ACTORS)


@pytest.mark.parametrize("folder", DATA_SETS, ids=lambda p: p.name)
def test_every_seed_sop_renders(page: Any, folder: Path) -> None:
    if not (folder / "institusi.yaml").exists():
        pytest.skip(f"{folder.name} not written yet")
    data = load(folder)
    assert data.sops
    for sop in data.sops.values():
        check(page, sop.id, sop, data.actors)
        screenshot(page.locator(".diagram").last, ARTIFACTS / f"{sop.id}.png")


def test_hostile_text_is_shown_as_text_and_never_runs(page: Any) -> None:
    seen = check(page, "hostile", hostile_sop(), HOSTILE_ACTORS, sanitised=True)
    assert page.evaluate("window.__pwned") is None
    assert seen["scripts"] == 0
    assert "7. <script>window.__pwned=1</script>" in seen["text"]
    assert '8. <img src=x onerror="window.__pwned=2">' in seen["text"]
    jinja = hostile_sop().steps[10]  # shortened in its node; whole in its tooltip
    assert mermaid.step_label(jinja).startswith("11. Jinja {{ config }} dan {% raw %}")
    assert mermaid.step_label(jinja) in seen["text"]
    assert seen["links"]["s11"] == ["#langkah-11", mermaid.full_text(jinja)]
    assert seen["lanes"][0][1] == '<b>"Rek|tor"</b> {{x}}'
    page.wait_for_timeout(200)  # an onerror handler would have fired by now
    assert page.evaluate("window.__pwned") is None


@pytest.mark.parametrize(("width", "scrolls"), [(1280, False), (390, True)])
def test_six_lane_diagram_is_readable_on_laptop_and_phone(
    browser: Any, site: str, width: int, scrolls: bool
) -> None:
    """Natural size at both widths: the phone scrolls sideways instead of shrinking the text."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site)
    seen = check(page, "kenaikan-jabatan", promotion_sop(), ACTORS)
    assert seen["naturalWidth"] <= SOP_COLUMN_AT_1280  # six lanes fit the SOP page's column
    assert seen["boxScrolls"] is (seen["naturalWidth"] > width - 18)
    assert seen["boxScrolls"] is scrolls
    screenshot(page, ARTIFACTS / f"kenaikan-jabatan-{width}.png", full_page=True)
    context.close()


def test_harness_reports_mermaid_errors(page: Any) -> None:
    """The checks above can fail: a label left unescaped breaks the diagram and is reported."""
    source = mermaid.swimlane(small_sop(), ACTORS).replace('"1. Menerima berkas"', '"1. "x" ]"')
    result = page.evaluate("([n, s]) => renderDiagram(n, s)", ["rusak", source])
    assert not result["ok"]
    assert "Parse error" in result["error"]


def test_each_sub_procedure_renders_as_its_own_swimlane(page: Any) -> None:
    """The web page draws one swimlane per sub-procedure: only its steps, and the arrows to
    the other one ending at text nodes that name the step ('ke langkah 1')."""
    data = load(ROOT / "examples" / "sub-prosedur")
    sop = data.sops["ujian-skripsi"]
    sources = mermaid.swimlanes(sop, data.actors)
    assert len(sources) == 2
    seen = [render(page, f"bagian-{n}", source) for n, source in enumerate(sources, 1)]
    for part in seen:
        assert part["role"] == "swimlane" and "Syntax error" not in part["text"]
        assert part["arrowsOutside"] == 0
    assert "1. Mendaftar ujian skripsi" in seen[0]["text"]
    assert "5. Melaksanakan" not in seen[0]["text"] and "ke langkah 5" in seen[0]["text"]
    assert "5. Melaksanakan ujian skripsi" in seen[1]["text"]
    assert "1. Mendaftar" not in seen[1]["text"]
    assert "dari langkah 4" in seen[1]["text"] and "ke langkah 1" in seen[1]["text"]
    assert sorted(seen[1]["edgeLabels"]) == ["Lulus", "Tidak lulus"]
