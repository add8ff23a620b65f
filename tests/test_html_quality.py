"""The website in every language, as the Nu HTML Checker, axe-core and a real browser see it.

Every page of the session build is served over http://127.0.0.1 and opened in
Chromium at a desktop and a phone width; axe-core (WCAG 2.1 A and AA rules)
runs on each, and every request the page makes while it loads is recorded.
Pages are audited a few at a time (each in its own renderer process) to use
every core. The reports are kept under ``<artifacts>/html/<section>/``.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.async_api import async_playwright

from coursekit.core.languages import all_languages
from coursekit.sphinxext.self_contained import external_loads
from coursekit.testing.browser import AXE_OPTIONS, HEIGHT, WIDTHS, launch, serve
from coursekit.testing.validators import artifacts_dir, nu_errors, nu_html_check

LANGUAGES = all_languages()
LANDING = "landing"
SECTIONS = [*LANGUAGES, LANDING]


def site_pages(build_dir: Path, section: str) -> list[str]:
    """Every page of one language (or the landing page), relative to the site root."""
    root = build_dir / "html"
    if section == LANDING:
        return ["index.html"]
    return sorted(page.relative_to(root).as_posix() for page in (root / section).rglob("*.html"))


class _PageAuditor:
    """One browser tab at one width, kept for many pages (its cache spares reloading the theme)."""

    def __init__(self, page) -> None:
        self.page = page
        self.outside: list[str] = []
        self.failed: list[str] = []
        page.on(
            "response",
            lambda response: (
                self.failed.append(f"{response.status} {response.url}") if response.status >= 400 else None
            ),
        )

    @classmethod
    async def open(cls, browser, base: str, width: int) -> _PageAuditor:
        context = await browser.new_context(viewport={"width": width, "height": HEIGHT})
        # axe-core is in every document from the start: no 500 kB script sent again for each page.
        await context.add_init_script(AXE_SCRIPT)
        auditor = cls(await context.new_page())
        # Only requests leaving the site are intercepted (the pattern is matched inside the browser):
        # recorded, then refused, so the test neither depends on the network nor waits for it.
        await auditor.page.route(re.compile(rf"^(?!{re.escape(base)})"), auditor._refuse)
        return auditor

    async def _refuse(self, route) -> None:
        self.outside.append(route.request.url)
        await route.abort()

    async def audit(self, url: str) -> dict:
        self.outside.clear()
        self.failed.clear()
        await self.page.goto(url, wait_until="load")
        # What the page itself fetched; axe fetches style sheets again (and resolves their
        # @import against the page, not the sheet: an axe-core quirk, not a broken site).
        result = {"outside_requests": sorted(set(self.outside)), "failed_requests": sorted(set(self.failed))}
        response = await self.page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        result["axe-core"] = response["testEngine"]["version"]
        result["violations"] = [
            {
                "id": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "nodes": [node["html"][:300] for node in violation["nodes"]],
            }
            for violation in response["violations"]
        ]
        return result


async def _audit(root: Path, pages: list[str]) -> dict[str, dict]:
    """Every page at every width, by a few tabs at once (each tab renders in its own process)."""
    jobs: asyncio.Queue = asyncio.Queue()
    for name in pages:
        for width in WIDTHS.values():
            jobs.put_nowait((name, width))
    results: dict[str, dict] = {}
    with serve(root) as base:
        async with async_playwright() as playwright:
            browser = await launch(playwright)

            async def worker() -> None:
                auditors = {width: await _PageAuditor.open(browser, base, width) for width in WIDTHS.values()}
                while not jobs.empty():
                    name, width = jobs.get_nowait()
                    results[f"{name} @ {width}px"] = await auditors[width].audit(base + name)

            await asyncio.gather(*(worker() for _ in range(max(2, os.cpu_count() or 1))))
            await browser.close()
    return results


@cache
def browser_audit(build_dir: Path) -> dict[str, dict[str, dict]]:
    """Every page of every section at every width: axe-core's violations, requests outside the site, failed loads."""
    pages = {section: site_pages(build_dir, section) for section in SECTIONS}
    results = asyncio.run(_audit(build_dir / "html", [name for names in pages.values() for name in names]))
    by_section = {}
    for section, names in pages.items():
        by_section[section] = {key: value for key, value in results.items() if key.split(" @ ")[0] in names}
        report = artifacts_dir("html", section) / "axe-and-requests.json"
        report.write_text(json.dumps(by_section[section], indent=1, ensure_ascii=False), encoding="utf-8")
    return by_section


@cache
def nu_report(build_dir: Path) -> dict:
    """One run of the Nu HTML Checker (one Java start) over every language and the landing page."""
    root = build_dir / "html"
    return nu_html_check(
        [root / "index.html", *(root / language for language in LANGUAGES)], artifacts_dir("html") / "vnu.json"
    )


