"""``make scorm``: the course as SCORM packages per language, for any LMS: SCORM 1.2 and SCORM 2004 4th edition.

For each language, ``_build/scorm/<lang>/<e-book name>-scorm12.zip`` and ``…-scorm2004.zip`` hold:

* that language's website as ``make html`` built it (course pages, exercise
  pages and their notebook downloads, quizzes, figures, search), without what
  only a web server uses (``sitemap.xml``, Sphinx's ``.buildinfo`` and
  ``objects.inv``, source maps) and without the language switcher, whose
  links lead to the other language's folder, which the package does not hold;
* ``scorm-launch.html``, the page the LMS opens, and its script
  ``_static/course-scorm.js`` (``coursekit/tools/scorm_static/``): they exist only
  in the package, the public website never loads them;
* ``imsmanifest.xml``: the course's title, description and language, one
  SCO whose mastery score is the final assessment's pass mark, read from the
  build's ``_static/course-structure.json`` (``coursekit.sphinxext.progress``, derived
  from the ``{assessment}`` of the sources), and every file of the SCO;
* the schema files the manifest names (``scorm_schemas/``), at the root, as
  ADL's packaging rules want them (they are not files of the SCO).

Why from the HTML output rather than another Sphinx run: the package is the
language's website, page for page, and a second builder would read (and, for
the notebooks, execute) every document again for pages that would come out
the same. The HTML build is already reproducible and incremental-equals-clean
(``coursekit.sphinxext.dependencies``), so the package is too: it is a function of that
folder and of this module, zipped with ``coursekit.core.zips.write_zip``
(sorted entries, one date).

Why a launch page that frames the site rather than a script in every page:
SCORM 1.2 wants one ``LMSInitialize`` ... ``LMSFinish`` session per launch,
and a multi-page site that talked to the LMS from each page would finish the
session whenever the learner followed a link. The launch page keeps the
session while the pages change inside its frame; it reads each page's
``<meta name="course-page">`` and the progress store (``CourseProgress``) of
the framed page, which is on the same origin.

A relative link of any page that would leave the package, or name a file the
package does not hold, stops the build with the page and the link.

Usage: ``python -m coursekit.tools.scorm <build dir> [languages...]``
"""

from __future__ import annotations

import json
import posixpath
import re
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from markupsafe import escape

from coursekit.core.downloads import DOWNLOADS_FOLDER, downloads
from coursekit.core.identity import identity
from coursekit.core.languages import course_settings, language_tag
from coursekit.core.paths import REPO_ROOT
from coursekit.core.translations import only_published
from coursekit.core.zips import remove_other_outputs, write_zip
from coursekit.tools.command_line import build_folder_and_languages
from coursekit.tools.downloads import not_built_here

RUNTIME_DIR = Path(__file__).parent / "scorm_static"
# The editions of SCORM a package is written for, each its own zip: 1.2, which every LMS imports, and
# 2004 4th edition, whose data model keeps completion and success apart and holds 64,000 characters of
# progress. One runtime serves both (the launch page's facts name the edition).
EDITIONS = ("1.2", "2004")
FILE_SUFFIXES = {"1.2": "scorm12", "2004": "scorm2004"}
# ADL's schema files, which the manifest names and ADL's packaging rules want at the package's root
# (kept in the repository with their notice, see scorm_schemas/NOTICE.md: the build needs no npm).
SCHEMA_DIRS = {edition: Path(__file__).parent / "scorm_schemas" / FILE_SUFFIXES[edition] for edition in EDITIONS}
SCHEMA_DIR = SCHEMA_DIRS["1.2"]
RUNTIME_SCRIPT = "course-scorm.js"
LAUNCH_PAGE = "scorm-launch.html"
MANIFEST = "imsmanifest.xml"
STRUCTURE_FILE = "_static/course-structure.json"
# What only a web server or a developer uses: the LMS never serves them to a learner.
LEFT_OUT_NAMES = {".buildinfo", "objects.inv", "sitemap.xml"}
LEFT_OUT_SUFFIXES = (".map",)
# Already compressed: stored as they are.
STORED_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2", ".zip")
# The language switcher (coursekit/sphinxext/templates/language-switcher.html) links to the other
# languages' folders: the <nav> whose classes include language-switcher, whatever else they hold. Should
# the template lose that class, its links leave the package and link_problems() stops the build.
LANGUAGE_SWITCHER = re.compile(
    r'\s*<nav\b[^>]*\bclass="(?:[^"]*\s)?language-switcher(?:\s[^"]*)?"[^>]*>.*?</nav>', re.DOTALL
)
LINK = re.compile(r'\s(?:href|src)="([^"]*)"')
EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML = "http://www.w3.org/XML/1998/namespace"
# The schema files the manifest names, by SCORM 1.2 convention (ADL's control documents).
SCHEMA_LOCATIONS = {IMSCP: "imscp_rootv1p1p2.xsd", IMSMD: "imsmd_rootv1p2p1.xsd", ADLCP: "adlcp_rootv1p2.xsd"}
# SCORM 2004 4th edition (CAM): content packaging 1.1.4, ADL's extensions, IMS simple sequencing, and
# the IEEE LOM for the metadata (held inline: the packaging schema checks it laxly, its schemas are not shipped).
IMSCP_2004 = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP_2004 = "http://www.adlnet.org/xsd/adlcp_v1p3"
ADLSEQ_2004 = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV_2004 = "http://www.adlnet.org/xsd/adlnav_v1p3"
IMSSS_2004 = "http://www.imsglobal.org/xsd/imsss"
LOM = "http://ltsc.ieee.org/xsd/LOM"
SCHEMA_LOCATIONS_2004 = {
    IMSCP_2004: "imscp_v1p1.xsd",
    ADLCP_2004: "adlcp_v1p3.xsd",
    ADLSEQ_2004: "adlseq_v1p3.xsd",
    ADLNAV_2004: "adlnav_v1p3.xsd",
    IMSSS_2004: "imsss_v1p0.xsd",
}


