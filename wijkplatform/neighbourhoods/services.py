"""Creating and changing municipalities and neighbourhoods. Flush, never commit."""

from __future__ import annotations

import logging
import re
import unicodedata

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from wijkplatform.core.audit import actor_label
from wijkplatform.core.errors import DomainError
from wijkplatform.core.text import clean_line, clean_text
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import Municipality, Neighbourhood

logger = logging.getLogger(__name__)

MUNICIPALITY_CODE = re.compile(r"^GM\d{4}$")
NEIGHBOURHOOD_CODE = re.compile(r"^(WK\d{6}|BU\d{8})$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:100]


def create_municipality(*, name: str, cbs_code: str, actor=None) -> Municipality:
    name = clean_line(name)
    cbs_code = (cbs_code or "").strip().upper()
    if not name:
        raise DomainError(_l("Fill in a name."), "name")
    if not MUNICIPALITY_CODE.match(cbs_code):
        raise DomainError(_l("A municipality code is GM followed by four digits, like GM0308."),
                         "cbs_code")  # fmt: skip
    if db.session.scalar(select(Municipality.id).where(Municipality.cbs_code == cbs_code)):
        raise DomainError(_l("A municipality with this code already exists."), "cbs_code")
    municipality = Municipality(name=name, cbs_code=cbs_code)
    db.session.add(municipality)
    db.session.flush()
    logger.info("%s created municipality %s (%s)", actor_label(actor), cbs_code, name)
    return municipality


def create_neighbourhood(
    *,
    municipality: Municipality,
    name: str,
    slug: str | None = None,
    cbs_code: str | None = None,
    description: str = "",
    boundary_geojson: str | None = None,
    actor=None,
) -> Neighbourhood:
    name = clean_line(name)
    if not name:
        raise DomainError(_l("Fill in a name."), "name")
    slug = (slug or "").strip().lower() or slugify(name)
    if not SLUG.match(slug):
        raise DomainError(
            _l("Use only lower-case letters, digits and hyphens, like oude-haven."), "slug"
        )
    if db.session.scalar(select(Neighbourhood.id).where(Neighbourhood.slug == slug)):
        raise DomainError(_l("Another neighbourhood already uses this web address."), "slug")
    cbs_code = (cbs_code or "").strip().upper() or None
    if cbs_code and not NEIGHBOURHOOD_CODE.match(cbs_code):
        raise DomainError(
            _l("A CBS code is WK plus six digits (wijk) or BU plus eight digits (buurt)."),
            "cbs_code",
        )
    neighbourhood = Neighbourhood(
        municipality=municipality,
        name=name,
        slug=slug,
        cbs_code=cbs_code,
        description=clean_text(description),
        boundary_geojson=boundary_geojson,
    )
    db.session.add(neighbourhood)
    db.session.flush()
    logger.info(
        "%s created neighbourhood %s in %s", actor_label(actor), slug, municipality.cbs_code
    )
    return neighbourhood