def section_of(url: str, build_dir: Path) -> str:
    relative = Path(unquote(urlsplit(url).path)).resolve().relative_to((build_dir / "html").resolve())
    return relative.parts[0] if len(relative.parts) > 1 else LANDING


@pytest.mark.parametrize("section", SECTIONS)
def test_nu_html_checker_reports_no_error(build_dir, section):
    messages = nu_report(build_dir)["messages"]
    # A message without a URL (the checker's own trouble) counts against every section.
    errors = nu_errors(
        {
            "messages": [
                message
                for message in messages
                if "url" not in message or section_of(message["url"], build_dir) == section
            ]
        }
    )
    assert errors == [], "\n".join(errors)


def test_nu_html_checker_finds_errors(tmp_path):
    """The checker is really run: a broken page is reported."""
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><html lang=en><title>x</title><p><div id=a></div><span id=a>", encoding="utf-8")
    assert nu_errors(nu_html_check([broken], tmp_path / "vnu.json"))


@pytest.mark.parametrize("section", SECTIONS)
def test_axe_finds_no_wcag_violation_at_both_widths(build_dir, section):
    results = browser_audit(build_dir)[section]
    assert len(results) == len(site_pages(build_dir, section)) * len(WIDTHS)
    violations = {page: result["violations"] for page, result in results.items() if result["violations"]}
    assert violations == {}


@pytest.mark.parametrize("section", SECTIONS)
def test_no_page_requests_anything_outside_the_site(build_dir, section):
    results = browser_audit(build_dir)[section]
    outside = {page: result["outside_requests"] for page, result in results.items() if result["outside_requests"]}
    assert outside == {}
    failed = {page: result["failed_requests"] for page, result in results.items() if result["failed_requests"]}
    assert failed == {}


def test_audit_records_requests_outside_the_site_and_violations(tmp_path):
    """The audit really sees: a page fetching a CDN script, with an image without text, is caught."""
    (tmp_path / "bad.html").write_text(
        '<!DOCTYPE html><html lang="en"><title>Bad</title><main><h1>Bad</h1>'
        '<script src="https://cdn.example.org/lib.js"></script><img src="missing.png"></main></html>',
        encoding="utf-8",
    )
    result = asyncio.run(_audit(tmp_path, ["bad.html"]))[f"bad.html @ {WIDTHS['desktop']}px"]
    assert result["outside_requests"] == ["https://cdn.example.org/lib.js"]
    assert any(url.endswith("/missing.png") for url in result["failed_requests"])
    assert "image-alt" in {violation["id"] for violation in result["violations"]}


def test_the_build_check_catches_a_cdn_script(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<script src="https://cdn.example.org/lib.js"></script><link rel="stylesheet" href="//cdn.example.org/a.css">'
        '<a href="https://example.org/">a link the reader follows is fine</a><img src="_images/local.png" alt="">',
        encoding="utf-8",
    )
    assert external_loads(page) == ["<script> https://cdn.example.org/lib.js", "<link> //cdn.example.org/a.css"]


class LinksAndAnchors(HTMLParser):
    """The ids a page defines and the URLs it points to."""

    URL_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src"}

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if attributes.get(name):
                self.ids.add(attributes[name])
        url = attributes.get(self.URL_ATTRIBUTES.get(tag, ""))
        if url is not None:
            self.urls.append(url)


@cache
def parsed(path: Path) -> LinksAndAnchors:
    parser = LinksAndAnchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(root: Path, page: Path) -> list[str]:
    broken = []
    for url in parsed(page).urls:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            continue  # outside the site: not this test's business (the sources page cites the web)
        target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file() or root.resolve() not in target.parents:
            broken.append(f"{url} (no file)")
        elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in parsed(target).ids:
            broken.append(f"{url} (no anchor)")
    return broken


@pytest.mark.parametrize("section", SECTIONS)
def test_every_internal_link_and_anchor_resolves(build_dir, section):
    root = build_dir / "html"
    pages = [root / name for name in site_pages(build_dir, section)]
    checked = sum(len(parsed(page).urls) for page in pages)
    assert checked > (0 if section == LANDING else 500), "links were found and checked"
    broken = {page.relative_to(root).as_posix(): problems for page in pages if (problems := broken_links(root, page))}
    assert broken == {}


def test_link_check_catches_a_missing_anchor(tmp_path):
    (tmp_path / "a.html").write_text('<a href="b.html#here">x</a><a href="b.html#gone">y</a><a href="c.html">z</a>')
    (tmp_path / "b.html").write_text('<h2 id="here">b</h2>')
    assert broken_links(tmp_path, tmp_path / "a.html") == ["b.html#gone (no anchor)", "c.html (no file)"]
