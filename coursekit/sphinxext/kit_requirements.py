"""``{kit-install-command}``: the commands that install the exercises' software at home, as the kit pins it.

A learner who downloads a notebook from the website has no kit and no
``requirements.txt``: the course page on doing the exercises shows the commands
that set up the same environment (``coursekit.core.kit_requirements``, read from
the project's ``requirements.txt``), so the versions on the page are the ones
the kit and the tests use, never typed by hand.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from coursekit.core.kit_requirements import REQUIREMENTS_FILE, pinned_packages, start_commands
from coursekit.core.ui_text import ui_text


def install_commands(system: str) -> str:
    # The kit README's commands, with the packages named instead of its requirements.txt.
    return "\n".join(start_commands(system, " ".join(pinned_packages())))


class KitInstallCommandDirective(SphinxDirective):
    """One block of commands per system, each under the system's name (translated in ui.po)."""

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(REQUIREMENTS_FILE))
        language = self.config.language
        titles = {
            "windows": ui_text("Sous Windows, dans PowerShell :", language),
            "posix": ui_text("Sous macOS ou Linux, dans le Terminal :", language),
        }
        result: list[nodes.Node] = []
        for system, title in titles.items():
            try:
                text = install_commands(system)
            except ValueError as error:
                raise self.error(str(error)) from error
            label = nodes.paragraph(translatable=False)
            label += nodes.strong(text=title)
            block = nodes.literal_block(text, text, language="powershell" if system == "windows" else "sh")
            self.set_source_info(block)
            result += [label, block]
        return result


def setup(app: Sphinx) -> dict:
    app.add_directive("kit-install-command", KitInstallCommandDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