class PackageError(Exception):
    """A page or a build output the package cannot be made from, named with its file."""


def package_file_name(language: str, edition: str = "1.2") -> str:
    return f"{identity(language).file_stem}-{FILE_SUFFIXES[edition]}.zip"


def course_structure(html_dir: Path) -> dict:
    path = html_dir / STRUCTURE_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackageError(f"{path}: missing; build the website first (make html-{html_dir.name})") from None


def website_files(html_dir: Path) -> dict[str, bytes]:
    """The language's website, as the package serves it: relative names, file contents."""
    files = {}
    for path in sorted(html_dir.rglob("*")):
        name = path.relative_to(html_dir).as_posix()
        if not path.is_file() or path.name in LEFT_OUT_NAMES or name.endswith(LEFT_OUT_SUFFIXES):
            continue
        content = path.read_bytes()
        if name.endswith(".html"):
            content = LANGUAGE_SWITCHER.sub("", content.decode("utf-8")).encode("utf-8")
        files[name] = content
    return files


def link_problems(files: dict[str, bytes]) -> list[str]:
    """Each relative link or source of a page that leaves the package or names no file of it."""
    problems = []
    for name, content in files.items():
        if not name.endswith(".html"):
            continue
        for match in LINK.finditer(content.decode("utf-8")):
            target = match[1].split("#", 1)[0].split("?", 1)[0]
            if not target or EXTERNAL.match(match[1]):
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(name), target))
            if resolved.startswith("../") or resolved == "..":
                problems.append(f"{name}: {match[1]!r} leads outside the package")
            elif resolved not in files:
                problems.append(f"{name}: {match[1]!r} names no file of the package")
    return problems


def launch_page(language: str, structure: dict, pages: list[str], edition: str = "1.2") -> bytes:
    """The page the LMS opens: the course in a frame, and the facts the runtime needs as JSON."""
    course = identity(language)
    assessment = structure.get("assessment") or {}
    facts = {
        "lang": language_tag(language),
        "modules": structure["modules"],
        "masteryScore": assessment.get("passMark"),
        "pages": pages,
        "scorm": edition,
    }
    # JSON in a script element: "<" escaped, so no title or name can close the element.
    data = json.dumps(facts, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(language_tag(language))}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(course.title)}</title>\n"
        '<link rel="icon" href="_static/favicon.svg" type="image/svg+xml">\n'
        "<style>html,body{margin:0;height:100%;overflow:hidden}"
        "#course-frame{display:block;border:0;width:100%;height:100%}</style>\n"
        f'<script type="application/json" id="course-scorm-facts">{data}</script>\n'
        f'<script defer src="_static/{RUNTIME_SCRIPT}"></script>\n'
        "</head>\n"
        "<body>\n"
        f'<iframe id="course-frame" title="{escape(course.full_title)}"></iframe>\n'
        f'<noscript><p><a href="index.html">{escape(course.full_title)}</a></p></noscript>\n'
        "</body>\n"
        "</html>\n"
    ).encode()


