"""Figures in the reader's language.

Figures are hand-written SVG files in ``course/figures/``, in French. Every
``<title>``, ``<desc>`` and ``<text>`` of a figure is a message of the
``figures`` catalog (``locales/<lang>/LC_MESSAGES/figures.po``), so
translators update figures through the same workflow as pages. For a
translated build, each figure is written again in the build's language under
``course/figures/translated/<lang>/`` (not committed), where Sphinx's
``figure_language_filename`` finds it. The alt text and the caption are
ordinary messages of the page's catalog.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config

from coursekit.core.figure_text import write_translated_figures
from coursekit.core.languages import source_language


def prepare_figures(app: Sphinx, config: Config) -> None:
    if config.language != source_language():
        write_translated_figures(config.language)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", prepare_figures)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
