"""The attacks a hostile translator would try, shared by the fast checks and the real-build tests.

Each attack is a msgstr for a real message of a real source (the kind of a
message comes from its source), with the check that must refuse it.
"""

from __future__ import annotations

from pathlib import Path

import polib
from hypothesis import strategies as st

from coursekit.core.notebook_i18n import extract_messages, read_notebook
from coursekit.core.paths import REPO_ROOT
from coursekit.sphinxext.catalog_checks import Finding, check_catalog

HEADER = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
NOTEBOOK = "01-faut-il-un-coo"
SENTINEL = "/tmp/coursekit-sentinel-{}"
EVIL_SITE = "https://evil.example/p"


def _notebook_message(kind: str, containing: str = "") -> str:
    messages = extract_messages(read_notebook(REPO_ROOT / "exercises" / f"{NOTEBOOK}.ipynb"))
    return next(message.text for message in messages if message.kind == kind and containing in message.text)


PAGE_MESSAGE = "Le COO pilote les opérations au quotidien."
HEADING = _notebook_message("markdown", "Exercice 1")
PARAGRAPH = _notebook_message("markdown", "Objectif")
LIST_ITEM = _notebook_message("markdown", "Exécutez ensuite cette cellule")
PLAIN_PARAGRAPH = _notebook_message("markdown", "Le graphique suivant")  # no emphasis, code or link
COMMENT = _notebook_message("comment")
STRING = _notebook_message("string", "Bonne réponse")
SCORE = _notebook_message("string", "{right}")
FIGURE_TEXT = "Conseil d’administration"

