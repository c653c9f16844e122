"""Register, log in and out, account overview and settings, personal data, organisations."""

from wijkplatform.accounts.views import (  # noqa: F401
    data,
    links,
    login,
    organisations,
    registration,
    settings,
)
from wijkplatform.accounts.views.common import bp

__all__ = ["bp"]
