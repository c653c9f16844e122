"""The review scene (a large and a small neighbourhood) for the API tests too."""

from tests.review.conftest import scene  # noqa: F401
