from flask import Blueprint

from wijkplatform.contributions import models  # noqa: F401

bp = Blueprint("contributions", __name__)
