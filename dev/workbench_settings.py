"""xblock-sdk workbench settings for insertion-pro: our own database, French first, no samples.

Used by `make run` and by the block and browser tests. Paths are relative to the checkout.
"""

import os

os.environ.setdefault("EXCLUDE_SAMPLE_XBLOCKS", "yes")

from workbench.settings import *  # noqa: F403

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("INSERTION_PRO_DB", "var/workbench.db"),
    }
}
LOGGING["handlers"]["logfile"]["filename"] = os.environ.get(  # noqa: F405
    "INSERTION_PRO_LOG", "var/workbench.log"
)
# The sdk logs every SQL query (DEBUG is on), an activity's whole content in each, and
# rotates its log at 50 KB: one request on a large activity would rotate its own lines out
# before anyone could read them, and formatting them costs more than the request itself.
LOGGING["loggers"]["django.db.backends"] = {  # noqa: F405
    "handlers": ["logfile"],
    "level": "INFO",
    "propagate": False,
}
LOGGING["handlers"]["logfile"]["maxBytes"] = 1_000_000  # noqa: F405
# The events blocks publish (grades, completion, tracking events), one line per event, as the
# workbench runtime logs them: what a platform's event stream would receive.
LOGGING["handlers"]["events"] = {  # noqa: F405
    "level": "INFO",
    "class": "logging.FileHandler",
    "filename": os.environ.get("INSERTION_PRO_EVENTS", "var/events.log"),
    "formatter": "events",
}
LOGGING.setdefault("formatters", {})["events"] = {"format": "%(message)s"}  # noqa: F405
LOGGING["loggers"]["workbench.runtime"] = {  # noqa: F405
    "handlers": ["events"],
    "level": "INFO",
    "propagate": False,
}
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
MIDDLEWARE = [
    *MIDDLEWARE[:2],  # noqa: F405
    "django.middleware.locale.LocaleMiddleware",
    *MIDDLEWARE[2:],  # noqa: F405
]
WORKBENCH = {
    **WORKBENCH,  # noqa: F405
    "services": {
        **WORKBENCH["services"],  # noqa: F405
        "i18n": "workbench_services.ProjectI18nService",
        "user": "workbench_services.WorkbenchUserWithRoles",
    },
}

# --- The real Open edX SCORM block (openedx-scorm-xblock), unchanged ----------------------
# Its workbench shims (scenarios, `location`) are applied by this app; see its docstring.
INSTALLED_APPS = [*INSTALLED_APPS, "openedx_scorm_shims.OpenedxScormShims"]  # noqa: F405
# By default the block serves a package's files through its `assets_proxy` handler, appending
# the file's path to the handler URL; the workbench's handler URLs end in `?student=…`, so the
# path would land in the query string. Served from MEDIA_URL instead, as edx-platform can.
XBLOCK_SETTINGS = {"ScormXBlock": {"PROXY_ASSETS_LMS": False}}
# The block extracts packages into Django's default storage (MEDIA_ROOT) and links its iframe
# to MEDIA_URL; the workbench's own URLs serve MEDIA_URL from MEDIA_ROOT (DEBUG is on). A test
# server gets its own folder (INSERTION_PRO_MEDIA).
MEDIA_ROOT = os.path.abspath(os.environ.get("INSERTION_PRO_MEDIA", "var/media"))
MEDIA_URL = "/media/"

# --- The course of course_content/, unit by unit, and its outline at /course/ ---------------
INSTALLED_APPS = [*INSTALLED_APPS, "course_outline.CourseOutline"]
ROOT_URLCONF = "workbench_urls"
