"""factory_boy factories for the models; they flush, the test decides when to commit."""

from __future__ import annotations

from datetime import timedelta

import factory
from werkzeug.security import generate_password_hash

from wijkplatform.accounts.models import Membership, Role, User
from wijkplatform.contributions.models import (
    Comment,
    Contribution,
    ContributionCategory,
    ContributionKind,
    Stance,
)
from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import Municipality, Neighbourhood

PASSWORD = "correct horse battery"
# Admins must use two-factor login; the `login` fixture answers the code step with this.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_PASSWORD_HASH = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")
# Factory accounts are established residents, whose support and reports count
# (accounts.permissions.counts_as_resident); a test about new accounts passes
# created_at=utcnow().
ESTABLISHED = timedelta(days=30)


class _Base(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class MunicipalityFactory(_Base):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    # GM1000-GM7999: never the codes the CBS fixtures use (GM88xx, GM99xx), however many
    # municipalities the earlier tests of a run made.
    cbs_code = factory.Sequence(lambda n: f"GM{1000 + n % 7000:04d}")


class NeighbourhoodFactory(_Base):
    class Meta:
        model = Neighbourhood

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Wijk {n}")
    slug = factory.Sequence(lambda n: f"wijk-{n}")
    description = "Een wijk om te testen."


class UserFactory(_Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"bewoner{n}@example.nl")
    display_name = factory.Sequence(lambda n: f"Bewoner {n}")
    password_hash = _PASSWORD_HASH
    locale = "nl"
    created_at = factory.LazyFunction(lambda: utcnow() - ESTABLISHED)
    email_confirmed_at = factory.LazyFunction(lambda: utcnow() - ESTABLISHED)


def membership(user: User, role: Role, *, neighbourhood=None, municipality=None) -> Membership:
    member = Membership(
        role=role,
        neighbourhood_id=neighbourhood.id if neighbourhood else None,
        municipality_id=municipality.id if municipality else None,
    )
    user.memberships.append(member)
    db.session.flush()
    return member


def resident(neighbourhood, **kwargs) -> User:
    user = UserFactory(**kwargs)
    membership(user, Role.RESIDENT, neighbourhood=neighbourhood)
    return user


def moderator(neighbourhood, **kwargs) -> User:
    user = UserFactory(**kwargs)
    membership(user, Role.MODERATOR, neighbourhood=neighbourhood)
    return user


def reviewer(municipality, **kwargs) -> User:
    user = UserFactory(**kwargs)
    membership(user, Role.REVIEWER, municipality=municipality)
    return user


def admin(**kwargs) -> User:
    kwargs.setdefault("totp_secret", TOTP_SECRET)
    user = UserFactory(**kwargs)
    membership(user, Role.ADMIN)
    return user


# --- contributions -------------------------------------------------------------------


class ContributionFactory(_Base):
    class Meta:
        model = Contribution

    kind = ContributionKind.ISSUE
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    # As services.create_contribution sets it.
    municipality_id = factory.LazyAttribute(lambda o: o.neighbourhood.municipality_id)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Bijdrage nummer {n}")
    body = "Een korte beschrijving van wat er speelt."
    category_rows = factory.LazyFunction(lambda: [ContributionCategory(category="community")])


class CommentFactory(_Base):
    class Meta:
        model = Comment

    contribution = factory.SubFactory(ContributionFactory)
    author = factory.SubFactory(UserFactory)
    body = "Een reactie."
    stance = Stance.NEUTRAL
