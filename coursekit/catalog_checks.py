"""``make check-po``: every catalog parses, nothing is fuzzy, and no msgstr
changes the markup of its msgid or smuggles in markup of its own.

Each finding is printed as ``file:line: check: msgid`` (the line of the
entry in the catalog) and the command exits non-zero. The checks, each a
function below: ``syntax``, ``fuzzy``, ``links``, ``roles``, ``code``,
``footnotes``, ``emphasis``, ``placeholders``, ``html``, ``script``,
``template`` and ``typography``.

Usage: ``python -m coursekit.catalog_checks [catalog.po ...]``
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polib
from markdown_it import MarkdownIt

from coursekit.languages import translated_languages
from coursekit.paths import LOCALES_DIR, REPO_ROOT

_markdown = MarkdownIt("commonmark")

ROLE = re.compile(r"\{(?P<role>[a-z:-]+)\}`(?P<content>[^`]*)`")
ROLE_TARGET = re.compile(r"<(?P<target>[^<>]+)>\s*$")
INLINE_CODE = re.compile(r"(?<![}`])`(?P<code>[^`]+)`")
FOOTNOTE = re.compile(r"\[\^[^\]]+\]")
PLACEHOLDER = re.compile(r"(?<!\{)\{[a-zA-Z_][a-zA-Z0-9_]*(?:![rsa])?(?::[^{}]*)?\}(?!`)|%\(?[a-z_]*\)?[sdf]")
HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
EVENT_HANDLER = re.compile(r"\bon[a-z]+\s*=", re.IGNORECASE)
SCRIPT_URL = re.compile(r"\b(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
TEMPLATE_SYNTAX = re.compile(r"\{\{|\{%|%\}|\}\}")


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    check: str
    msgid: str

    def __str__(self) -> str:
        shown = self.msgid if len(self.msgid) <= 80 else self.msgid[:77] + "…"
        return f"{_display(self.path)}:{self.line}: {self.check}: {shown!r}"


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return str(path)


# -- Markup extraction ----------------------------------------------------------


def roles(text: str) -> Counter:
    found = Counter()
    for match in ROLE.finditer(text):
        content = match["content"]
        target = ROLE_TARGET.search(content)
        found[(match["role"], (target["target"] if target else content).strip())] += 1
    return found


def _inline_tokens(text: str):
    for block in _markdown.parse(text):
        yield from block.children or []


def links(text: str) -> Counter:
    return Counter(token.attrs.get("href") for token in _inline_tokens(text) if token.type == "link_open")


def emphasis(text: str) -> Counter:
    return Counter(token.type for token in _inline_tokens(text) if token.type in ("em_open", "strong_open"))


def inline_code(text: str) -> Counter:
    return Counter(match["code"] for match in INLINE_CODE.finditer(ROLE.sub("", text)))


def placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(ROLE.sub("", text)))


# -- The checks on one translated entry ------------------------------------------
# Each returns True when the entry breaks its rule.


def _differs(extract: Callable[[str], Counter]) -> Callable[[polib.POEntry, str], bool]:
    return lambda entry, language: extract(entry.msgid) != extract(entry.msgstr)


def _smuggled(pattern: re.Pattern) -> Callable[[polib.POEntry, str], bool]:
    # Role targets such as {term}`text <target>` look like tags: leave roles out.
    def check(entry: polib.POEntry, language: str) -> bool:
        found = Counter(pattern.findall(ROLE.sub("", entry.msgstr))) - Counter(pattern.findall(ROLE.sub("", entry.msgid)))
        return found != Counter()

    return check


def _typography(entry: polib.POEntry, language: str) -> bool:
    rules = TYPOGRAPHY.get(language)
    # Roles and code keep their place (as a neutral word) so "{doc}`x`:" is not read as " :".
    return bool(rules and rules.search(ROLE.sub("ROLE", INLINE_CODE.sub("CODE", entry.msgstr))))


TYPOGRAPHY = {
    # English: no French quotes, no space (ordinary or non-breaking) before ? ! : ;
    "en": re.compile(r"[«»]|[ \u00a0\u202f][?!:;]"),
}

ENTRY_CHECKS: dict[str, Callable[[polib.POEntry, str], bool]] = {
    "links": _differs(links),
    "roles": _differs(roles),
    "code": _differs(inline_code),
    "footnotes": _differs(lambda text: Counter(FOOTNOTE.findall(text))),
    "emphasis": _differs(emphasis),
    "placeholders": _differs(placeholders),
    "html": _smuggled(HTML_TAG),
    "script": lambda entry, language: _smuggled(EVENT_HANDLER)(entry, language)
    or _smuggled(SCRIPT_URL)(entry, language),
    "template": _smuggled(TEMPLATE_SYNTAX),
    "typography": _typography,
}


# -- Whole catalogs -----------------------------------------------------------------


def _source_line(match: re.Match) -> int:
    # msgfmt notices an unterminated string on the line after it: point at the string itself.
    line = int(match["line"])
    return line - 1 if match["message"] == "end-of-line within string" else line


def syntax_errors(path: Path) -> list[str]:
    """GNU msgfmt's verdict (stricter than any Python reader): ``file:line: message`` lines."""
    process = subprocess.run(
        ["msgfmt", "--check-format", "--output-file=/dev/null", str(path)],
        capture_output=True, text=True,
    )  # fmt: skip
    if process.returncode == 0:
        return []
    located = re.compile(rf"^{re.escape(str(path))}:(?P<line>\d+): (?P<message>.*)$")
    errors = [
        f"{_display(path)}:{_source_line(match)}: syntax: {match['message']}"
        for match in map(located.match, process.stderr.splitlines())
        if match
    ]
    return errors or [f"{_display(path)}:1: syntax: {process.stderr.strip()}"]


def check_catalog(path: Path, language: str | None = None) -> Iterator[Finding | str]:
    errors = syntax_errors(path)
    if errors:
        yield from errors
        return
    catalog = polib.pofile(str(path))
    language = language or catalog.metadata.get("Language", "")
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        if entry.fuzzy:
            yield Finding(path, entry.linenum, "fuzzy", entry.msgid)
            continue
        if not entry.msgstr:
            continue
        for name, breaks_rule in ENTRY_CHECKS.items():
            if breaks_rule(entry, language):
                yield Finding(path, entry.linenum, name, entry.msgid)


def all_catalogs() -> list[Path]:
    return sorted(path for language in translated_languages() for path in (LOCALES_DIR / language).rglob("*.po"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check every translation catalog.")
    parser.add_argument("catalogs", nargs="*", type=Path, help="default: every catalog of locales/")
    arguments = parser.parse_args(argv)
    catalogs = arguments.catalogs or all_catalogs()
    findings = [str(finding) for path in catalogs for finding in check_catalog(path)]
    for finding in findings:
        print(finding)
    print(f"check-po: {len(catalogs)} catalogs, {len(findings)} findings", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
