"""``make screenshots``: the screenshots of the course page on doing the exercises, in every language.

What a learner meets, taken from the real outputs rather than drawn:

* ``jupyterlab-carnet.png``: JupyterLab, as the learner kit's README starts it (a
  fresh environment of the kit's ``requirements.txt``, in the unzipped kit), with
  the first exercise's notebook open on its instructions;
* ``jupyterlab-verification.png``: the same notebook after *Run All Cells*, on a
  question still unanswered: the cell to fill in, its check and the hint;
* ``page-exercice.png``: the top of the first exercise's web page, with the
  notebook's download link and the link to the page on doing the exercises.

The source language's files go to ``course/screenshots/``, the others' to
``course/screenshots/translated/<lang>/``, where Sphinx's
``figure_language_filename`` (``conf.py``) finds them. Unlike the SVG figures
(``course/figures/translated/``, written by the build), these are committed: taking
them needs JupyterLab and Chromium, which the build does not. Run this again when
the kit, the notebooks or the exercise pages change.

JupyterLab runs on a free port of 127.0.0.1 in a temporary folder, with its
settings, data and runtime folders there too (nothing is read from or written to
the user's Jupyter configuration); the browser is Debian's Chromium driven by
Playwright, as in the tests (``coursekit.testing.browser``). Its environment is
cached under ``<build dir>/screenshots/kit-venv`` and made again when the kit's
requirements change: JupyterLab is pinned in ``requirements.txt`` for the kit
only, never installed in the project's ``.venv``.

Usage: ``python -m coursekit.tools.screenshots <build dir> [languages...]``
"""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from contextlib import contextmanager
from pathlib import Path

import nbformat
from PIL import Image

from coursekit.core.editions import is_exercise
from coursekit.core.identity import notebook_file_stem
from coursekit.core.languages import source_language
from coursekit.core.paths import REPO_ROOT
from coursekit.testing.browser import launch, serve
from coursekit.testing.ports import free_port
from coursekit.tools.command_line import build_folder_and_languages
from coursekit.tools.kit import kit_file_name

SCREENSHOTS_DIR = REPO_ROOT / "course" / "screenshots"
NOTEBOOK = "01-faut-il-un-coo.ipynb"
# The question shown with its check: the second one of the notebook, answered by one short value.
SHOWN_EXERCISE = 1
JUPYTER_VIEWPORT = {"width": 1100, "height": 680}
PAGE_VIEWPORT = {"width": 1100, "height": 800}
SERVER_START_SECONDS = 120
RUN_ALL_SECONDS = 180
# Offline and steady: no news or update check, every cell rendered (no virtual scrolling), so that a cell
# can be found and photographed wherever it is, and no "modified 8s ago" column that would change every picture.
JUPYTERLAB_SETTINGS = {
    "@jupyterlab/filebrowser-extension/browser.jupyterlab-settings": {"showLastModifiedColumn": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def target_path(name: str, language: str) -> Path:
    if language == source_language():
        return SCREENSHOTS_DIR / name
    return SCREENSHOTS_DIR / "translated" / language / name


def save_optimised(png: bytes, target: Path) -> None:
    """A palette PNG: interface screenshots have few colours, and the page weight counts."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    palette = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    target.parent.mkdir(parents=True, exist_ok=True)
    palette.save(target, optimize=True)
    print(f"  {target.relative_to(REPO_ROOT)} ({target.stat().st_size // 1024} KB)", flush=True)


def learner_kit(build_dir: Path, language: str) -> Path:
    archive = build_dir / "kit" / language / kit_file_name(language, "learner")
    if not archive.is_file():
        raise FileNotFoundError(f"{archive}: missing; run `make kit-{language}` first")
    return archive


def kit_environment(build_dir: Path, languages: list[str]) -> Path:
    """The Python of a venv holding exactly the learner kit's requirements, as its README installs them."""
    requirements = set()
    for language in languages:
        archive = learner_kit(build_dir, language)
        with zipfile.ZipFile(archive) as kit:
            requirements.add(kit.read(f"{archive.stem}/requirements.txt").decode("utf-8"))
    if len(requirements) != 1:
        raise ValueError("the learner kits of the languages pin different requirements")
    wanted = requirements.pop()
    folder = build_dir / "screenshots" / "kit-venv"
    installed = folder / "requirements.txt"
    if not (installed.is_file() and installed.read_text(encoding="utf-8") == wanted):
        print(f"Installing the kit's requirements into {folder}…", flush=True)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(folder)], check=True)
        (folder / "wanted.txt").write_text(wanted, encoding="utf-8")
        subprocess.run(
            [str(folder / "bin" / "pip"), "install", "--quiet", "-r", str(folder / "wanted.txt")], check=True
        )
        installed.write_text(wanted, encoding="utf-8")
    return folder / "bin" / "python"


