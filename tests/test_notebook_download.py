"""The notebook a learner downloads from an exercise page runs on its own, with only the kit's requirements.

In a real Chromium, each exercise page's "Download this notebook (.ipynb)" link
is clicked; the file it serves is saved alone in an empty folder and executed
there with nbclient, on a real kernel, in a fresh virtual environment made from
the learner kit's ``requirements.txt`` (one per test session, shared by every
notebook, as a learner's own machine would be).
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from coursekit.core.identity import notebook_file_stem
from coursekit.core.languages import all_languages, source_language
from coursekit.core.paths import REPO_ROOT
from coursekit.sphinxext.notebook_download import LINK_CLASS
from coursekit.testing.browser import HEIGHT, WIDTHS
from coursekit.testing.notebooks import NOTEBOOKS
from coursekit.tools.kit import kit_file_name

pytestmark = pytest.mark.slow

# Run inside the fresh environment: nbclient and the kernel come from the kit's requirements only.
EXECUTE = """
import sys, nbclient, nbformat
notebook = nbformat.read(sys.argv[1], as_version=4)
nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": "."}}).execute()
print(sum(1 for cell in notebook.cells if cell.cell_type == "code" and cell.execution_count), "cells run")
"""


def kit_requirements(build_dir: Path, language: str) -> str:
    archive = build_dir / "kit" / language / kit_file_name(language, "learner")
    with zipfile.ZipFile(archive) as kit:
        return kit.read(f"{archive.stem}/requirements.txt").decode("utf-8")


@pytest.fixture(scope="session")
def kit_environment(build_dir, tmp_path_factory) -> Path:
    """A fresh venv with only the learner kit's requirements (the same in every language)."""
    requirements = {kit_requirements(build_dir, language) for language in all_languages()}
    assert len(requirements) == 1, "every language's kit pins the same requirements"
    folder = tmp_path_factory.mktemp("kit-venv")
    (folder / "requirements.txt").write_text(requirements.pop(), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "venv", "venv"], cwd=folder, check=True)
    subprocess.run(
        [str(folder / "venv/bin/pip"), "install", "--quiet", "-r", "requirements.txt"], cwd=folder, check=True
    )
    return folder / "venv/bin/python"


def clean_environment() -> dict[str, str]:
    """The test's own environment, without what would let the kernel see the project or its venv."""
    hidden = {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "JUPYTER_PATH", "JUPYTER_CONFIG_DIR"}
    return {name: value for name, value in os.environ.items() if name not in hidden}


@pytest.mark.parametrize("language", all_languages())
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_downloaded_notebook_runs_alone_in_a_fresh_environment(
    browser, site, kit_environment, tmp_path, name, language
):
    context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": HEIGHT}, accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(f"{site}{language}/exercises/{name}.html")
        with page.expect_download() as download_info:
            page.locator(f"p.{LINK_CLASS} a").click()
        download = download_info.value
        folder = tmp_path / "download"
        folder.mkdir()
        saved = folder / download.suggested_filename
        download.save_as(saved)
    finally:
        context.close()
    # Saved under the name of the page's language (the kits and the handouts use the same).
    assert saved.name == f"{notebook_file_stem(REPO_ROOT / 'exercises' / f'{name}.ipynb', language)}.ipynb"
    assert (saved.stem == name) == (language == source_language())
    assert [path.name for path in folder.iterdir()] == [saved.name], "the notebook is alone in its folder"
    run = subprocess.run(
        [str(kit_environment), "-c", EXECUTE, saved.name],
        cwd=folder,
        capture_output=True,
        text=True,
        env=clean_environment(),
        timeout=600,
    )
    assert run.returncode == 0, f"{language}/{name}.ipynb does not run on its own:\n{run.stderr[-3000:]}"
    assert "cells run" in run.stdout
