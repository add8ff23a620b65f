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

from coursekit.core.kit_requirements import REQUIREMENTS_FILE, pinned_packages


def install_commands() -> str:
    # The kit README's commands, with the packages named instead of its requirements.txt.
    return "\n".join(
        [
            "python3 -m venv .venv",
            f".venv/bin/pip install {' '.join(pinned_packages())}",
            ".venv/bin/jupyter lab",
        ]
    )


class KitInstallCommandDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(REQUIREMENTS_FILE))
        try:
            text = install_commands()
        except ValueError as error:
            raise self.error(str(error)) from error
        block = nodes.literal_block(text, text, language="sh")
        self.set_source_info(block)
        return [block]


def setup(app: Sphinx) -> dict:
    app.add_directive("kit-install-command", KitInstallCommandDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
