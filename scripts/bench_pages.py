"""Page weight and speed of the built site, as a reader on a phone gets it (issue 19):

- the bytes an SOP page and the home page transfer before the diagram is reached (loaded at
  390 px and at 1,280 px, not scrolled), gzip as a web server sends text;
- the bytes a search transfers (Pagefind's script, WebAssembly, index chunks and result
  fragments) on a site of 1,000 synthetic SOPs (sop.synth), for a few queries, each in a fresh
  browser (nothing cached);
- Lighthouse's performance score (the pinned npm package, mobile, Debian Chromium) for the home
  page and an SOP page.

Run through `scripts/benchmark.py --pages` (targets: SOP page <= 400 KB, search <= 300 KB,
performance >= 90). The site is served from 127.0.0.1 by a small server that gzips text.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".wasm", ".txt", ".map")
SOP_PAGE = "sop/pengangkatan-pertama-aa-lektor/"  # of the bundled data set (ten steps)
QUERIES = ["pengusulan jabatan", "surat keputusan", "berkas persyaratan lengkap", "sop-0500"]
PAGE_TARGET_KB = 400
SEARCH_TARGET_KB = 300
SCORE_TARGET = 90


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text gzipped (level 6, as nginx's gzip and most hosts) when asked for."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address with "/"
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in TEXT and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: Any) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on an ephemeral localhost port, gzipping text; yield its base URL."""
    handler = functools.partial(_GzipHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def _transferred(responses: list[Any]) -> tuple[int, list[tuple[str, int]]]:
    """Bytes on the wire (headers and encoded body) of finished responses, with each file."""
    files = []
    for response in responses:
        sizes = response.request.sizes()
        files.append((response.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))
    return sum(n for _, n in files), files


def page_weight(browser: Any, url: str, width: int) -> tuple[int, list[tuple[str, int]]]:
    """What a page transfers on load, not scrolled, in a fresh context (cold cache)."""
    context = browser.new_context(viewport={"width": width, "height": 800 if width < 600 else 900},
                                  is_mobile=width < 600)
    tab = context.new_page()
    responses: list[Any] = []
    tab.on("requestfinished", lambda r: responses.append(r.response()))
    tab.goto(url, wait_until="networkidle")
    tab.wait_for_timeout(500)
    result = _transferred([r for r in responses if r is not None])
    context.close()
    return result


def search_weight(browser: Any, url: str, query: str) -> tuple[int, int, float]:
    """(bytes of the search, results, seconds): the home page loaded, then the search box opened
    and the query typed; counts what the search fetches (all of Pagefind), cold."""
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    tab = context.new_page()
    tab.goto(url, wait_until="networkidle")
    responses: list[Any] = []
    tab.on("requestfinished", lambda r: responses.append(r.response()))
    start = time.perf_counter()
    tab.click(".sop-search-open")
    tab.fill("#sop-search-q", query)
    tab.wait_for_selector(".sop-search__hit", timeout=30_000)
    tab.wait_for_load_state("networkidle")
    seconds = time.perf_counter() - start
    hits = tab.locator(".sop-search__hit").count()
    total, _ = _transferred([r for r in responses if r is not None])
    context.close()
    return total, hits, seconds


def lighthouse(url: str, out: Path) -> dict[str, Any]:
    """Lighthouse (mobile, its default simulated throttling) on one URL: score and metrics."""
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--only-categories=performance", "--output=json",
         f"--output-path={out}", "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        check=True, env=env, cwd=ROOT, timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    return {
        "score": round(report["categories"]["performance"]["score"] * 100),
        **{key: audits[key]["displayValue"] for key in (
            "first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
            "cumulative-layout-shift", "speed-index")},
        "transfer_kb": round(audits["total-byte-weight"]["numericValue"] / 1024),
    }


