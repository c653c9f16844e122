"""Every domain event and every cross-feature question, declared in one place.

Features depend one way (DESIGN §5): a lower feature never imports a higher one. Where a
higher feature must react to what happens below it, or a lower one must ask a higher one
something, a named blinker signal carries it.

**Events** say that something happened. A service sends one *after* it has flushed the
change, with the acting user (or None for the system) and the objects involved as keyword
arguments; the sender is the service's feature name. Receivers run inside the same
transaction: what they write commits or rolls back with the change itself. A receiver never
commits.

**Questions** ask something only a higher feature knows ("is this resident blocked here?").
`ask()` sends one and returns the first answer that is not None.

An event is declared when something reacts to it: an event nobody hears is not sent (a
test checks that every event has a receiver once the app is built). Add it back with its
first receiver.

Receivers are connected in the receiving feature's `init_app`, never as a side effect of
importing a module: a CLI command or a job that never imports a view gets the same rules as
a request (tests/core/test_signals.py proves it for the block rule).

The two registries (page sections and personal data) live in `core/registries.py`.
"""

from __future__ import annotations

from blinker import Namespace

_events = Namespace()

# --- Contributions (sender "contributions") -------------------------------------------
# kwargs: actor, contribution
contribution_created = _events.signal("contribution-created")
contribution_edited = _events.signal("contribution-edited")
contribution_withdrawn = _events.signal("contribution-withdrawn")
# kwargs: actor, comment, contribution
comment_created = _events.signal("comment-created")
comment_deleted = _events.signal("comment-deleted")
# kwargs: actor, contribution, supported (bool: the state after the change)
support_changed = _events.signal("support-changed")

# --- Moderation (sender "moderation") ---------------------------------------------------
# kwargs: actor (None when hidden automatically after reports), target (contribution,
# comment, or content of a higher feature registered in moderation/targets.py: a team
# design's comment), reason
content_hidden = _events.signal("content-hidden")
# kwargs: actor, target, reason
content_restored = _events.signal("content-restored")
# kwargs: actor (the reporter), flag, target
content_flagged = _events.signal("content-flagged")
# kwargs: actor, merged, survivor (contributions), reason, supporter_ids, follower_ids (the
# people who supported / followed `merged` before the merge moved them to `survivor`)
contribution_merged = _events.signal("contribution-merged")
# kwargs: actor, contribution, answer (OfficialAnswer)
contribution_answered = _events.signal("contribution-answered")
# kwargs: actor, organisation, reason
organisation_verified = _events.signal("organisation-verified")
organisation_rejected = _events.signal("organisation-rejected")

# --- Opgaven (sender "opgaven") ---------------------------------------------------------
# kwargs: actor, opgave, old_status, new_status, reasons (for a return, else None)
opgave_status_changed = _events.signal("opgave-status-changed")
# kwargs: actor, opgave, version (the new version number)
opgave_version_saved = _events.signal("opgave-version-saved")
# kwargs: actor, opgave, contribution, evidence
evidence_linked = _events.signal("evidence-linked")

# --- Accounts (sender "accounts") -------------------------------------------------------
# kwargs: actor, user (the erased account, already a tombstone)
account_erased = _events.signal("account-erased")

# --- Questions ------------------------------------------------------------------------
_questions = Namespace()

# kwargs: user, neighbourhood_id -> a translated reason why the user may not contribute,
# support, comment or react in that neighbourhood now, or None. Answered by moderation.
participation_refusal_asked = _questions.signal("participation-refusal-asked")
# kwargs: contribution_id -> the id of the contribution a merged one now lives on, or None.
# Answered by moderation.
merge_survivor_asked = _questions.signal("merge-survivor-asked")
# no kwargs -> [(neighbourhood id, "Municipality: Neighbourhood")] for choosing one's own
# neighbourhood. Answered by neighbourhoods (accounts sits below it).
neighbourhood_choices_asked = _questions.signal("neighbourhood-choices-asked")
# kwargs: contribution_ids -> [contributions.trail.Step] for "my input": what happened to
# those contributions in a higher feature (answers, merges, moderation; use in an Opgave and
# the municipality's decision). Every receiver answers; `collect()` gathers all answers.
contribution_trail_asked = _questions.signal("contribution-trail-asked")


def ask(question, **kwargs):
    """The first answer that is not None from the question's receivers, or None."""
    for _receiver, answer in question.send(None, **kwargs):
        if answer is not None:
            return answer
    return None


def collect(question, **kwargs) -> list:
    """Every answer that is not None from the question's receivers, in connection order."""
    return [answer for _receiver, answer in question.send(None, **kwargs) if answer is not None]


def connect(signal, receiver) -> None:
    """Connect `receiver` for good (a strong reference), once however often an app is
    built: for a feature's `init_app`."""
    signal.connect(receiver, weak=False)


ALL_EVENTS = dict(_events)
ALL_QUESTIONS = dict(_questions)
