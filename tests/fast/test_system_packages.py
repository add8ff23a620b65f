"""system-packages.txt: optional outputs' packages (build:pdf) are installed with the build's, never required."""

from __future__ import annotations

import pytest

from coursekit.tools import system_packages


@pytest.fixture
def package_list(tmp_path, monkeypatch):
    path = tmp_path / "system-packages.txt"
    monkeypatch.setattr(system_packages, "PACKAGE_LIST", path)
    return path


def test_a_missing_pdf_package_is_installed_with_the_build_but_not_required(package_list):
    package_list.write_text(
        "# comment\n"
        "build      sh                     dash        always there\n"
        "build:pdf  /nonexistent/xelatex   texlive-x   the PDFs\n"
        "test       /nonexistent/java      jre         the tests\n",
        encoding="utf-8",
    )
    assert system_packages.missing_packages(("build",)) == ["texlive-x"]
    assert system_packages.missing_packages(("build",), optional=False) == []
    assert system_packages.missing_packages(("build", "test")) == ["texlive-x", "jre"]


def test_an_unknown_optional_output_is_refused(package_list):
    package_list.write_text("build:poster  sh  dash  no such output\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="build:pdf"):
        system_packages.missing_packages(("build",))
