"""The command line the build's tools share (``coursekit.tools.command_line``): ``[BUILD_DIR [LANGUAGE ...]]``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coursekit.core.languages import all_languages
from coursekit.core.paths import REPO_ROOT
from coursekit.tools.command_line import build_folder_and_languages


def test_defaults_are_the_build_folder_and_every_language():
    assert build_folder_and_languages([]) == (Path("_build").resolve(), all_languages())
    assert build_folder_and_languages(["out", "en"]) == (Path("out").resolve(), ["en"])


@pytest.mark.parametrize("arguments", [["out", "xx"], ["--verbose"], ["out", "-j2"]])
def test_an_unknown_language_or_an_option_stops_with_status_2(arguments, capsys):
    with pytest.raises(SystemExit) as stopped:
        build_folder_and_languages(arguments)
    assert stopped.value.code == 2
    assert "unknown" in capsys.readouterr().err


def test_help_prints_how_the_tool_is_started_and_reads_or_writes_nothing():
    command = [sys.executable, "-m", "coursekit.tools.kit", "--help"]
    process = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    assert process.stdout.startswith("usage: python -m coursekit.tools.kit [BUILD_DIR [LANGUAGE ...]]")
    assert not (REPO_ROOT / "--help").exists()
