"""mkdocs-macros module: registers the macros the hand-written Panduan pages use; no logic here."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup


def define_env(env: Any) -> None:
    """Register the macros (called by mkdocs-macros)."""

    @env.macro
    def referensi_kolom(kind: str) -> Markup:
        """The field reference of one data file kind, from the validator's JSON Schema."""
        from sop.site import fieldref

        return fieldref.render(kind)
