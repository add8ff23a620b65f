"""The website's front door: ``<html-root>/index.html`` chooses a language.

Readers whose browser prefers one of the course's languages go straight to
it; everyone else (and every reader without JavaScript) sees the list.
Beside it, ``robots.txt`` names each language's sitemap (``coursekit.sphinxext.sitemap``).

Usage: ``python -m coursekit.tools.landing _build/html``
"""

from __future__ import annotations

import json
import sys
from html import escape
from pathlib import Path
from urllib.parse import quote

from coursekit.core.identity import identity, language_url
from coursekit.core.languages import language_tag, native_name, source_language
from coursekit.core.paths import PACKAGE_DIR, SITEMAP
from coursekit.core.translations import published_languages

HOME_PAGE = "index.html"
# The course's favicon (coursekit/sphinxext/static/favicon.svg), inline: the front door has no _static folder.
FAVICON = (PACKAGE_DIR / "sphinxext" / "static" / "favicon.svg").read_text(encoding="utf-8").strip()


def redirect_folders(languages: list[str]) -> dict[str, str]:
    """Lower-case BCP 47 tags, and each language alone, to the folder of the edition a browser asking for
    them gets (``pt-br`` and ``pt`` to ``pt_BR``); a language's own edition wins over a regional one."""
    folders = {}
    for code in sorted(languages, key=lambda code: "_" in code):
        folders.setdefault(language_tag(code).lower(), code)
        folders.setdefault(code.split("_")[0], code)
    return folders


def landing_page() -> str:
    languages = published_languages()  # a language below course.toml's publish_threshold is not offered
    entries = "\n".join(
        f'      <li lang="{language_tag(code)}"><a href="{code}/{HOME_PAGE}" hreflang="{language_tag(code)}">'
        f'<span class="title">{escape(identity(code).full_title)}</span> '
        f'<span class="language">({escape(native_name(code))})</span></a></li>'
        for code in languages
    )
    alternates = "\n".join(
        f'  <link rel="alternate" hreflang="{language_tag(code)}" href="{escape(language_url(code))}{HOME_PAGE}">'
        for code in languages
    )
    source = source_language()
    titles = " / ".join(escape(identity(code).title) for code in languages)
    favicon = "data:image/svg+xml," + quote(FAVICON)
    return f"""<!DOCTYPE html>
<html lang="{language_tag(source)}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{titles}</title>
  <meta name="description" content="{escape(identity(source).description)}">
  <link rel="icon" href="{escape(favicon)}">
{alternates}
  <link rel="alternate" hreflang="x-default" href="{escape(language_url(source))}{HOME_PAGE}">
  <script>
    // Go to the first language the browser prefers that the course offers: its tag (pt-BR), else its
    // language alone (pt-PT or pt: the course's only pt-* edition, pt-BR).
    (function () {{
      var folders = {json.dumps(redirect_folders(languages), sort_keys=True)};
      var wanted = navigator.languages || [navigator.language || ""];
      for (var i = 0; i < wanted.length; i++) {{
        var tag = (wanted[i] || "").toLowerCase();
        var folder = folders[tag] || folders[tag.split("-")[0]];
        if (folder) {{
          window.location.replace(folder + "/{HOME_PAGE}");
          return;
        }}
      }}
    }})();
  </script>
  <style>
    body {{ font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem; color: #1d1d1f; }}
    h1 {{ font-size: 1.6rem; }}
    ul {{ list-style: none; padding: 0; }}
    li {{ margin: 1rem 0; }}
    a {{ display: block; padding: 1rem; border: 1px solid #8a8a8a; border-radius: 0.5rem;
         color: #0b4f8a; text-decoration: none; }}
    a:hover, a:focus {{ background: #eef4fb; }}
    .language {{ color: #444; }}
  </style>
</head>
<body>
  <main>
    <h1>{titles}</h1>
    <ul>
{entries}
    </ul>
  </main>
</body>
</html>
"""


def robots_txt() -> str:
    sitemaps = "".join(f"Sitemap: {language_url(code)}{SITEMAP}\n" for code in published_languages())
    return f"User-agent: *\nAllow: /\n\n{sitemaps}"


def main(html_root: str) -> None:
    target = Path(html_root) / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(landing_page(), encoding="utf-8")
    (target.parent / "robots.txt").write_text(robots_txt(), encoding="utf-8")
    print(f"landing page: {target}, robots.txt")


if __name__ == "__main__":
    main(*sys.argv[1:])
