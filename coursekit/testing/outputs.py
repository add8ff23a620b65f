"""What the end-to-end tests share: running make, reading built pages and e-books.

Test support, not tests: test modules import from here, never from each other.
"""

from __future__ import annotations

import calendar
import difflib
import io
import os
import posixpath
import re
import subprocess
import time
import xml.etree.ElementTree as ElementTree
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from coursekit.core.identity import identity
from coursekit.core.languages import all_languages
from coursekit.core.paths import REPO_ROOT

__all__ = [
    "REPO_ROOT",
    "run_make",
    "PageFacts",
    "page_facts",
    "content_pages",
    "epub_path",
    "Book",
    "EPUB_NAMESPACES",
    "build_epoch",
    "describe",
    "french_words",
    "looks_french",
]

EPUB_NAMESPACES = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "container": "urn:oasis:names:tc:opendocument:xmlns:container",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "svg": "http://www.w3.org/2000/svg",
    "xlink": "http://www.w3.org/1999/xlink",
}


def run_make(*targets: str, cwd: Path = REPO_ROOT, check: bool = True, **variables: str) -> subprocess.CompletedProcess:
    """Run ``make`` like a user would; return the finished process with its output."""
    command = ["make", *targets, *(f"{name}={value}" for name, value in variables.items())]
    process = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env={**os.environ})
    if check and process.returncode != 0:
        raise AssertionError(f"{' '.join(command)} failed:\n{process.stdout[-4000:]}\n{process.stderr[-4000:]}")
    return process


class PageFacts(HTMLParser):
    """What a test needs to know of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.html_lang = None
        self.title = ""
        self.in_title = False
        self.in_switcher = 0
        self.switcher_links: list[tuple[str, str]] = []
        self.alternates: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.html_lang = attributes.get("lang")
        elif tag == "title":
            self.in_title = True
        elif tag == "nav" and "language-switcher" in attributes.get("class", ""):
            self.in_switcher += 1
        elif tag == "a" and self.in_switcher:
            self.switcher_links.append((attributes["hreflang"], attributes["href"]))
        elif tag == "link" and attributes.get("rel") == "alternate" and "hreflang" in attributes:
            self.alternates.append((attributes["hreflang"], attributes["href"]))

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag == "nav" and self.in_switcher:
            self.in_switcher -= 1

    def handle_data(self, data):
        if self.in_title:
            self.title += data


def page_facts(path: Path) -> PageFacts:
    facts = PageFacts()
    facts.feed(path.read_text(encoding="utf-8"))
    return facts


def content_pages(build_dir: Path, language: str) -> list[Path]:
    root = build_dir / "html" / language
    return sorted(
        page for page in root.rglob("*.html") if not any(part.startswith("_") for part in page.relative_to(root).parts)
    )


def epub_path(build_dir: Path, language: str) -> Path:
    return build_dir / "epub" / language / f"{identity(language).file_stem}.epub"


# Frequent French function words; an English paragraph with several of them is French.
FRENCH_WORDS = {
    *"le la les des du une est et pour dans qui que avec sur pas vous sont aux ce cette au".split(),
    *"votre vos nous il elle".split(),
}


def french_words(text: str) -> set[str]:
    return {word for word in re.findall(r"[a-zà-ÿ’']+", text.lower()) if word in FRENCH_WORDS}


def looks_french(text: str) -> bool:
    return len(french_words(text)) >= 3


class Book:
    """One EPUB file, opened: its package document and its content documents."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip = zipfile.ZipFile(path)
        container = ElementTree.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_name = container.find(".//container:rootfile", EPUB_NAMESPACES).get("full-path")
        self.opf = ElementTree.fromstring(self.zip.read(self.opf_name))
        self.metadata = self.opf.find("opf:metadata", EPUB_NAMESPACES)
        self.manifest = {item.get("id"): item for item in self.opf.find("opf:manifest", EPUB_NAMESPACES)}
        self.spine = [ref.get("idref") for ref in self.opf.find("opf:spine", EPUB_NAMESPACES)]

    def href(self, item_id: str) -> str:
        return posixpath.join(posixpath.dirname(self.opf_name), self.manifest[item_id].get("href"))

    def xhtml_documents(self) -> list[str]:
        return [
            self.href(key) for key, item in self.manifest.items() if item.get("media-type") == "application/xhtml+xml"
        ]

    def document(self, name: str) -> ElementTree.Element:
        return ElementTree.fromstring(self.zip.read(name))

    def meta(self, prop: str) -> list[str]:
        return [
            meta.text for meta in self.metadata.findall("opf:meta", EPUB_NAMESPACES) if meta.get("property") == prop
        ]


def build_epoch(build_dir: Path) -> int:
    """The SOURCE_DATE_EPOCH the session build was made with, as its e-book records it."""
    modified = Book(epub_path(build_dir, all_languages()[0])).meta("dcterms:modified")[0]
    return calendar.timegm(time.strptime(modified, "%Y-%m-%dT%H:%M:%SZ"))


def describe(name: str, first: bytes, second: bytes) -> str:
    """What differs: the zip entries of an EPUB or a SCORM package, the lines of a text file."""
    if name.endswith((".epub", ".zip")):
        with zipfile.ZipFile(io.BytesIO(first)) as one, zipfile.ZipFile(io.BytesIO(second)) as two:
            entries = [
                f"  {a.filename} {a.date_time} | {b.filename} {b.date_time}"
                for a, b in zip(one.infolist(), two.infolist(), strict=False)
                if (a.filename, a.date_time, a.CRC) != (b.filename, b.date_time, b.CRC)
            ]
        return f"{name}: zip entries differ\n" + "\n".join(entries[:20])
    try:
        lines = difflib.unified_diff(first.decode().splitlines(), second.decode().splitlines(), lineterm="", n=1)
        return f"{name}:\n" + "\n".join(list(lines)[:40])
    except UnicodeDecodeError:
        return f"{name}: binary files differ ({len(first)} and {len(second)} bytes)"
