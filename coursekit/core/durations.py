"""Durations as the course writes them, in the build's language: ``25 min``, ``2 h``, ``1 h 05``."""

from __future__ import annotations

from coursekit.core.ui_text import ui_format


def format_duration(minutes: int, language: str) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return ui_format("{minutes} min", language, minutes=rest)
    if not rest:
        return ui_format("{hours} h", language, hours=hours)
    return ui_format("{hours} h {minutes:02d}", language, hours=hours, minutes=rest)
