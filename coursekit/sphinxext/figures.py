"""Figures in the reader's language, and figures and charts readable on a phone.

Figures are hand-written SVG files in ``course/figures/``, in French. Every
``<title>``, ``<desc>`` and ``<text>`` of a figure is a message of the
``figures`` catalog (``locales/<lang>/LC_MESSAGES/figures.po``), so
translators update figures through the same workflow as pages. For a
translated build, each figure is written again in the build's language under
``course/figures/translated/<lang>/`` (not committed), where Sphinx's
``figure_language_filename`` finds it. The alt text and the caption are
ordinary messages of the page's catalog.

On the website, a figure scaled down to a phone's width would make its labels
a few pixels high. Each figure and each chart of a notebook is given the width
at which its smallest text is readable (``readable_width``: 12 px; a chart is
drawn with text of 9 pt or more at 100 dpi, so at its own width) and a wrapper
that, on a narrow screen only, lets it keep that width and scroll sideways
(``course.css``), with a hint above it and a keyboard stop (``course.js``). On
a wide screen the theme still fits it to the column. The e-book is left as it
is: a paginated reader cannot scroll a block sideways, and zooms on pictures.

Charts are also made compact (:func:`compact_chart`): 256 colours are all a chart has, and the
website's pages stay within their weight budget.
"""

from __future__ import annotations

import struct
from pathlib import Path

from docutils import nodes
from PIL import Image
from sphinx.application import Sphinx
from sphinx.config import Config

from coursekit.core.figure_text import readable_width, write_translated_figures
from coursekit.core.languages import source_language
from coursekit.sphinxext.nbsphinx_compat import is_output_image

WRAPPER_CLASS = "readable-figure"
WEBSITE_BUILDERS = frozenset({"html", "dirhtml", "singlehtml"})
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def prepare_figures(app: Sphinx, config: Config) -> None:
    if config.language != source_language():
        write_translated_figures(config.language)


def png_width(path: Path) -> int | None:
    """The width in pixels of a PNG file, from its header (``IHDR``, the first chunk)."""
    with path.open("rb") as stream:
        header = stream.read(24)
    if len(header) < 24 or not header.startswith(PNG_SIGNATURE):
        return None
    return struct.unpack(">I", header[16:20])[0]


def _readable_width(uri: str, path: Path) -> int | None:
    if not path.is_file():
        return None
    if path.suffix == ".svg":
        return readable_width(path)
    if path.suffix == ".png" and is_output_image(uri):
        return png_width(path)  # a chart of a notebook: its text is readable at the size it was drawn
    return None


def make_figures_readable(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Each figure and chart at a width where its text can be read, in a wrapper that scrolls on a phone."""
    if app.builder.name not in WEBSITE_BUILDERS:
        return
    for image in list(doctree.findall(nodes.image)):
        if isinstance(image.parent, nodes.container) and WRAPPER_CLASS in image.parent["classes"]:
            continue
        width = _readable_width(image["uri"], Path(app.srcdir, image["uri"]))
        if width is None or not image.get("width", "%").endswith("%"):
            continue  # not a figure or chart, or a size in pixels the author chose
        # A percentage fits the column, as the theme does on a wide screen whatever the width.
        image["width"] = f"{width}px"
        wrapper = nodes.container(classes=[WRAPPER_CLASS])
        image.replace_self(wrapper)
        wrapper += image


def compact_chart(path: Path) -> None:
    """A chart as a PNG of 256 colours at most: a third of matplotlib's size for flat colours and text, which
    the eye cannot tell apart (the page-weight budget). Deterministic: same chart, same bytes. Only an opaque
    image (matplotlib's white background) is converted; a palette image is left as it is."""
    with Image.open(path) as image:
        if image.mode == "P" or (image.mode == "RGBA" and image.getchannel("A").getextrema() != (255, 255)):
            return
        compact = image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    compact.save(path, format="PNG", optimize=True)


def compact_charts(app: Sphinx, doctree: nodes.document) -> None:
    """Each PNG chart nbsphinx has just written for the page, made compact before anything copies it.

    While the page is read: Sphinx dates the reading after this, so the page does not look outdated.
    """
    docdir = Path(app.srcdir, app.env.docname).parent
    for image in doctree.findall(nodes.image):
        uri = image["uri"]
        if not is_output_image(uri) or not uri.endswith(".png"):
            continue
        path = next((path for path in (Path(app.srcdir, uri), docdir / uri) if path.is_file()), None)
        if path is not None:
            compact_chart(path)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", prepare_figures)
    app.connect("doctree-read", compact_charts)
    app.connect("doctree-resolved", make_figures_readable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
