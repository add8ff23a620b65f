"""The nbsphinx internals ``coursekit.sphinxext.nbsphinx_compat`` relies on are still where it expects them."""

from __future__ import annotations

import inspect

import nbsphinx

from coursekit.sphinxext.nbsphinx_compat import (
    AUXDIR_ATTRIBUTE,
    BETWEEN_ANCHORS_AND_LABELS,
    CHECKED_AGAINST,
    OUTPUT_DIRECTIVE,
    output_directive,
)


def changed(what: str) -> str:
    return (
        f"nbsphinx {nbsphinx.__version__} changed {what}: see coursekit/sphinxext/nbsphinx_compat.py "
        f"(checked against nbsphinx {CHECKED_AGAINST})"
    )


def test_the_executed_notebook_is_still_saved_in_the_auxiliary_folder_by_docname():
    module = inspect.getsource(nbsphinx)
    assert f"env.{AUXDIR_ATTRIBUTE} = " in module, changed(f"env.{AUXDIR_ATTRIBUTE}")
    parse = inspect.getsource(nbsphinx.NotebookParser.parse)
    assert "notebookfile = env.docname + '.ipynb'" in parse, changed("the executed notebook's name")
    assert "auxfile = os.path.join(auxdir, notebookfile)" in parse, changed("where the executed notebook is saved")
    assert "os.path.join(app.env.nbsphinx_auxdir, notebook)" in module, changed("which file becomes the download")


def test_the_section_anchors_still_come_before_the_section_labels():
    anchors = nbsphinx.CreateNotebookSectionAnchors.default_priority
    labels = nbsphinx.CreateSectionLabels.default_priority
    assert anchors < BETWEEN_ANCHORS_AND_LABELS < labels, changed(f"the order of its transforms ({anchors}, {labels})")
    assert nbsphinx.CreateNotebookSectionAnchors in nbsphinx.NotebookParser().get_transforms(), changed(
        "the transforms of its parser"
    )


def test_code_cell_outputs_are_still_raw_markup_inside_the_output_directive():
    template = inspect.getsource(nbsphinx)
    assert f".. {OUTPUT_DIRECTIVE}::" in template, changed(f"the {OUTPUT_DIRECTIVE} directive of its template")
    assert "    .. raw:: html" in template, changed("how an output's HTML is written")
    run = inspect.getsource(output_directive().run)
    assert "_create_code_nodes(self)" in run and "nested_parse" in inspect.getsource(nbsphinx._create_code_nodes), (
        changed(f"how {OUTPUT_DIRECTIVE} parses")
    )


def test_what_a_cell_printed_is_read_back_as_text_from_the_output_nbsphinx_writes(tmp_path):
    """Behavioural: a real nbsphinx build of a notebook whose cells printed text (markup characters and
    colours included) and drew nothing else; ``printed_text`` gives back exactly what was printed."""
    import nbformat
    from docutils import nodes
    from sphinx.testing.util import SphinxTestApp

    from coursekit.sphinxext.nbsphinx_compat import printed_text

    printed = ["t1 : Valider <b>le</b> plan & la suite\nt2 : « Déléguer »\n", "plain\n"]
    cells = []
    for text in printed:
        cell = nbformat.v4.new_code_cell("print(...)")
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
        cells.append(cell)
    coloured = nbformat.v4.new_code_cell("print(...)")
    coloured.outputs = [nbformat.v4.new_output("stream", name="stdout", text="\x1b[31mred\x1b[0m word\n")]
    (tmp_path / "conf.py").write_text(
        'extensions = ["nbsphinx", "coursekit.sphinxext.pandoc"]\nnbsphinx_execute = "never"\n', encoding="utf-8"
    )
    (tmp_path / "index.ipynb").write_text(
        nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T"), *cells, coloured])),
        encoding="utf-8",
    )
    app = SphinxTestApp("html", srcdir=tmp_path)
    try:
        app.build()
        doctree = app.env.get_doctree("index")
    finally:
        app.cleanup()
    outputs = [node for node in doctree.findall(nodes.container) if "nboutput" in node["classes"]]
    assert [printed_text(output) for output in outputs] == [*printed, "red word\n"], changed(
        "how a printed output is written (raw HTML in a <pre>)"
    )
    assert printed_text(nodes.container("", nodes.image(uri="x.png"))) is None
