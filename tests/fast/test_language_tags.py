"""Every output names its language with a BCP 47 tag: the folder pt_BR is the language pt-BR.

The website and the e-book of a regional language, built end to end, are checked in
``tests/test_catalogs.py`` (``make add-language LANG=pt_BR REGIONAL=1``).
"""

from __future__ import annotations

from lxml import etree

from coursekit.core.languages import language_tag
from coursekit.tools.landing import redirect_folders
from coursekit.tools.scorm import launch_page, manifest

STRUCTURE = {
    "lang": "pt-BR",
    "modules": ["course/a"],
    "progressPage": None,
    "assessment": {"page": "course/a", "passMark": 70, "max": 3},
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_a_folder_code_becomes_a_bcp47_tag():
    assert language_tag("pt_BR") == "pt-BR"
    assert language_tag("fr") == "fr"


def test_the_front_door_sends_a_browser_to_its_tag_or_its_language():
    assert redirect_folders(["fr", "en", "pt_BR"]) == {"fr": "fr", "en": "en", "pt-br": "pt_BR", "pt": "pt_BR"}
    # A language's own edition wins over a regional one for a browser that asks for the language alone.
    assert redirect_folders(["pt_BR", "pt"])["pt"] == "pt"
    assert redirect_folders(["pt_BR", "pt"])["pt-br"] == "pt_BR"


def test_the_scorm_package_of_a_regional_language_says_its_tag():
    tree = etree.fromstring(manifest("pt_BR", STRUCTURE, ["course/a.html", "imsmanifest.xml"]))
    languages = [element.text for element in tree.iter("{*}language")]
    assert languages == ["pt-BR"]
    assert {element.get(XML_LANG) for element in tree.iter("{*}langstring")} == {"pt-BR"}
    assert b'<html lang="pt-BR">' in launch_page("pt_BR", STRUCTURE, ["course/a"])
