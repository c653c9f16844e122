"""The one commit path of a view: call the service, commit once, or roll back and say why.

Services flush and never commit (DESIGN §5); they raise `DomainError` when a rule is
broken. A view hands the call to `commit_or_report`:

    outcome = commit_or_report(services.change_password, current_user,
                               current_password=..., new_password=..., form=form)
    if outcome:
        flash(_("Your password has been changed."), "success")
        return redirect(...)
    return render_template(..., form=form), 422

On success the transaction is committed and `outcome.value` holds what the service returned.
On a `DomainError` everything the call wrote is rolled back (nothing half-saved) and the
error is reported by `report_domain_error`: beside the form field it names, as a message on
the page, or as its HTTP status.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import abort, flash, make_response
from flask_login import current_user

from wijkplatform.core.errors import DomainError, render_error
from wijkplatform.core.permissions import ensure
from wijkplatform.extensions import db

# Statuses that end the request instead of showing a message on the page: the person may
# not do this (403, a visitor is sent to log in) or the thing is not there (404).
ABORTING = (403, 404)


@dataclass
class Outcome:
    value: Any = None
    error: DomainError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def __bool__(self) -> bool:
        return self.ok


def report_domain_error(error: DomainError, form=None, *, abort_on: Iterable[int] = ABORTING):
    """Show `error` where the person will see it.

    A status in `abort_on` ends the request (403 through `core.permissions.ensure`, so a
    visitor is asked to log in). Otherwise the message goes beside the form field it names;
    an error that names no field of `form` goes to the page's message area."""
    if error.status in tuple(abort_on):
        if error.status == 403 and not current_user.is_authenticated:
            ensure(False)  # a visitor is asked to log in first
        # The error page says what the rule was ("you are blocked here until …"), not only
        # that something was refused.
        abort(make_response(render_error(error.status, message=error.message)))
    field = form[error.field] if form is not None and error.field and error.field in form else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(str(error.message), "error")


def commit_or_report(
    service: Callable[..., Any],
    *args,
    form=None,
    abort_on: Iterable[int] = ABORTING,
    report: bool = True,
    keep_loaded: bool = False,
    **kwargs,
) -> Outcome:
    """Call `service(*args, **kwargs)`; commit once on success; on a `DomainError` roll back
    and (unless `report` is False, for a view that shows the error itself, such as an htmx
    partial) report it with `report_domain_error`.

    `keep_loaded`: the objects the request loaded keep their values after the commit instead
    of being read again on first use (for a view that answers with a small fragment of what
    it just changed, such as a vote's count: issue 18). Only for services that keep the
    loaded objects in step with what they write."""
    try:
        value = service(*args, **kwargs)
    except DomainError as error:
        db.session.rollback()
        if report:
            report_domain_error(error, form, abort_on=abort_on)
        return Outcome(error=error)
    session = db.session()
    expire_on_commit = session.expire_on_commit
    session.expire_on_commit = expire_on_commit and not keep_loaded
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire_on_commit
    return Outcome(value=value)


def commit_if_ok(service: Callable[..., Any], *args, **kwargs):
    """For a service that reports its problems in what it returns instead of raising (an
    import that lists every refused row, with `ok` False when there is any): call it, commit
    once when the result is `ok`, roll back everything it wrote otherwise, and return the
    result either way, so the page or the command can show the whole report."""
    value = service(*args, **kwargs)
    if value.ok:
        db.session.commit()
    else:
        db.session.rollback()
    return value


def commit_or_exit(service: Callable[..., Any], *args, **kwargs):
    """The command line's `commit_or_report`: call the service, commit once and return its
    result; on a `DomainError` roll back and stop the command with the message (exit code 1,
    nothing half-saved)."""
    import click

    try:
        value = service(*args, **kwargs)
    except DomainError as error:
        db.session.rollback()
        where = f"{error.field}: " if error.field else ""
        raise click.ClickException(f"{where}{error.message}") from error
    db.session.commit()
    return value