def manifest(language: str, structure: dict, file_names: list[str]) -> bytes:
    """``imsmanifest.xml``: one organization, one item, one SCO holding every file."""
    for prefix, namespace in (("", IMSCP), ("adlcp", ADLCP), ("imsmd", IMSMD), ("xsi", XSI)):
        ElementTree.register_namespace(prefix, namespace)
    course = identity(language)

    def element(parent, namespace: str, tag: str, text: str | None = None, **attributes: str):
        node = (
            ElementTree.SubElement(parent, f"{{{namespace}}}{tag}", attributes)
            if parent is not None
            else (ElementTree.Element(f"{{{namespace}}}{tag}", attributes))
        )
        if text is not None:
            node.text = text
        return node

    def langstring(parent, tag: str, text: str) -> None:
        holder = element(parent, IMSMD, tag)
        element(holder, IMSMD, "langstring", text, **{f"{{{XML}}}lang": language_tag(language)})

    version = str(course_settings()["version"])
    root = element(None, IMSCP, "manifest", identifier=f"{course.identifier}-scorm12", version=version)
    root.set(f"{{{XSI}}}schemaLocation", " ".join(f"{ns} {location}" for ns, location in SCHEMA_LOCATIONS.items()))
    metadata = element(root, IMSCP, "metadata")
    element(metadata, IMSCP, "schema", "ADL SCORM")
    element(metadata, IMSCP, "schemaversion", "1.2")
    general = element(element(metadata, IMSMD, "lom"), IMSMD, "general")
    langstring(general, "title", course.full_title)
    element(general, IMSMD, "language", language_tag(language))
    langstring(general, "description", course.description)

    organizations = element(root, IMSCP, "organizations", default="course")
    organization = element(organizations, IMSCP, "organization", identifier="course")
    element(organization, IMSCP, "title", course.full_title)
    item = element(organization, IMSCP, "item", identifier="course-item", identifierref="course-sco", isvisible="true")
    element(item, IMSCP, "title", course.title)
    assessment = structure.get("assessment")
    if assessment:
        # One source of truth: the pass mark of the final assessment's {assessment} directive.
        element(item, ADLCP, "masteryscore", str(assessment["passMark"]))

    resources = element(root, IMSCP, "resources")
    resource = element(resources, IMSCP, "resource", identifier="course-sco", type="webcontent", href=LAUNCH_PAGE)
    resource.set(f"{{{ADLCP}}}scormtype", "sco")
    for name in file_names:
        element(resource, IMSCP, "file", href=name)
    ElementTree.indent(root)
    body = ElementTree.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def manifest_2004(language: str, structure: dict, file_names: list[str]) -> bytes:
    """``imsmanifest.xml`` for SCORM 2004 4th edition: one organization, one item, one SCO holding every file.

    The pass mark becomes the item's primary objective, satisfied by measure: the LMS gives it to the
    course as ``cmi.scaled_passing_score`` (0.7 for 70 %).
    """
    for prefix, namespace in (
        ("", IMSCP_2004),
        ("adlcp", ADLCP_2004),
        ("adlseq", ADLSEQ_2004),
        ("adlnav", ADLNAV_2004),
        ("imsss", IMSSS_2004),
        ("lom", LOM),
        ("xsi", XSI),
    ):
        ElementTree.register_namespace(prefix, namespace)
    course = identity(language)

    def element(parent, namespace: str, tag: str, text: str | None = None, **attributes: str):
        node = ElementTree.SubElement(parent, f"{{{namespace}}}{tag}", attributes)
        if text is not None:
            node.text = text
        return node

    def lom_string(parent, tag: str, text: str) -> None:
        element(element(parent, LOM, tag), LOM, "string", text, language=language_tag(language))

    version = str(course_settings()["version"])
    root = ElementTree.Element(
        f"{{{IMSCP_2004}}}manifest", identifier=f"{course.identifier}-scorm2004", version=version
    )
    root.set(f"{{{XSI}}}schemaLocation", " ".join(f"{ns} {location}" for ns, location in SCHEMA_LOCATIONS_2004.items()))
    metadata = element(root, IMSCP_2004, "metadata")
    element(metadata, IMSCP_2004, "schema", "ADL SCORM")
    element(metadata, IMSCP_2004, "schemaversion", "2004 4th Edition")
    general = element(element(metadata, LOM, "lom"), LOM, "general")
    lom_string(general, "title", course.full_title)
    element(general, LOM, "language", language_tag(language))
    lom_string(general, "description", course.description)

    organizations = element(root, IMSCP_2004, "organizations", default="course")
    organization = element(organizations, IMSCP_2004, "organization", identifier="course")
    element(organization, IMSCP_2004, "title", course.full_title)
    item = element(
        organization, IMSCP_2004, "item", identifier="course-item", identifierref="course-sco", isvisible="true"
    )
    element(item, IMSCP_2004, "title", course.title)
    assessment = structure.get("assessment")
    if assessment:
        # One source of truth: the pass mark of the final assessment's {assessment} directive, as a scaled measure.
        objectives = element(element(item, IMSSS_2004, "sequencing"), IMSSS_2004, "objectives")
        primary = element(
            objectives, IMSSS_2004, "primaryObjective", objectiveID="final-assessment", satisfiedByMeasure="true"
        )
        element(primary, IMSSS_2004, "minNormalizedMeasure", str(assessment["passMark"] / 100))

    resources = element(root, IMSCP_2004, "resources")
    resource = element(resources, IMSCP_2004, "resource", identifier="course-sco", type="webcontent", href=LAUNCH_PAGE)
    resource.set(f"{{{ADLCP_2004}}}scormType", "sco")
    for name in file_names:
        element(resource, IMSCP_2004, "file", href=name)
    ElementTree.indent(root)
    body = ElementTree.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def package_contents(
    html_dir: Path, language: str, edition: str = "1.2", website: dict | None = None
) -> dict[str, bytes]:
    """Every file of one edition's package; ``website`` is ``website_files(html_dir)`` when already read."""
    structure = course_structure(html_dir)
    files = dict(website_files(html_dir) if website is None else website)
    # Without TeX Live there are no PDFs to download (the PDF step said so): the rest is packaged.
    skipped = {f"{DOWNLOADS_FOLDER}/{item.name}" for item in downloads(REPO_ROOT, language) if not_built_here(item)}
    problems = [problem for problem in link_problems(files) if not any(f"{name}'" in problem for name in skipped)]
    if problems:
        raise PackageError(f"{html_dir}: pages the package cannot hold as they are:\n" + "\n".join(problems))
    pages = sorted(name[: -len(".html")] for name in files if name.endswith(".html"))
    files[LAUNCH_PAGE] = launch_page(language, structure, pages, edition)
    files[f"_static/{RUNTIME_SCRIPT}"] = (RUNTIME_DIR / RUNTIME_SCRIPT).read_bytes()
    content = sorted(files)
    for schema in sorted(SCHEMA_DIRS[edition].iterdir()):
        files[schema.name] = schema.read_bytes()
    files[MANIFEST] = (manifest if edition == "1.2" else manifest_2004)(language, structure, content)
    return files


