"""The test LMS's own steps, run by the LMS's Python (``LMS_DATA`` names its folder).

``python lms_site.py setup <package.zip>...``: create the database, a learner, and for each package
a course with one SCORM lesson, the package imported by wagtail-lms's own code (``SCORMPackage.save``
stores the zip, extracts it and reads its manifest, as its admin's upload does); print, as JSON,
each lesson's player URL, what the import read from each manifest, and the learner's session cookie.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files import File  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from wagtail.models import Page  # noqa: E402
from wagtail_lms.models import CoursePage, SCORMLessonPage, SCORMPackage  # noqa: E402


def setup(packages: list[str]) -> dict:
    call_command("migrate", verbosity=0, interactive=False)
    learner = get_user_model().objects.create_user("learner", password="not-used-by-the-test")
    home = Page.objects.get(depth=2)
    lessons = {}
    for index, package_path in enumerate(packages):
        path = Path(package_path)
        with path.open("rb") as handle:
            package = SCORMPackage(title="", package_file=File(handle, name=path.name))
            package.save()
        course = home.add_child(instance=CoursePage(title=f"Course {index}", slug=f"course-{index}"))
        lesson = course.add_child(
            instance=SCORMLessonPage(title=package.title or path.stem, slug=f"lesson-{index}", scorm_package=package)
        )
        lessons[path.name] = {
            "player": f"/lms/scorm-lesson/{lesson.id}/play/",
            "package_id": package.id,
            "launch_url": package.get_launch_url(),
            "manifest": package.manifest_data,
            "version": package.version,
        }
    client = Client()
    client.force_login(learner)
    return {"lessons": lessons, "session": client.cookies["sessionid"].value, "learner_id": learner.id}


if __name__ == "__main__":
    if sys.argv[1:2] == ["setup"]:
        print(json.dumps(setup(sys.argv[2:])))
    else:
        raise SystemExit(f"usage: {sys.argv[0]} setup <package.zip>...")
