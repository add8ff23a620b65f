"""Where things live in the repository, so no module guesses a path."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
COURSE_FILE = REPO_ROOT / "course.toml"
LOCALES_DIR = REPO_ROOT / "locales"
UI_DOMAIN = "ui"
