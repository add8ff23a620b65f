"""``make pdf``: compile the print edition that Sphinx's LaTeX builder wrote, per language.

``sphinx-build -b latex`` (the Makefile runs it, from the website's doctrees)
writes ``_build/latex/<lang>/``: the course book, a handout per exercise and
the trainer guide (``coursekit.sphinxext.print_edition``). This tool compiles
each with XeLaTeX (as many passes as its cross-references need), checks the log and copies the PDFs to
``_build/pdf/<lang>/``:

* a line that runs past the margin (``Overfull \\hbox``), a page whose content
  runs past its bottom (``Overfull \\vbox``: a table taller than the page), a
  character no font has, a reference left undefined: each stops the build, with the LaTeX file
  and line and the text concerned;
* dates come from ``SOURCE_DATE_EPOCH`` (the Makefile sets it from the last
  commit), so the same sources give the same bytes; a PDF is copied only when
  its bytes changed, and only the documents whose inputs changed are compiled
  again (from nothing, as a clean build does).

Without XeLaTeX or xdvipdfmx (Debian's TeX Live: the ``build:pdf`` lines of
``system-packages.txt``, which ``make`` installs as root), the PDFs are
skipped with a message saying what to install, and the other outputs build.

Usage: ``python -m coursekit.tools.pdf <build dir> [languages...]``
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from coursekit.core.paths import REPO_ROOT
from coursekit.core.print_documents import print_documents
from coursekit.tools.command_line import build_folder_and_languages

TOOLS = ("xelatex", "xdvipdfmx")
# Past this, a line is visibly out of its text block or table column: 2pt (0.7 mm) is below what the eye
# sees, and Sphinx's table cells (varwidth boxes in tabulary columns) can overrun their column by a point.
OVERFULL_TOLERANCE_PT = 2.0
_OVERFULL = re.compile(r"^Overfull \\hbox \((?P<points>[\d.]+)pt too wide\) .*?lines? (?P<line>\d+)", re.M)
# A box too high while a page is output: its page's content runs past the bottom margin.
_OVERFULL_PAGE = re.compile(r"^Overfull \\vbox \((?P<points>[\d.]+)pt too high\) has occurred while \\output", re.M)
_MISSING_CHARACTER = re.compile(r"^Missing character: There is no (?P<char>.+?) in font (?P<font>[^!]+)!", re.M)
_UNDEFINED = re.compile(r"^LaTeX Warning: (?:Reference|Citation) `(?P<name>[^']+)' on page \d+ undefined", re.M)


@dataclass(frozen=True)
class Finding:
    tex: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.tex.relative_to(REPO_ROOT) if self.tex.is_relative_to(REPO_ROOT) else self.tex
        return f"{where}:{self.line}: {self.message}" if self.line else f"{where}: {self.message}"


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def log_findings(tex: Path) -> list[Finding]:
    """What the compilation's log says is wrong on the page."""
    log = tex.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    lines = tex.read_text(encoding="utf-8").splitlines()
    findings = []
    for match in _OVERFULL.finditer(log):
        if float(match["points"]) > OVERFULL_TOLERANCE_PT:
            line = int(match["line"])
            text = lines[line - 1].strip()[:100] if 0 < line <= len(lines) else ""
            findings.append(Finding(tex, line, f"line runs {match['points']}pt past the margin: {text}"))
    for match in _OVERFULL_PAGE.finditer(log):
        # A table or a box taller than the page: what runs past the bottom margin is not printed.
        if float(match["points"]) > OVERFULL_TOLERANCE_PT:
            findings.append(Finding(tex, None, f"a page runs {match['points']}pt past the bottom margin"))
    for match in _MISSING_CHARACTER.finditer(log):
        findings.append(Finding(tex, None, f"no glyph for {match['char']} in font {match['font'].strip()}"))
    for match in _UNDEFINED.finditer(log):
        findings.append(Finding(tex, None, f"undefined reference {match['name']}"))
    return findings


# XeLaTeX's own working files: what one pass writes for the next to read (the cross-references, the table of
# contents, the bookmarks, longtable's column widths) and what records or holds its output.
_RECORDS = {".log", ".fls", ".xdv", ".pdf", ".digest"}
MAX_PASSES = 5
_ENVIRONMENT = {"FORCE_SOURCE_DATE": "1"}  # dates from SOURCE_DATE_EPOCH, for every date XeTeX writes


def _working_files(tex: Path) -> list[Path]:
    return sorted(path for path in tex.parent.glob(f"{glob.escape(tex.stem)}.*") if path.suffix != ".tex")


def _state_for_next_pass(tex: Path) -> dict[str, bytes]:
    """What a pass leaves for the next one to read: every working file but the records and the output."""
    return {path.name: path.read_bytes() for path in _working_files(tex) if path.suffix not in _RECORDS}


def _inputs_read(tex: Path) -> list[Path]:
    """The files of the LaTeX folder that the last compilation read (XeTeX's -recorder list), the source first."""
    recorder = tex.with_suffix(".fls")
    names = {tex.name}
    if recorder.is_file():
        for line in recorder.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("INPUT "):
                path = Path(line[len("INPUT ") :])  # "./sphinx.sty" and "sphinx.sty" alike: pathlib drops the "./"
                if not path.is_absolute() and ".." not in path.parts:
                    names.add(path.as_posix())
    return [tex.parent / name for name in sorted(names)]


