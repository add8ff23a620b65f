"""Every page, with everything it loads as it opens, within its budget on disk.

A size, not a time: the scores Lighthouse gives the pages are measured by
``make bench`` only.
"""

from __future__ import annotations

from coursekit.testing.page_weight import PAGE_BUDGET, page_weight


def test_every_page_with_what_it_loads_is_within_the_budget(build_dir):
    weights = [page_weight(page) for page in (build_dir / "html").rglob("*.html")]
    assert len(weights) > 30
    heavy = {
        weight.page.relative_to(build_dir).as_posix(): f"{weight.bytes / 1024:.0f} KB"
        for weight in weights
        if weight.bytes > PAGE_BUDGET
    }
    assert heavy == {}, f"over {PAGE_BUDGET // 1024} KB on disk"


def test_page_weight_counts_styles_scripts_images_and_icons_once(tmp_path):
    (tmp_path / "a.css").write_bytes(b"x" * 1000)
    (tmp_path / "b.js").write_bytes(b"x" * 2000)
    (tmp_path / "c.png").write_bytes(b"x" * 4000)
    (tmp_path / "d.svg").write_bytes(b"x" * 8000)
    page = tmp_path / "page.html"
    page.write_text(
        '<link rel="stylesheet" href="a.css?v=1"><link rel="icon" href="d.svg"><script src="b.js"></script>'
        '<img src="c.png" alt=""><img src="c.png" alt=""><a href="other.html">followed later</a>'
        '<script src="https://cdn.example.org/x.js"></script>',
        encoding="utf-8",
    )
    weight = page_weight(page)
    assert weight.bytes == page.stat().st_size + 15000
