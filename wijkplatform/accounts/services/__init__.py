"""Every change to accounts and roles. Services flush, never commit; the caller commits."""

from wijkplatform.accounts.services.credentials import (  # noqa: F401
    authenticate,
    change_password,
    confirm_email_change,
    record_login,
    request_email_change,
    request_password_reset,
    reset_password,
    rotate_session_token,
    verify_password,
)
from wijkplatform.accounts.services.organisations import (  # noqa: F401
    ORGANISATION_CONTACT_MAX,
    ORGANISATION_NAME_MAX,
    ORGANISATION_OFFERS_MAX,
    add_organisation_member,
    organisations_of,
    register_organisation,
    verified_organisations_of,
)
from wijkplatform.accounts.services.profile import (  # noqa: F401
    change_display_name,
    set_locale,
    set_participation_profile,
)
from wijkplatform.accounts.services.registration import (  # noqa: F401
    Registration,
    ask_confirmation_again,
    confirm_email,
    create_user,
    find_user_by_email,
    hash_password,
    register_resident,
    register_resident_to_confirm,
)
from wijkplatform.accounts.services.roles import (  # noqa: F401
    grant_role,
    revoke_role,
)
from wijkplatform.accounts.services.rules import (  # noqa: F401
    DISPLAY_NAME_MAX,
    DISPLAY_NAME_MIN,
    PASSWORD_MAX_LENGTH,
    ROLE_WORDS,
    SHORT_ROLE_WORDS,
    STAFF_ROLES,
    WHOLE_ROLE_WORDS,
    display_name_problem,
    impersonation_problem,
    is_staff,
    name_key,
    normalise_display_name,
    normalise_email,
    password_problem,
)
