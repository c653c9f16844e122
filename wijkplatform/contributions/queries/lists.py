"""Lists of contributions: filters, search, sort and pages of cards, with a fixed number of
queries whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import and_, bindparam, func, select, true

from wijkplatform.accounts.models import Organisation, OrganisationStatus
from wijkplatform.contributions.models import (
    CATEGORIES,
    Contribution,
    ContributionCategory,
    ContributionKind,
    ContributionStatus,
)
from wijkplatform.contributions.photos.models import Photo
from wijkplatform.contributions.queries.common import visible
from wijkplatform.contributions.queries.personal import supported_ids
from wijkplatform.contributions.search import (
    no_match,
    normalise_query,
    search_condition,
    search_terms,
)
from wijkplatform.core.paging import page_number
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import Neighbourhood

PAGE_SIZE = 20
SORTS = ("top", "new", "discussed")


@dataclass
class ListFilters:
    kind: str | None = None
    category: str | None = None
    sort: str = "top"
    q: str = ""
    page: int = 1
    # (filter, value as given) for every value that was not understood and left out: a
    # kind, subject or order we do not know, or a page number that is not a whole number
    # of 1 or more. The HTML lists say so; the API answers 400 instead.
    ignored: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_args(cls, args) -> ListFilters:
        """Read the query string; anything unknown falls back to the default (and is noted
        in `ignored`)."""
        ignored = []
        kind = args.get("kind") or None
        if kind is not None and kind not in {k.value for k in ContributionKind}:
            ignored.append(("kind", kind))
            kind = None
        category = args.get("category") or None
        if category is not None and category not in CATEGORIES:
            ignored.append(("category", category))
            category = None
        sort = args.get("sort") or "top"
        if sort not in SORTS:
            ignored.append(("sort", sort))
            sort = "top"
        asked = (args.get("page") or "").strip()
        page = page_number(asked)
        if page is None:
            ignored.append(("page", asked))
            page = 1
        return cls(
            kind=kind,
            category=category,
            sort=sort,
            q=normalise_query(args.get("q")),
            page=page,
            ignored=tuple(ignored),
        )

    def args(self, **changes) -> dict:
        """Query-string arguments for a link that changes some of the filters."""
        values = {
            "kind": self.kind,
            "category": self.category,
            "sort": self.sort,
            "q": self.q,
            "page": self.page,
        }
        values.update(changes)
        if values["sort"] == "top":
            values["sort"] = None
        if values["page"] == 1:
            values["page"] = None
        return {key: value for key, value in values.items() if value}


class CardNeighbourhood(NamedTuple):
    id: int
    name: str
    slug: str


class CardOrganisation(NamedTuple):
    id: int
    name: str
    verified: bool


class CardPhoto(NamedTuple):
    """The first photo of a card: what the card shows of it (the thumbnail)."""

    key: str
    alt_text: str
    thumb_width: int
    thumb_height: int


@dataclass(slots=True)
class Card:
    """What a list card (and the API's list) shows of a contribution, read as plain columns
    instead of a full ORM object with its author and the author's memberships (issue 18: a
    quarter of a list request went to loading those). Attribute names are the model's, so
    the card templates and the permission checks (`support_refusal`) read either."""

    id: int
    kind: ContributionKind
    title: str
    body: str
    place: str | None
    status: ContributionStatus
    support_count: int
    comment_count: int
    created_at: datetime
    withdrawn_at: datetime | None
    offline_source: str | None
    hidden: bool
    neighbourhood_id: int
    author_id: int | None
    recorded_by_id: int | None
    neighbourhood: CardNeighbourhood
    organisation: CardOrganisation | None
    categories: list[str] = field(default_factory=list)
    # The first photo, for a contribution that is neither hidden nor withdrawn (their photos
    # are only for the author and the neighbourhood's workers).
    first_photo: CardPhoto | None = None

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_offline(self) -> bool:
        return self.offline_source is not None


_CARD_COLUMNS = (
    Contribution.id,
    Contribution.kind,
    Contribution.title,
    Contribution.body,
    Contribution.place,
    Contribution.status,
    Contribution.support_count,
    Contribution.comment_count,
    Contribution.created_at,
    Contribution.withdrawn_at,
    Contribution.offline_source,
    Contribution.hidden,
    Contribution.neighbourhood_id,
    Contribution.author_id,
    Contribution.recorded_by_id,
)


# The keys of a card's categories in one column ("community,work"): with the card's row
# instead of a statement of their own (issue 18). Keys hold no comma.
_CATEGORY_KEYS = (
    select(func.aggregate_strings(ContributionCategory.category, ","))
    .where(ContributionCategory.contribution_id == Contribution.id)
    .correlate(Contribution)
    .scalar_subquery()
)
# The card's first photo (by position, then age), joined to the card's row.
_FIRST_PHOTO_ID = (
    select(Photo.id)
    .where(Photo.contribution_id == Contribution.id)
    .order_by(Photo.position, Photo.id)
    .limit(1)
    .correlate(Contribution)
    .scalar_subquery()
)


def _cards_of(page_ids):
    """The page's rows as cards (a subquery, without order): the columns with the
    neighbourhood's and organisation's names, the categories and the first photo (issue 18:
    were three statements). Every column has a name of its own, for the ordering around
    it."""
    return (
        select(
            *_CARD_COLUMNS,
            Neighbourhood.name.label("neighbourhood_name"),
            Neighbourhood.slug.label("neighbourhood_slug"),
            Organisation.id.label("organisation_id"),
            Organisation.name.label("organisation_name"),
            Organisation.status.label("organisation_status"),
            _CATEGORY_KEYS.label("category_keys"),
            Photo.key.label("photo_key"),
            Photo.alt_text.label("photo_alt_text"),
            Photo.thumb_width.label("photo_thumb_width"),
            Photo.thumb_height.label("photo_thumb_height"),
        )
        .select_from(Contribution)
        .join(page_ids, page_ids.c.id == Contribution.id)
        .join(Neighbourhood, Neighbourhood.id == Contribution.neighbourhood_id)
        .outerjoin(Organisation, Organisation.id == Contribution.organisation_id)
        .outerjoin(
            Photo,
            and_(
                Photo.id == _FIRST_PHOTO_ID,
                Contribution.hidden.is_(False),
                Contribution.withdrawn_at.is_(None),
            ),
        )
        .subquery("cards")
    )


def _card(row) -> Card:
    """A card from the columns of `_cards_of`, in their order."""
    width = len(_CARD_COLUMNS)
    own = row[:width]
    (
        name,
        slug,
        organisation_id,
        organisation_name,
        organisation_status,
        category_keys,
        photo_key,
        *photo,
    ) = row[width:]
    return Card(
        *own,
        neighbourhood=CardNeighbourhood(own[-3], name, slug),
        organisation=None
        if organisation_id is None
        else CardOrganisation(
            organisation_id,
            organisation_name,
            organisation_status == OrganisationStatus.VERIFIED,
        ),
        # In the order of their keys, as the statements before sorted them.
        categories=sorted(category_keys.split(",")) if category_keys else [],
        first_photo=None if photo_key is None else CardPhoto(photo_key, *photo),
    )


@dataclass
class Page:
    items: list[Card]
    total: int
    page: int
    per_page: int = PAGE_SIZE
    supported_ids: set[int] = field(default_factory=set)
    # With `with_sources`: the visible contributions of those neighbourhoods, whatever the
    # filters, typed in online and collected offline ({"online": n, "offline": n}).
    sources: dict[str, int] | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


# The order of each sort, newest first among equals; any other sort is "top".
_SORT_COLUMNS = {
    "top": ("support_count", "created_at", "id"),
    "new": ("created_at", "id"),
    "discussed": ("comment_count", "created_at", "id"),
}


def _ordered(statement, sort: str, columns=Contribution):
    """`statement` in the order of `sort`, by the columns of that name in `columns` (the
    model, or a subquery's `.c`)."""
    names = _SORT_COLUMNS.get(sort, _SORT_COLUMNS["top"])
    return statement.order_by(*(getattr(columns, name).desc() for name in names))


def list_contributions(
    filters: ListFilters,
    *,
    neighbourhood_ids=None,
    municipality_id: int | None = None,
    user=None,
    per_page: int = PAGE_SIZE,
    with_sources: bool = False,
) -> Page:
    """One page of visible contributions as cards (`Card`): one query (the count and the
    cards with their categories and first photos; a page past the end asks again for the
    last page), plus one for the signed-in user's supports on this page. `with_sources`
    adds the online/offline split of all of them to the same count query (`Page.sources`).

    A municipality's list filters on the contribution's own `municipality_id`, not on its
    neighbourhoods: the municipality list indexes then give the page in order, however
    many neighbourhoods the municipality has (issue 18)."""
    values = {"page_limit": per_page}
    if municipality_id is not None:
        values["municipality_id"] = municipality_id
    if neighbourhood_ids is not None:
        values["neighbourhood_ids"] = list(neighbourhood_ids)
    if filters.kind:
        values["kind"] = ContributionKind(filters.kind)
    if filters.category:
        values["category"] = filters.category
    terms = search_terms(filters.q)
    if terms:
        values["search_q"] = terms
    statement, width = _page_statement(
        _Shape(
            municipality=municipality_id is not None,
            neighbourhoods=neighbourhood_ids is not None,
            with_sources=with_sources,
            kind=bool(filters.kind),
            category=bool(filters.category),
            sort=filters.sort if filters.sort in _SORT_COLUMNS else "top",
            # The engine's (the search clause is its own), "" without a search.
            search="" if terms is None else (db.engine.dialect.name if terms else "nothing"),
        ),
    )
    page = filters.page
    while True:
        offset = (page - 1) * per_page
        rows = db.session.execute(statement, {**values, "page_offset": offset}).all()
        total = rows[0][0] or 0
        pages = max(1, -(-total // per_page))
        if page <= pages:
            break
        # Past the end: the counts row is there without cards; ask for the last page.
        page = pages
    sources = None
    if with_sources:
        everything, offline = rows[0][width - 2 : width]
        sources = {"online": everything - offline, "offline": offline}
    items = [_card(row[width:]) for row in rows if row[width] is not None]
    return Page(
        items=items,
        total=total,
        page=page,
        per_page=per_page,
        supported_ids=supported_ids(user, [c.id for c in items]),
        sources=sources,
    )


class _Shape(NamedTuple):
    """What decides the text of a list's statement (not the values in it)."""

    municipality: bool
    neighbourhoods: bool
    with_sources: bool
    kind: bool
    category: bool
    sort: str
    # "" for no search; the database engine's name for a search (its own clause, with the
    # words as a parameter); "nothing" for a search without words.
    search: str


# A list's statement per shape, built once per process (issue 18: building the statement
# and its subqueries again for every request cost more than running it). It holds only
# the text: every value (place, filters, words searched, page) is a parameter, so nothing
# in it can be stale.
_STATEMENTS: dict[_Shape, tuple] = {}


def _page_statement(shape: _Shape) -> tuple:
    """The statement of one page of a list, and the number of count columns before the
    card columns of each row: the page's ids first (read from a list index alone, however
    far the page), then only those rows with their names, categories and first photo
    (issue 9: a "deferred join"), next to the counts, which are one row whatever the page
    holds (issue 18: were four statements). Parameters: municipality_id, neighbourhood_ids,
    kind, category, search_q as the shape has them, page_limit and page_offset."""
    built = _STATEMENTS.get(shape)
    if built is not None:
        return built
    conditions = [visible()]
    if shape.municipality:
        conditions.append(Contribution.municipality_id == bindparam("municipality_id"))
    if shape.neighbourhoods:
        conditions.append(
            Contribution.neighbourhood_id.in_(bindparam("neighbourhood_ids", expanding=True))
        )
    unfiltered = list(conditions)
    if shape.kind:
        conditions.append(Contribution.kind == bindparam("kind"))
    if shape.category:
        conditions.append(
            select(ContributionCategory.contribution_id)
            .where(
                ContributionCategory.contribution_id == Contribution.id,
                ContributionCategory.category == bindparam("category"),
            )
            .exists()
        )
    if shape.search == "nothing":
        conditions.append(no_match())
    elif shape.search:
        conditions.append(search_condition(shape.search))
    counts = _counts_of(conditions, unfiltered if shape.with_sources else None)
    page_ids = (
        _ordered(select(Contribution.id).where(*conditions), shape.sort)
        .limit(bindparam("page_limit"))
        .offset(bindparam("page_offset"))
        .subquery()
    )
    cards = _cards_of(page_ids)
    statement = _ordered(
        select(counts, cards).select_from(counts.outerjoin(cards, true())), shape.sort, cards.c
    )
    built = (statement, len(counts.c))
    _STATEMENTS[shape] = built
    return built


def _counts_of(conditions, unfiltered=None):
    """One row: the number of contributions that meet `conditions`, and with `unfiltered`
    (the conditions without the visitor's filters) the number of those and of those
    collected offline. count(*) and count(offline_source), not count(id): the covering
    counts index holds every column they read, so PostgreSQL answers from it alone. With a
    filter, the filtered total is a subquery of its own, so each count keeps its best plan (a
    search uses the text index, not a test of every row of the neighbourhood)."""
    if unfiltered is None:
        statement = select(func.count().label("total")).where(*conditions)
    elif len(conditions) == len(unfiltered):
        statement = select(
            func.count().label("total"),
            func.count().label("everything"),
            func.count(Contribution.offline_source).label("offline"),
        ).where(*unfiltered)
    else:
        filtered = (
            select(func.count())
            .select_from(Contribution)
            .where(*conditions)
            .correlate(None)
            .scalar_subquery()
        )
        statement = select(
            filtered.label("total"),
            func.count().label("everything"),
            func.count(Contribution.offline_source).label("offline"),
        ).where(*unfiltered)
    return statement.select_from(Contribution).subquery("counts")
