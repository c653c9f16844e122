"""Permissions for municipalities and neighbourhoods."""

from wijkplatform.accounts.permissions import can_manage_places, is_moderator_of


def can_create_place(user) -> bool:
    return can_manage_places(user)


def can_edit_neighbourhood(user, neighbourhood) -> bool:
    return can_manage_places(user) or is_moderator_of(user, neighbourhood)
