"""URLs of the test LMS: wagtail-lms under /lms/ (its launch URLs name that prefix), Wagtail's pages."""

from django.urls import include, path

urlpatterns = [
    path("lms/", include("wagtail_lms.urls")),
    path("", include("wagtail.urls")),
]
