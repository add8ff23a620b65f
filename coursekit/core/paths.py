"""Where things live in the repository, so no module guesses a path."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = PACKAGE_DIR.parent
COURSE_FILE = REPO_ROOT / "course.toml"
LOCALES_DIR = REPO_ROOT / "locales"
UI_DOMAIN = "ui"
# Each language's sitemap, at the root of its website; the site root's robots.txt names them all.
SITEMAP = "sitemap.xml"
# What each page message is (heading, paragraph...), written beside the .pot templates by the extraction.
MESSAGE_KINDS_FILE = "message-kinds.json"
