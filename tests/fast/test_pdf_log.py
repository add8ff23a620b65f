"""The print edition's log check, on real XeLaTeX runs of tiny documents (coursekit.tools.pdf)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from coursekit.tools.pdf import PrintError, compile_document, log_findings, remove_stale_sources, up_to_date

pytestmark = pytest.mark.skipif(shutil.which("xdvipdfmx") is None, reason="TeX Live is not installed")

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


# A table of contents whose last entry moves from page 4 to 5 once the contents take their own page: the
# second pass writes an .aux and a .toc of the same size as the first's, a few moments later.
TOC_THAT_MOVES = "\\tableofcontents\n\\newpage\n" + "".join(
    f"\\section{{Part {number}}}\n" + "Text.\\newpage\n" * (2 if number < 3 else 0) for number in range(1, 4)
)


def last_toc_entry_page(tex) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(tex.with_suffix(".pdf")), "-"], capture_output=True, text=True)
    return re.search(r"Part 3\s*\.*\s*(\d+)", text.stdout)[1]


def test_passes_go_on_until_nothing_the_next_one_reads_changes(tmp_path):
    """latexmk judged by date and size, and once printed the pass before the last; passes compare contents."""
    tex = compiled(tmp_path, TOC_THAT_MOVES)
    assert last_toc_entry_page(tex) == "6"
    pages = subprocess.run(["pdfinfo", str(tex.with_suffix(".pdf"))], capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+6$", pages, re.M)


def test_an_unchanged_document_is_up_to_date_and_a_changed_one_compiles_from_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # as the Makefile does: the same sources, the same bytes
    tex = compiled(tmp_path, TOC_THAT_MOVES)
    pdf = tex.with_suffix(".pdf")
    first = pdf.read_bytes()
    assert up_to_date(tex)

    # What a previous compilation leaves (here an .aux claiming other pages) must not reach the next PDF.
    aux = tex.with_suffix(".aux")
    aux.write_text(aux.read_text(encoding="utf-8").replace("{6}", "{9}"), encoding="utf-8")
    tex.write_text(tex.read_text(encoding="utf-8").replace("Text.", "Text!"), encoding="utf-8")
    assert not up_to_date(tex)
    compile_document(tex)
    assert last_toc_entry_page(tex) == "6"
    tex.write_text(tex.read_text(encoding="utf-8").replace("Text!", "Text."), encoding="utf-8")
    compile_document(tex)
    assert pdf.read_bytes() == first


def test_a_new_date_compiles_the_document_again(tmp_path, monkeypatch):
    """Each commit moves SOURCE_DATE_EPOCH: a PDF of an earlier commit, sources unchanged, keeps its old date."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    tex = compiled(tmp_path, "A short paragraph that fits.")
    first = tex.with_suffix(".pdf").read_bytes()
    assert up_to_date(tex)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767312000")  # a day later
    assert not up_to_date(tex)
    compile_document(tex)
    assert tex.with_suffix(".pdf").read_bytes() != first


def test_a_changed_input_beside_the_source_compiles_the_document_again(tmp_path):
    (tmp_path / "extra.sty").write_text("\\newcommand{\\word}{first}\n", encoding="utf-8")
    tex = compiled(tmp_path, "\\makeatletter\\input{extra.sty}\\makeatother The \\word{} word.")
    assert up_to_date(tex)
    (tmp_path / "extra.sty").write_text("\\newcommand{\\word}{second}\n", encoding="utf-8")
    assert not up_to_date(tex)
    compile_document(tex)
    text = subprocess.run(["pdftotext", str(tex.with_suffix(".pdf")), "-"], capture_output=True, text=True).stdout
    assert "The second word." in text


def test_a_changed_figure_compiles_the_document_again(tmp_path):
    """Figures are PDF files beside the source (CairoSVG's conversions): one changed, the document is not current."""
    figures = tmp_path / "figures"
    figures.mkdir()
    figure = compiled(figures, "First label.").with_suffix(".pdf")
    shutil.copy(figure, tmp_path / "chart.pdf")
    tex = tmp_path / "book.tex"
    tex.write_text(
        "\\documentclass[a4paper]{article}\n\\usepackage{graphicx}\n\\begin{document}\n"
        "\\includegraphics[width=5cm]{chart.pdf}\n\\end{document}\n",
        encoding="utf-8",
    )
    compile_document(tex)
    assert up_to_date(tex)
    changed = compiled(figures, "Second label, longer.").with_suffix(".pdf")
    shutil.copy(changed, tmp_path / "chart.pdf")
    assert not up_to_date(tex), "the figure changed: the book must be compiled again"
