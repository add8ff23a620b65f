"""The theme's icons without fontawesome.js (1.5 MB on every page).

``templates/static/webpack-macros.html`` leaves the script out;
``static/icons.css`` draws the few icons the theme shows.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict:
    app.add_css_file("icons.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