# (catalog under locales/en/LC_MESSAGES, msgid, hostile msgstr, the check that must refuse it)
ATTACKS = {
    # Pages (MyST, parsed again by Sphinx): files read at build time, markup, lost content.
    "page: eval-rst include of /etc/passwd": (
        "course/02-missions",
        PAGE_MESSAGE,
        "```{eval-rst}\n.. include:: /etc/passwd\n```",
        "structure",
    ),
    "page: include directive": (
        "course/02-missions",
        PAGE_MESSAGE,
        "```{include} /proc/self/environ\n```",
        "structure",
    ),
    "page: colon-fenced raw directive": (
        "course/02-missions",
        PAGE_MESSAGE,
        ":::{raw} html\n<script>alert(1)</script>\n:::",
        "structure",
    ),
    "page: a heading instead of a paragraph": ("course/02-missions", PAGE_MESSAGE, "# The COO", "structure"),
    "page: a paragraph then a heading": (
        "course/02-missions",
        PAGE_MESSAGE,
        "The COO runs operations.\n\n# More",
        "structure",
    ),
    "page: a paragraph then a list": (
        "course/02-missions",
        PAGE_MESSAGE,
        "The COO runs operations.\n\n- and more",
        "structure",
    ),
    "page: a definition list": ("course/02-missions", PAGE_MESSAGE, "The COO\n: runs operations", "structure"),
    "page: download role reads a file": (
        "course/02-missions",
        PAGE_MESSAGE,
        "The COO {download}`/etc/passwd` runs.",
        "roles",
    ),
    "page: role with double backticks": (
        "course/02-missions",
        PAGE_MESSAGE,
        "The COO {download}``/etc/passwd`` runs.",
        "roles",
    ),
    "page: literalinclude through a role-like spelling": (
        "course/02-missions",
        PAGE_MESSAGE,
        "The COO {doc}`/etc/passwd` runs.",
        "roles",
    ),
    "page: external image": ("course/02-missions", PAGE_MESSAGE, f"The COO ![x]({EVIL_SITE}.png) runs.", "links"),
    "page: javascript link": ("course/02-missions", PAGE_MESSAGE, "The [COO](javascript:alert(1)) runs.", "script"),
    "page: autolink": ("course/02-missions", PAGE_MESSAGE, f"The COO <{EVIL_SITE}> runs.", "links"),
    "page: inline HTML with a handler": (
        "course/02-missions",
        PAGE_MESSAGE,
        "The COO <img src=x onerror=alert(1)> runs.",
        "html",
    ),
    "page: tag with a slash after its name": (
        "course/02-missions",
        PAGE_MESSAGE,
        f'The COO <meta/http-equiv="refresh" content="0;url={EVIL_SITE}">',
        "html",
    ),
    "page: entity-encoded script": (
        "course/02-missions",
        PAGE_MESSAGE,
        "The COO &lt;script&gt;alert(1)&lt;/script&gt; runs.",
        "html",
    ),
    "page: numeric entities": ("course/02-missions", PAGE_MESSAGE, "The COO &#60;script&#x3E; runs.", "html"),
    "page: template syntax": ("course/02-missions", PAGE_MESSAGE, "The COO {{ config.__class__ }} runs.", "template"),
    "page: terminal escape": ("course/02-missions", PAGE_MESSAGE, "The COO \x1b[2J runs.", "control"),
    "page: bidirectional override": ("course/02-missions", PAGE_MESSAGE, "The COO \u202enur\u202c runs.", "control"),
    # One character policy for every kind: nothing invisible, nothing XML 1.0 cannot hold.
    "page: noncharacter U+FFFF (ill-formed XHTML)": (
        "course/02-missions",
        PAGE_MESSAGE,
        "The COO\uffff runs.",
        "control",
    ),
    "page: noncharacter U+FFFE": ("course/02-missions", PAGE_MESSAGE, "The COO\ufffe runs.", "control"),
    "page: noncharacter U+FDD0": ("course/02-missions", PAGE_MESSAGE, "The COO\ufdd0 runs.", "control"),
    "page: unassigned code point": ("course/02-missions", PAGE_MESSAGE, "The COO\u0378 runs.", "control"),
    "page: tag characters, hidden text": (
        "course/02-missions",
        PAGE_MESSAGE,
        "The COO runs." + "".join(chr(0xE0000 + ord(c)) for c in "visit evil.example"),
        "control",
    ),
    "page: zero-width space dodges a term": ("course/02-missions", PAGE_MESSAGE, "The C\u200bOO runs.", "control"),
    "page: word joiner": ("course/02-missions", PAGE_MESSAGE, "The COO\u2060 runs.", "control"),
    "page: byte-order mark inside the text": ("course/02-missions", PAGE_MESSAGE, "The \ufeffCOO runs.", "control"),
    "page: C1 control": ("course/02-missions", PAGE_MESSAGE, "The COO\x85 runs.", "control"),
    "ui: noncharacter in the course title (EPUB cover, SCORM manifest)": ("ui", "Le COO", "The COO\uffff", "control"),
    "ui: tag characters in a word": ("ui", "Langue de la page", "Language\U000e0041", "control"),
    "figure: zero-width space": ("figures", FIGURE_TEXT, "Board\u200b", "control"),
    "notebook string: noncharacter": (f"exercises/{NOTEBOOK}", STRING, "✅ Right\uffff", "control"),
    "notebook comment: zero-width space": (f"exercises/{NOTEBOOK}", COMMENT, "Data\u200b", "control"),
    "page: very long string hiding a frame": (
        "course/02-missions",
        PAGE_MESSAGE,
        "The COO runs. " * 5000 + f"<iframe/src={EVIL_SITE}>",
        "html",
    ),
    # Notebook Markdown (converted by pandoc, which passes raw HTML through).
    "notebook markdown: meta refresh": (
        f"exercises/{NOTEBOOK}",
        PARAGRAPH,
        f'Goal <meta/http-equiv="refresh" content="0;url={EVIL_SITE}">',
        "html",
    ),
    "notebook markdown: form": (f"exercises/{NOTEBOOK}", PARAGRAPH, f"Goal <form/action={EVIL_SITE}>", "html"),
    "notebook markdown: iframe": (f"exercises/{NOTEBOOK}", PARAGRAPH, f"Goal <iframe/src={EVIL_SITE}>", "html"),
    "notebook markdown: entity-encoded tag": (
        f"exercises/{NOTEBOOK}",
        PARAGRAPH,
        "Goal &#x3C;script&#x3E;alert(1)",
        "html",
    ),
    "notebook markdown: a new block after a line break": (
        f"exercises/{NOTEBOOK}",
        PARAGRAPH,
        "Goal\n\n# Another heading",
        "structure",
    ),
    "notebook markdown: heading becomes a list": (f"exercises/{NOTEBOOK}", HEADING, "- Exercise 1", "structure"),
    "notebook markdown: pandoc raw attribute": (f"exercises/{NOTEBOOK}", PARAGRAPH, "Goal `<b>`{=html}", "code"),
    "notebook markdown: TeX math": (f"exercises/{NOTEBOOK}", PARAGRAPH, "Goal $\\input{/etc/passwd}$", "markup"),
    "notebook markdown: bare URL, a link in Jupyter": (
        f"exercises/{NOTEBOOK}",
        PARAGRAPH,
        f"Goal: sign in at {EVIL_SITE}/login",
        "links",
    ),
    # Notebook Markdown after the build's conversion (pandoc's reStructuredText, read by docutils):
    # explicit markup passes pandoc's RST writer as it is, wherever it stands.
    "notebook markdown: literalinclude at the start": (
        f"exercises/{NOTEBOOK}",
        PLAIN_PARAGRAPH,
        ".. literalinclude:: ../../../../../etc/hostname",
        "conversion",
    ),
    "notebook markdown: include in a heading": (
        f"exercises/{NOTEBOOK}",
        HEADING,
        ".. include:: /etc/passwd",
        "conversion",
    ),
    "notebook markdown: include in a list item": (
        f"exercises/{NOTEBOOK}",
        LIST_ITEM,
        ".. include:: /proc/self/environ",
        "conversion",
    ),
    "notebook markdown: raw directive": (f"exercises/{NOTEBOOK}", PLAIN_PARAGRAPH, "..  raw:: html", "conversion"),
    "notebook markdown: literal block marker": (f"exercises/{NOTEBOOK}", PLAIN_PARAGRAPH, "Goal::", "conversion"),
    "notebook markdown: pandoc title block drops the text": (
        f"exercises/{NOTEBOOK}",
        PLAIN_PARAGRAPH,
        "% Goal",
        "conversion",
    ),
    "notebook markdown: TeX conditional": (
        f"exercises/{NOTEBOOK}",
        PLAIN_PARAGRAPH,
        "\\iffalse Goal \\fi shown",
        "conversion",
    ),
    "notebook markdown: pandoc inline footnote": (
        f"exercises/{NOTEBOOK}",
        PLAIN_PARAGRAPH,
        "Goal^[a note]",
        "conversion",
    ),
    "notebook markdown: pandoc example list": (f"exercises/{NOTEBOOK}", PLAIN_PARAGRAPH, "(@) Goal", "conversion"),
    "notebook markdown: pandoc letter list": (f"exercises/{NOTEBOOK}", PLAIN_PARAGRAPH, "A. Goal", "conversion"),
    "page: bare URL": ("course/02-missions", PAGE_MESSAGE, "The COO runs www.evil.example today.", "links"),
    "notebook markdown: external image": (f"exercises/{NOTEBOOK}", PARAGRAPH, f"Goal ![x]({EVIL_SITE}.png)", "links"),
    # Notebook code: comments stay comments; strings stay strings and their format fields.
    "notebook comment: line break then code": (
        f"exercises/{NOTEBOOK}",
        COMMENT,
        f"Data\nimport os; os.system('touch {SENTINEL.format('comment')}')",
        "structure",
    ),
    "notebook comment: carriage return then code": (f"exercises/{NOTEBOOK}", COMMENT, "Data\rimport os", "control"),
    "notebook comment: Unicode line separator": (f"exercises/{NOTEBOOK}", COMMENT, "Data\u2028import os", "structure"),
    "notebook comment: form feed": (f"exercises/{NOTEBOOK}", COMMENT, "Data\x0cimport os", "structure"),
    "notebook string: format field reads attributes": (
        f"exercises/{NOTEBOOK}",
        SCORE,
        "Right: {right.__class__.__mro__} of {total}",
        "placeholders",
    ),
    "notebook string: stray dollar for matplotlib": (f"exercises/{NOTEBOOK}", STRING, "✅ Right $!", "markup"),
    # SVG figure texts and the machinery's words.
    "figure: script element": ("figures", FIGURE_TEXT, "Board<script>alert(1)</script>", "html"),
    "figure: entity": ("figures", FIGURE_TEXT, "Board &amp;lt;", "html"),
    "figure: line break": ("figures", FIGURE_TEXT, "Board\nof directors", "structure"),
    "ui: attribute injection in a template": ("ui", "Langue de la page", 'Language" onmouseover="alert(1)', "script"),
    "ui: tag in a template": (
        "ui",
        "Langue de la page",
        f'"><meta/http-equiv=refresh content="0;url={EVIL_SITE}">',
        "html",
    ),
    "ui: format field reads attributes": ("ui", "{minutes} min", "{minutes.__class__} min", "placeholders"),
    "ui: unbalanced format braces": ("ui", "{minutes} min", "{minutes min", "placeholders"),
    # Quiz words the browser scripts fill ({score}...) and quiz options and feedback (page paragraphs).
    "quiz script word: closes its JSON script element": (
        "ui",
        "Score\u00a0: {score} sur {max}",
        "Score: {score}</script><script>alert(1)</script>",
        "html",
    ),
    "quiz script word: a field the script does not give": (
        "ui",
        "Score\u00a0: {score} sur {max}",
        "Score: {score} of {max} {document}",
        "placeholders",
    ),
    "quiz script word: a field dropped": ("ui", "Score\u00a0: {score} sur {max}", "Score: {score}", "placeholders"),
    "quiz option: a second option smuggled in": (
        "course/01-role-du-coo",
        "La troisième, sous le CTO et le CMO.",
        "Third.\n\n- [x] Fourth",
        "structure",
    ),
    "quiz option feedback: a directive": (
        "course/01-role-du-coo",
        "Non\u00a0: le CEO, ou PDG, reste le numéro un de l’entreprise.",
        "No.\n\n:::{answer}\nb\n:::",
        "structure",
    ),
}


