"""Municipalities (gemeenten) and neighbourhoods (wijken or buurten)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkplatform.core.db import TimestampMixin
from wijkplatform.extensions import db


class Municipality(TimestampMixin, db.Model):
    __tablename__ = "municipality"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    # CBS code such as GM0308; unique, because imports find municipalities by it.
    cbs_code: Mapped[str] = mapped_column(String(10), unique=True)

    neighbourhoods: Mapped[list[Neighbourhood]] = relationship(
        back_populates="municipality", order_by="Neighbourhood.name"
    )

    def __repr__(self) -> str:
        return f"<Municipality {self.cbs_code} {self.name!r}>"


class Neighbourhood(TimestampMixin, db.Model):
    __tablename__ = "neighbourhood"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipality.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    # CBS code of the wijk (WK…) or buurt (BU…) this neighbourhood follows, if any.
    cbs_code: Mapped[str | None] = mapped_column(String(12), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # GeoJSON geometry as text; kept as given so boundaries from CBS stay exact.
    boundary_geojson: Mapped[str | None] = mapped_column(Text)

    municipality: Mapped[Municipality] = relationship(
        back_populates="neighbourhoods", lazy="joined"
    )

    def __repr__(self) -> str:
        return f"<Neighbourhood {self.slug}>"
