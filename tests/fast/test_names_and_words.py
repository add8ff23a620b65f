"""Language codes, file names and the machinery's words: what a translator's text can reach."""

from __future__ import annotations

import pytest

from coursekit.core.identity import slugify
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
