"""The mails about an account: confirming an address, a registration for a taken address,
changing the address (a link to the new one, a notice to the old one) and resetting the
password. The links in them are one-time links (accounts/mailed_links.py); absolute
addresses come from PUBLIC_URL (`core.urls.public_url`), never from the request's Host.

Each function returns whether the mail left (False: the server failed, already logged).
Mails for pages that answer every address the same way (the password reset, "send the link
again") go out after the response (`core.mail.send_after_response`) and report nothing."""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from wijkplatform.accounts.models import User
from wijkplatform.core import mail
from wijkplatform.core.urls import public_url


def _hours() -> int:
    return current_app.config["EMAIL_CONFIRMATION_HOURS"]


def send_confirmation(user: User, token: str, *, after_response: bool = False) -> bool:
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
    if after_response:
        mail.send_after_response(user.email, subject, body)
        return True
    return mail.send(user.email, subject, body)


def send_address_taken(user: User, confirmation_token: str | None) -> bool:
    """Someone registered with an address that has an account: tell the owner, nobody else.
    An owner who never confirmed gets a new confirmation link instead."""
    if confirmation_token:
        return send_confirmation(user, confirmation_token)
    with force_locale(user.locale):
        return mail.send(
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
        )


def send_email_change_link(user: User, new_email: str, token: str) -> bool:
    with force_locale(user.locale):
        return mail.send(
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
        )


def send_email_change_notice(user: User, new_email: str) -> bool:
    """To the address the account has now: someone asked to change it."""
    with force_locale(user.locale):
        return mail.send(
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
        )


def send_password_reset(user: User, token: str) -> None:
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    with force_locale(user.locale):
        mail.send_after_response(
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
        )
