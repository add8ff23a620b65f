"""One age and one role per character, on every page and in every notebook.

``locales/characters.csv`` is the single source of the course's recurring fictional people: a name,
an age when the course gives one, and the role it gives them, as accepted appositions in each
language (``role_fr``, ``role_en``, separated by ``|``). After translation, every text block of every
page and notebook (a notebook's code and printed output too) is read in the build's language:

- ``Karim, 34 ans`` (``Karim, 34`` in English) must give the age of the table;
- ``Sofia, responsable de production`` (a name, a comma, then a role word) must open with one of the
  character's roles;
- a name with an age that the table does not list is reported too, so that the table stays complete.

Each finding is a warning at its file and line (``-W`` makes it an error).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from coursekit.core.paths import LOCALES_DIR
from coursekit.sphinxext.term_check import _blocks, normalised

logger = logging.getLogger(__name__)

CHARACTERS_FILE = LOCALES_DIR / "characters.csv"
# What opens a role apposition ("Sofia, responsable de…", "Sofia, the warehouse manager"), per language.
ROLE_WORDS = {
    "fr": r"(?:la |le |l')?(?:PDG|CEO|COO|CTO|CMO|CFO|CIO|responsable|directeur|directrice|chef|cheffe|fondat\w*|"
    r"candidat\w*|stagiaire|préparat\w*|technicien\w*|assistant\w*)",
    "en": r"(?:the |a |an )?(?:[\w’']+ )?(?:CEO|COO|CTO|CMO|CFO|CIO|manager|director|head|leader|founder|"
    r"candidate|intern|picker|technician|assistant)\b",
}
AGE = {"fr": r"(\d{1,2}) ans\b", "en": r"(\d{1,2})(?=, [a-z]|: )"}  # "Malik, 45, did…", "Karim, 41: …"
NAME = r"\b([A-ZÉÈ][a-zéèëïô]+), "


@dataclass(frozen=True)
class Character:
    name: str
    age: int | None
    roles: dict[str, list[str]]


def read_characters() -> dict[str, Character]:
    if CHARACTERS_FILE.is_symlink():  # under locales/: a translator's link must not make the build read elsewhere
        raise ValueError(f"{CHARACTERS_FILE.relative_to(LOCALES_DIR.parent)}: a symbolic link, not a file")
    with CHARACTERS_FILE.open(encoding="utf-8", newline="") as stream:
        return {
            row["name"]: Character(
                row["name"],
                int(row["age"]) if row["age"] else None,
                {
                    language: [normalised(role) for role in (row[f"role_{language}"] or "").split("|") if role]
                    for language in ("fr", "en")
                },
            )
            for row in csv.DictReader(stream)
        }


def findings(text: str, language: str, characters: dict[str, Character]) -> list[str]:
    """What a text block says of a character that the table contradicts or does not know.

    A language the table has no column for (a translation just started) still shows French where a
    message is not translated yet: its text is read with every language's patterns and roles.
    """
    found = []
    text = normalised(text)
    known_languages = sorted(ROLE_WORDS)
    readings = [language] if language in known_languages else known_languages
    for reading in readings:
        accepted = (
            (lambda character, reading=reading: character.roles.get(reading, []))
            if language in known_languages
            else (lambda character: [role for roles in character.roles.values() for role in roles])
        )
        age_pattern = re.compile(NAME + AGE[reading])
        role_pattern = re.compile(NAME + "(" + ROLE_WORDS[reading] + r"[^,;:.()]*)")
        for match in age_pattern.finditer(text):
            name, age = match[1], int(match[2])
            character = characters.get(name)
            if character is None:
                found.append(f"'{match[0]}': {name} is not in the character table (locales/characters.csv)")
            elif character.age != age:
                found.append(f"'{match[0]}': the character table gives {name} the age {character.age}")
        for match in role_pattern.finditer(text):
            name, role = match[1], match[2].strip()
            character = characters.get(name)
            if character is None:
                continue  # "*Chief*, CEO compris": a capitalised word before a role is not always a person
            roles = accepted(character)
            if not any(role.lower().startswith(known.lower()) for known in roles):
                expected = " | ".join(roles) or "no role"
                found.append(f"'{name}, {role}': the character table gives {name} the role '{expected}'")
    return sorted(set(found), key=found.index)


def check_characters(app: Sphinx, doctree: nodes.document) -> None:
    app.env.note_dependency(str(CHARACTERS_FILE))
    if app.builder.name == "gettext":
        return
    language = app.config.language
    characters = read_characters()
    notebook = str(app.env.doc2path(app.env.docname)).endswith(".ipynb")
    for block in _blocks(doctree, with_code=notebook):
        for finding in findings(block.astext().replace("'", "’"), language, characters):
            logger.warning(finding, location=block, type="course", subtype="characters")


def setup(app: Sphinx) -> dict:
    app.setup_extension("coursekit.sphinxext.term_check")
    app.connect("doctree-read", check_characters, priority=700)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
