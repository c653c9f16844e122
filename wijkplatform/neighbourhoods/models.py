"""Municipalities (gemeenten), neighbourhoods (wijken or buurten) and their area profiles."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkplatform.core.db import TimestampMixin, enum_column
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.indicators import Source, Status


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


class RegionLevel(StrEnum):
    MUNICIPALITY = "gemeente"
    WIJK = "wijk"
    BUURT = "buurt"


class AreaProfile(TimestampMixin, db.Model):
    """CBS figures for one region in one year.

    Keyed by (year, region code) and not by neighbourhood, because CBS redraws boundaries: a
    neighbourhood shows the profiles whose code equals its own CBS code.
    """

    __tablename__ = "area_profile"
    __table_args__ = (UniqueConstraint("year", "region_code", name="uq_area_profile_year_region"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    region_code: Mapped[str] = mapped_column(String(12), index=True)  # GM…, WK… or BU…
    region_level: Mapped[RegionLevel] = mapped_column(enum_column(RegionLevel, "region_level"))
    region_name: Mapped[str] = mapped_column(String(100), default="")
    municipality_code: Mapped[str] = mapped_column(String(10), index=True)
    source: Mapped[Source] = mapped_column(enum_column(Source, "source"))
    source_file: Mapped[str] = mapped_column(String(255), default="")
    # Columns the platform has no key for yet, kept as read (secret or missing ones as null).
    extra: Mapped[dict] = mapped_column(JSON, default=dict)
    imported_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    values: Mapped[list[IndicatorValue]] = relationship(
        back_populates="profile",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
        order_by="IndicatorValue.key",
    )

    def value_map(self) -> dict[str, IndicatorValue]:
        return {value.key: value for value in self.values}

    def __repr__(self) -> str:
        return f"<AreaProfile {self.year} {self.region_code}>"


class IndicatorValue(db.Model):
    """One figure of a profile. A secret or missing figure has no number at all."""

    __tablename__ = "indicator_value"
    __table_args__ = (
        UniqueConstraint("profile_id", "key", name="uq_indicator_value_profile_key"),
        CheckConstraint(
            "(status = 'ok' AND value IS NOT NULL) OR (status <> 'ok' AND value IS NULL)",
            name="value_only_when_known",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("area_profile.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(50))
    status: Mapped[Status] = mapped_column(enum_column(Status, "status"))
    value: Mapped[float | None] = mapped_column(Float)
    source_column: Mapped[str] = mapped_column(String(100), default="")

    profile: Mapped[AreaProfile] = relationship(back_populates="values")

    @property
    def known(self) -> bool:
        return self.status == Status.OK and self.value is not None
