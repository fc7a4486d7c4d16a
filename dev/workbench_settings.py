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
