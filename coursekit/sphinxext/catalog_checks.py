"""``make check-po``: every catalog parses, and every msgstr is the same kind
and shape of content as its msgid.

A translation is data. Each msgstr is read with the parser the build itself
will use for it (MyST for pages, CommonMark with HTML for notebook Markdown,
Python's tokenizer for notebook code, see :mod:`coursekit.core.message_kinds`) and
must come out the same shape as its msgid: a paragraph stays one paragraph of
inline content, a comment stays one line, with no link, image, role,
directive, HTML, entity, template or format field the msgid does not have.
SECURITY.md lists what each check stops.

Each finding is printed as ``file:line: check: msgid`` (the line of the
entry in the catalog) and the command exits non-zero. Catalog checks:
``filename``, ``encoding``, ``syntax``, ``header``; entry checks, each a
function below: ``structure``, ``links``, ``roles``, ``code``,
``footnotes``, ``emphasis``, ``placeholders``, ``html``, ``markup``,
``script``, ``template``, ``conversion``, ``control`` and ``typography``. The build runs the
same checks (:mod:`coursekit.sphinxext.catalog_guard`), so calling ``sphinx-build``
directly does not bypass them.

A fuzzy entry is not a failure: like Sphinx and gettext, the build does not
use it (the reader sees the French text, marked as French), so it is neither
checked nor counted as translated. ``check-po`` lists fuzzy entries apart, as
work to do, and exits zero when they are all there is.

The command line is :mod:`coursekit.tools.check_po`.
"""

from __future__ import annotations

import codecs
import difflib
import gettext
import hashlib
import json
import os
import re
import string
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import polib
from markdown_it import MarkdownIt
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from coursekit.core import message_kinds, notebook_i18n, terminology
from coursekit.core.conf_file import setting
from coursekit.core.figure_text import FIGURES_DOMAIN, all_label_widths
from coursekit.core.languages import translated_languages
from coursekit.core.message_kinds import NOTEBOOK_KINDS, Kind, catalog_domain, kinds_of, notebook_of
from coursekit.core.notebook_i18n import LINE_BREAKS, UnreadableNotebook
from coursekit.core.paths import LOCALES_DIR, REPO_ROOT
from coursekit.core.terminology import TERMINOLOGY_FILE, forbidden_variants, normalised
from coursekit.sphinxext import notebook_conversion
from coursekit.sphinxext.notebook_conversion import conversion_changes

