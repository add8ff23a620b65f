"""The e-book's cover, drawn at build time in the book's language.

E-readers show the cover in their library; without one they show a blank
or a random page. The cover is a PNG (every reader shows PNG covers, not
all show SVG ones) with the translated title, subtitle and author, drawn
with Pillow and the DejaVu fonts that matplotlib ships (both pinned in
``requirements.txt``, so the same sources draw the same bytes).
"""

from __future__ import annotations

import io
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from coursekit.core.identity import ProjectIdentity

SIZE = (1600, 2400)  # 2:3, the usual e-book cover ratio
MARGIN = 140
BACKGROUND = "#0b3d66"
BAND = "#f2b134"
TITLE_COLOUR = "#ffffff"
TEXT_COLOUR = "#e3eef8"


@cache
def _fonts_folder() -> Path:
    # Located, not imported: importing matplotlib takes longer than an incremental HTML build.
    (package_folder,) = find_spec("matplotlib").submodule_search_locations
    return Path(package_folder) / "mpl-data" / "fonts" / "ttf"


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_fonts_folder() / name), size)


def _wrapped(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """``text`` in lines no wider than ``width`` pixels, broken between words."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _draw_lines(draw, lines: list[str], font, colour: str, top: int, spacing: float) -> int:
    """Draw ``lines`` left-aligned from ``top``; return the y below the last one."""
    step = round(font.size * spacing)
    for line in lines:
        draw.text((MARGIN, top), line, font=font, fill=colour)
        top += step
    return top


def cover_png(course: ProjectIdentity) -> bytes:
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    width = SIZE[0] - 2 * MARGIN
    draw.rectangle((0, 0, SIZE[0], 60), fill=BAND)
    title_font = _font("DejaVuSans-Bold.ttf", 230)
    subtitle_font = _font("DejaVuSans.ttf", 92)
    author_font = _font("DejaVuSans.ttf", 64)
    bottom = _draw_lines(draw, _wrapped(draw, course.title, title_font, width), title_font, TITLE_COLOUR, 520, 1.15)
    draw.rectangle((MARGIN, bottom + 40, MARGIN + 360, bottom + 56), fill=BAND)
    _draw_lines(
        draw, _wrapped(draw, course.subtitle, subtitle_font, width), subtitle_font, TEXT_COLOUR, bottom + 140, 1.3
    )
    author_lines = _wrapped(draw, course.author, author_font, width)
    _draw_lines(draw, author_lines, author_font, TEXT_COLOUR, SIZE[1] - MARGIN - 80 * len(author_lines), 1.25)
    buffer = io.BytesIO()
    # No text chunks, no time: the same identity gives the same bytes.
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def cover_text(course: ProjectIdentity) -> str:
    """What the cover says, as its alternative text."""
    return f"{course.full_title}. {course.author}."


def write_cover(course: ProjectIdentity, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(cover_png(course))
