"""Password sign-in to the pages (``AUTHENTICATION_BACKENDS``)."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend


class PortalBackend(ModelBackend):
    """Django's username-and-password backend, refusing the user behind an API client (issue 15):
    that account acts by its token only, so even a password set on it by hand (``manage.py
    changepassword``, a database edit) opens no page, and a session of it is not honoured."""

    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_service_account", False):
            return False
        return super().user_can_authenticate(user)
