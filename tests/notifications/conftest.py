"""The real SMTP server fixture for the notification tests."""

from tests.smtp_server import smtp_server  # noqa: F401 (a fixture)
