"""The question bank check, in a small Sphinx project (sphinx.testing): a predictable key and a final
item that repeats a lesson sentence are warnings at the question's file and line, in the build's language."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from coursekit.sphinxext.question_bank import crowded_position, key_limit, runs, words

CONF = """
extensions = ["myst_parser", "coursekit.sphinxext.quiz", "coursekit.sphinxext.question_bank"]
language = "fr"
myst_enable_extensions = ["colon_fence", "deflist"]
"""
LESSON = """---
durations:
  lesson: 5
  review: 5
  exercise: 5
---

# Module

Samuel confie à Sofia la réorganisation des stocks de l’entrepôt avant la fin du mois.

:::::{quiz}
{questions}
:::::
"""
FINAL = """---
durations:
  lesson: 5
  assessment: 5
---

# Final

:::::{assessment}
:pass-mark: 70
{questions}
:::::
"""


def question(stem: str, key: int, options: int = 3) -> str:
    flags = "\n".join(f"- [{'x' if index == key else ' '}] Option {index}" for index in range(options))
    return f"""
::::{{quiz-question}}
:type: single
:assesses: M1.1

{stem}

{flags}

:::{{answer}}
Parce que.
:::
::::
"""


def build(tmp_path: Path, lesson_keys: list[int], final_keys: list[int], final_stem: str = "Question {n} ?") -> str:
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(CONF, encoding="utf-8")
    (source / "index.md").write_text("# Accueil\n\n```{toctree}\nmodule\nfinal\n```\n", encoding="utf-8")
    lesson = "".join(question(f"Leçon {n} ?", key) for n, key in enumerate(lesson_keys))
    final = "".join(question(final_stem.format(n=n), key, options=4) for n, key in enumerate(final_keys))
    (source / "module.md").write_text(LESSON.replace("{questions}", lesson), encoding="utf-8")
    (source / "final.md").write_text(FINAL.replace("{questions}", final), encoding="utf-8")
    warnings = StringIO()
    app = SphinxTestApp("html", srcdir=source, warning=warnings)
    try:
        app.build()
    finally:
        app.cleanup()
    return warnings.getvalue()


def test_spread_keys_and_fresh_items_pass(tmp_path):
    assert "question_bank" not in build(tmp_path, [0, 2], [0, 1, 2, 3, 1, 2])


def test_a_predictable_key_is_a_located_warning(tmp_path):
    warnings = build(tmp_path, [1, 1], [1, 1, 1, 0, 2, 3])
    assert "module.md:" in warnings and "2 of the 2 one-key questions of this quiz are keyed 'b'" in warnings
    assert "final.md:" in warnings and "3 of the 6 one-key questions of this assessment are keyed 'b'" in warnings


def test_a_final_item_repeating_a_lesson_sentence_is_a_located_warning(tmp_path):
    stem = "Samuel confie à Sofia la réorganisation des stocks de l’entrepôt : est-ce une délégation ? ({n})"
    warnings = build(tmp_path, [0, 2], [0, 1, 2, 3], final_stem=stem)
    assert "final.md:" in warnings and "repeats 8 consecutive words of module.md" in warnings
    assert "la réorganisation des stocks" in warnings


@pytest.mark.parametrize(
    ("keys", "crowded"),
    [
        ([0], None),
        ([1, 1], (1, 2)),
        ([0, 1], None),
        ([0, 1, 2], None),
        ([0, 0, 1, 2, 3, 1, 2, 3], None),
        ([0, 0, 0, 1, 2, 3, 1, 2], (0, 3)),
    ],
)
def test_key_share(keys, crowded):
    assert crowded_position([(key, 1) for key in keys]) == crowded


def test_pure_logic():
    assert key_limit(20) == 7 and key_limit(2) == 1
    assert words("L’entrepôt d’Orme !") == ["l", "entrepôt", "d", "orme"]
    assert runs(["a", "b", "c"], size=2) == {"a b", "b c"}
    assert runs(["a"], size=2) == set()
