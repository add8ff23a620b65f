"""Figures and charts keep, on the website, the width at which their text is readable on a phone."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest

from coursekit.core.figure_text import READABLE_TEXT_PX, readable_width, source_figures
from coursekit.sphinxext.figures import png_width
from coursekit.testing.sphinx_project import build

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="300" viewBox="0 0 {width} 300">'
    '<text x="10" y="40" font-size="20">Titre</text><text x="10" y="80" font-size="{small}">Légende</text></svg>'
)
CONF = 'extensions = ["coursekit.sphinxext.figures"]\nlanguage = "fr"\nroot_doc = "index"\n'
PAGE = "# Page\n\n```{{figure}} figure.svg\n:width: {width}\n:alt: Un organigramme\n\nLa légende.\n```\n"


def png(width: int, height: int) -> bytes:
    """A valid PNG of one grey row per line (what a chart file starts with is all that is read)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.mark.parametrize(("small", "expected"), [(15, 800), (12, 1000), (20, 600), (6, 2000)])
def test_a_figure_is_readable_at_the_width_where_its_smallest_text_is_12_px(tmp_path, small, expected):
    """Its smallest text, not its first: a title of 20 beside a label of 15 still needs 800 px of 1000."""
    figure = tmp_path / "figure.svg"
    figure.write_text(SVG.format(width=1000, small=small), encoding="utf-8")
    assert readable_width(figure) == expected
    assert READABLE_TEXT_PX == 12


def test_each_course_figure_has_text_of_12_px_at_its_drawn_size():
    """So that on a wide screen, where the theme fits a figure to the column, it needs no enlarging."""
    for figure in source_figures():
        drawn = float(re.search(r'<svg[^>]* width="([\d.]+)"', figure.read_text(encoding="utf-8")).group(1))
        assert 0 < readable_width(figure) <= drawn, figure.name


def test_a_chart_is_readable_at_the_width_it_was_drawn(tmp_path):
    chart = tmp_path / "chart.png"
    chart.write_bytes(png(689, 3))
    assert png_width(chart) == 689
    chart.write_bytes(b"GIF89a" + bytes(30))
    assert png_width(chart) is None


def project(tmp_path: Path, width: str) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    (source / "conf.py").write_text(CONF + 'extensions.append("myst_parser")\n', encoding="utf-8")
    (source / "index.md").write_text(PAGE.format(width=width), encoding="utf-8")
    (source / "figure.svg").write_text(SVG.format(width=1000, small=15), encoding="utf-8")
    return source


def test_on_the_website_a_figure_gets_its_readable_width_in_a_wrapper_that_can_scroll(tmp_path):
    html = (build(project(tmp_path, "100%")) / "index.html").read_text(encoding="utf-8")
    wrapper = re.search(r'<div class="readable-figure[^"]*">\s*(<a [^>]*>)?\s*<img [^>]*>', html, re.S)
    assert wrapper, html
    assert 'style="width: 800px;"' in wrapper.group(0)
    # The caption stays outside the part that scrolls.
    assert html.index("readable-figure") < html.index("La légende")


def test_a_width_in_pixels_the_author_chose_is_kept(tmp_path):
    html = (build(project(tmp_path, "300px")) / "index.html").read_text(encoding="utf-8")
    assert "readable-figure" not in html and "width: 300px" in html


def test_the_e_book_keeps_its_figures_as_they_are(tmp_path):
    outdir = build(project(tmp_path, "100%"), builder="epub")
    page = next(outdir.glob("index.*html")).read_text(encoding="utf-8")
    assert "readable-figure" not in page and "800px" not in page


def test_a_chart_is_made_compact_once_and_a_transparent_image_is_left_alone(tmp_path):
    from PIL import Image, ImageDraw

    from coursekit.sphinxext.figures import compact_chart

    chart = tmp_path / "chart.png"
    image = Image.new("RGBA", (400, 300), "white")
    draw = ImageDraw.Draw(image)
    for step in range(0, 300, 3):  # antialiased-looking lines and text: many shades, as matplotlib draws
        draw.line((0, step, 400, 300 - step), fill=(step % 256, 80, 255 - step % 256, 255), width=2)
    draw.text((20, 20), "Matrice urgence × importance", fill="black")
    image.save(chart)
    before = chart.read_bytes()
    compact_chart(chart)
    once = chart.read_bytes()
    assert len(once) < len(before)
    with Image.open(chart) as compact:
        assert compact.mode == "P" and compact.size == (400, 300)
        assert compact.convert("RGB").getpixel((399, 0)) == (255, 255, 255)
    compact_chart(chart)
    assert chart.read_bytes() == once, "made compact once: same bytes after a second pass"

    transparent = tmp_path / "transparent.png"
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(transparent)
    kept = transparent.read_bytes()
    compact_chart(transparent)
    assert transparent.read_bytes() == kept
