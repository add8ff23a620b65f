"""The texts of the course's SVG figures: what translators see, and each figure written in a language.

Figures are hand-written SVG files in ``course/figures/``, in French. Every ``<title>``,
``<desc>`` and ``<text>`` of a figure is a message of the ``figures`` catalog; a translated
figure is written under ``course/figures/translated/<lang>/`` (not committed), where Sphinx's
``figure_language_filename`` (``conf.py``) finds it.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

from coursekit.core.paths import REPO_ROOT
from coursekit.core.translations import contextual_translator

FIGURES_DIR = REPO_ROOT / "course" / "figures"
TRANSLATED_DIR = FIGURES_DIR / "translated"
FIGURES_DOMAIN = "figures"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TEXT_TAGS = {f"{{{SVG_NAMESPACE}}}{name}" for name in ("title", "desc", "text", "tspan")}
# conf.py's figure_language_filename: Sphinx looks for the translated file here first
# ({path} is "figures/", {basename} "c-suite").
LANGUAGE_FILENAME = "{path}translated/{language}/{basename}{ext}"

ElementTree.register_namespace("", SVG_NAMESPACE)


def source_figures() -> list[Path]:
    return sorted(FIGURES_DIR.glob("*.svg"))


def _text_elements(tree: ElementTree.ElementTree) -> Iterator[ElementTree.Element]:
    for element in tree.iter():
        if element.tag in TEXT_TAGS and element.text and element.text.strip():
            yield element


def figure_messages(path: Path) -> Iterator[tuple[str, int]]:
    """Each text of the figure with its position, for the catalog."""
    for position, element in enumerate(_text_elements(ElementTree.parse(path)), start=1):
        yield " ".join(element.text.split()), position


# The average advance of a glyph of a sans-serif font, in ems (bold ones are wider); a label keeps this margin
# inside its box on each side. An estimate: it catches a label that cannot fit, not one pixel too many.
GLYPH_WIDTH = {"normal": 0.55, "bold": 0.6}
BOX_MARGIN = 8


def _number(element: ElementTree.Element, name: str, default: float = 0.0) -> float:
    try:
        return float(element.get(name, default))
    except ValueError:
        return default


# The smallest text a reader should meet on a phone, in CSS pixels (WCAG gives no number; 12 px is the usual floor).
READABLE_TEXT_PX = 12


def readable_width(path: Path) -> int:
    """The width, in CSS pixels, at which the figure's smallest text is :data:`READABLE_TEXT_PX` high.

    Narrower than drawn when its text is larger; wider when smaller (a vector drawing enlarges without blur).
    """
    root = ElementTree.parse(path).getroot()
    width = _number(root, "width", 0) or float(root.get("viewBox", "0 0 1000 0").split()[2])
    sizes = [_number(element, "font-size", 16) for element in _text_elements(ElementTree.ElementTree(root))]
    smallest = min((size for size in sizes if size > 0), default=READABLE_TEXT_PX)
    return math.ceil(width * READABLE_TEXT_PX / smallest)


def label_widths(path: Path) -> dict[str, int]:
    """For each ``<text>`` label of the figure: about how many characters its box holds.

    The box is the smallest rectangle drawn before the label that contains its anchor point (the figure
    itself when none does); the label is centred on, starts at or ends at its ``x`` (``text-anchor``).
    """
    root = ElementTree.parse(path).getroot()
    canvas = {"x": 0.0, "y": 0.0, "width": _number(root, "width", 1000), "height": _number(root, "height", 1000)}
    rectangles: list[dict[str, float]] = []
    widths: dict[str, int] = {}
    for element in root.iter():
        if element.tag == f"{{{SVG_NAMESPACE}}}rect":
            rectangles.append({name: _number(element, name) for name in ("x", "y", "width", "height")})
        elif element.tag == f"{{{SVG_NAMESPACE}}}text" and element.text and element.text.strip():
            if element.get("transform"):
                continue  # a turned label (an axis's): its room runs along another direction
            x, y = _number(element, "x"), _number(element, "y")
            inside = [
                box
                for box in rectangles
                if box["x"] <= x <= box["x"] + box["width"] and box["y"] <= y <= box["y"] + box["height"]
            ]
            box = min(inside, key=lambda box: box["width"] * box["height"], default=canvas)
            left, right = x - box["x"] - BOX_MARGIN, box["x"] + box["width"] - x - BOX_MARGIN
            anchor = element.get("text-anchor", "start")
            room = {"middle": 2 * min(left, right), "end": left}.get(anchor, right)
            glyph = GLYPH_WIDTH["bold" if element.get("font-weight") == "bold" else "normal"]
            characters = int(room / (_number(element, "font-size", 16) * glyph))
            message = " ".join(element.text.split())
            widths[message] = min(characters, widths.get(message, characters))
    return widths


@cache
def all_label_widths() -> dict[tuple[str, str], int]:
    """Every figure's labels, by (msgctxt, msgid): about how many characters each box holds."""
    return {
        (message_context(figure), message): characters
        for figure in source_figures()
        for message, characters in label_widths(figure).items()
    }


def message_context(path: Path) -> str:
    """The msgctxt of a figure's messages: the figure (a word has one use per figure, and one box)."""
    return path.stem


def translated_svg(path: Path, translate: Callable[[str, str], str], language: str) -> bytes:
    tree = ElementTree.parse(path)
    for element in _text_elements(tree):
        element.text = translate(message_context(path), " ".join(element.text.split()))
    tree.getroot().set(XML_LANG, language)
    return ElementTree.tostring(tree.getroot(), encoding="utf-8", xml_declaration=True)


def write_translated_figures(language: str) -> list[Path]:
    """Write every figure in ``language``; leave unchanged files untouched (incremental builds)."""
    translate = contextual_translator(language, FIGURES_DOMAIN)
    written = []
    for figure in source_figures():
        target = TRANSLATED_DIR / language / figure.name
        content = translated_svg(figure, translate, language)
        if not target.exists() or target.read_bytes() != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        written.append(target)
    return written
