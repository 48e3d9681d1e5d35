"""Password sign-in to the pages (``AUTHENTICATION_BACKENDS``)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PortalBackend(ModelBackend):
    """Django's username-and-password backend, refusing the user behind an API client (issue 15):
    that account acts by its token only, so even a password set on it by hand (``manage.py
    changepassword``, a database edit) opens no page, and a session of it is not honoured."""

    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_service_account", False):
            return False
        return super().user_can_authenticate(user)

    def get_user(self, user_id):
        """The session's user with its API client joined, so refusing a service account costs
        no query of its own on every request (pages keep their fixed query counts)."""
        model = get_user_model()
        try:
            user = model._default_manager.select_related("api_client").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
