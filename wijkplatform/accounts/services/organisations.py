"""Organisations: registering one, its members, the verified ones a person may post for."""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from wijkplatform.accounts.models import (
    Organisation,
    OrganisationKind,
    OrganisationMember,
    User,
)
from wijkplatform.accounts.services.rules import DISPLAY_NAME_MIN, normalise_display_name
from wijkplatform.core.audit import actor_label
from wijkplatform.core.errors import DomainError
from wijkplatform.core.text import clean_line, clean_text
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)

# --- Organisations -------------------------------------------------------------------

ORGANISATION_NAME_MAX = 120
ORGANISATION_OFFERS_MAX = 2_000
ORGANISATION_CONTACT_MAX = 200


def register_organisation(
    user: User,
    *,
    name: str,
    kind: str,
    neighbourhood_id: int | None,
    offers: str,
    contact: str,
    kvk_number: str | None = None,
) -> Organisation:
    """`user` registers an organisation and becomes its first member; it waits for a
    neighbourhood worker to verify it."""
    name = normalise_display_name(name)
    if len(name) < DISPLAY_NAME_MIN:
        raise DomainError(_l("Fill in the name of the organisation."), "name")
    if len(name) > ORGANISATION_NAME_MAX:
        raise DomainError(_l("Use at most %(max)d characters.", max=ORGANISATION_NAME_MAX), "name")
    try:
        kind = OrganisationKind(kind)
    except ValueError as error:
        raise DomainError(_l("Choose what kind of organisation this is."), "kind") from error
    if not any(
        m.neighbourhood_id == neighbourhood_id for m in user.memberships if neighbourhood_id
    ):
        raise DomainError(_l("Choose one of your neighbourhoods."), "neighbourhood_id")
    kvk_number = "".join((kvk_number or "").split()) or None
    if kvk_number is not None and not (
        len(kvk_number) == 8 and kvk_number.isascii() and kvk_number.isdigit()
    ):
        raise DomainError(_l("A KvK number has exactly 8 digits."), "kvk_number")
    offers = clean_text(offers)
    if not offers:
        raise DomainError(_l("Tell the neighbourhood what the organisation offers."), "offers")
    if len(offers) > ORGANISATION_OFFERS_MAX:
        raise DomainError(
            _l("Use at most %(max)d characters.", max=ORGANISATION_OFFERS_MAX), "offers"
        )
    contact = clean_line(contact)
    if not contact:
        raise DomainError(_l("Fill in how people can reach the organisation."), "contact")
    if len(contact) > ORGANISATION_CONTACT_MAX:
        raise DomainError(
            _l("Use at most %(max)d characters.", max=ORGANISATION_CONTACT_MAX), "contact"
        )
    organisation = Organisation(
        name=name,
        kind=kind,
        neighbourhood_id=neighbourhood_id,
        kvk_number=kvk_number,
        offers=offers,
        contact=contact,
        created_by_id=user.id,
        members=[OrganisationMember(user_id=user.id)],
    )
    db.session.add(organisation)
    db.session.flush()
    logger.info("user %s registered organisation %s", user.id, organisation.id)
    return organisation


def organisations_of(user) -> list[Organisation]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(
        db.session.scalars(
            select(Organisation)
            .join(OrganisationMember)
            .where(OrganisationMember.user_id == user.id)
            .order_by(Organisation.name)
        )
    )


def verified_organisations_of(user) -> list[Organisation]:
    """The organisations `user` may post for."""
    return [o for o in organisations_of(user) if o.verified]


def add_organisation_member(organisation: Organisation, user: User, *, actor=None) -> None:
    """Used by the demo and administrators; members can post once the organisation is
    verified."""
    if any(member.user_id == user.id for member in organisation.members):
        return
    organisation.members.append(OrganisationMember(user_id=user.id))
    db.session.flush()
    logger.info(
        "%s added user %s to organisation %s",
        actor_label(actor),
        user.id,
        organisation.id,
    )
