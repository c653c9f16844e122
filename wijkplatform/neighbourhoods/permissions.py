"""Permissions for municipalities and neighbourhoods."""

from wijkplatform.accounts.permissions import can_manage_places, is_admin


def can_create_place(user) -> bool:
    return can_manage_places(user)


def can_import_profiles(user) -> bool:
    """Upload CBS figures (and with them possibly create places): platform admins only."""
    return is_admin(user)
