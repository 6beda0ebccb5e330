"""The site engines: each turns the site source (sop.site.source) into HTML.

One small module per engine writes its own configuration for the generated folder, from the
project's mkdocs.yml (theme, features, Markdown extensions, stylesheets and scripts), and runs
the engine. Nothing else in the site stage knows which engine runs.

    mkdocs.py    MkDocs 1.6 with Material 9.8 (the default)
    zensical.py  Zensical 0.0.73 (reads the same configuration format)
"""

from __future__ import annotations

import hashlib
import os
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml

from sop.errors import BuildError
from sop.site.source import SiteSource

ROOT = Path(__file__).resolve().parent.parent.parent.parent
BASE_CONFIG = ROOT / "mkdocs.yml"
OVERRIDES_DIR = ROOT / "overrides"
NAMES = ("mkdocs", "zensical")
DEFAULT = "mkdocs"
ENV = "SOP_ENGINE"
#: The Markdown extension that passes the generated HTML blocks through whole.
RAW_HTML = "sop.site.rawhtml"


@dataclass(frozen=True)
class Settings:
    """What an engine's configuration takes from the build, besides the site source."""

    site_url: str
    strict: bool = True


class Engine(Protocol):
    name: str
    #: Whether its live preview renders every page again when the configuration changes
    #: (Zensical), rather than only the pages whose source changed (MkDocs' dirty rebuild).
    config_change_rebuilds_all: bool

    def version(self) -> str:
        """The engine's version (part of the build's digest)."""

    def write_config(self, work: Path, source: SiteSource, settings: Settings) -> Path:
        """Write the engine's configuration for the source folder into `work`; its path."""

    def build(self, config: Path, site_dir: Path) -> None:
        """Build the site into `site_dir` (which exists and is empty); BuildError on failure."""

    def serve(self, config: Path, dev_addr: str,
              lock: AbstractContextManager[Any] | None = None) -> None:
        """Serve the site with live reload until interrupted; each rebuild holds `lock` (the
        preview holds it while it writes the source), where the engine lets us."""


def get(name: str | None = None) -> Engine:
    """The engine called `name` (default: $SOP_ENGINE, else MkDocs)."""
    name = name or os.environ.get(ENV) or DEFAULT
    if name == "mkdocs":
        from sop.site.engines.mkdocs import MkDocs

        return MkDocs()
    if name == "zensical":
        from sop.site.engines.zensical import Zensical

        return Zensical()
    raise BuildError(f"unknown site engine {name!r}: one of {', '.join(NAMES)}")


# ------------------------------------------------------------------ the project's mkdocs.yml

class Tagged:
    """A YAML value with a tag the engines resolve themselves (!ENV, !!python/name:…)."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag, self.value = tag, value


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct(loader: yaml.Loader, suffix: str, node: yaml.Node) -> Tagged:
    value: Any
    if isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node)
    elif isinstance(node, yaml.MappingNode):
        value = loader.construct_mapping(node)
    else:
        value = loader.construct_scalar(node)  # type: ignore[arg-type]
    return Tagged(node.tag, value)


def _represent(dumper: yaml.Dumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Loader.add_multi_constructor("!", _construct)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct)
_Dumper.add_representer(Tagged, _represent)  # type: ignore[arg-type]


def base_config(path: Path = BASE_CONFIG) -> dict[str, Any]:
    """The project's mkdocs.yml as data, tags kept for the engine."""
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - own loader
    return config if isinstance(config, dict) else {}


def site_config(source: SiteSource, settings: Settings, **values: Any) -> dict[str, Any]:
    """The configuration of one build: mkdocs.yml with the generated folder, the navigation
    (generated sections, then mkdocs.yml's own), the site name and the build's settings."""
    config = base_config()
    config.update(
        site_name=source.site_name,
        site_url=settings.site_url,
        docs_dir=str(source.folder.resolve()),
        strict=settings.strict,
        nav=source.nav,  # the generated sections, then mkdocs.yml's own (sop.site.build)
        extra={**(config.get("extra") or {}), **source.extra},
    )
    theme = dict(config.get("theme") or {})
    theme["custom_dir"] = str(OVERRIDES_DIR)
    config["theme"] = theme
    extensions = list(config.get("markdown_extensions") or [])
    if RAW_HTML not in extensions:
        extensions.append(RAW_HTML)
    config["markdown_extensions"] = extensions
    config.update(values)
    return config


def dump(config: dict[str, Any]) -> str:
    return yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def overrides_digest() -> str:
    """The theme overrides' content (a changed template means a new build)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in OVERRIDES_DIR.rglob("*") if p.is_file()):
        digest.update(path.relative_to(OVERRIDES_DIR).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()