def build(data: Path, site: Path) -> float:
    """`sop build` of `data` into `site` without PDFs; seconds."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sop.cli", "build", "--data", str(data), "--site",
                    str(site)], check=True, cwd=ROOT, capture_output=True,
                   env={**os.environ, "SOP_SKIP_PDF": "1", "NO_MKDOCS_2_WARNING": "1"})
    return time.perf_counter() - start


def _kb(n: int) -> str:
    return f"{n / 1024:.0f} KB"


def run(work: Path, n_search: int = 1000) -> bool:
    """Build the two sites, measure, print a table and PASS/MISS lines; True when all pass."""
    from playwright.sync_api import sync_playwright

    from sop.synth import write_dataset

    bundled = work / "site-bundled"
    print(f"building the bundled site ... {build(ROOT / 'sop_data', bundled):.0f} s", flush=True)
    data = write_dataset(work / f"data-{n_search}", n_search, seed=n_search)
    big = work / f"site-{n_search}"
    print(f"building the {n_search}-SOP site (no PDFs) ... {build(data, big):.0f} s", flush=True)
    index_kb = sum(p.stat().st_size for p in (big / "pagefind").rglob("*") if p.is_file()) / 1024
    verdicts = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        with serve(bundled) as url:
            print("\nPage weight on load, not scrolled (gzip; the diagram not yet reached):")
            for name, path in [("home", ""), ("SOP page", SOP_PAGE)]:
                for width in (390, 1280):
                    total, files = page_weight(browser, url + path, width)
                    mermaid = any("mermaid" in u for u, _ in files)
                    print(f"  {name:9} {width:>5} px: {_kb(total):>7} in {len(files)} files"
                          f"{' (Mermaid loaded!)' if mermaid else ''}")
                    biggest = sorted(files, key=lambda f: -f[1])[:4]
                    print("      largest: " + ", ".join(
                        f"{u.rsplit('/', 1)[-1] or 'page'} {_kb(n)}" for u, n in biggest))
                    if name == "SOP page":
                        verdicts.append((total <= PAGE_TARGET_KB * 1024 and not mermaid,
                                         f"SOP page at {width} px: {_kb(total)} before the "
                                         f"diagram (target <= {PAGE_TARGET_KB} KB)"))
        with serve(big) as url:
            print(f"\nSearch on {n_search} SOPs (Pagefind index: {index_kb / 1024:.1f} MB on disk,"
                  " loaded in chunks); each query in a fresh browser:")
            for query in QUERIES:
                total, hits, seconds = search_weight(browser, url, query)
                print(f"  {query!r:30} {_kb(total):>7}, {hits} results shown, {seconds:.1f} s")
                verdicts.append((total <= SEARCH_TARGET_KB * 1024,
                                 f"search {query!r} at {n_search} SOPs: {_kb(total)} "
                                 f"(target <= {SEARCH_TARGET_KB} KB)"))
        browser.close()
    if LIGHTHOUSE.exists():
        print("\nLighthouse (mobile, simulated throttling), Debian Chromium:")
        with serve(bundled) as url:
            for name, path in [("home", ""), ("SOP page", SOP_PAGE)]:
                res = lighthouse(url + path, work / f"lighthouse-{name.split()[0]}.json")
                print(f"  {name:9} performance {res['score']}: FCP "
                      f"{res['first-contentful-paint']}, LCP {res['largest-contentful-paint']},"
                      f" TBT {res['total-blocking-time']}, CLS "
                      f"{res['cumulative-layout-shift']}, SI {res['speed-index']}, "
                      f"{res['transfer_kb']} KB")
                verdicts.append((res["score"] >= SCORE_TARGET, f"Lighthouse {name}: performance "
                                 f"{res['score']} (target >= {SCORE_TARGET})"))
    else:
        verdicts.append((False, "Lighthouse: not installed (npm ci)"))
    print()
    for ok, line in verdicts:
        print(f"{'PASS' if ok else 'MISS'}  {line}")
    return all(ok for ok, _ in verdicts)


def main(work: Path | None) -> int:
    folder = work or Path(tempfile.mkdtemp(prefix="sop-pages-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return 0 if run(folder) else 1
    finally:
        if work is None:
            shutil.rmtree(folder, ignore_errors=True)
