"""The mails about an account: confirming an address, a registration for a taken address,
changing the address (a link to the new one, a notice to the old one), resetting the
password, security notices (two-factor login turned off, a recovery code used, new recovery
codes) and a role given or taken by an administrator. The links in them are one-time links
(accounts/mailed_links.py); absolute addresses come from PUBLIC_URL (`core.urls.public_url`),
never from the request's Host.

Each function queues its mail in the current transaction (`core.mail.send`: one insert);
the view calls it inside the service call it commits, so the mail goes out if and only if
the change is saved, and the mail server's speed or failure never reaches the page (nor tells
which addresses have an account)."""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from wijkplatform.accounts.models import User
from wijkplatform.core import mail
from wijkplatform.core.urls import public_url


def _hours() -> int:
    return current_app.config["EMAIL_CONFIRMATION_HOURS"]


def send_confirmation(user: User, token: str) -> None:
    link = public_url("accounts.confirm_email", token=token)
    with force_locale(user.locale):
        subject = _("Confirm your e-mail address for Wijkplatform")
        body = _(
            "Hello %(name)s,\n\nYou made an account on Wijkplatform. Open this link to "
            "confirm your e-mail address:\n\n%(link)s\n\nThen you can log in. The link works "
            "once, for %(hours)d hours. Did you not make an account? Then you can ignore this "
            "mail.",
            name=user.display_name,
            link=link,
            hours=_hours(),
        )
    mail.send(user.email, subject, body, locale=user.locale)


def send_address_taken(user: User, confirmation_token: str | None) -> None:
    """Someone registered with an address that has an account: tell the owner, nobody else.
    An owner who never confirmed gets a new confirmation link instead."""
    if confirmation_token:
        send_confirmation(user, confirmation_token)
        return
    with force_locale(user.locale):
        mail.send(
            user.email,
            _("Someone tried to make a Wijkplatform account with your address"),
            _(
                "Hello %(name)s,\n\nSomeone tried to make a new account on Wijkplatform with "
                "this e-mail address. You already have an account, so nothing changed.\n\n"
                "Was it you? Log in here: %(link)s\nForgot your password? Ask for a new one "
                "here: %(forgot)s\nWas it not you? Then you can ignore this mail.",
                name=user.display_name,
                link=public_url("accounts.login"),
                forgot=public_url("accounts.forgot_password"),
            ),
            locale=user.locale,
        )


def send_email_change_link(user: User, new_email: str, token: str) -> None:
    with force_locale(user.locale):
        mail.send(
            new_email,
            _("Confirm your new e-mail address for Wijkplatform"),
            _(
                "Hello %(name)s,\n\nYou asked to use this e-mail address for your account on "
                "Wijkplatform. Open this link to confirm it:\n\n%(link)s\n\nUntil then your "
                "account keeps its old address. The link works once, for %(hours)d hours.\n\n"
                "Did you not ask for this? Then do not open the link; you can ignore this mail.",
                name=user.display_name,
                link=public_url("accounts.confirm_email_change", token=token),
                hours=_hours(),
            ),
            locale=user.locale,
        )


def send_email_change_notice(user: User, new_email: str) -> None:
    """To the address the account has now: someone asked to change it."""
    with force_locale(user.locale):
        mail.send(
            user.email,
            _("Your e-mail address on Wijkplatform is being changed"),
            _(
                "Hello %(name)s,\n\nSomeone asked to change the e-mail address of your "
                "Wijkplatform account to %(new_email)s. The address changes only when the link "
                "in the mail to that address is opened.\n\nWas it you? Then you do not need to "
                "do anything here.\nWas it not you? Then someone knows your password. Choose a "
                "new password right away here: %(forgot)s\nThat also stops the change.",
                name=user.display_name,
                new_email=new_email,
                forgot=public_url("accounts.forgot_password"),
            ),
            locale=user.locale,
        )


def send_password_reset(user: User, token: str) -> None:
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    with force_locale(user.locale):
        mail.send(
            user.email,
            _("Choose a new password for Wijkplatform"),
            _(
                "Hello %(name)s,\n\nSomeone asked for a new password for your Wijkplatform "
                "account. Open this link to choose one:\n\n%(link)s\n\nThe link works once, for "
                "%(minutes)d minutes. Did you not ask for this? Then you can ignore this mail: "
                "your password stays the same.",
                name=user.display_name,
                link=public_url("accounts.reset_password", token=token),
                minutes=minutes,
            ),
            locale=user.locale,
        )


# --- Security notices: a change to how the account is protected ----------------------------
# Sent to the account's own address after the change, so a person whose password someone
# else knows hears about it. Each says what happened and what to do if it was not them.


def _security_notice(user: User, subject: str, what: str) -> None:
    """`subject` and `what` are already in the account's language (made under force_locale)."""
    body = _(
        "Hello %(name)s,\n\n%(what)s\n\nWas it you? Then you do not need to do anything.\n"
        "Was it not you? Then someone else may know your password. Choose a new password "
        "right away here: %(forgot)s\nThen check your account page: %(account)s",
        name=user.display_name,
        what=what,
        forgot=public_url("accounts.forgot_password"),
        account=public_url("accounts.overview"),
    )
    mail.send(user.email, subject, body, locale=user.locale)


def send_two_factor_off_notice(user: User) -> None:
    with force_locale(user.locale):
        _security_notice(
            user,
            _("Two-factor login is off for your Wijkplatform account"),
            _(
                "Two-factor login was turned off for your Wijkplatform account. From now on "
                "your password alone is enough to log in. Your recovery codes no longer work."
            ),
        )


def send_recovery_code_used_notice(user: User, codes_left: int) -> None:
    with force_locale(user.locale):
        _security_notice(
            user,
            _("A recovery code was used for your Wijkplatform account"),
            ngettext(
                "Someone logged in to your Wijkplatform account with a recovery code instead "
                "of the code from the app. You have %(num)d recovery code left.",
                "Someone logged in to your Wijkplatform account with a recovery code instead "
                "of the code from the app. You have %(num)d recovery codes left.",
                codes_left,
            ),
        )


def send_recovery_codes_renewed_notice(user: User) -> None:
    with force_locale(user.locale):
        _security_notice(
            user,
            _("New recovery codes for your Wijkplatform account"),
            _(
                "New recovery codes were made for your Wijkplatform account. The old codes no "
                "longer work."
            ),
        )


def send_role_changed_notice(user: User, role_label, place: str | None, *, given: bool) -> None:
    """An administrator gave or took a role (admin area): the person hears it from us."""
    with force_locale(user.locale):
        role = f"{role_label} ({place})" if place else str(role_label)
        if given:
            subject = _("You have a new role on Wijkplatform")
            what = _(
                "A platform administrator gave you this role on Wijkplatform: %(role)s. "
                "You see what you can do with it when you log in.",
                role=role,
            )
        else:
            subject = _("A role on Wijkplatform was taken away")
            what = _(
                "A platform administrator took this role away from you on Wijkplatform: %(role)s.",
                role=role,
            )
        body = _(
            "Hello %(name)s,\n\n%(what)s\n\nDid you not expect this? Then contact the people "
            "who run Wijkplatform in your municipality. Your account page: %(account)s",
            name=user.display_name,
            what=what,
            account=public_url("accounts.overview"),
        )
    mail.send(user.email, subject, body, locale=user.locale)
