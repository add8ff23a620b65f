"""File insertion and raw markup are off in every document: pages (MyST) and notebooks (nbsphinx),
in a small Sphinx project (sphinx.testing), whatever reaches docutils."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from sphinx.testing.util import SphinxTestApp

CONF = """
extensions = ["myst_parser", "nbsphinx", "coursekit.sphinxext.pandoc", "coursekit.sphinxext.file_insertion"]
nbsphinx_execute = "never"
nbsphinx_requirejs_path = ""
exclude_patterns = ["_build"]
"""
SECRET = "coursekit-secret-file-content"
# What docutils and Sphinx say when a switch is off.
REFUSED = re.compile(r"WARNING: .*(disabled|deactivated)", re.IGNORECASE)
# Every way reStructuredText reads a file or passes markup through.
PAYLOADS = {
    "include": ".. include:: {secret}",
    "literalinclude": ".. literalinclude:: {secret}",
    "raw file": ".. raw:: html\n   :file: {secret}",
    "raw": ".. raw:: html\n\n   <script>alert('raw')</script>",
    "csv-table file": ".. csv-table:: x\n   :file: {secret}",
}


@pytest.fixture
def project(tmp_path) -> Path:
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(CONF, encoding="utf-8")
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    return source


def build(project: Path) -> tuple[str, str]:
    """Every page the HTML build wrote, as one text, and its warnings."""
    app = SphinxTestApp("html", srcdir=project)
    try:
        app.build()
    finally:
        app.cleanup()
    written = "".join(path.read_text(errors="replace") for path in Path(app.outdir).rglob("*.html"))
    return written, app.warning.getvalue()


def notebook(markdown: str) -> str:
    cell = nbformat.v4.new_code_cell("print('<b>kernel output</b>')")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="<b>kernel output</b>\n")]
    return nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(markdown), cell]))


@pytest.mark.parametrize("payload", sorted(PAYLOADS))
def test_a_page_reads_no_file_and_passes_no_raw_markup(project, payload):
    directive = PAYLOADS[payload].format(secret="../secret.txt")
    (project / "index.md").write_text(f"# Page\n\n```{{eval-rst}}\n{directive}\n```\n", encoding="utf-8")
    written, warnings = build(project)
    assert SECRET not in written and "alert('raw')" not in written
    assert "index.md" in warnings and REFUSED.search(warnings), warnings


@pytest.mark.parametrize("payload", ["include", "literalinclude", "raw"])
def test_a_notebook_markdown_cell_reads_no_file_and_its_outputs_still_show(project, payload):
    directive = PAYLOADS[payload].format(secret="../secret.txt")
    (project / "index.ipynb").write_text(notebook(f"# Notebook\n\n{directive}"), encoding="utf-8")
    written, warnings = build(project)
    assert SECRET not in written and "alert('raw')" not in written
    assert "index.ipynb" in warnings and REFUSED.search(warnings), warnings
    assert "&lt;b&gt;kernel output&lt;/b&gt;" in written  # nbsphinx's raw HTML of an output still shows


def test_myst_include_is_refused_too(project):
    (project / "index.md").write_text("# Page\n\n```{include} ../secret.txt\n```\n", encoding="utf-8")
    written, warnings = build(project)
    assert SECRET not in written
    assert "index.md" in warnings and REFUSED.search(warnings), warnings


def test_a_docutils_configuration_that_turns_file_insertion_on_stops_the_build(project, monkeypatch):
    configuration = project.parent / "docutils.conf"
    configuration.write_text("[general]\nfile_insertion_enabled: 1\n", encoding="utf-8")
    monkeypatch.setenv("DOCUTILSCONFIG", str(configuration))
    (project / "index.md").write_text("# Page\n\nText.\n", encoding="utf-8")
    with pytest.raises(Exception, match="file_insertion_enabled"):
        build(project)


def test_a_translation_that_trips_a_switch_is_named_by_its_catalog_line(project):
    """The catalog guard is left out here, as if the checks were bypassed: the switches still hold,
    and the warning points at the msgstr, where the translator can fix it."""
    (project / "conf.py").write_text(CONF + 'language = "en"\nlocale_dirs = ["locales/"]\ngettext_compact = False\n')
    (project / "index.md").write_text("# Accueil\n\nLe COO pilote les opérations.\n", encoding="utf-8")
    catalog = project / "locales" / "en" / "LC_MESSAGES" / "index.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Le COO pilote les opérations."\nmsgstr "```{include} ../../secret.txt\\n```"\n',
        encoding="utf-8",
    )
    written, warnings = build(project)
    assert SECRET not in written
    assert "locales/en/LC_MESSAGES/index.po:6: WARNING: " in warnings, warnings
    assert "the translation of 'Le COO pilote les opérations.'" in warnings
