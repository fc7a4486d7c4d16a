"""Who the current user is, as every block asks it of the runtime's `user` service: the key of
a learner's shuffles and records, the name staff read, and whether the user is course staff.

Open edX's user service gives the anonymous id of the learner in this course, the username and
the staff flag in `opt_attrs`; where the service or an attribute is missing (other runtimes,
tests), the runtime's user id stands in.
"""

from __future__ import annotations


class LearnerIdentity:
    """For a block that declares `@XBlock.wants("user")`."""

    def current_user(self):
        service = self.runtime.service(self, "user")
        return service.get_current_user() if service is not None else None

    def _user_attrs(self) -> dict:
        return getattr(self.current_user(), "opt_attrs", None) or {}

    def order_seed(self) -> str:
        """The learner's and block's part of every shuffle key (see xblocks/common/shuffle.py):
        the anonymous id Open edX gives this learner in this course, else the runtime's user
        id; and the block's url_name (`usage_id.block_id`), which a SCO of the same course uses.
        """
        learner = self._user_attrs().get("edx-platform.anonymous_user_id") or self.scope_ids.user_id
        usage = self.scope_ids.usage_id
        return f"{learner}|{getattr(usage, 'block_id', usage)}"

    def learner_key(self) -> tuple[str, str]:
        """The learner's key in the records staff read, and the name staff read there."""
        attrs = self._user_attrs()
        key = attrs.get("edx-platform.anonymous_user_id") or str(self.scope_ids.user_id)
        name = (
            attrs.get("edx-platform.username")
            or getattr(self.current_user(), "full_name", "")
            or key
        )
        return str(key), str(name)

    def is_staff(self) -> bool:
        return bool(self._user_attrs().get("edx-platform.user_is_staff"))