ROLE = re.compile(r"\{(?P<role>[a-z:-]+)\}`(?P<content>[^`]*)`")
ROLE_TARGET = re.compile(r"<(?P<target>[^<>]+)>\s*$")
INLINE_CODE = re.compile(r"(?<![}`])`(?P<code>[^`]+)`")
FOOTNOTE = re.compile(r"\[\^[^\]]+\]")
PLACEHOLDER = re.compile(r"(?<!\{)\{[a-zA-Z_][a-zA-Z0-9_]*(?:![rsa])?(?::[^{}]*)?\}(?!`)|%\(?[a-z_]*\)?[sdf]")
HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:[\s/][^<>]*)?/?>")
CHARACTER_REFERENCE = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);")
EVENT_HANDLER = re.compile(r"\bon[a-z]+\s*=", re.IGNORECASE)
SCRIPT_URL = re.compile(r"\b(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
TEMPLATE_SYNTAX = re.compile(r"\{\{|\{%|%\}|\}\}")
BARE_URL = re.compile(r"(?i)\b(?:[a-z][a-z0-9+.-]*:)?//[^\s)\]>]+|\bwww\.[^\s)\]>]+|\bmailto:[^\s)\]>]+")
# Bidirectional overrides and isolates reorder what a reader sees ("Trojan Source").
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Characters with a meaning of their own where a kind of message ends up: pandoc reads
# $math$, {=html} raw attributes and {.class} spans in notebook Markdown; matplotlib reads
# $math$ in the strings of notebook code (a titles' stray $ stops the notebook).
MARKUP_CHARACTERS = {
    Kind.NOTEBOOK_MARKDOWN: "${}",
    Kind.NOTEBOOK_TABLE_CELL: "${}",
    Kind.NOTEBOOK_STRING: "$",
}
# The catalogs' own names: lower-case words, as `make update-po` writes them.
CATALOG_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*\.po$")
# Catalogs Sphinx itself loads from locale_dirs (for its own interface words), before extensions run.
RESERVED_DOMAINS = frozenset({"sphinx"})
# The build's MyST settings when none are given (check-po reads conf.py's own).
DEFAULT_MYST_EXTENSIONS = ("colon_fence", "deflist")


@dataclass(frozen=True)
class Finding:
    """One problem at one catalog line: what is at fault (``detail``), the French and the translation."""

    path: Path
    line: int
    check: str
    msgid: str
    msgstr: str = ""
    detail: str = ""

    def __str__(self) -> str:
        # Text as the translator wrote it (no Python escapes), on lines of its own under the location.
        first = f"{_display(self.path)}:{self.line}: {self.check}: {self.detail or shown_text(self.msgid)}"
        quoted = [("French", self.msgid)] if self.detail else []
        quoted += [("translation", self.msgstr)] if self.msgstr else []
        return "\n".join([first] + [f"    {label}: {shown_text(text)}" for label, text in quoted])


def shown_text(text: str, limit: int = 160) -> str:
    """A message as written, on one line: line breaks shown as ⏎, long texts cut."""
    one_line = text.replace("\r\n", "\n").replace("\n", " ⏎ ")
    # Invisible and reordering characters are named, never printed: the terminal would obey them.
    one_line = "".join(
        f"⟨U+{ord(c):04X}⟩" if refused_character(c) or unicodedata.category(c) in ("Cf", "Cs", "Cn", "Co") else c
        for c in one_line
    )
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return str(path)


# -- Reading a message as the build will ---------------------------------------


@cache
def page_parser(myst_extensions: tuple[str, ...] = DEFAULT_MYST_EXTENSIONS) -> MarkdownIt:
    """MyST's own parser with the build's extensions, and raw HTML recognised (to be found, not escaped)."""
    from markdown_it.renderer import RendererHTML

    return create_md_parser(MdParserConfig(enable_extensions=set(myst_extensions)), RendererHTML)


NOTEBOOK_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")


@dataclass(frozen=True)
class Translation:
    """One entry to check: what the source says, what the translator wrote, and what it is."""

    msgid: str
    msgstr: str
    kinds: frozenset[Kind]
    language: str
    parser: MarkdownIt
    notebook: Path | None = None  # the source notebook of a notebook message

    @property
    def is_page(self) -> bool:
        return Kind.PAGE in self.kinds

    def both(self, extract: Callable[[str, Translation], object]) -> tuple[object, object]:
        return extract(self.msgid, self), extract(self.msgstr, self)


def _tokens(text: str, message: Translation) -> tuple:
    return _parsed(message.parser, text)


@lru_cache(maxsize=1024)
def _parsed(parser: MarkdownIt, text: str) -> tuple:
    # Each check reads the tokens of the same msgid and msgstr: parsed once per text, not once per check.
    return tuple(parser.parse(text))


def _inline_tokens(text: str, message: Translation):
    for block in _tokens(text, message):
        yield from block.children or []


def block_shape(text: str, message: Translation) -> tuple:
    return tuple((token.type, token.info.strip()) for token in _tokens(text, message) if token.type != "inline")


def roles(text: str, message: Translation | None = None) -> Counter:
    """Role names and targets; the display text of ``{role}`text <target>``` is free."""
    if message is not None and message.is_page:
        tokens = _inline_tokens(text, message)
        found = ((token.meta.get("name"), token.content) for token in tokens if token.type == "myst_role")
    else:
        found = ((match["role"], match["content"]) for match in ROLE.finditer(text))
    counted = Counter()
    for name, content in found:
        target = ROLE_TARGET.search(content)
        counted[(name, (target["target"] if target else content).strip())] += 1
    return counted


def links(text: str, message: Translation) -> Counter:
    """Every URL: link targets (autolinks included), image sources, and bare URLs (Jupyter makes them links)."""
    counted = Counter(("bare", url) for url in BARE_URL.findall(text))
    for token in _inline_tokens(text, message):
        if token.type == "link_open":
            counted["link", token.attrs.get("href")] += 1
        elif token.type == "image":
            counted["image", token.attrs.get("src")] += 1
    return counted


def emphasis(text: str, message: Translation) -> Counter:
    return Counter(token.type for token in _inline_tokens(text, message) if token.type in ("em_open", "strong_open"))


def inline_code(text: str, message: Translation) -> Counter:
    return Counter(token.content for token in _inline_tokens(text, message) if token.type == "code_inline")


def format_fields(text: str) -> Counter | None:
    """The fields ``str.format`` would fill (name, conversion, spec), or None if it would fail."""
    try:
        fields = string.Formatter().parse(text)
        return Counter((name, conversion, spec) for _literal, name, spec, conversion in fields if name is not None)
    except ValueError:
        return None


def placeholders(text: str, message: Translation) -> tuple:
    fields = format_fields(text) if message.kinds & {Kind.UI, Kind.NOTEBOOK_STRING} else None
    return Counter(PLACEHOLDER.findall(ROLE.sub("", text))), fields


def markup(text: str, message: Translation) -> Counter:
    """Raw HTML in every spelling: tokens, any ``<`` (pandoc reads tags CommonMark does not), entities."""
    outside_roles = ROLE.sub("", text) if message.is_page else text
    counted = Counter(("tag", tag) for tag in HTML_TAG.findall(outside_roles))
    counted.update(("entity", entity) for entity in CHARACTER_REFERENCE.findall(text))
    counted.update(("<", "") for _ in range(outside_roles.count("<")))
    for token in _tokens(text, message):
        if token.type == "html_block":
            counted["html", token.content] += 1
    counted.update(("html", token.content) for token in _inline_tokens(text, message) if token.type == "html_inline")
    return counted


# -- The checks on one translated entry ------------------------------------------
# Each returns True when the entry breaks its rule.


def _differs(extract: Callable[[str, Translation], object]) -> Callable[[Translation], bool]:
    def check(message: Translation) -> bool:
        source, target = message.both(extract)
        return source != target

    return check


def _more_than_source(extract: Callable[[str, Translation], Counter]) -> Callable[[Translation], bool]:
    def check(message: Translation) -> bool:
        source, target = message.both(extract)
        return target - source != Counter()

    return check


def _smuggled(pattern: re.Pattern) -> Callable[[Translation], bool]:
    # Role targets such as {term}`text <target>` look like tags: leave roles out.
    return _more_than_source(lambda text, message: Counter(pattern.findall(ROLE.sub("", text))))


def _structure(message: Translation) -> bool:
    """A paragraph stays one paragraph, a heading text one line, a comment one line."""
    source, target = message.both(block_shape)
    if source != target:
        return True
    one_line = message.kinds - {Kind.PAGE, Kind.NOTEBOOK_STRING}
    return bool(one_line and LINE_BREAKS.intersection(message.msgstr) - LINE_BREAKS.intersection(message.msgid))


def _markup_characters(message: Translation) -> bool:
    characters = "".join(MARKUP_CHARACTERS.get(kind, "") for kind in message.kinds)
    return any(message.msgstr.count(character) > message.msgid.count(character) for character in characters)


def _conversion(message: Translation) -> bool:
    """Notebook Markdown becomes reStructuredText (pandoc, nbsphinx): the same elements after that conversion."""
    converted = message.kinds & {Kind.NOTEBOOK_MARKDOWN, Kind.NOTEBOOK_TABLE_CELL}
    return bool(converted) and bool(conversion_changes(message.notebook, message.msgid, message.msgstr))


# Invisible format characters (Unicode category Cf) a language really needs; every other one is refused.
NEEDED_FORMAT_CHARACTERS = {
    "\u00ad": "soft hyphen: where a long word may break (German, Finnish, Dutch compounds)",
    "\u200c": "zero-width non-joiner: keeps two letters apart (Persian, Hindi, German ligatures)",
    "\u200d": "zero-width joiner: joins letters in Indic and Arabic scripts, and emoji sequences",
}
# Refused in every kind of message: control characters (C0 and C1, but line feed and tab), format
# characters (Cf: zero-width spaces, word joiners, byte-order marks, bidirectional controls, tag
# characters U+E0000-E007F) but the ones a language needs, surrogates (Cs), unassigned code points
# and noncharacters (Cn: U+FFFE, U+FFFF, U+FDD0-FDEF...), line and paragraph separators. What is left
# is text XML 1.0 can hold, seen by a reader as it is.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Cn", "Zl", "Zp"})


def refused_character(character: str) -> bool:
    """A character no translation may hold unless its source has it (see REFUSED_CATEGORIES)."""
    if character in "\n\t" or character in NEEDED_FORMAT_CHARACTERS:
        return False
    return unicodedata.category(character) in REFUSED_CATEGORIES or character in BIDI_CONTROLS


def _control(message: Translation) -> bool:
    return any(refused_character(character) and character not in message.msgid for character in message.msgstr)


def _typography(message: Translation) -> bool:
    rules = TYPOGRAPHY.get(message.language)
    # Roles and code keep their place (as a neutral word) so "{doc}`x`:" is not read as " :".
    return bool(rules and rules.search(ROLE.sub("ROLE", INLINE_CODE.sub("CODE", message.msgstr))))


TYPOGRAPHY = {
    # English: no French quotes, no space (ordinary or non-breaking) before ? ! : ;
    "en": re.compile(r"[«»]|[ \u00a0\u202f][?!:;]"),
}

# What each check asks, in a translator's words: printed under the findings.
EXPLANATIONS = {
    "filename": "a catalog is a plain file (no symbolic link) with a plain name: lower-case letters, digits, . - _",
    "encoding": "save the catalog as UTF-8",
    "syntax": "the catalog does not parse: look at the quotes and escapes on that line",
    "header": "the header needs charset=UTF-8 and, if present, a valid Plural-Forms",
    "fuzzy": "the French changed: review the entry, then remove its fuzzy flag (until then the French is shown)",
    "structure": "keep the French blocks: one paragraph stays one paragraph (no heading, list, fence or directive); "
    "a heading, a notebook line, a table cell or a code comment stays one line",
    "links": "keep the same links, images and web addresses as the French, with the same targets",
    "roles": "keep the same {roles} with the same targets; to show other words, keep the French target "
    "after them: {term}`senior executive <cadre supérieur>`",
    "code": "keep the inline `code` of the French as it is",
    "footnotes": "keep the same footnote references",
    "emphasis": "keep as many *italic* and **bold** spans as the French",
    "placeholders": "keep the same {placeholders}, exactly, and nothing else between braces",
    "html": "no HTML: no '<', tag or &entity; that the French does not have",
    "markup": "in notebooks, no $, { or } that the French does not have",
    "script": "no event handler (onclick=...) or javascript:/data: address",
    "template": "no {{ }} or {% %} template syntax",
    "conversion": "notebook text becomes reStructuredText: no line starting with '..', no '::', list number "
    "('A.', '(@)'), footnote '^[...]' or '%' line that the French does not have",
    "control": "no control character, invisible character (zero-width space, tag character, direction override), "
    "line separator, unassigned code point or noncharacter (U+FFFF)",
    "typography": "English typography: no « », no space before ? ! : ;",
    "terminology": "one term per concept: write the term of locales/terminology.csv",
    "width": "a figure label must fit its box: shorten it (the #. comment above the entry gives the room)",
    "msgid": "change only msgstr lines: put the msgid back as the French has it",
}


# The example each hint above gives, as (French page text, translation): a test builds each one.
HINT_EXAMPLES = {
    "roles": ("Un {term}`cadre supérieur` décide.", "A {term}`senior executive <cadre supérieur>` decides."),
    "emphasis": ("Un **point** *clé*.", "A *key* **point**."),
}


def explain(findings: Iterable[str]) -> list[str]:
    """One line per check that fired, saying what it asks."""
    fired = {match[1] for finding in findings if (match := re.search(r":\d+: ([a-z]+): ", finding))}
    return [f"  {name}: {EXPLANATIONS[name]}" for name in EXPLANATIONS if name in fired]


def _role_shown(key: tuple) -> str:
    name, target = key
    return f"{{{name}}}`{target}`"


# What a check compares, and how one item reads to a translator: the detail of a finding.
COMPARED: dict[str, tuple[Callable[[str, Translation], Counter], Callable[[tuple | str], str]]] = {
    "links": (links, lambda key: f"{'an image' if key[0] == 'image' else 'a link'} to {key[1]}"),
    "roles": (roles, _role_shown),
    "code": (inline_code, lambda code: f"`{code}`"),
    "footnotes": (lambda text, message: Counter(FOOTNOTE.findall(text)), str),
    "emphasis": (emphasis, lambda kind: "an *italic* span" if kind == "em_open" else "a **bold** span"),
    "placeholders": (lambda text, message: placeholders(text, message)[0], str),
}


def _blocks_shown(text: str, message: Translation) -> str:
    kinds = [token.type.removesuffix("_open") for token in _tokens(text, message) if token.nesting >= 0]
    return " + ".join(kind for kind in kinds if kind != "inline") or "inline text"


def _characters_shown(characters: Iterable[str]) -> str:
    return ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')}" for c in sorted(set(characters)))


def _found(name: str, message: Translation) -> str:
    """What a check that looks for something found in the translation, named."""
    text = message.msgstr
    if name == "structure":
        source, target = message.both(_blocks_shown)
        return f"the French is {source}, the translation is {target}" if source != target else "a line break"
    if name == "html":
        extra = Counter(markup(text, message)) - Counter(markup(message.msgid, message))
        return "the translation adds " + ", ".join(dict.fromkeys(item[1] for item in extra if item[1]) or ["<"])
    if name == "control":
        return "the translation holds " + _characters_shown(
            c for c in text if refused_character(c) and c not in message.msgid
        )
    if name == "markup":
        return "the translation adds " + ", ".join(
            c
            for kind in message.kinds
            for c in MARKUP_CHARACTERS.get(kind, "")
            if text.count(c) > message.msgid.count(c)
        )
    rules = TYPOGRAPHY.get(message.language)
    if name == "typography" and rules and (found := rules.search(ROLE.sub("ROLE", INLINE_CODE.sub("CODE", text)))):
        return f"“{found[0]}”: " + EXPLANATIONS[name]
    return ""


def difference(name: str, message: Translation) -> str:
    """What the translation lacks or adds compared with the French, or what it holds that it must not."""
    if name not in COMPARED:
        return _found(name, message)
    extract, shown = COMPARED[name]
    source, target = message.both(extract)
    missing, extra = source - target, target - source
    parts = []
    if missing:
        parts.append(f"the French has {', '.join(map(shown, missing))}, the translation does not")
    if extra:
        parts.append(f"the translation adds {', '.join(map(shown, extra))}")
    return "; ".join(parts) or "not the same as the French (order or spelling)"


ENTRY_CHECKS: dict[str, Callable[[Translation], bool]] = {
    "structure": _structure,
    "links": _differs(links),
    "roles": _differs(roles),
    "code": _differs(inline_code),
    "footnotes": _differs(lambda text, message: Counter(FOOTNOTE.findall(text))),
    "emphasis": _differs(emphasis),
    "placeholders": _differs(placeholders),
    "html": _more_than_source(markup),
    "markup": _markup_characters,
    "script": lambda message: _smuggled(EVENT_HANDLER)(message) or _smuggled(SCRIPT_URL)(message),
    "template": _smuggled(TEMPLATE_SYNTAX),
    "control": _control,
    "typography": _typography,
    "conversion": _conversion,
}
# Checks that run pandoc: only for an entry no other check has refused (the translator fixes that first).
ONLY_IF_NOTHING_ELSE = frozenset({"conversion"})


# -- Whole catalogs -----------------------------------------------------------------


def _source_line(match: re.Match) -> int:
    # msgfmt notices an unterminated string on the line after it: point at the string itself.
    line = int(match["line"])
    return line - 1 if match["message"] == "end-of-line within string" else line


def syntax_errors(path: Path) -> list[str]:
    """GNU msgfmt's verdict (stricter than any Python reader): ``file:line: message`` lines."""
    process = subprocess.run(
        ["msgfmt", "--check-format", "--output-file=/dev/null", str(path)], capture_output=True, text=True
    )
    if process.returncode == 0:
        return []
    located = re.compile(rf"^{re.escape(str(path))}:(?P<line>\d+): (?P<message>.*)$")
    errors = [
        f"{_display(path)}:{_source_line(match)}: syntax: {match['message']}"
        for match in map(located.match, process.stderr.splitlines())
        if match
    ]
    return errors or [f"{_display(path)}:1: syntax: {process.stderr.strip()}"]


def file_problems(path: Path) -> list[str]:
    """A catalog is a plain file with a plain name: no link to elsewhere on the machine."""
    shown = _display(path)
    if path.is_symlink():  # a linked folder is found by symbolic_links()
        return [f"{shown}:1: filename: a symbolic link (a catalog must be a file of its own)"]
    if path.stem in RESERVED_DOMAINS and path.parent.name == "LC_MESSAGES":
        return [f"{shown}:1: filename: reserved: Sphinx loads this catalog for its own words, before any check"]
    if not CATALOG_NAME.match(path.name):
        return [f"{shown}:1: filename: not a catalog name (lower-case letters, digits, '.', '-', '_', then .po)"]
    return []


def symbolic_links(folder: Path = LOCALES_DIR) -> list[str]:
    """Every symbolic link under ``folder``: a translator's link would make the build read elsewhere."""
    found = []
    for root, directories, files in os.walk(folder):
        for name in sorted(directories + files):
            path = Path(root, name)
            if path.is_symlink():
                found.append(f"{_display(path)}:1: filename: a symbolic link (locales/ holds files of its own only)")
    return found


def text_problems(path: Path) -> list[str]:
    """UTF-8 throughout, without a byte-order mark, and no carriage return but in a CRLF line end
    (gettext and polib disagree on a lone one; both read Windows line ends)."""
    data = path.read_bytes()
    if not data.strip():
        return [
            f"{_display(path)}:1: syntax: the catalog is empty: it needs its header at least "
            "(`make update-po` writes one), or delete the file"
        ]
    if data.startswith(codecs.BOM_UTF8):
        return [
            f"{_display(path)}:1: encoding: the file starts with a byte-order mark (BOM): "
            "save it as 'UTF-8', not 'UTF-8 with BOM'"
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return [f"{_display(path)}:{line}: encoding: not UTF-8 ({error.reason})"]
    return [
        f"{_display(path)}:{number}: control: a raw carriage return (write \\r if it is meant)"
        for number, line in enumerate(text.split("\n"), start=1)
        if "\r" in line.removesuffix("\r") or (line.endswith("\r") and number == text.count("\n") + 1)
    ]


def header_problems(path: Path, catalog: polib.POFile) -> list[str]:
    problems = []
    lines = path.read_text(encoding="utf-8").split("\n")

    def line_of(field: str) -> int:
        return next((number for number, line in enumerate(lines, start=1) if f"{field}:" in line), 1)

    charset = re.search(r"charset=([^\s;]+)", catalog.metadata.get("Content-Type", ""))
    if not charset or charset[1].upper() != "UTF-8":
        problems.append(f"{_display(path)}:{line_of('Content-Type')}: header: the charset must be UTF-8")
    plural_forms = catalog.metadata.get("Plural-Forms")
    if plural_forms is not None:
        expression = re.fullmatch(r"\s*nplurals\s*=\s*\d+\s*;\s*plural\s*=\s*(?P<rule>[^;]+);?\s*", plural_forms)
        try:
            if not expression:
                raise ValueError("expected nplurals=N; plural=EXPRESSION;")
            gettext.c2py(expression["rule"])
        except (ValueError, RecursionError) as error:
            problems.append(f"{_display(path)}:{line_of('Plural-Forms')}: header: Plural-Forms: {error}")
    return problems


def catalog_language(path: Path) -> str:
    """The language a catalog is for, from its folder (``locales/<lang>/LC_MESSAGES``)."""
    parts = path.parts
    return parts[parts.index("LC_MESSAGES") - 1] if "LC_MESSAGES" in parts[1:] else ""


def entry_key(
    path: Path,
    entry: polib.POEntry,
    kinds: frozenset[Kind],
    language: str,
    myst_extensions: tuple[str, ...],
    terminology_exempt: frozenset[str] = frozenset(),
) -> str:
    """Everything the checks of one entry read: the same key, the same findings (for the same rules)."""
    where = catalog_domain(path) or path.name  # the figures' width check and terminology exemptions go by domain
    exempt = where in terminology_exempt
    parts = (where, entry.msgctxt or "", entry.msgid, entry.msgstr, sorted(kinds), language, myst_extensions, exempt)
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def check_catalog(
    path: Path,
    language: str | None = None,
    myst_extensions: Iterable[str] | None = None,
    passed: set[str] | None = None,
    terminology_exempt: Iterable[str] | None = None,
) -> Iterator[Finding | str]:
    """Every finding of a catalog. ``passed``, if given, holds the keys (``entry_key``) of entries that passed
    the same rules before: those are not checked again, and the key of each entry that passes now is added."""
    problems = file_problems(path) or text_problems(path) or syntax_errors(path)
    if problems:
        yield from problems
        return
    catalog = polib.pofile(str(path))
    yield from header_problems(path, catalog)
    language = language or catalog_language(path) or catalog.metadata.get("Language", "")
    try:
        kinds_of_message = kinds_of(path)
    except UnreadableNotebook as error:
        yield str(error)
        kinds_of_message = lambda msgid: NOTEBOOK_KINDS  # noqa: E731 (the strictest rules)
    msgstr_line = msgstr_lines(path)
    extensions = tuple(sorted(myst_extensions if myst_extensions is not None else configured_myst_extensions()))
    exempt = frozenset(terminology_exempt if terminology_exempt is not None else configured_terminology_exempt())
    myst = page_parser(extensions)
    seen: set[str] = set()
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        if entry.fuzzy:  # not used by the build: work to do (fuzzy_entries), not a failure
            continue
        if not entry.msgstr:
            continue
        kinds = kinds_of_message(entry.msgid)
        key = entry_key(path, entry, kinds, language, extensions, exempt) if passed is not None else ""
        seen.add(key)
        if key in (passed or ()):
            continue
        parser = myst if Kind.PAGE in kinds else NOTEBOOK_PARSER
        message = Translation(entry.msgid, entry.msgstr, kinds, language, parser, notebook_of(path))
        findings = list(entry_findings(path, entry, message, msgstr_line, exempt))
        yield from findings
        if passed is not None and not findings:
            passed.add(key)
    if passed is not None:
        passed.intersection_update(seen)  # entries edited or removed since: their keys go


def entry_findings(
    path: Path,
    entry: polib.POEntry,
    message: Translation,
    msgstr_line: Callable[[polib.POEntry], int],
    terminology_exempt: frozenset[str] = frozenset(),
) -> Iterator[Finding]:
    found = False
    for name, breaks_rule in ENTRY_CHECKS.items():
        if (name in ONLY_IF_NOTHING_ELSE and found) or not breaks_rule(message):
            continue
        found = True
        detail = difference(name, message) or EXPLANATIONS.get(name, "")
        yield Finding(path, msgstr_line(entry), name, entry.msgid, entry.msgstr, detail)
    if catalog_domain(path) == FIGURES_DOMAIN and (detail := label_too_wide(entry)):
        yield Finding(path, msgstr_line(entry), "width", entry.msgid, entry.msgstr, detail)
    domain = catalog_domain(path)
    if domain not in terminology_exempt and not in_country_aside(domain, entry.msgid):
        for detail in terminology_variants(entry.msgstr, message.language):
            yield Finding(path, msgstr_line(entry), "terminology", entry.msgid, entry.msgstr, detail)


def msgstr_lines(path: Path) -> Callable[[polib.POEntry], int]:
    """The line of an entry's msgstr: what the translator wrote, below its comments and msgid."""
    lines = path.read_text(encoding="utf-8").split("\n")

    def msgstr_line(entry: polib.POEntry) -> int:
        after = range(entry.linenum - 1, len(lines))
        return next((number + 1 for number in after if lines[number].startswith("msgstr")), entry.linenum)

    return msgstr_line


def fuzzy_entries(path: Path) -> list[Finding]:
    """The fuzzy entries of a catalog that parses: work to do for its translator, never a failure."""
    if file_problems(path) or text_problems(path) or syntax_errors(path):
        return []  # check_catalog reports those
    line_of = msgstr_lines(path)
    catalog = polib.pofile(str(path))
    return [Finding(path, line_of(entry), "fuzzy", entry.msgid) for entry in catalog.fuzzy_entries() if entry.msgid]


def source_drift(path: Path, templates: Path) -> list[Finding]:
    """Translated entries whose msgid the French source no longer has (``make gettext``'s templates), each
    with the closest French text: an msgid edited by mistake, or a French change not merged yet."""
    template_path = templates / f"{catalog_domain(path) or path.stem}.pot"
    if not template_path.is_file() or file_problems(path) or text_problems(path) or syntax_errors(path):
        return []  # a removed page's catalog (update-po reports it), or one check_catalog refuses
    source = {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(template_path))}
    texts = [msgid for _context, msgid in source]
    line_of = msgstr_lines(path)
    found = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete or not entry.msgid or not entry.msgstr or (entry.msgctxt, entry.msgid) in source:
            continue
        closest = difflib.get_close_matches(entry.msgid, texts, n=1, cutoff=0.5)
        detail = "this msgid is not in the French source: never edit a msgid (if the French changed, "
        detail += "make update-po brings the change in)"
        detail += f"; the closest French text: {shown_text(closest[0])}" if closest else ""
        found.append(Finding(path, line_of(entry), "msgid", entry.msgid, entry.msgstr, detail))
    return found


def label_too_wide(entry: polib.POEntry) -> str:
    """For a figure label: its length against what its box holds (none when it fits, or is not a label)."""
    room = all_label_widths().get((entry.msgctxt, entry.msgid))
    if room is None or len(entry.msgstr) <= room:
        return ""
    return f"the label is {len(entry.msgstr)} characters long; its box in the figure holds about {room}"


@cache
def configured_myst_extensions() -> tuple[str, ...]:
    """The MyST extensions conf.py enables, so the checks read pages as the build does."""
    return tuple(sorted(setting("myst_enable_extensions")))


@cache
def configured_terminology_exempt() -> frozenset[str]:
    """The pages conf.py exempts from the terminology table (the build's term check skips them too)."""
    return frozenset(setting("course_terminology_exempt"))


# What a reader sees of a message: a role's shown words, a link's text; code is not text.
SHOWN_ROLE = re.compile(r"\{[a-z:-]+\}`(?P<words>[^`<]*?)\s*(?:<[^`]*>)?`")
MARKDOWN_LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\([^)]*\)")


