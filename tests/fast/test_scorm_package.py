"""The SCORM packager on a small website made here: what it keeps, what it refuses, same bytes twice.

The real packages, their manifest against ADL's schemas and their runtime in an
LMS are tested on the real build in ``tests/test_scorm.py``.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from coursekit.tools.scorm import (
    LANGUAGE_SWITCHER,
    LAUNCH_PAGE,
    MANIFEST,
    SCHEMA_DIR,
    SCHEMA_DIRS,
    PackageError,
    package_contents,
    package_file_name,
    write_package,
)

LANGUAGE = "en"
SWITCHER = '<nav class="language-switcher" aria-label="Page language">\n  <ul>\n  <li><a href="../../fr/course/a.html">Français</a></li>\n  </ul>\n</nav>'  # noqa: E501


def page(body: str) -> str:
    head = '<head><meta name="course-page" content="x"></head>'
    return f'<!DOCTYPE html>\n<html lang="{LANGUAGE}">{head}<body>{body}</body></html>\n'


def website(root: Path, pages: dict[str, str], pass_mark: int | None = 70) -> Path:
    html = root / "html" / LANGUAGE
    structure = {
        "lang": LANGUAGE,
        "modules": ["course/a"],
        "progressPage": None,
        "assessment": {"page": "course/a", "passMark": pass_mark, "max": 4} if pass_mark else None,
    }
    files = {
        **pages,
        "_static/course-structure.json": json.dumps(structure),
        "sitemap.xml": "<urlset/>",
        ".buildinfo": "x",
        "objects.inv": "x",
        "_static/app.js.map": "{}",
    }
    for name, text in files.items():
        (html / name).parent.mkdir(parents=True, exist_ok=True)
        (html / name).write_text(text, encoding="utf-8")
    return html


def test_package_is_the_website_with_a_launch_page_and_a_manifest_of_every_file(tmp_path):
    html = website(
        tmp_path,
        {
            "index.html": page(f'{SWITCHER}<a href="course/a.html#top">A</a><a href="https://example.org/">out</a>'),
            "course/a.html": page('<a href="../index.html">home</a><img src="../_images/f.svg" alt="">'),
            "_images/f.svg": "<svg/>",
        },
    )
    files = package_contents(html, LANGUAGE)
    schemas = sorted(path.name for path in SCHEMA_DIR.iterdir())
    assert sorted(files) == sorted(
        [
            *schemas,
            MANIFEST,
            LAUNCH_PAGE,
            "_static/course-scorm.js",
            "_static/course-structure.json",
            "_images/f.svg",
            "course/a.html",
            "index.html",
        ]
    )
    assert b"language-switcher" not in files["index.html"] and b"course/a.html#top" in files["index.html"]

    manifest = etree.fromstring(files[MANIFEST])
    namespaces = {
        "cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
    }
    assert manifest.xpath("string(//adlcp:masteryscore)", namespaces=namespaces) == "70"
    listed = manifest.xpath("//cp:file/@href", namespaces=namespaces)
    # The schema files are at the root, for the LMS and ADL's checks, but no file of the SCO.
    assert sorted(listed) == sorted(name for name in files if name != MANIFEST and name not in schemas)

    launch = files[LAUNCH_PAGE].decode()
    facts = json.loads(launch.split('id="course-scorm-facts">', 1)[1].split("</script>", 1)[0])
    assert facts == {
        "lang": LANGUAGE,
        "masteryScore": 70,
        "modules": ["course/a"],
        "pages": ["course/a", "index"],
        "scorm": "1.2",
    }


def test_no_assessment_no_mastery_score(tmp_path):
    html = website(tmp_path, {"index.html": page("")}, pass_mark=None)
    assert b"masteryscore" not in package_contents(html, LANGUAGE)[MANIFEST]


@pytest.mark.parametrize(
    ("link", "problem"),
    [
        ('<a href="../../fr/index.html">fr</a>', "leads outside the package"),
        ('<img src="_images/missing.png" alt="">', "names no file of the package"),
    ],
)
def test_a_link_the_package_cannot_serve_stops_the_build_naming_page_and_link(tmp_path, link, problem):
    html = website(tmp_path, {"index.html": page(""), "course/a.html": page(link)})
    with pytest.raises(PackageError) as error:
        package_contents(html, LANGUAGE)
    assert "course/a.html" in str(error.value) and problem in str(error.value)


def test_same_website_same_bytes_manifest_first(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    pages = {"index.html": page('<a href="course/a.html">A</a>'), "course/a.html": page("")}
    first = write_package(website(tmp_path / "one", pages).parent.parent, LANGUAGE)
    second = write_package(website(tmp_path / "two", pages).parent.parent, LANGUAGE)
    assert first.name == second.name == package_file_name(LANGUAGE)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as package:
        assert package.namelist()[0] == MANIFEST
        assert {entry.date_time for entry in package.infolist()} == {(2026, 1, 1, 0, 0, 0)}


@pytest.mark.parametrize(
    "opening",
    ['<nav class="language-switcher" aria-label="Langue">', '<nav aria-label="x" class="site language-switcher wide">'],
)
def test_the_language_switcher_leaves_the_package_whatever_its_other_classes(opening):
    html = f'<p>before</p>{opening}<a href="../en/index.html">English</a></nav><p>after</p>'
    assert LANGUAGE_SWITCHER.sub("", html) == "<p>before</p><p>after</p>"


def test_the_scorm_2004_package_names_the_pass_mark_as_a_scaled_passing_score(tmp_path):
    html = website(tmp_path, {"index.html": page('<a href="course/a.html">A</a>'), "course/a.html": page("")})
    files = package_contents(html, LANGUAGE, "2004")
    schemas = {path.name for path in SCHEMA_DIRS["2004"].iterdir()}
    assert schemas <= set(files)
    namespaces = {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1", "imsss": "http://www.imsglobal.org/xsd/imsss"}
    manifest = etree.fromstring(files[MANIFEST])
    assert manifest.xpath("string(cp:metadata/cp:schemaversion)", namespaces=namespaces) == "2004 4th Edition"
    assert manifest.xpath("string(//imsss:minNormalizedMeasure)", namespaces=namespaces) == "0.7"
    listed = manifest.xpath("//cp:file/@href", namespaces=namespaces)
    assert sorted(listed) == sorted(name for name in files if name != MANIFEST and name not in schemas)
    launch = files[LAUNCH_PAGE].decode()
    assert json.loads(launch.split('id="course-scorm-facts">', 1)[1].split("</script>", 1)[0])["scorm"] == "2004"
    assert package_file_name(LANGUAGE, "2004").endswith("-scorm2004.zip")


def test_no_assessment_no_passing_score_in_2004(tmp_path):
    html = website(tmp_path, {"index.html": page("")}, pass_mark=None)
    assert b"minNormalizedMeasure" not in package_contents(html, LANGUAGE, "2004")[MANIFEST]
