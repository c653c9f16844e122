"""One event mechanism: domain events are sent by the services after the change, receivers
are connected in `init_app`, and the block rule holds without any view module."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest

from tests.factories import ContributionFactory, NeighbourhoodFactory, moderator, resident
from wijkplatform.accounts import personal_data
from wijkplatform.accounts.models import Organisation, OrganisationKind
from wijkplatform.contributions import services as contribution_services
from wijkplatform.core import signals
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation_services
from wijkplatform.opgaven import services as opgave_services

PROJECT = Path(__file__).resolve().parents[2]


@contextmanager
def recorded(*events):
    """The (event name, kwargs) pairs sent while the block runs."""
    seen: list[tuple[str, dict]] = []

    def receiver(name):
        def receive(sender, **kwargs):
            seen.append((name, kwargs))

        return receive

    receivers = [(event, receiver(event.name)) for event in events]
    for event, receive in receivers:
        event.connect(receive)
    try:
        yield seen
    finally:
        for event, receive in receivers:
            event.disconnect(receive)


def names(seen):
    return [name for name, _kwargs in seen]


@pytest.fixture
def place(app):
    neighbourhood = NeighbourhoodFactory()
    return neighbourhood, resident(neighbourhood), moderator(neighbourhood)


def test_a_new_contribution_announces_itself_once_it_is_stored(place):
    neighbourhood, author, _worker = place
    with recorded(signals.contribution_created) as seen:
        contribution = contribution_services.create_contribution(
            author,
            neighbourhood=neighbourhood,
            kind="issue",
            title="Te weinig bankjes",
            body="Ouderen kunnen nergens zitten op weg naar de winkel.",
            categories=["loneliness"],
        )
        # Sent after the flush: a receiver can use the id and query the row.
        assert seen and seen[0][1]["contribution"].id == contribution.id
    assert names(seen) == ["contribution-created"]
    assert seen[0][1]["actor"] is author


def test_support_comment_hide_restore_merge_and_answer_each_send_their_event(place):
    neighbourhood, author, worker = place
    contribution = ContributionFactory(neighbourhood=neighbourhood, author=author)
    duplicate = ContributionFactory(neighbourhood=neighbourhood, author=author)
    supporter = resident(neighbourhood)
    events = (
        signals.support_changed,
        signals.comment_created,
        signals.content_hidden,
        signals.content_restored,
        signals.contribution_merged,
        signals.contribution_answered,
    )
    with recorded(*events) as seen:
        contribution_services.set_support(supporter, contribution, True)
        contribution_services.set_support(supporter, contribution, True)  # no change: no event
        contribution_services.add_comment(supporter, contribution, body="Eens, bij de halte.")
        moderation_services.hide(worker, contribution, reason="Even nakijken")
        moderation_services.restore(worker, contribution, reason="Niets mis mee")
        moderation_services.merge(worker, duplicate, contribution, reason="Zelfde vraag")
        moderation_services.answer(
            worker, contribution, status="under_consideration", body="We kijken ernaar."
        )
    assert names(seen) == [
        "support-changed",
        "comment-created",
        "content-hidden",
        "content-restored",
        "contribution-merged",
        "contribution-answered",
    ]
    assert seen[0][1]["supported"] is True
    assert seen[4][1]["survivor"] is contribution


def test_a_refused_action_sends_nothing(place):
    neighbourhood, _author, _worker = place
    stranger = resident(NeighbourhoodFactory())
    with recorded(signals.content_hidden) as seen, pytest.raises(DomainError):
        moderation_services.hide(stranger, ContributionFactory(neighbourhood=neighbourhood),
                                 reason="Weg ermee")  # fmt: skip
    assert seen == []


def test_organisation_check_and_erasure_send_their_events(place):
    neighbourhood, author, worker = place
    organisation = Organisation(
        name="Buurtkamer",
        kind=OrganisationKind.NEIGHBOURHOOD,
        neighbourhood_id=neighbourhood.id,
        offers="Koffie",
        contact="Via de buurtkamer",
        created_by_id=author.id,
    )
    db.session.add(organisation)
    db.session.flush()
    with recorded(signals.organisation_verified, signals.account_erased) as seen:
        moderation_services.verify_organisation(worker, organisation)
        personal_data.erase_account(author, password="correct horse battery")
    assert names(seen) == ["organisation-verified", "account-erased"]
    assert seen[1][1]["user"].erased_at is not None


def test_opgave_steps_and_evidence_send_their_events(app):
    from tests.opgaven.conftest import TEXTS, TODAY, make_world

    world = make_world()
    with recorded(
        signals.opgave_status_changed, signals.evidence_linked, signals.opgave_version_saved
    ) as seen:
        opgave = opgave_services.create_opgave(world.moderator, world.neighbourhood, title="Samen")
        opgave_services.save_version(world.moderator, opgave, base_version=1, title="Samen",
                                     texts=TEXTS, goals=[], focus=[], note="")  # fmt: skip
        opgave_services.link_evidence(world.moderator, opgave, world.issue)
        opgave_services.open_reactions(
            world.moderator, opgave, until=TODAY + timedelta(days=14), today=TODAY
        )
    assert names(seen) == ["opgave-version-saved", "evidence-linked", "opgave-status-changed"]
    change = seen[-1][1]
    assert (change["old_status"].value, change["new_status"].value) == (
        "draft",
        "open_for_reactions",
    )


def test_every_event_is_declared_once_in_core_signals():
    # Features do not keep signals of their own: each name lives in core/signals.py.
    sources = (PROJECT / "wijkplatform").rglob("*.py")
    outside = [
        path.relative_to(PROJECT)
        for path in sources
        if path.name != "signals.py"
        and ("Namespace(" in path.read_text() or ".signal(" in path.read_text())
    ]
    assert outside == []
    assert len(set(signals.ALL_EVENTS)) == len(signals.ALL_EVENTS) >= 15


def test_every_event_has_a_receiver_once_the_app_is_built(app):
    # An event nobody hears is sent for nothing (issue 13): declare it with its receiver.
    unheard = sorted(name for name, event in signals.ALL_EVENTS.items() if not event.receivers)
    assert unheard == []


def test_no_before_request_hook_tests_endpoint_names(app):
    import inspect

    hooks = [hook for funcs in app.before_request_funcs.values() for hook in funcs]
    assert hooks, "the app has before_request hooks to check"
    for hook in hooks:
        assert "request.endpoint" not in inspect.getsource(hook), hook.__qualname__


BLOCKED_FROM_THE_COMMAND_LINE = textwrap.dedent(
    """
    import importlib.abc, sys

    class NoViews(importlib.abc.MetaPathFinder):
        # A job or CLI command that never touches a page: importing a view fails loudly.
        def find_spec(self, name, path=None, target=None):
            if name.startswith("wijkplatform.") and ".views" in name:
                raise ImportError(f"{name} imported outside a request")
            return None

    sys.meta_path.insert(0, NoViews())

    from datetime import date, timedelta
    import config
    from wijkplatform import create_core_app
    from wijkplatform.extensions import db

    settings = {k: getattr(config.TestConfig, k) for k in dir(config.TestConfig) if k.isupper()}
    settings["SQLALCHEMY_DATABASE_URI"] = sys.argv[1]
    app = create_core_app(settings)
    with app.app_context():
        from wijkplatform.accounts.models import User
        from wijkplatform.contributions import services as contributions
        from wijkplatform.core.errors import DomainError
        from wijkplatform.moderation import services as moderation
        from wijkplatform.neighbourhoods.models import Neighbourhood

        neighbourhood = db.session.get(Neighbourhood, int(sys.argv[2]))
        worker = db.session.get(User, int(sys.argv[3]))
        blocked = db.session.get(User, int(sys.argv[4]))
        moderation.block(worker, blocked, neighbourhood, until=date.today() + timedelta(days=7),
                         reason="Scheldwoorden in reacties")
        try:
            contributions.create_contribution(
                blocked, neighbourhood=neighbourhood, kind="issue", title="Nog een vraag",
                body="Dit mag niet lukken zolang de blokkade loopt.", categories=["loneliness"],
            )
        except DomainError as error:
            print("REFUSED", error.status, str(error.message))
        else:
            print("POSTED")
        db.session.rollback()
        leaked = sorted(m for m in sys.modules if m.startswith("wijkplatform.") and ".views" in m)
        print("VIEWS", leaked)
    """
)


def test_a_blocked_resident_cannot_post_from_the_command_line_without_any_view(place):
    neighbourhood, blocked, worker = place
    db.session.commit()
    url = db.engine.url.render_as_string(hide_password=False)
    result = subprocess.run(
        [sys.executable, "-c", BLOCKED_FROM_THE_COMMAND_LINE, url,
         str(neighbourhood.id), str(worker.id), str(blocked.id)],
        cwd=PROJECT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "REFUSED 403" in result.stdout, result.stdout + result.stderr
    assert "VIEWS []" in result.stdout


def test_receivers_are_connected_by_init_app_not_by_importing_a_module():
    # Importing moderation's services alone connects nothing: without moderation.init_app
    # nobody answers the question, so an app that forgot it would be caught by the test above.
    code = textwrap.dedent(
        """
        from wijkplatform.core import signals
        import wijkplatform.moderation.services, wijkplatform.moderation.views
        import wijkplatform.neighbourhoods.queries
        print(len(signals.participation_refusal_asked.receivers),
              len(signals.merge_survivor_asked.receivers),
              len(signals.neighbourhood_choices_asked.receivers))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=False
    )
    assert result.stdout.split() == ["0", "0", "0"], result.stderr


def test_a_block_that_ended_no_longer_refuses(place):
    neighbourhood, blocked, worker = place
    row = moderation_services.block(
        worker, blocked, neighbourhood, until=utcnow().date(), reason="Even afkoelen"
    )
    with pytest.raises(DomainError) as refused:
        contribution_services.set_support(
            blocked, ContributionFactory(neighbourhood=neighbourhood), True
        )
    assert refused.value.status == 403
    row.ends_at = utcnow() - timedelta(seconds=1)
    db.session.flush()
    assert contribution_services.set_support(
        blocked, ContributionFactory(neighbourhood=neighbourhood), True
    )