# An aside for readers who work with companies of another country (``:class: country-aside``) names
# that country's titles on purpose: the build's term check skips it (coursekit.sphinxext.term_check).
COUNTRY_ASIDE = re.compile(r"^:::\{admonition\}(?P<title>.*)\n:class: country-aside\n(?P<body>.*?)^:::$", re.M | re.S)


@cache
def country_asides(domain: str | None) -> str:
    """The text of a page's country asides (title and body), white space folded; empty for a notebook or UI."""
    page = REPO_ROOT / f"{domain}.md"
    if not domain or not page.is_file():
        return ""
    found = COUNTRY_ASIDE.finditer(page.read_text(encoding="utf-8"))
    return " ".join(" ".join(f"{match['title']} {match['body']}".split()) for match in found)


def in_country_aside(domain: str | None, msgid: str) -> bool:
    asides = country_asides(domain)
    return bool(asides) and " ".join(msgid.split()) in asides


def terminology_variants(msgstr: str, language: str) -> list[str]:
    """Each variant the terminology table forbids in the language, as the reader would see it written."""
    shown = MARKDOWN_LINK.sub(r"\g<text>", SHOWN_ROLE.sub(r"\g<words>", msgstr))
    text = normalised(INLINE_CODE.sub(" ", shown).replace("**", "").replace("*", ""))
    return [
        f"“{match[0]}” is a variant the terminology table forbids: write “{forbidden.canonical}” "
        "(locales/terminology.csv)"
        for forbidden in forbidden_variants(language)
        if (match := forbidden.pattern.search(text))
    ]


