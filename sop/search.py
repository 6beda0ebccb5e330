"""Site search: a Pagefind index of the built HTML folder, and the synonyms the data set adds.

Independent of the site engine: `index_site` reads whatever HTML the engine wrote. Pages take
part through attributes in their HTML (`data-pagefind-body` on the public content, weights on
titles and numbers, filters by unit and kind of page); the search box (docs/javascripts/
sop-search.js) runs Pagefind in the reader's browser, offline from the site folder, and widens
each query with the synonym groups of `pencarian.yaml`, since Pagefind has no synonyms itself.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from sop import schema, yamlio
from sop.dataset import DataSet, display_path
from sop.errors import BuildError, DataSetError, Problem
from sop.model import SearchSettings

log = logging.getLogger("sop")

ROOT = Path(__file__).resolve().parent.parent
#: The optional data file with the search settings, next to institusi.yaml.
SEARCH_FILE = "pencarian.yaml"
#: Where the index goes inside the site, and the synonyms next to it.
BUNDLE_DIR = "pagefind"
SYNONYMS_FILE = "sop-sinonim.json"
#: The words of the published SOPs, most frequent first: a query word typed wrong is corrected
#: to the nearest of them (loaded only when a query finds nothing).
WORDS_FILE = "sop-kata.json"
WORDS_LIMIT = 20_000
_WORD = re.compile(r"[^\W\d_]{4,}")

#: Not indexed: heading permalinks, diagrams and controls marked data-search-exclude.
EXCLUDED = ".headerlink, [data-search-exclude]"

#: Written by Pagefind, used by no page.
UNUSED_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
                "pagefind-modular-ui.css", "pagefind-component-ui.js",
                "pagefind-component-ui.css", "pagefind-highlight.js")

def load_settings(data_root: Path) -> SearchSettings:
    """The data set's search settings (defaults when the file is absent); DataSetError else."""
    path = data_root / SEARCH_FILE
    if not path.is_file():
        return SearchSettings()
    doc, problems = yamlio.load(path, display_path(path))
    settings = None
    if doc is not None:
        settings, more = schema.validate(doc, SearchSettings)
        problems = problems + more
    if problems or settings is None:
        raise DataSetError(problems or [Problem(display_path(path), 0, "", "cannot be read")])
    return settings


# ------------------------------------------------------------------ the index

def pagefind_binary(root: Path = ROOT) -> Path:
    """The pinned Pagefind binary that npm installed for this platform; BuildError if none."""
    arch = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64"}.get(
        platform.machine().lower(), platform.machine().lower())
    system = "windows" if sys.platform == "win32" else sys.platform
    folder = root / "node_modules" / "@pagefind" / f"{system}-{arch}" / "bin"
    for name in ("pagefind_extended", "pagefind"):
        path = folder / (name + (".exe" if system == "windows" else ""))
        if path.is_file():
            return path
    raise BuildError("Pagefind is not installed: run `npm ci` (or scripts/setup)")


def index_site(site_dir: Path, settings: SearchSettings, data: DataSet) -> None:
    """Index the built site in `site_dir` into `site_dir/pagefind/`, with the synonyms and the
    word list of `data` (the published data set) beside it.

    The language (Indonesian stemming) comes from each page's `<html lang>`."""
    binary = pagefind_binary()
    command = [str(binary), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR, "--quiet",
               "--exclude-selectors", EXCLUDED]
    env = {**os.environ, "PAGEFIND_SITE": str(site_dir)}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise BuildError(f"Pagefind failed ({done.returncode}): "
                         f"{(done.stderr or done.stdout).strip()[-2000:]}")
    for line in (done.stdout + done.stderr).splitlines():
        if line.strip():
            log.debug("pagefind: %s", line.strip())
    bundle = site_dir / BUNDLE_DIR
    for unused in UNUSED_FILES:  # Pagefind's own search boxes: the site has its own
        (bundle / unused).unlink(missing_ok=True)
    synonyms = json.dumps({"sinonim": settings.groups()}, ensure_ascii=False, indent=1)
    # Markup characters as JSON escapes: the file never carries data as HTML.
    synonyms = synonyms.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    (bundle / SYNONYMS_FILE).write_text(synonyms + "\n", encoding="utf-8")
    words = json.dumps(vocabulary(data), ensure_ascii=False, separators=(",", ":"))
    (bundle / WORDS_FILE).write_text(words + "\n", encoding="utf-8")


def vocabulary(data: DataSet) -> list[str]:
    """The words (4 letters or more, lower case) of the published SOPs and the registries,
    most frequent first."""
    counts = Counter(w.lower() for text in _texts(data) for w in _WORD.findall(text))
    return [w for w, _ in counts.most_common(WORDS_LIMIT)]


def _texts(data: DataSet) -> Iterator[str]:
    inst = data.institution
    yield inst.nama
    for unit in data.units.values():
        yield unit.nama
    for actor in data.actors.values():
        yield f"{actor.jabatan} {actor.singkat}"
    for reg in data.regulations.values():
        yield reg.tentang
    for decree in data.decrees.values():
        yield decree.tentang
    for sop in data.sops.values():
        yield sop.judul
        yield sop.deskripsi or ""
        for step in sop.steps:
            yield step.kegiatan
        yield json.dumps(sop.persyaratan.model_dump() if sop.persyaratan else "",
                         ensure_ascii=False)
