"""Workbench services that behave as Open edX's do for our blocks.

- i18n: like the platform's XBlock i18n service, translate with the blocks' own catalog in
  the request's language (the project's copy, `xblocks/translations/<lang>/LC_MESSAGES/
  text.mo`; Open edX reads the identical one compiled beside each block's module).
- user: like the LMS's user service, tell staff apart; in the workbench a learner whose id
  starts with "trainer" (`?student=trainer1`) is course staff. As in the LMS, there is no
  `studio_user_permissions` service, so staff alone may edit a block. Each learner also gets
  an anonymous id, as the LMS gives one per learner and course.
"""

import hashlib

from django.utils import translation
from workbench.runtime import WorkBenchUserService
from xblock.reference.plugins import Service

from xblocks.common.i18n import catalog


class ProjectI18nService(Service):
    """gettext and friends from the project's catalog, in Django's active language."""

    def _catalog(self):
        return catalog(translation.get_language())

    def gettext(self, message):
        return self._catalog().gettext(message)

    def ngettext(self, singular, plural, count):
        return self._catalog().ngettext(singular, plural, count)

    ugettext = gettext
    ungettext = ngettext

    def get_language(self):
        return translation.get_language()


class WorkbenchUserWithRoles(Service):
    """The workbench user, marked as staff when its id starts with "trainer"."""

    def get_current_user(self):
        user_id = str(getattr(self.runtime, "user_id", None) or "")
        user = WorkBenchUserService(user_id).get_current_user()
        user.opt_attrs["edx-platform.user_is_staff"] = user_id.startswith("trainer")
        user.opt_attrs["edx-platform.user_id"] = user_id
        user.opt_attrs["edx-platform.username"] = user_id
        # As the LMS does: an opaque id per learner, which seeds the order of the choices.
        anonymous = hashlib.sha256(f"workbench:{user_id}".encode()).hexdigest()[:32]
        user.opt_attrs["edx-platform.anonymous_user_id"] = anonymous
        return user
