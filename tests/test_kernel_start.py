"""A kernel that dies as it starts is started again (coursekit.sphinxext.nbsphinx_compat, item 5).

Real kernels in a small Sphinx project: a kernel spec whose kernel exits at once the first times, as a
kernel does whose port another process took. About 10 s of kernel starts, so not in the fast layer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.sphinxext.nbsphinx_compat import KERNEL_DIED, KERNEL_STARTS

# A kernel spec whose kernel exits as it starts the first ``deaths`` times (a file counts them), then is
# ipykernel: what a kernel whose port another process took does (jupyter/jupyter_client#487).
DYING_KERNEL = """
import pathlib, runpy, sys
count = pathlib.Path(sys.argv[1])
deaths = int(count.read_text())
if deaths > 0:
    count.write_text(str(deaths - 1))
    sys.exit(1)
sys.argv = ["ipykernel_launcher", *sys.argv[2:]]
runpy.run_module("ipykernel_launcher", run_name="__main__")
"""


def build_with_dying_kernel(tmp_path, monkeypatch, deaths: int):
    import json
    import sys

    import nbformat
    from sphinx.testing.util import SphinxTestApp

    spec = tmp_path / "jupyter" / "kernels" / "dying"
    spec.mkdir(parents=True)
    (tmp_path / "deaths").write_text(str(deaths))
    (tmp_path / "dying_kernel.py").write_text(DYING_KERNEL, encoding="utf-8")
    argv = [sys.executable, str(tmp_path / "dying_kernel.py"), str(tmp_path / "deaths"), "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "dying", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        'extensions = ["coursekit.sphinxext.notebook_pages", "coursekit.sphinxext.pandoc"]\n'
        'nbsphinx_execute = "always"\nnbsphinx_kernel_name = "dying"\nlanguage = "fr"\n',
        encoding="utf-8",
    )
    cells = [nbformat.v4.new_markdown_cell("# T"), nbformat.v4.new_code_cell("print(6 * 7)")]
    (source / "index.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook(cells=cells)), encoding="utf-8")
    app = SphinxTestApp("html", srcdir=source)
    try:
        app.build()
        return (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    finally:
        app.cleanup()


def test_a_kernel_that_dies_as_it_starts_is_started_again(tmp_path, monkeypatch):
    page = build_with_dying_kernel(tmp_path, monkeypatch, deaths=1)
    assert "42" in page, "the notebook ran on the second start"
    assert (tmp_path / "deaths").read_text() == "0"


def test_a_kernel_that_keeps_dying_stops_the_build_with_nbsphinx_s_error(tmp_path, monkeypatch):
    import nbsphinx

    with pytest.raises(nbsphinx.NotebookError, match=KERNEL_DIED):
        build_with_dying_kernel(tmp_path, monkeypatch, deaths=KERNEL_STARTS)
