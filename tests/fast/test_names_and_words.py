"""Language codes, file names and the machinery's words: what a translator's text can reach."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from sphinx.builders.epub3 import _XML_NAME_PATTERN

from coursekit.core.identity import ProjectIdentity, slugify
from coursekit.core.languages import NotALanguage, check_language_code
from coursekit.core.ui_text import ui_format
from coursekit.tools.add_language import normalised_language


@pytest.mark.parametrize("code", ["de", "pt_BR", "fil"])
def test_language_folders_named_as_gettext_names_them(code):
    assert check_language_code(code) == code


@pytest.mark.parametrize("code", ["EN", "en-US", "pt_br", "q`id`>x", "de;x", "", "../en"])
def test_anything_else_is_not_a_language_folder(code):
    with pytest.raises(NotALanguage):
        check_language_code(code)


@pytest.mark.parametrize(
    ("code", "regional", "result"),
    [("de", False, ("de", "German")), ("pt_BR", True, ("pt_BR", "Portuguese (Brazil)"))],
)
def test_new_languages_are_normalised_by_babel(code, regional, result):
    assert normalised_language(code, regional) == result


@pytest.mark.parametrize(
    ("code", "regional", "message"),
    [
        ("EN", False, "did you mean en?"),
        ("en-GB", False, "did you mean en_GB?"),
        ("en_US", False, "regional variant of en"),
        ("fr_CA", True, "variant of the source language fr"),
        ("de;touch x", False, "not a language code Babel knows"),
        ("zh_Hant", False, "only a language, or a language and a country"),
    ],
)
def test_what_is_not_a_new_language_is_refused_with_what_to_type(code, regional, message):
    with pytest.raises(ValueError, match=message):
        normalised_language(code, regional)


@pytest.mark.parametrize(
    ("text", "slug"),
    [("Le COO", "le-coo"), ("Kit formateur", "kit-formateur"), ("../../../tmp/evil", "tmp-evil"), ("…", "")],
)
def test_file_names_from_words_are_slugs(text, slug):
    assert slugify(text) == slug


def test_a_format_string_may_only_name_the_values_it_is_given():
    assert ui_format("{minutes} min", "fr", minutes=5) == "5 min"
    assert ui_format("{hours} h {minutes:02d}", "fr", hours=1, minutes=5) == "1 h 05"


# An xs:ID is an NCName: what an EPUB uid and a SCORM manifest identifier must be.
ID_SCHEMA = etree.XMLSchema(
    etree.fromstring(
        b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="m">'
        b'<xs:complexType><xs:attribute name="identifier" type="xs:ID"/></xs:complexType></xs:element></xs:schema>'
    )
)
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _identity(title: str, language: str = "en") -> ProjectIdentity:
    return ProjectIdentity(language, title, "", "", "", "", "")


def _is_xs_id(value: str) -> bool:
    return ID_SCHEMA.validate(etree.fromstring(f'<m identifier="{value}"/>'.encode()))


def test_a_title_starting_with_a_digit_gives_names_the_e_book_and_lms_accept():
    course = _identity("24/7 COO")
    assert course.file_stem == "24-7-coo"
    assert course.identifier == "course-24-7-coo-en"
    assert _is_xs_id(course.identifier) and _is_xs_id(f"{course.identifier}-scorm12")
    assert not _is_xs_id("24-7-coo-en")  # what the identifier was before: the schema does refuse it


@given(title=st.text(max_size=40), language=st.sampled_from(["en", "de", "pt_BR"]))
def test_identifiers_and_file_names_are_valid_whatever_the_title(title, language):
    course = _identity(title, language)
    assert SLUG.fullmatch(course.file_stem), course.file_stem
    assert _XML_NAME_PATTERN.match(course.identifier), course.identifier  # as Sphinx checks epub_uid
    assert _is_xs_id(course.identifier) and _is_xs_id(f"{course.identifier}-scorm12")


def test_an_exercise_s_files_are_named_in_the_reader_s_language_from_its_translated_title():
    from coursekit.core.identity import notebook_file_stem
    from coursekit.core.notebooks import notebooks_in
    from coursekit.core.paths import REPO_ROOT

    notebooks = notebooks_in(REPO_ROOT / "exercises")
    assert [notebook_file_stem(path, "fr") for path in notebooks] == [path.stem for path in notebooks]
    english = [notebook_file_stem(path, "en") for path in notebooks]
    assert english[3] == "04-prioritise-delegate-manage-your-time"
    assert english[1] == "02-the-coos-duties"  # the apostrophe goes, the words stay together
    for path, name in zip(notebooks, english, strict=True):
        assert name != path.stem and name[:3] == path.stem[:3] and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name)


@pytest.mark.parametrize(
    ("translated_title", "name"),
    [
        ("Exercise 4 — ../../etc/passwd", "04-etc-passwd"),  # a path becomes words
        ("Übung 4 — Prioritäten setzen", "04-prioritaten-setzen"),
        ("练习 4 — 优先级", "04-prioriser-et-deleguer"),  # nothing to make a name of: the source name
        ("Exercice 4 — Prioriser, déléguer, maîtriser son temps", "04-prioriser-et-deleguer"),  # untranslated
    ],
)
def test_a_translated_title_gives_a_slug_or_leaves_the_source_name(monkeypatch, translated_title, name):
    from coursekit.core import identity as module
    from coursekit.core.paths import REPO_ROOT

    monkeypatch.setattr(module, "translator", lambda language, domain: lambda message: translated_title)
    assert module.notebook_file_stem(REPO_ROOT / "exercises" / "04-prioriser-et-deleguer.ipynb", "xx") == name
