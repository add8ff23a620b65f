"""The texts of the course's SVG figures: what translators see, and each figure written in a language.

Figures are hand-written SVG files in ``course/figures/``, in French. Every ``<title>``,
``<desc>`` and ``<text>`` of a figure is a message of the ``figures`` catalog; a translated
figure is written under ``course/figures/translated/<lang>/`` (not committed), where Sphinx's
``figure_language_filename`` (``conf.py``) finds it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from pathlib import Path

from coursekit.core.paths import REPO_ROOT
from coursekit.core.translations import translator

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


def translated_svg(path: Path, translate: Callable[[str], str], language: str) -> bytes:
    tree = ElementTree.parse(path)
    for element in _text_elements(tree):
        element.text = translate(" ".join(element.text.split()))
    tree.getroot().set(XML_LANG, language)
    return ElementTree.tostring(tree.getroot(), encoding="utf-8", xml_declaration=True)


def write_translated_figures(language: str) -> list[Path]:
    """Write every figure in ``language``; leave unchanged files untouched (incremental builds)."""
    translate = translator(language, FIGURES_DOMAIN)
    written = []
    for figure in source_figures():
        target = TRANSLATED_DIR / language / figure.name
        content = translated_svg(figure, translate, language)
        if not target.exists() or target.read_bytes() != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        written.append(target)
    return written
