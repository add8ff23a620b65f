"""The page on doing the exercises: real screenshots in every language, reachable from every exercise page.

The page (``course_exercise_guide`` in ``conf.py``) shows screenshots taken by
``make screenshots`` (``coursekit.tools.screenshots``): committed PNG files, the
source language's in ``course/screenshots/``, each other language's under
``course/screenshots/translated/<lang>/``, where ``figure_language_filename`` finds it.
"""

from __future__ import annotations

import io
import re
import zipfile
from html import unescape
from pathlib import Path

import pytest
from PIL import Image

from coursekit.core.languages import all_languages, source_language
from coursekit.core.notebooks import notebooks_in
from coursekit.testing.outputs import REPO_ROOT, Book, epub_path
from coursekit.tools.kit import kit_file_name
from coursekit.tools.screenshots import target_path

GUIDE = "course/faire-les-exercices"
GUIDE_SOURCE = REPO_ROOT / f"{GUIDE}.md"
FIGURE = re.compile(r"^```\{figure\} (screenshots/[^\s]+)$", re.MULTILINE)
LINK = re.compile(r'<p class="exercise-guide"><a href="([^"]+)">([^<]+)</a></p>')
IMAGE = re.compile(r'<img [^>]*src="([^"]+)"')


def screenshots() -> list[str]:
    names = [Path(uri).name for uri in FIGURE.findall(GUIDE_SOURCE.read_text(encoding="utf-8"))]
    assert names, f"{GUIDE_SOURCE.name} shows no screenshot"
    return names


def translated_languages() -> list[str]:
    return [language for language in all_languages() if language != source_language()]


@pytest.mark.parametrize("language", translated_languages())
def test_every_screenshot_exists_in_every_language_and_is_its_own(language):
    for name in screenshots():
        source, translated = target_path(name, source_language()), target_path(name, language)
        assert translated.is_file(), f"{translated.relative_to(REPO_ROOT)} missing: run `make screenshots`"
        with Image.open(source) as french, Image.open(translated) as other:
            assert french.format == other.format == "PNG"
            assert min(french.size + other.size) >= 100, f"{name}: not a real screenshot"
            # A different picture, not a copy: the pixels differ, not only the file's bytes.
            assert french.convert("RGB").tobytes() != other.convert("RGB").tobytes(), (
                f"{name}: {language} is the French one"
            )
        assert translated.stat().st_size < 200_000, f"{translated.name}: crop it or optimise it"


@pytest.mark.parametrize("language", all_languages())
def test_the_page_shows_the_screenshots_of_its_language(build_dir, language):
    page = build_dir / "html" / language / f"{GUIDE}.html"
    shown = {
        Path(src).name.rsplit(".", 1)[0]: (page.parent / src).resolve()
        for src in IMAGE.findall(page.read_text(encoding="utf-8"))
    }
    for name in screenshots():
        built = next((path for stem, path in shown.items() if stem.startswith(Path(name).stem)), None)
        assert built is not None, f"{page.name}: {name} not shown"
        assert built.read_bytes() == target_path(name, language).read_bytes(), (
            f"{language}: {name} is not this language's"
        )


@pytest.mark.parametrize("language", all_languages())
def test_every_exercise_page_links_to_the_guide_beside_its_download_link(build_dir, language):
    exercises = sorted((build_dir / "html" / language / "exercises").glob("*.html"))
    assert len(exercises) == len(notebooks_in(REPO_ROOT / "exercises"))
    labels = set()
    for page in exercises:
        html = page.read_text(encoding="utf-8")
        match = LINK.search(html)
        assert match, f"{language}/{page.name}: no link to the page on doing the exercises"
        assert (page.parent / match[1]).resolve() == (build_dir / "html" / language / f"{GUIDE}.html").resolve()
        assert html.index('class="notebook-download"') < match.start() < html.index('class="notebook-download"') + 600
        labels.add(match[2])
    assert len(labels) == 1
    if language != source_language():
        assert labels != {"Comment faire les exercices"}, f"{language}: the link is not translated"


@pytest.mark.parametrize("language", all_languages())
def test_the_install_command_on_the_page_pins_what_the_kit_pins(build_dir, language):
    archive = build_dir / "kit" / language / kit_file_name(language, "learner")
    with zipfile.ZipFile(archive) as kit:
        pins = kit.read(f"{archive.stem}/requirements.txt").decode("utf-8").split()
    html = (build_dir / "html" / language / f"{GUIDE}.html").read_text(encoding="utf-8")
    text = unescape(re.sub(r"<[^>]+>", "", html))
    commands = [line for line in text.splitlines() if "pip install" in line]
    # One command per system: Windows PowerShell (no activation script, no &&), then macOS and Linux.
    assert [command.split(" -m pip install", 1)[0] for command in commands] == [
        ".\\.venv\\Scripts\\python.exe",
        ".venv/bin/python",
    ]
    assert all(command.split("pip install", 1)[1].split() == pins for command in commands)


@pytest.mark.parametrize("language", all_languages())
def test_the_guide_is_on_the_website_only(build_dir, language):
    book = Book(epub_path(build_dir, language))
    assert not [name for name in book.zip.namelist() if Path(name).stem == Path(GUIDE).name], "the e-book has the page"
    images = {Path(name).name for name in book.zip.namelist() if name.endswith(".png")}
    assert not images & set(screenshots()), "the e-book carries the page's screenshots"


def test_the_screenshots_are_photographs_of_the_interface():
    """Palette PNGs, as make screenshots writes them (small), of a plausible screen size."""
    for language in all_languages():
        for name in screenshots():
            with Image.open(target_path(name, language)) as image:
                image.load()
                assert image.mode == "P", f"{name}: not optimised"
                assert 300 <= image.width <= 1400
                assert len(set(io.BytesIO(image.tobytes()).getvalue())) > 8, f"{name}: blank"
