"""Catalogs translation platforms understand: msgfmt -c, pofilter with the project's settings, Weblate's masks.

* GNU ``msgfmt -c`` reports no warning on any catalog (headers complete,
  ``python-brace-format`` placeholders kept).
* translate-toolkit's ``pofilter``, run on the English catalogs with the
  checks ``locales/pofilter.toml`` leaves out, finds exactly the findings it
  accepts (a new finding, or an accepted one that no longer fires, fails).
* The Weblate component discovery settings written in the README, applied to
  the tree, find one component per catalog, every catalog of every language,
  and nothing else; each component's file mask finds that component's files.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import polib

from coursekit.core.languages import source_language, translated_languages
from coursekit.core.paths import LOCALES_DIR, REPO_ROOT

POFILTER_SETTINGS = LOCALES_DIR / "pofilter.toml"
CHECK_NAME = re.compile(r"[a-z]+")


def every_catalog() -> list[Path]:
    return sorted(LOCALES_DIR.rglob("*.po"))


def test_msgfmt_check_reports_nothing():
    for catalog in every_catalog():
        process = subprocess.run(
            ["msgfmt", "-c", "--output-file=/dev/null", str(catalog)], capture_output=True, text=True
        )
        assert process.returncode == 0 and process.stderr == "", process.stderr


def pofilter_findings(language: str, excluded: list[str], output: Path) -> set[tuple[str, str, str]]:
    assert all(CHECK_NAME.fullmatch(name) for name in excluded), "locales/pofilter.toml: check names only"
    command = [str(Path(sys.executable).parent / "pofilter"), "--progress=none", f"--language={language}"]
    command += [f"--excludefilter={name}" for name in excluded]
    command += ["-i", str(LOCALES_DIR / language / "LC_MESSAGES"), "-o", str(output)]
    subprocess.run(command, check=True, capture_output=True)
    found = set()
    for result in output.rglob("*.po"):
        for entry in polib.pofile(str(result)):
            for check in re.findall(r"^\(pofilter\) ([a-z]+):", entry.tcomment, re.MULTILINE):
                found.add((result.relative_to(output).as_posix(), check, entry.msgid))
    return found


def test_pofilter_finds_only_the_accepted_findings(tmp_path):
    settings = tomllib.loads(POFILTER_SETTINGS.read_text(encoding="utf-8"))
    excluded = sorted(settings["excluded"])
    assert all(reason.strip() for reason in settings["excluded"].values()), "each excluded check says why"
    found = pofilter_findings("en", excluded, tmp_path / "pofilter")
    accepted = [item for item in settings["accepted"] if item["language"] == "en"]
    assert all(item["reason"].strip() for item in accepted)

    def is_accepted(finding: tuple[str, str, str], item: dict) -> bool:
        catalog, check, msgid = finding
        return (catalog, check) == (item["catalog"], item["check"]) and msgid.startswith(item["msgid_starts"])

    unexpected = [finding for finding in found if not any(is_accepted(finding, item) for item in accepted)]
    assert not unexpected, f"pofilter findings not accepted in locales/pofilter.toml: {unexpected}"
    stale = [item for item in accepted if not any(is_accepted(finding, item) for finding in found)]
    assert not stale, f"accepted in locales/pofilter.toml but no longer found: {stale}"


def readme_discovery_settings() -> dict[str, str]:
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("<!-- weblate-discovery: read by tests/fast/test_platforms.py -->", 1)[1].split("\n\n", 1)[0]
    rows = [line.strip("|").split("|") for line in table.strip().splitlines()[2:]]
    return {name.strip(): value.strip() for name, value in rows}


def test_the_readme_weblate_discovery_matches_the_tree():
    settings = readme_discovery_settings()
    pattern = re.compile(settings["Regular expression to match translation files"].strip("`").replace("\\\\", "\\"))
    language_filter = re.compile(settings["Language filter"].strip("`"))
    files = [path.relative_to(REPO_ROOT).as_posix() for path in REPO_ROOT.rglob("*") if path.is_file()]
    files = [name for name in files if not name.startswith((".venv/", "_build/", "node_modules/", ".git/"))]
    matched = {name: match for name in files if (match := pattern.fullmatch(name))}
    catalogs = {path.relative_to(REPO_ROOT).as_posix() for path in every_catalog()}
    assert set(matched) == catalogs, "the discovery must find every catalog, and nothing else"
    assert {match["language"] for match in matched.values()} == set(translated_languages())
    assert all(language_filter.fullmatch(language) for language in translated_languages())
    assert not language_filter.fullmatch(source_language() + "-x") and not language_filter.fullmatch("LC_MESSAGES")
    components = {match["component"] for match in matched.values()}
    for component in components:
        # Weblate's file mask: the matched path with the language replaced by '*'.
        mask = f"locales/*/LC_MESSAGES/{component}.po"
        assert sorted(REPO_ROOT.glob(mask)) == sorted(
            REPO_ROOT / name for name, match in matched.items() if match["component"] == component
        )
    assert {"ui", "figures", "index", "course/02-missions", "exercises/01-faut-il-un-coo"} <= components
    assert "`po`" in settings["File format"]
