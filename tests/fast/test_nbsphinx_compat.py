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
