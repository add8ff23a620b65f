"""What a page weighs on disk with everything it loads as it opens.

The page itself, its style sheets, scripts, images, icons and preloads: the
files a browser fetches before the page is complete, summed as stored on
disk, because many LMS and intranet servers send them uncompressed. (The
search index is loaded by the search page alone, so it counts there.)
Files that scripts fetch later, on a reader's action, do not count.
The budget is checked by ``tests/test_page_weight.py`` and reported by
``make bench``.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

PAGE_BUDGET = 300 * 1024
LOADED_LINK_RELS = {"stylesheet", "icon", "shortcut", "preload", "modulepreload"}


class _LoadedFiles(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and LOADED_LINK_RELS & set((attributes.get("rel") or "").split()):
            self.urls.append(attributes.get("href") or "")
        elif tag in {"script", "img", "source", "iframe", "video", "audio", "embed"}:
            self.urls.append(attributes.get("src") or "")


@dataclass(frozen=True)
class PageWeight:
    page: Path
    files: tuple[Path, ...]  # the page first, then what it loads

    @property
    def bytes(self) -> int:
        return sum(path.stat().st_size for path in self.files)


def page_weight(page: Path) -> PageWeight:
    parser = _LoadedFiles()
    parser.feed(page.read_text(encoding="utf-8"))
    files = {}
    for url in parser.urls:
        parts = urlsplit(url)
        if url and not parts.scheme and not parts.netloc and parts.path:
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_file():
                files[target] = None
    return PageWeight(page, (page, *files))


def heaviest_pages(html_root: Path, count: int = 5) -> list[PageWeight]:
    weights = [page_weight(page) for page in html_root.rglob("*.html")]
    return sorted(weights, key=lambda weight: weight.bytes, reverse=True)[:count]
