"""Durations: written once by part in each page's front matter, shown and added up in every language."""

from __future__ import annotations

import pytest

from coursekit.core.durations import format_duration
from coursekit.sphinxext.pedagogy import DurationsError, ModuleInfo, front_matter_durations, parse_durations


@pytest.mark.parametrize(
    ("minutes", "french", "english"),
    [(5, "5 min", "5 min"), (60, "1 h", "1 hr"), (65, "1 h 05", "1 hr 05 min"), (335, "5 h 35", "5 hr 35 min")],
)
def test_durations_in_each_language(minutes, french, english):
    assert format_duration(minutes, "fr") == french
    assert format_duration(minutes, "en") == english  # from locales/en/LC_MESSAGES/ui.po


def test_a_module_lasts_the_sum_of_its_parts():
    parts = parse_durations('{"lesson": 10, "review": 5, "exercise": 25}')
    assert list(parts) == ["lesson", "review", "exercise"]
    assert ModuleInfo(parts).duration_minutes == 40 and ModuleInfo(parts).is_module
    synthesis = ModuleInfo(parse_durations('{"assessment": 35, "lesson": 5}'))
    assert synthesis.duration_minutes == 40 and not synthesis.is_module
    assert list(synthesis.parts) == ["lesson", "assessment"], "parts in teaching order, whatever the writing order"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("not json", "must map parts to minutes"),
        ("{}", "must map parts to minutes"),
        ('{"lesson": 10, "nap": 5, "exercise": 25}', "unknown part"),
        ('{"lesson": 10, "exercise": 25}', "either lesson, review, exercise"),
        ('{"lesson": 10, "review": 0, "exercise": 25}', "positive whole number"),
        ('{"lesson": 10, "review": 2.5, "exercise": 25}', "positive whole number"),
    ],
)
def test_wrong_durations_say_what_is_expected(raw, message):
    with pytest.raises(DurationsError, match=message):
        parse_durations(raw)


def test_durations_are_read_from_the_front_matter(tmp_path):
    page = tmp_path / "module.md"
    page.write_text("---\ndurations: {lesson: 10, review: 5, exercise: 25}\n---\n# Titre\n", encoding="utf-8")
    assert front_matter_durations(page) == {"lesson": 10, "review": 5, "exercise": 25}
    page.write_text("# Sans front matter\n", encoding="utf-8")
    assert front_matter_durations(page) is None