@contextmanager
def jupyterlab(python: Path, root: Path, scratch: Path):
    """JupyterLab serving ``root``; yields its base URL and token."""
    settings = scratch / "lab-settings"
    for name, values in JUPYTERLAB_SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(values), encoding="utf-8")
    # Everything Jupyter reads or writes stays in the scratch folder; only the kit's environment is used.
    keep = {name: os.environ[name] for name in ("PATH", "LANG", "LC_ALL", "TZ", "SYSTEMROOT") if name in os.environ}
    environment = keep | {
        "HOME": str(scratch),
        "JUPYTER_CONFIG_DIR": str(scratch / "config"),
        "JUPYTER_DATA_DIR": str(scratch / "data"),
        "JUPYTER_RUNTIME_DIR": str(scratch / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(scratch / "workspaces"),
        "IPYTHONDIR": str(scratch / "ipython"),
        "MPLCONFIGDIR": str(scratch / "matplotlib"),
    }
    port, token = free_port(), secrets.token_hex(16)
    command = [
        str(python),
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # as Chromium's --no-sandbox: root in a container
    log = (scratch / "jupyterlab.log").open("wb")
    server = subprocess.Popen(command, cwd=root, env=environment, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"JupyterLab stopped: {(scratch / 'jupyterlab.log').read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{base}api/status?token={token}", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"JupyterLab did not answer on {base} within {SERVER_START_SECONDS} s") from None
                time.sleep(0.5)
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def wait_for_idle_kernel(page, seconds: int) -> None:
    """Until the status bar says the kernel is idle ("Python 3 (ipykernel) | Idle")."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-StatusBar-Widget')]"
        ".some(item => /\\|\\s*Idle/.test(item.textContent))",
        timeout=seconds * 1000,
    )


def check_emoji_font() -> None:
    """The verdicts start with ✅ and ❌: without a colour emoji font Chromium draws empty boxes."""
    try:
        fonts = subprocess.run(["fc-list", ":charset=2705"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        fonts = ""
    if not fonts.strip():
        raise SystemExit("No font draws ✅ (U+2705): install the Debian package fonts-noto-color-emoji (as root).")


def union_clip(boxes: list[dict], viewport: dict, margin: int = 8) -> dict:
    left = max(min(box["x"] for box in boxes) - margin, 0)
    top = max(min(box["y"] for box in boxes) - margin, 0)
    right = min(max(box["x"] + box["width"] for box in boxes) + margin, viewport["width"])
    bottom = min(max(box["y"] + box["height"] for box in boxes) + margin, viewport["height"])
    return {"x": left, "y": top, "width": right - left, "height": bottom - top}


def shown_cells(notebook_path: Path) -> tuple[int, int]:
    """Indices of the shown exercise cell and of the check cell that follows it."""
    cells = nbformat.read(notebook_path, as_version=4).cells
    exercises = [index for index, cell in enumerate(cells) if is_exercise(cell)]
    exercise = exercises[SHOWN_EXERCISE]
    check = next(index for index in range(exercise + 1, len(cells)) if cells[index].cell_type == "code")
    return exercise, check


def jupyterlab_screenshots(browser, python: Path, build_dir: Path, language: str) -> None:
    with tempfile.TemporaryDirectory(prefix="coo-screenshots-") as scratch_name:
        scratch = Path(scratch_name)
        archive = learner_kit(build_dir, language)
        with zipfile.ZipFile(archive) as kit:
            kit.extractall(scratch / "kit")
        root = scratch / "kit" / archive.stem
        kit_notebook = f"{notebook_file_stem(REPO_ROOT / 'exercises' / NOTEBOOK, language)}.ipynb"
        exercise, check = shown_cells(root / kit_notebook)
        with jupyterlab(python, root, scratch) as (base, token):
            page = browser.new_page(viewport=JUPYTER_VIEWPORT, locale=language)
            page.goto(f"{base}lab/tree/{kit_notebook}?token={token}")
            cells = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell")
            cells.first.wait_for(timeout=SERVER_START_SECONDS * 1000)
            wait_for_idle_kernel(page, SERVER_START_SECONDS)
            page.mouse.move(0, 0)
            page.wait_for_timeout(500)
            save_optimised(page.screenshot(), target_path("jupyterlab-carnet.png", language))

            page.locator(".lm-MenuBar-item", has_text="Run").first.click()
            page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()
            # Every code cell has run when none waits ([*]) and the last one has an execution count.
            page.wait_for_function(
                """() => {
                    const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
                    return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
                }""",
                timeout=RUN_ALL_SECONDS * 1000,
            )
            cells.nth(exercise).evaluate("cell => cell.scrollIntoView({block: 'start'})")
            page.mouse.move(0, 0)
            page.wait_for_timeout(500)
            boxes = [cells.nth(exercise).bounding_box(), cells.nth(check).bounding_box()]
            clip = union_clip(boxes, JUPYTER_VIEWPORT)
            save_optimised(page.screenshot(clip=clip), target_path("jupyterlab-verification.png", language))
            page.close()


def page_screenshot(browser, build_dir: Path, language: str) -> None:
    site = build_dir / "html" / language
    with serve(site) as base:
        page = browser.new_page(viewport=PAGE_VIEWPORT, locale=language)
        page.goto(f"{base}exercises/{Path(NOTEBOOK).stem}.html")
        guide = page.locator("p.exercise-guide")
        guide.wait_for()
        box = guide.bounding_box()
        bottom = min(box["y"] + box["height"] + 24, PAGE_VIEWPORT["height"])
        save_optimised(
            page.screenshot(clip={"x": 0, "y": 0, "width": PAGE_VIEWPORT["width"], "height": bottom}),
            target_path("page-exercice.png", language),
        )
        page.close()


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    build_dir, languages = build_folder_and_languages(sys.argv[1:] if argv is None else argv)
    check_emoji_font()
    python = kit_environment(build_dir, languages)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for language in languages:
                print(f"{language}:", flush=True)
                jupyterlab_screenshots(browser, python, build_dir, language)
                page_screenshot(browser, build_dir, language)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
