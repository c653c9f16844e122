"""One commit path: a service call commits once, or rolls back and reports its DomainError
beside the field, on the page or as the status it carries."""

from __future__ import annotations

import click
import pytest
from flask import get_flashed_messages
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from wtforms import StringField

from tests.factories import MunicipalityFactory, NeighbourhoodFactory, resident
from wijkplatform.core.commit import commit_if_ok, commit_or_exit, commit_or_report
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import Municipality


class NameForm(FlaskForm):
    name = StringField()


def _create_then_fail(name: str, error: DomainError):
    db.session.add(Municipality(name=name, cbs_code="GM0999"))
    db.session.flush()
    raise error


def _stored(name: str):
    db.session.rollback()
    return db.session.scalar(select(Municipality).where(Municipality.name == name))


def test_success_commits_once_and_returns_the_value(app):
    with app.test_request_context(method="POST"):
        outcome = commit_or_report(lambda: MunicipalityFactory(name="Lindenhoven").name)
        assert outcome.ok and outcome.value == "Lindenhoven"
    assert _stored("Lindenhoven") is not None


def test_a_domain_error_rolls_back_what_the_call_wrote_and_lands_beside_its_field(app):
    with app.test_request_context(method="POST"):
        form = NameForm(meta={"csrf": False})
        outcome = commit_or_report(
            _create_then_fail, "Half", DomainError("Kies een andere naam.", "name"), form=form
        )
        assert not outcome and outcome.error.field == "name"
        assert form.name.errors == ["Kies een andere naam."]
        assert get_flashed_messages() == []
    assert _stored("Half") is None  # nothing half-saved


def test_an_error_without_a_field_of_the_form_goes_to_the_page_messages(app):
    with app.test_request_context(method="POST"):
        form = NameForm(meta={"csrf": False})
        commit_or_report(_create_then_fail, "X", DomainError("Net te laat.", status=409), form=form)
        assert not form.name.errors
        assert get_flashed_messages() == ["Net te laat."]


def test_a_refusal_ends_the_request_with_its_status_and_says_why(app):
    user = resident(NeighbourhoodFactory())
    db.session.commit()
    with app.test_request_context(method="POST"):
        from flask_login import login_user

        login_user(user)
        with pytest.raises(HTTPException) as stopped:
            commit_or_report(
                _create_then_fail, "Y", DomainError("Je bent geblokkeerd.", status=403)
            )
        response = stopped.value.get_response()
        assert response.status_code == 403
        assert "Je bent geblokkeerd." in response.get_data(as_text=True)
    assert _stored("Y") is None


def test_a_visitor_refused_is_asked_to_log_in(app):
    with app.test_request_context("/contributions/1/support", method="POST"):
        with pytest.raises(HTTPException) as stopped:
            commit_or_report(_create_then_fail, "Z", DomainError("Log in.", status=403))
        assert stopped.value.get_response().status_code == 302


def test_the_command_line_helper_stops_with_the_message_and_saves_nothing(app):
    with pytest.raises(click.ClickException) as stopped:
        commit_or_exit(_create_then_fail, "Cli", DomainError("Deze code bestaat al.", "cbs_code"))
    assert stopped.value.message == "cbs_code: Deze code bestaat al."
    assert _stored("Cli") is None


class _Report:
    def __init__(self, ok: bool, name: str):
        self.ok, self.name = ok, name


def _import(name: str, code: str, ok: bool) -> _Report:
    db.session.add(Municipality(name=name, cbs_code=code))
    db.session.flush()
    return _Report(ok, name)


def test_a_report_that_is_ok_is_kept_and_one_with_problems_changes_nothing(app):
    assert commit_if_ok(_import, "Heel", "GM0997", ok=True).name == "Heel"
    assert _stored("Heel") is not None
    refused = commit_if_ok(_import, "Halfweg", "GM0998", ok=False)
    assert refused.name == "Halfweg" and not refused.ok  # the whole report comes back
    assert _stored("Halfweg") is None