# What a catalog is checked against: the modules of its rules (the terminology table is read with them).
CHECKS_CODE = tuple(
    Path(module.__file__)
    for module in (sys.modules[__name__], message_kinds, notebook_conversion, notebook_i18n, terminology)
)
# The build's record of the catalogs and entries its guard checked (coursekit.sphinxext.catalog_guard), in its
# doctree folder: the kits, which read the catalogs after that build, check only what it did not see pass.
LEDGER_NAME = "checked-catalogs.json"


def rules_digest(myst_extensions: Iterable[str], exempt: Iterable[str]) -> str:
    """What the checks are: their code, the terminology table and the settings they read (the MyST extensions,
    the pages exempt from the table). A catalog is checked again when one changed (a new check applies to every
    catalog, not only to those edited since)."""
    digest = hashlib.sha256()
    settings = [sorted(myst_extensions), sorted(exempt)]
    digest.update(json.dumps(settings).encode() + b"\0")
    # Not the source notebooks, though they tell a message's kind: with them in, editing one notebook had
    # every English notebook page read and executed again (test_incremental). A notebook edit that changes a
    # message's kind changes its msgid too, so its catalog changes and is checked again anyway.
    for path in (*CHECKS_CODE, TERMINOLOGY_FILE):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def read_ledger(doctree_dir: Path) -> dict:
    """The guard's ledger in a build's doctree folder: per catalog (its path in the project), the digests of the
    catalog and of its compiled file, the rules it was checked by and the keys of its entries that passed them.
    Empty when there is none (or it cannot be read): everything is then checked."""
    try:
        ledger = json.loads((doctree_dir / LEDGER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return ledger if isinstance(ledger, dict) else {}


def passed_under(recorded: object, rules: str) -> set[str]:
    """The keys of the entries a ledger record holds as passing ``rules``; none when it was other rules."""
    if isinstance(recorded, list) and len(recorded) == 4 and recorded[2] == rules and isinstance(recorded[3], list):
        return set(recorded[3])
    return set()


def entries_passed(doctree_dir: Path, myst_extensions: Iterable[str], exempt: Iterable[str]) -> dict[str, set[str]]:
    """The entries the guard of the build in ``doctree_dir`` saw pass, per catalog (its path in the project),
    under the rules in force now. Entries are known by their content (``entry_key``), so an entry edited
    since, or a ledger from other rules, has nothing in it: it is checked again."""
    rules = rules_digest(myst_extensions, exempt)
    passed = {catalog: passed_under(recorded, rules) for catalog, recorded in read_ledger(doctree_dir).items()}
    return {catalog: keys for catalog, keys in passed.items() if keys}


def check_language_catalogs(language: str, passed_before: dict[str, set[str]] | None = None) -> Iterator[Finding | str]:
    """Every finding in the catalogs of one language (none for the source language). ``passed_before`` holds,
    per catalog (its path in the project), the keys of the entries already seen passing these same rules
    (``entries_passed``): those are not checked again."""
    for path in sorted((LOCALES_DIR / language).rglob("*.po")) if language in translated_languages() else []:
        passed = None if passed_before is None else set(passed_before.get(path.relative_to(REPO_ROOT).as_posix(), ()))
        yield from check_catalog(path, language, passed=passed)


def all_catalogs(languages: Iterable[str] | None = None) -> list[Path]:
    chosen = translated_languages() if languages is None else languages
    return sorted(path for language in chosen for path in (LOCALES_DIR / language).rglob("*.po"))
