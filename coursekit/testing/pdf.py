"""Reading built PDFs as a reader and a printer see them, with Debian's poppler-utils.

``pdftotext`` (the text, page by page, and each word's box), ``pdfinfo``
(page size, metadata), ``pdffonts`` (embedded fonts), ``pdfimages`` (raster
images), ``pdftohtml -xml`` (the bookmarks) and ``pdftoppm`` (a page as PNG).
Test support only: the build never reads a PDF back.
"""

from __future__ import annotations

import html
import re
import subprocess
import xml.etree.ElementTree as ElementTree
import zlib
from dataclasses import dataclass
from pathlib import Path


def _run(*command: str | Path) -> str:
    return subprocess.run([str(part) for part in command], check=True, capture_output=True, text=True).stdout


def pdf_pages(path: Path) -> list[str]:
    """The text of each page (``pdftotext`` separates pages with a form feed)."""
    return _run("pdftotext", "-enc", "UTF-8", path, "-").split("\f")[:-1]


def pdf_info(path: Path) -> dict[str, str]:
    fields = {}
    for line in _run("pdfinfo", path).splitlines():
        name, _colon, value = line.partition(":")
        fields[name.strip()] = value.strip()
    return fields


def pdf_fonts(path: Path) -> list[dict[str, str]]:
    """One row per font: its name and whether it is embedded (``emb``)."""
    lines = _run("pdffonts", path).splitlines()[2:]
    rows = []
    for line in lines:
        # name type... encoding emb sub uni object-number generation: read from the right
        parts = line.split()
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def raster_images(path: Path) -> list[str]:
    """The raster images of the PDF (``pdfimages -list``), one line each; vector figures are none."""
    return _run("pdfimages", "-list", path).splitlines()[2:]


def bookmarks(path: Path) -> list[str]:
    """The titles of the PDF's outline (its bookmarks), in order, at every level."""
    xml = _run("pdftohtml", "-xml", "-stdout", "-i", "-q", path)
    outline = re.search(r"<outline>.*</outline>", xml, re.S)
    if not outline:
        return []
    return [item.text or "" for item in ElementTree.fromstring(outline.group(0)).iter("item")]


def catalog_entry(path: Path, key: str) -> str | None:
    """A value of the document catalog (``/Lang``), which XeTeX's driver keeps in a compressed stream."""
    data = path.read_bytes()
    pattern = re.compile(rb"/" + key.encode() + rb"\s*\(([^)]*)\)")
    chunks = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", match.end())
        try:
            chunks.append(zlib.decompress(data[match.end() : end]))
        except zlib.error:
            continue
    for chunk in chunks:
        if b"/Type/Catalog" in chunk.replace(b" ", b"") or b"/PageMode" in chunk:
            found = pattern.search(chunk)
            if found:
                return found.group(1).decode("latin-1")
    return None


@dataclass(frozen=True)
class Word:
    page: int
    x_min: float
    x_max: float
    y_min: float
    height: float  # of the word's box: tells the body text from headings, code output and figures
    text: str


def words(path: Path) -> list[Word]:
    """Every word with its box, in reading order (``pdftotext -bbox``)."""
    boxes = _run("pdftotext", "-bbox", "-enc", "UTF-8", path, "-")
    found = []
    for page, body in enumerate(re.split(r"<page ", boxes)[1:], start=1):
        for match in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', body
        ):
            x_min, y_min, x_max, y_max = map(float, match.groups()[:4])
            found.append(Word(page, x_min, x_max, y_min, y_max - y_min, html.unescape(match[5])))
    return found


def render_page(path: Path, page: int, target: Path, resolution: int = 80) -> Path:
    """Page ``page`` as a PNG at ``target`` (``pdftoppm``)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stem = target.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(resolution), "-f", str(page), "-l", str(page), "-singlefile", path, stem],
        check=True,
    )
    return stem.with_suffix(".png")


def squashed(text: str) -> str:
    """Letters and digits only, lower case: a word hyphenated at a line's end reads whole again."""
    return re.sub(r"[\W_]+", "", text.lower())