def write_catalog(folder: Path, domain: str, msgid: str, msgstr: str) -> Path:
    path = folder / "locales" / "en" / "LC_MESSAGES" / f"{domain}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + str(polib.POEntry(msgid=msgid, msgstr=msgstr)), encoding="utf-8")
    return path


def msgstr_line(path: Path) -> int:
    """The line of the (one) msgstr of a catalog written by write_catalog: where findings point."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, start=1) if line.startswith("msgstr") and number > 2)


def replace_msgstr(catalog: Path, msgid: str, msgstr: str) -> int:
    """Put ``msgstr`` on the entry of ``msgid`` in a real catalog, as a translator's editor would; return the
    line of its msgstr, where findings point."""
    parsed = polib.pofile(str(catalog), wrapwidth=79)
    entry = parsed.find(msgid)
    assert entry is not None, f"{msgid!r} is not in {catalog}"
    assert entry.msgstr != msgstr, f"{msgid!r} already reads {msgstr!r} in {catalog}: the edit would change nothing"
    entry.msgstr = msgstr
    parsed.save()
    lines = catalog.read_text(encoding="utf-8").split("\n")
    start = next(entry.linenum for entry in polib.pofile(str(catalog)) if entry.msgid == msgid)
    return next(number for number in range(start, len(lines) + 1) if lines[number - 1].startswith("msgstr"))


def findings_of(path: Path) -> list[Finding | str]:
    return list(check_catalog(path, "en"))


# Any text a translator could type, the characters that mean something to a parser first.
hostile_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("<>&;:/\\`'\"{}[]()!#*_-|$%=.\n\r\t\x00\x0b\x0c\u2028\u202e ")),
        st.characters(codec="utf-8"),
    ),
    max_size=200,
)
NOTEBOOK_SOURCE = read_notebook(REPO_ROOT / "exercises" / f"{NOTEBOOK}.ipynb")
NOTEBOOK_MESSAGES = extract_messages(NOTEBOOK_SOURCE)
