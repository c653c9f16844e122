"""The demo has reported items, a verified and an unverified organisation, and a second run
adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from wijkplatform.accounts.models import Organisation, OrganisationStatus
from wijkplatform.contributions.models import Contribution
from wijkplatform.demo import load_demo
from wijkplatform.extensions import db
from wijkplatform.moderation.models import Flag, ModerationEvent


def _counts():
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Organisation, Flag, ModerationEvent, Contribution)
    }


def test_demo_has_reports_and_organisations(app):
    load_demo(echo=lambda line: None)
    db.session.commit()
    statuses = dict(db.session.execute(select(Organisation.name, Organisation.status)).all())
    assert statuses["Buurthuis De Kade"] == OrganisationStatus.VERIFIED
    assert statuses["Taalcafé De Brug"] == OrganisationStatus.PENDING
    kade = db.session.scalar(select(Organisation).where(Organisation.name == "Buurthuis De Kade"))
    assert "buurthuis@lindenhoven.example" in {m.user.email for m in kade.members}
    assert db.session.scalar(select(func.count(Flag.id))) >= 5
    assert db.session.scalar(select(func.count()).where(Contribution.hidden.is_(True))) == 1
    assert (
        db.session.scalar(select(func.count()).where(Contribution.organisation_id == kade.id)) == 1
    )


def test_running_the_demo_twice_adds_no_reports_or_events_twice(app):
    load_demo(echo=lambda line: None)
    db.session.commit()
    before = _counts()
    load_demo(echo=lambda line: None)
    db.session.commit()
    assert _counts() == before


def test_moderator_sees_the_demo_queue(app):
    load_demo(echo=lambda line: None)
    db.session.commit()
    client = app.test_client()
    client.post(
        "/account/login",
        data={"email": "wijkwerker@lindenhoven.example", "password": "demo-wijkwerker-2026"},
    )
    page = client.get("/moderation/oude-haven/").get_data(as_text=True)
    assert "Taalcafé De Brug" in page
    assert "melding" in page