def write_package(build_dir: Path, language: str, edition: str = "1.2", website: dict | None = None) -> Path:
    files = package_contents(build_dir / "html" / language, language, edition, website)
    target = build_dir / "scorm" / language / package_file_name(language, edition)
    target.parent.mkdir(parents=True, exist_ok=True)
    # The manifest first, where an LMS looks for it; then every file in name order.
    order = [MANIFEST, *sorted(name for name in files if name != MANIFEST)]
    entries = [
        (name, files[name], zipfile.ZIP_STORED if name.endswith(STORED_SUFFIXES) else zipfile.ZIP_DEFLATED)
        for name in order
    ]
    partial = target.with_suffix(".zip.partial")
    write_zip(partial, entries)
    partial.replace(target)
    return target


def write_packages(build_dir: Path, language: str) -> list[Path]:
    """Both editions' packages of a language, from one reading of its website."""
    website = website_files(build_dir / "html" / language)
    targets = [write_package(build_dir, language, edition, website) for edition in EDITIONS]
    # Packages named after an older title go, as in a clean build.
    remove_other_outputs(build_dir / "scorm" / language, "*.zip", targets)
    return targets


def main(argv: list[str] | None = None) -> int:
    build_dir, languages = build_folder_and_languages(sys.argv[1:] if argv is None else argv)
    languages = only_published(languages, "SCORM package")
    for language in languages:
        try:
            targets = write_packages(build_dir, language)
        except PackageError as error:
            print(f"SCORM package ({language}): {error}", file=sys.stderr)
            return 1
        for target in targets:
            print(
                f"{target.relative_to(build_dir.parent) if build_dir.parent in target.parents else target} "
                f"({target.stat().st_size // 1024} KB)",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
