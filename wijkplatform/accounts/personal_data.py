"""A resident's personal data: export it all as JSON, or erase the account (AVG/GDPR).

Higher features add their own data through a registry on the app, so accounts never
imports them. In a feature's `init_app(app)`:

    from wijkplatform.accounts import personal_data
    registries.register_exporter(app, "contributions", export_contributions)  # (user) -> JSON
    registries.register_eraser(app, anonymise_contributions)  # (user) -> None, flushes

Erasers run before the account itself is wiped; they remove or pseudonymise what the
feature stores about the user (content stays, linked to the tombstone account).
"""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from wijkplatform.accounts import mailed_links, recovery_codes
from wijkplatform.accounts.models import Organisation, OrganisationMember, User
from wijkplatform.accounts.services import rotate_session_token, verify_password
from wijkplatform.core import registries, signals
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)

ERASED_PASSWORD_HASH = "!erased"  # no hash method produces this: no password matches it
ERASED_EMAIL_DOMAIN = "invalid"  # RFC 2606: can never be a real address


def _iso(moment):
    return moment.isoformat() if moment else None


def export_account(user: User) -> dict:
    return {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "locale": user.locale,
        "created_at": _iso(user.created_at),
        "last_login_at": _iso(user.last_login_at),
        "two_factor_enabled": user.has_two_factor,
        "age_group": user.age_group.value if user.age_group else None,
        "years_in_neighbourhood": user.years_here.value if user.years_here else None,
    }


def export_memberships(user: User) -> list[dict]:
    return [
        {
            "role": m.role.value,
            "neighbourhood": m.neighbourhood.name if m.neighbourhood else None,
            "municipality": m.municipality.name if m.municipality else None,
            "since": _iso(m.created_at),
        }
        for m in user.memberships
    ]


def _organisations_of(user: User) -> list[Organisation]:
    """The organisations `user` belongs to or registered."""
    member_of = select(OrganisationMember.organisation_id).where(
        OrganisationMember.user_id == user.id
    )
    return list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.id.in_(member_of) | (Organisation.created_by_id == user.id))
            .order_by(Organisation.id)
        )
    )


def export_organisations(user: User) -> list[dict]:
    since = dict(
        db.session.execute(
            select(OrganisationMember.organisation_id, OrganisationMember.created_at).where(
                OrganisationMember.user_id == user.id
            )
        ).all()
    )
    return [
        {
            "name": organisation.name,
            "kind": organisation.kind.value,
            "neighbourhood": organisation.neighbourhood.name,
            "kvk_number": organisation.kvk_number,
            "offers": organisation.offers,
            "contact": organisation.contact,
            "status": organisation.status.value,
            "registered_by_you": organisation.created_by_id == user.id,
            "member_since": _iso(since.get(organisation.id)),
        }
        for organisation in _organisations_of(user)
    ]


def erase_organisation_memberships(user: User) -> None:
    """The person leaves every organisation. The organisation stays on the social map with
    its name and offers (they describe the organisation, and a neighbourhood worker verified
    them), but its contact goes when nobody else answers for it any more, or when the contact
    names the person; then it shows as "no contact at the moment". Its KvK number goes with
    the last member: for a one-person business it identifies the person."""
    own_words = [w.lower() for w in (user.email, user.display_name) if w and len(w) >= 3]
    for organisation in _organisations_of(user):
        others = [m for m in organisation.members if m.user_id != user.id]
        contact = (organisation.contact or "").lower()
        if not others or any(word in contact for word in own_words):
            organisation.contact = ""
        if not others:
            organisation.kvk_number = None
        organisation.members[:] = others
    db.session.flush()
    logger.info("user %s left their organisations", user.id)


def export_personal_data(user: User) -> dict:
    data = {"format": "wijkplatform-personal-data", "version": 1, "exported_at": _iso(utcnow())}
    for name, exporter in registries.exporters().items():
        data[name] = exporter(user)
    return data


def erase_account(user: User, *, password: str) -> None:
    """Wipe the personal data of `user`; the row stays as a tombstone `erased-<id>@invalid`."""
    if user.erased_at is not None:
        raise DomainError(_l("This account has already been erased."), "password")
    if not verify_password(user, password):
        raise DomainError(_l("This is not your current password."), "password")
    for eraser in registries.erasers():
        eraser(user)
    user.memberships.clear()
    user.email = f"erased-{user.id}@{ERASED_EMAIL_DOMAIN}"
    user.display_name = ""
    user.password_hash = ERASED_PASSWORD_HASH
    user.totp_secret = None
    user.totp_last_step = None
    user.last_login_at = None
    user.age_group = None
    user.years_here = None
    user.active = False
    user.erased_at = utcnow()
    rotate_session_token(user)
    logger.info("user %s erased their account", user.id)
    signals.account_erased.send("accounts", actor=user, user=user)


def init_app(app) -> None:
    registries.register_exporter(app, "account", export_account)
    registries.register_exporter(app, "memberships", export_memberships)
    registries.register_exporter(app, "organisations", export_organisations)
    # Mailed links hold the address they went to (for an e-mail change, the new one).
    registries.register_exporter(app, "mailed_links", mailed_links.export_links)
    registries.register_eraser(app, mailed_links.erase_links)
    registries.register_eraser(app, erase_organisation_memberships)
    # Recovery codes for two-factor login: the export says how many are unused, never a code
    # (only keyed hashes are stored); erasure deletes them.
    registries.register_exporter(app, "recovery_codes", recovery_codes.export_recovery_codes)
    registries.register_eraser(app, recovery_codes.erase_recovery_codes)