def _digest(tex: Path) -> str:
    digest = hashlib.sha256()
    # The date XeTeX writes in the PDF is an input too: each commit moves SOURCE_DATE_EPOCH (the Makefile takes
    # it from the last commit), and a PDF left from an earlier commit would keep the earlier date.
    digest.update(b"SOURCE_DATE_EPOCH\0" + os.environ.get("SOURCE_DATE_EPOCH", "").encode() + b"\0")
    for path in _inputs_read(tex):
        # Not the document's own working files (its .aux, .toc, .pdf...): every other file it read counts, the
        # figures too, which are PDF files (an earlier test on the suffix took them for outputs and missed them).
        if path.is_file() and not _is_working_file(tex, path):
            digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _is_working_file(tex: Path, path: Path) -> bool:
    return path.stem == tex.stem and path.suffix != ".tex"


def _run(command: list[str], tex: Path) -> None:
    result = subprocess.run(
        command, cwd=tex.parent, env={**os.environ, **_ENVIRONMENT}, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        # -file-line-error: the log names each error "./<file>.tex:<line>: <message>".
        log = tex.with_suffix(".log")
        text = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else result.stdout
        errors = [
            Finding(tex, int(match["line"]), match["message"])
            for match in re.finditer(r"^\./[^:\n]+\.tex:(?P<line>\d+): (?P<message>.*)$", text, re.M)
        ]
        output = (result.stdout + result.stderr).splitlines()[-20:]
        raise PrintError(errors or [Finding(tex, None, line) for line in output])


def up_to_date(tex: Path) -> bool:
    """Unchanged since its last compilation: every file of the folder that compilation read, the source first."""
    record = tex.with_suffix(".digest")
    return tex.with_suffix(".pdf").is_file() and record.is_file() and record.read_text() == _digest(tex)


def compile_document(tex: Path) -> None:
    """Compile from nothing, pass after pass until a pass changes nothing the next one reads.

    Until nothing changes, compared by content: latexmk judged by date and size, and on the CI machine it twice
    took the trainer guide's table of contents for settled after its second pass (a page number gone from 4 to
    5: same size) and printed that pass, one byte apart from what a third pass and a clean build print.
    From nothing: the result is then the clean build's by construction, whatever a previous compilation left
    (a package that trusted its old .aux would otherwise carry it into an incremental build).
    """
    for working_file in _working_files(tex):
        working_file.unlink()
    xelatex = ["xelatex", "-no-pdf", "-recorder", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error"]
    state = _state_for_next_pass(tex)
    for _ in range(MAX_PASSES):
        _run([*xelatex, tex.name], tex)
        state, previous = _state_for_next_pass(tex), state
        if state == previous:
            break
    else:
        raise PrintError([Finding(tex, None, f"the cross-references still change after {MAX_PASSES} passes")])
    _run(["xdvipdfmx", "-E", "-q", "-o", tex.with_suffix(".pdf").name, tex.with_suffix(".xdv").name], tex)
    tex.with_suffix(".digest").write_text(_digest(tex), encoding="utf-8")


class PrintError(Exception):
    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("\n".join(str(finding) for finding in findings))
        self.findings = findings


def publish(pdf: Path, target: Path) -> None:
    """Copied only when its bytes changed: an unchanged PDF keeps its date."""
    if not target.is_file() or target.read_bytes() != pdf.read_bytes():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pdf, target)


def remove_stale_sources(latex_dir: Path, names: set[str]) -> None:
    """A document no longer printed (a new title renames them all, an exercise removed) leaves no LaTeX source
    or working file behind: Sphinx's LaTeX builder writes the current ones and never deletes, and an incremental
    build must leave the same files as a clean one."""
    for stale in sorted(latex_dir.glob("*.tex")):
        if stale.stem not in names:
            for working_file in latex_dir.glob(f"{glob.escape(stale.stem)}.*"):
                working_file.unlink()


def build_language(build_dir: Path, language: str) -> list[Path]:
    latex_dir = build_dir / "latex" / language
    output_dir = build_dir / "pdf" / language
    documents = print_documents(REPO_ROOT, language)
    remove_stale_sources(latex_dir, {document.name for document in documents})
    findings: list[Finding] = []
    written = []
    for position, document in enumerate(documents, start=1):
        name = document.name
        tex = latex_dir / f"{name}.tex"
        unchanged = up_to_date(tex)
        print(f"[{position}/{len(documents)}] {language}: {tex.name}{' (unchanged)' if unchanged else ''}", flush=True)
        if not unchanged:
            compile_document(tex)
        found = log_findings(tex)
        findings += found
        if not found:
            publish(tex.with_suffix(".pdf"), output_dir / f"{name}.pdf")
            written.append(output_dir / f"{name}.pdf")
    if findings:
        raise PrintError(findings)
    # A document no longer written (a removed exercise) leaves no PDF behind.
    for stale in sorted(set(output_dir.glob("*.pdf")) - set(written)):
        stale.unlink()
    return written


def main(argv: list[str] | None = None) -> int:
    build_dir, languages = build_folder_and_languages(sys.argv[1:] if argv is None else argv)
    missing = missing_tools()
    if missing:
        print(
            f"PDF skipped ({', '.join(languages)}): {' and '.join(missing)} not found. The print edition needs "
            "Debian's TeX Live: the packages marked build:pdf in system-packages.txt, which `make` installs "
            "as root (or: sudo python3 -m coursekit.tools.system_packages build). Every other output is built.",
            file=sys.stderr,
        )
        return 0
    for language in languages:
        try:
            written = build_language(build_dir, language)
        except PrintError as error:
            print(f"PDF ({language}): the print edition does not typeset cleanly:\n{error}", file=sys.stderr)
            return 1
        for path in written:
            shown = path.relative_to(build_dir.parent) if build_dir.parent in path.parents else path
            print(f"{shown} ({path.stat().st_size // 1024} KB)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
