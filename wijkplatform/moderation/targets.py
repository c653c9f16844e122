"""Content of features above moderation that residents report and neighbourhood workers
hide, like reactions: a team design's comments. The owning feature registers its kind in
its `init_app` (DESIGN §5: moderation never imports it); flags, hiding, the queue, the log
and a resident's notices then treat it like a reaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app

from wijkplatform.moderation.models import TargetType

_KINDS = "wijkplatform.moderated_kinds"


@dataclass(frozen=True)
class ModeratedKind:
    target_type: TargetType
    model: type  # a HideableMixin model with `id`, `author_id`, `body`, `created_at`
    neighbourhood: Callable[[Any], Any]  # item -> its Neighbourhood
    heading: Callable[[Any], str]  # item -> what it is, translated ("Comment on block 2 …")
    page_url: Callable[[Any], str]  # item -> where it stands on the platform
    # item -> whether residents can still see it where it stands (so it can be reported)
    shown: Callable[[Any], bool]
    hidden_ids: Callable[[Any], Any]  # neighbourhood -> select() of the hidden items' ids
    hidden_of: Callable[[Any], list]  # user -> the user's hidden items


def register(app, kind: ModeratedKind) -> None:
    app.extensions.setdefault(_KINDS, {})[kind.target_type] = kind


def kinds() -> list[ModeratedKind]:
    return list(current_app.extensions.get(_KINDS, {}).values())


def kind_for_type(target_type) -> ModeratedKind | None:
    return current_app.extensions.get(_KINDS, {}).get(target_type)


def kind_of(target) -> ModeratedKind | None:
    return next((kind for kind in kinds() if isinstance(target, kind.model)), None)
