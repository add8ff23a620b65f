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
import tempfile
import xml.etree.ElementTree as ElementTree
import zlib
from collections import Counter
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


def struck_words(path: Path, resolution: int = 100) -> list[Word]:
    """Words that a drawn line crosses: a frame or a rule laid over the text (what ``pdftotext`` cannot see).

    Each page is rendered (``pdftoppm``, grey). A word is struck when one pixel row of its box, below its top
    fifth, is one even grey (a line, even the light grey of a frame's rule) from a little before the word to a
    little after it, while a row two pixels above or below is lighter somewhere (a line is thin: a shaded
    background, as a table header's, is not). Letters never do that: the spaces around a word stay white, even
    around a dash.

    The text of the pages only: words whose box is at most 1.3 times as high as the body text's (the most
    common height), so body text, tables, code and headings of a similar size. A chart's labels (matplotlib's
    DejaVu, whose boxes are half as high again) sit on its grid lines by design.
    """
    from PIL import Image  # noqa: PLC0415 (matplotlib's dependency: only the tests read pixels)

    scale, margin, found = resolution / 72, 4, []
    every_word = words(path)
    body = Counter(round(word.height, 1) for word in every_word).most_common(1)[0][0] if every_word else 0
    by_page: dict[int, list[Word]] = {}
    for word in every_word:
        if word.height <= 1.3 * body:
            by_page.setdefault(word.page, []).append(word)

    def is_line(row: list[int], above: list[int], below: list[int]) -> bool:
        shade = max(row)
        return shade < 250 and shade - min(row) <= 8 and (max(above) > shade + 15 or max(below) > shade + 15)

    with tempfile.TemporaryDirectory() as folder:
        for page, page_words in sorted(by_page.items()):
            stem = Path(folder, f"page-{page}")
            subprocess.run(
                ["pdftoppm", "-gray", "-r", str(resolution), "-f", str(page), "-l", str(page), "-singlefile"]
                + [str(path), str(stem)],
                check=True,
            )
            with Image.open(stem.with_suffix(".pgm")) as image:
                pixels, (width, height) = image.load(), image.size
                for word in page_words:
                    left, right = int(word.x_min * scale) - margin, int(word.x_max * scale) + margin
                    top, bottom = (int((word.y_min + word.height * share) * scale) for share in (0.2, 1))
                    if left < 0 or right >= width or top < 2 or bottom + 2 >= height:
                        continue
                    rows = {y: [pixels[x, y] for x in range(left, right + 1)] for y in range(top - 2, bottom + 3)}
                    if any(is_line(rows[y], rows[y - 2], rows[y + 2]) for y in range(top, bottom + 1)):
                        found.append(word)
    return found
