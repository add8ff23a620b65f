"""The final assessment's settings, written once in ``course.toml`` (``[assessment]``).

``attempts_before_answers``: how many attempts a learner makes before the final
assessment shows its expected answers, when it is not passed before. The build
reads it and gives it to the page as data (``coursekit.sphinxext.quiz``).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from coursekit.core.paths import COURSE_FILE

DEFAULT_ATTEMPTS_BEFORE_ANSWERS = 3


class AssessmentSettingError(ValueError):
    """A value of ``[assessment]`` that cannot be used, said with the file and the key."""


def attempts_before_answers(course_file: Path = COURSE_FILE) -> int:
    """``[assessment] attempts_before_answers``: a whole number, at least 1 (the default when absent)."""
    with course_file.open("rb") as stream:
        section = tomllib.load(stream).get("assessment", {})
    value = section.get("attempts_before_answers", DEFAULT_ATTEMPTS_BEFORE_ANSWERS)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise AssessmentSettingError(
            f"{course_file.name}: [assessment] attempts_before_answers must be a whole number, 1 or more; got {value!r}"
        )
    return value
