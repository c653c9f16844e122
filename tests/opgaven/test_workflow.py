"""The workflow table and the text comparison: pure calculations."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from wijkplatform.opgaven import workflow
from wijkplatform.opgaven.diff import diff_text
from wijkplatform.opgaven.models import OpgaveStatus as S
from wijkplatform.opgaven.workflow import Actor, Step


def test_the_path_draft_to_accepted_exists_and_returns_loop_back():
    status = S.DRAFT
    for step in (Step.OPEN_REACTIONS, Step.SUBMIT, Step.RETURN, Step.SUBMIT, Step.ACCEPT):
        status = workflow.next_status(status, step)
        assert status is not None, step
    assert status == S.ACCEPTED


@pytest.mark.parametrize("step", list(Step))
def test_nothing_leads_out_of_accepted(step):
    assert workflow.next_status(S.ACCEPTED, step) is None


def _steps_from(status: S, actor: Actor) -> list[Step]:
    return [
        step
        for (start, step) in workflow.ALLOWED_TRANSITIONS
        if start == status and workflow.TAKEN_BY[step] == actor
    ]


def test_reviewers_only_decide_and_moderators_never_do():
    assert _steps_from(S.SUBMITTED, Actor.REVIEWER) == [Step.RETURN, Step.ACCEPT]
    assert _steps_from(S.SUBMITTED, Actor.MODERATOR) == []
    assert _steps_from(S.DRAFT, Actor.REVIEWER) == []


@pytest.mark.parametrize(
    ("status", "editable"),
    [
        (S.DRAFT, True),
        (S.OPEN_FOR_REACTIONS, True),
        (S.RETURNED, True),
        (S.SUBMITTED, False),
        (S.ACCEPTED, False),
    ],
)
def test_text_changes_only_before_submission_or_after_a_return(status, editable):
    assert workflow.is_editable(status) is editable


def test_reactions_are_open_up_to_and_including_the_last_day():
    last = date(2026, 12, 24)
    assert workflow.reactions_open(S.OPEN_FOR_REACTIONS, last, date(2026, 12, 24))
    assert not workflow.reactions_open(S.OPEN_FOR_REACTIONS, last, date(2026, 12, 25))
    assert not workflow.reactions_open(S.DRAFT, last, date(2026, 12, 1))


def test_every_status_says_on_the_opgave_page_what_happens_now():
    templates = Path(__file__).resolve().parents[2] / "templates" / "opgaven"
    assert set(workflow.STATUSES) == set(S)
    for status in S:
        notice = templates / f"_notice_{workflow.notice(status)}.html"
        assert notice.exists(), status
        assert 'id="opgave-state"' in notice.read_text(encoding="utf-8")


def test_only_an_accepted_opgave_is_final_and_a_submitted_one_waits_for_the_reviewer():
    assert [s for s in S if workflow.is_final(s)] == [S.ACCEPTED]
    assert workflow.waiting_for(Actor.REVIEWER) == {S.SUBMITTED}
    assert workflow.waiting_for(Actor.MODERATOR) == {S.DRAFT, S.OPEN_FOR_REACTIONS, S.RETURNED}


def test_a_changed_phrase_reads_as_one_removal_and_one_addition():
    pieces = diff_text("Eenzaamheid en schulden.", "Jongeren en veiligheid.")
    assert [(p.kind, p.text) for p in pieces] == [
        ("removed", "Eenzaamheid "),
        ("added", "Jongeren "),
        ("same", "en "),
        ("removed", "schulden."),
        ("added", "veiligheid."),
    ]


def test_unchanged_text_has_no_changes_and_keeps_new_lines():
    pieces = diff_text("Regel een.\n\nRegel twee.", "Regel een.\n\nRegel twee.")
    assert [(p.kind, p.text) for p in pieces] == [("same", "Regel een.\n\nRegel twee.")]


def test_the_first_version_is_all_added():
    assert [p.kind for p in diff_text("", "Nieuwe tekst")] == ["added"]
