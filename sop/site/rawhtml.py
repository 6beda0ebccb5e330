"""A Python-Markdown extension that passes the generated pages' big HTML blocks through whole.

The site source (sop.site.source) writes each big generated HTML block between the lines
`<!--sop-html-->` and `<!--/sop-html-->`. Markdown would only copy such a block through, but
it parses every tag of it on the way, which was most of the build time of a site with many
SOPs. This preprocessor stashes the block as raw HTML before Markdown looks at it, so every
engine that renders with Python-Markdown (MkDocs, Zensical) skips it; an engine without the
extension still renders the page right, only slower (the markers are HTML comments).

User text inside a block is always escaped by the templates, so the markers never come from data.
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

OPEN = "<!--sop-html-->"
CLOSE = "<!--/sop-html-->"


class _Stash(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if not any(OPEN in line for line in lines):
            return lines
        out: list[str] = []
        block: list[str] | None = None
        for line in lines:
            if block is None:
                if line.strip() == OPEN:
                    block = []
                else:
                    out.append(line)
            elif line.strip() == CLOSE:
                out += ["", self.md.htmlStash.store("\n".join(block)), ""]
                block = None
            else:
                block.append(line)
        if block is not None:  # never closed: leave it to Markdown as it is
            out += [OPEN, *block]
        return out


class RawHtmlExtension(Extension):
    """Register the preprocessor ahead of Markdown's own HTML block parser (priority 20)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(_Stash(md), "sop_raw_html", 29)


def makeExtension(**kwargs: object) -> RawHtmlExtension:  # noqa: N802 - the entry point name
    return RawHtmlExtension(**kwargs)
