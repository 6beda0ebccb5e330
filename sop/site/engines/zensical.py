"""Zensical 0.0.73: configuration for the site source, build and live preview.

Zensical reads MkDocs' configuration format, but wants the source and the output inside the
folder of its configuration file, and keeps its own cache there: it builds into
<work>/site/ (rebuilding only what changed, by its cache) and the result is copied into the
build's staging folder, so that the published site is still swapped in whole.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from sop.atomic import write_bytes
from sop.errors import BuildError
from sop.site.engines import Settings, dump, site_config
from sop.site.source import SiteSource

CONFIG_NAME = "zensical.yml"
OUTPUT = "site"


class Zensical:
    name = "zensical"
    config_change_rebuilds_all = True

    def version(self) -> str:
        from importlib.metadata import PackageNotFoundError, version

        try:
            return f"zensical {version('zensical')}"
        except PackageNotFoundError:
            raise BuildError("Zensical is not installed: run scripts/setup (or "
                             "`.venv/bin/pip install zensical==0.0.73`)") from None

    def write_config(self, work: Path, source: SiteSource, settings: Settings) -> Path:
        config = site_config(source, settings, docs_dir=source.folder.name, site_dir=OUTPUT)
        overrides = _write_overrides(work / "overrides")
        config["theme"] = {**config["theme"], "variant": "classic",  # Material's look
                           "custom_dir": overrides.name}
        path = work / CONFIG_NAME
        text = dump(config)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_bytes(path, text.encode("utf-8"))  # a live preview never reads half of it
        return path

    def build(self, config: Path, site_dir: Path) -> None:
        self.version()
        config = config.resolve()
        # Written whole each time (its cache keeps the rendering): a page no longer in the
        # source, such as a draft's after a preview, must not survive in the output.
        shutil.rmtree(config.parent / OUTPUT, ignore_errors=True)
        command = [sys.executable, "-m", "zensical", "build", "-f", str(config)]
        if "strict: true" in config.read_text(encoding="utf-8"):
            command.append("--strict")
        done = subprocess.run(command, cwd=config.parent, capture_output=True, text=True,
                              check=False)
        output = (done.stdout + done.stderr).strip()
        if done.returncode != 0:
            raise BuildError(f"site build failed (zensical): {output[-4000:]}")
        shutil.copytree(config.parent / OUTPUT, site_dir, dirs_exist_ok=True)

    def serve(self, config: Path, dev_addr: str,
              lock: AbstractContextManager[Any] | None = None) -> None:
        """Zensical's own server with live reload on the generated folder (its own process:
        its rebuilds cannot take `lock`; the preview writes the changed files at once)."""
        self.version()
        try:
            subprocess.run([sys.executable, "-m", "zensical", "serve", "-f", str(config.resolve()),
                            "-a", dev_addr], cwd=config.parent, check=True)
        except subprocess.CalledProcessError as exc:
            raise BuildError(f"preview failed (zensical exited with {exc.returncode})") from None


#: What Zensical's template engine (MiniJinja) lacks, and the nearest equivalent: the text of
#: overrides/ is copied with these replaced (the README's migration note lists them).
TEMPLATE_SHIMS = {
    "| striptags | forceescape": "| striptags | escape",
}


def _write_overrides(folder: Path) -> Path:
    """overrides/ as Zensical's templates can read it (TEMPLATE_SHIMS), written where changed."""
    from sop.site.engines import OVERRIDES_DIR

    for path in sorted(p for p in OVERRIDES_DIR.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8")
        for old, new in TEMPLATE_SHIMS.items():
            text = text.replace(old, new)
        target = folder / path.relative_to(OVERRIDES_DIR)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    return folder
