"""The print edition's log check, on real XeLaTeX runs of tiny documents (coursekit.tools.pdf)."""

from __future__ import annotations

import shutil

import pytest

from coursekit.tools.pdf import PrintError, compile_document, log_findings, remove_stale_sources

pytestmark = pytest.mark.skipif(shutil.which("latexmk") is None, reason="TeX Live is not installed")

PREAMBLE = "\\documentclass[a4paper]{article}\n\\begin{document}\n"


def compiled(tmp_path, body: str):
    tex = tmp_path / "sample.tex"
    tex.write_text(PREAMBLE + body + "\n\\end{document}\n", encoding="utf-8")
    compile_document(tex)
    return tex


def test_a_clean_page_has_no_finding(tmp_path):
    tex = compiled(tmp_path, "A short paragraph that fits.")
    assert log_findings(tex) == []
    assert tex.with_suffix(".pdf").is_file()


def test_a_line_past_the_margin_a_table_past_the_page_a_missing_glyph_and_an_undefined_reference_are_found(
    tmp_path,
):
    too_tall = "\\begin{tabular}{l}\n" + "row\\\\\n" * 90 + "\\end{tabular}\n"
    tex = compiled(tmp_path, "See \\ref{nowhere}, and \u3042.\n\n\\noindent " + "Unbreakable" * 12 + "\n\n" + too_tall)
    findings = log_findings(tex)
    assert [finding for finding in findings if "past the bottom margin" in finding.message]
    overfull = [finding for finding in findings if "past the margin" in finding.message]
    assert len(overfull) == 1 and str(overfull[0]).startswith(f"{tex}:5: line runs ")
    messages = [finding.message for finding in findings]
    assert any(message.startswith("no glyph for") for message in messages), messages
    assert "undefined reference nowhere" in messages


def test_a_latex_error_stops_with_its_file_and_line(tmp_path):
    with pytest.raises(PrintError) as error:
        compiled(tmp_path, "\\undefinedcommand")
    assert f"{tmp_path / 'sample.tex'}:3: Undefined control sequence." in str(error.value)


def test_sources_of_documents_no_longer_printed_are_removed_with_their_working_files(tmp_path):
    """After a title change the documents have new names: the old sources go, as a clean build never had them."""
    kept = ["the-coo-handbook.tex", "the-coo-handbook.aux", "c-suite.pdf", "sphinx.sty", "Makefile"]
    stale = ["the-coo.tex", "the-coo.aux", "the-coo.log", "the-coo.pdf", "the-coo-trainer-guide.tex"]
    for name in kept + stale:
        (tmp_path / name).write_text("x", encoding="utf-8")
    remove_stale_sources(tmp_path, {"the-coo-handbook"})
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(kept)
