"""MkDocs 1.6 with Material 9.8: configuration for the site source, build and live preview."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sop.atomic import write_bytes
from sop.errors import BuildError
from sop.site.engines import Settings, dump, site_config
from sop.site.render import template_cache
from sop.site.source import SiteSource

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer

CONFIG_NAME = "mkdocs.yml"
log = logging.getLogger("sop")


class MkDocs:
    name = "mkdocs"
    config_change_rebuilds_all = False

    def version(self) -> str:
        from importlib.metadata import version

        return f"mkdocs {version('mkdocs')}, material {version('mkdocs-material')}"

    def write_config(self, work: Path, source: SiteSource, settings: Settings) -> Path:
        path = work / CONFIG_NAME
        text = dump(site_config(source, settings))
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_bytes(path, text.encode("utf-8"))  # a live preview never reads half of it
        return path

    def build(self, config: Path, site_dir: Path) -> None:
        from mkdocs.commands import build as mkdocs_build
        from mkdocs.exceptions import Abort, ConfigurationError

        try:
            cfg = _load(config, site_dir=str(site_dir))
            cfg.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build.build(cfg)
            finally:
                cfg.plugins.on_shutdown()
        except (Abort, ConfigurationError) as exc:
            raise BuildError(f"site build failed: {exc}") from None

    def serve(self, config: Path, dev_addr: str,
              lock: AbstractContextManager[Any] | None = None) -> None:
        """MkDocs' live-reload server on the generated configuration, rebuilding only the
        pages whose source changed (dirty): the source folder is rewritten incrementally.
        Each rebuild holds `lock`: a dirty build that reads the folder while it is written
        fails on a page that appeared between its two passes (and the browser is not
        reloaded)."""
        from mkdocs.commands import serve as mkdocs_serve
        from mkdocs.exceptions import Abort, ConfigurationError

        _cache_theme_templates()
        server = mkdocs_serve.LiveReloadServer
        if lock is not None:
            mkdocs_serve.LiveReloadServer = _locked_server(server, lock)  # type: ignore[misc]
        try:
            mkdocs_serve.serve(str(config), dev_addr=dev_addr, livereload=True,
                               build_type="dirty")
        except (Abort, ConfigurationError) as exc:
            raise BuildError(f"preview failed: {exc}") from None
        finally:
            mkdocs_serve.LiveReloadServer = server  # type: ignore[misc]


def _locked_server(server: type[LiveReloadServer],
                   lock: AbstractContextManager[Any]) -> type[LiveReloadServer]:
    """MkDocs' live-reload server whose rebuilds (on a change) hold `lock`."""

    class Locked(server):  # type: ignore[valid-type, misc]
        def __init__(self, builder: Callable[[], None], *args: Any, **kwargs: Any) -> None:
            def locked_builder() -> None:
                with lock:
                    builder()

            super().__init__(locked_builder, *args, **kwargs)

    return Locked


def _load(config: Path, **overrides: Any) -> Any:
    from mkdocs.config import load_config

    _cache_theme_templates()
    return load_config(str(config), **overrides)


def _cache_theme_templates() -> None:
    """Material's templates compiled once and kept in .cache/templates, as the site's are."""
    from mkdocs.theme import Theme

    if getattr(Theme.get_env, "_sop_cached", False):
        return
    original = Theme.get_env

    def get_env(self: Theme) -> Any:
        env = original(self)
        env.bytecode_cache = template_cache()
        return env

    get_env._sop_cached = True  # type: ignore[attr-defined]
    Theme.get_env = get_env  # type: ignore[method-assign]
