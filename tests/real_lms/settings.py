"""Django settings of the wagtail-lms site the real-LMS test runs on 127.0.0.1 (never imported by the project).

Everything lives in the folder named by ``LMS_DATA`` (SQLite database, uploaded and extracted
packages). Nothing may reach outside 127.0.0.1: Wagtail's update check and Gravatar are off.
"""

import os
from pathlib import Path

DATA = Path(os.environ["LMS_DATA"])
BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = "test-only-lms-key"  # noqa: S105 - a throwaway site on 127.0.0.1
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
INSTALLED_APPS = [
    "wagtail_lms",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.admin",
    "wagtail.sites",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA / "lms.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
MEDIA_ROOT = DATA / "media"
MEDIA_URL = "/media/"
STATIC_URL = "/static/"
USE_TZ = True
LOGIN_URL = "/admin/login/"
WAGTAIL_SITE_NAME = "Test LMS"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_LMS_AUTO_ENROLL = True
