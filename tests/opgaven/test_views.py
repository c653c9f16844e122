"""Opgave pages: the whole path through the web, bad input beside the field, two editors at
once, evidence with and without htmx, exports, and what other pages show."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import ContributionFactory
from tests.opgaven.conftest import TEXTS, TODAY, draft, open_for_reactions, submitted
from wijkplatform.contributions.models import ContributionStatus
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation_services
from wijkplatform.opgaven import queries, services
from wijkplatform.opgaven.models import (
    Opgave,
    OpgaveReaction,
    OpgaveStatus,
    OpgaveVersion,
)


def _text(response) -> str:
    return response.get_data(as_text=True)


def _edit_form(opgave, **changes) -> dict:
    version = services.latest_version(opgave)
    data = {"title": version.title, "base_version": str(opgave.current_version)}
    data.update({key: version.text_of(key) for key in TEXTS})
    data.update(changes)
    return data


def _base_version_in(html: str) -> str:
    return re.search(r'name="base_version" type="hidden" value="(\d+)"', html).group(1)


def test_full_path_through_the_web(world, client, login):
    """draft → reactions → submitted → returned → resubmitted → accepted, as the people do it."""
    login(world.moderator)
    response = client.post("/neighbourhoods/oude-haven/opgaven/new", data={"title": "Opgave 2027"})
    assert response.status_code == 302
    opgave = db.session.scalar(select(Opgave))
    assert response.headers["Location"] == f"/opgaven/{opgave.id}/edit"
    edit = client.get(f"/opgaven/{opgave.id}/edit")
    assert _base_version_in(_text(edit)) == "1"
    response = client.post(
        f"/opgaven/{opgave.id}/edit",
        data={
            **_edit_form(opgave),
            **TEXTS,
            "goals": ["resilience", "cooperation"],
            "focus": ["access"],
            "note": "Eerste opzet",
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"/opgaven/{opgave.id}/evidence",
        data={"contribution_id": world.issue.id, "section": "problems"},
    )
    assert response.status_code == 302
    until = (date.today() + timedelta(days=14)).isoformat()
    assert (
        client.post(f"/opgaven/{opgave.id}/reactions/open", data={"open-until": until}).status_code
        == 302
    )
    client.post("/account/logout")

    login(world.resident)
    form = client.get(f"/opgaven/{opgave.id}/react")
    assert form.status_code == 200
    response = client.post(
        f"/opgaven/{opgave.id}/react",
        data={
            "whole-answer": "yes",
            "problems-answer": "partly",
            "problems-comment": "Ook jongeren",
        },
    )
    assert response.status_code == 302
    client.post("/account/logout")

    login(world.moderator)
    # Reactions are still open: sending it now needs a reason, and the text typed is kept.
    assert client.post(f"/opgaven/{opgave.id}/submit").status_code == 422
    early = {"submit-reason": "De raad vergadert deze week."}
    assert client.post(f"/opgaven/{opgave.id}/submit", data=early).status_code == 302
    client.post("/account/logout")

    login(world.reviewer)
    page = _text(client.get(f"/opgaven/{opgave.id}"))
    assert f'action="/opgaven/{opgave.id}/decision"' in page
    response = client.post(
        f"/opgaven/{opgave.id}/decision",
        data={"decision-decision": "return", "decision-reasons": "Maak de doelen concreter."},
    )
    assert response.status_code == 302
    client.post("/account/logout")

    login(world.moderator)
    edit = client.get(f"/opgaven/{opgave.id}/edit")
    base = _base_version_in(_text(edit))
    response = client.post(
        f"/opgaven/{opgave.id}/edit",
        data={
            **_edit_form(opgave),
            "base_version": base,
            "task": "Concreter doel.",
            "goals": ["resilience"],
        },
    )
    assert response.status_code == 302
    assert client.post(f"/opgaven/{opgave.id}/submit").status_code == 302
    client.post("/account/logout")

    login(world.reviewer)
    response = client.post(f"/opgaven/{opgave.id}/decision", data={"decision-decision": "accept"})
    assert response.status_code == 302
    db.session.refresh(opgave)
    assert opgave.status == OpgaveStatus.ACCEPTED
    assert opgave.submitted_version == 3
    page = _text(client.get(f"/opgaven/{opgave.id}"))
    assert "Maak de doelen concreter." in page  # the return reasons stay on the timeline
    assert page.count('class="timeline__item') == 9
    assert world.issue.status == ContributionStatus.INCLUDED


def test_two_moderators_editing_at_once_are_not_silently_overwritten(world, client, login):
    opgave = draft(world)
    db.session.commit()
    login(world.moderator)
    form = _edit_form(opgave)  # Karim opens the form at version 2 …
    services.save_version(  # … Lotte saves version 3 meanwhile
        world.second_moderator,
        opgave,
        base_version=2,
        title=opgave.title,
        texts={**TEXTS, "problems": "Lotte's nieuwe problemen."},
    )
    db.session.commit()
    response = client.post(f"/opgaven/{opgave.id}/edit", data={**form, "task": "Karim's taak."})
    assert response.status_code == 409
    page = _text(response)
    assert "Karim&#39;s taak." in page  # his text is kept in the form
    assert "Lotte&#39;s nieuwe problemen." in page  # and he sees what she changed
    assert _base_version_in(page) == "3"
    db.session.refresh(opgave)
    assert opgave.current_version == 3
    assert services.latest_version(opgave).task == TEXTS["task"]
    # Having looked, he saves again on top of version 3.
    response = client.post(
        f"/opgaven/{opgave.id}/edit", data={**form, "base_version": "3", "task": "Karim's taak."}
    )
    assert response.status_code == 302
    db.session.refresh(opgave)
    assert opgave.current_version == 4


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "Kort"}, "title"),  # "Geef de opgave een titel van minstens 5 letters."
        ({"task": "x" * 20_001}, "task"),
        ({"goals": ["world_peace"]}, "goals"),
    ],
)
def test_bad_edit_is_refused_beside_the_field_and_keeps_the_text(
    world, client, login, changes, field
):
    opgave = draft(world)
    db.session.commit()
    login(world.moderator)
    data = {**_edit_form(opgave), "problems": "Mijn nieuwe tekst blijft staan.", **changes}
    response = client.post(f"/opgaven/{opgave.id}/edit", data=data)
    assert response.status_code == 422
    page = _text(response)
    assert f'id="{field}-error"' in page
    if field == "title":
        assert "Geef de opgave een titel van minstens 5 letters." in page
    assert "Mijn nieuwe tekst blijft staan." in page
    assert db.session.scalar(select(func.count(OpgaveVersion.id))) == 2


def test_edit_page_pulls_in_the_key_figures_of_the_area_analysis(world, client, login):
    from tests.neighbourhoods.cbs_fixtures import kwb_bytes
    from wijkplatform.neighbourhoods import profiles

    world.neighbourhood.municipality.cbs_code = "GM8801"
    world.neighbourhood.cbs_code = "WK880101"
    world.other_neighbourhood.cbs_code = "WK880102"
    db.session.commit()
    result = profiles.import_profiles(kwb_bytes(), filename="kwb.csv", year=2023, level="wijk")
    assert result.ok, result.summary_lines()
    db.session.commit()
    opgave = draft(world)
    db.session.commit()
    login(world.moderator)
    page = _text(client.get(f"/opgaven/{opgave.id}/edit"))
    assert 'name="pull" value="profile"' in page
    page = _text(client.get(f"/opgaven/{opgave.id}/edit?pull=profile"))
    characteristics = re.search(
        r'<textarea[^>]*id="characteristics"[^>]*>(.*?)</textarea>', page, re.S
    )
    assert "2023" in characteristics.group(1)
    assert "20,4%" in characteristics.group(1)  # households around the social minimum
    assert TEXTS["characteristics"] in characteristics.group(1)  # added to, not replaced
    assert services.latest_version(opgave).characteristics == TEXTS["characteristics"]  # unsaved


def test_evidence_picker_lists_by_support_and_filters_with_and_without_htmx(world, client, login):
    opgave = draft(world)
    db.session.commit()
    login(world.moderator)
    page = _text(client.get(f"/opgaven/{opgave.id}/evidence"))
    assert f'id="candidate-{world.issue.id}"' in page
    assert "<html" in page
    fragment = _text(
        client.get(f"/opgaven/{opgave.id}/evidence?q=koffie", headers={"HX-Request": "true"})
    )
    assert "<html" not in fragment
    assert f'id="candidate-{world.resource.id}"' in fragment
    assert f'id="candidate-{world.issue.id}"' not in fragment


@pytest.mark.parametrize(
    "extra",
    [
        "&_external=1&_scheme=https",  # would make an address on the request's host
        "&_anchor=x&_method=GET",
        "&opgave_id=999",  # a second opgave_id for url_for: was a 500
        "&page=3&back=detail",
    ],
)
def test_after_linking_the_picker_keeps_its_filters_and_nothing_else(world, client, login, extra):
    opgave = draft(world)
    db.session.commit()
    login(world.moderator)
    response = client.post(
        f"/opgaven/{opgave.id}/evidence?q=bank&kind=issue{extra}",
        data={"contribution_id": world.issue.id, "section": "problems"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/opgaven/{opgave.id}/evidence?q=bank&kind=issue"
    assert queries.evidence(opgave).count == 1


def test_linking_a_hidden_contribution_through_the_form_shows_the_reason(world, client, login):
    opgave = draft(world)
    moderation_services.hide(world.moderator, world.issue, reason="Persoonlijke gegevens")
    db.session.commit()
    login(world.moderator)
    response = client.post(
        f"/opgaven/{opgave.id}/evidence",
        data={"contribution_id": world.issue.id, "section": "problems"},
    )
    assert response.status_code == 422
    assert 'id="evidence-error"' in _text(response)
    assert queries.evidence(opgave).count == 0


@pytest.mark.parametrize("contribution_id", ["", "999999", "abc"])
def test_linking_nothing_or_an_unknown_contribution_is_refused(
    world, client, login, contribution_id
):
    opgave = draft(world)
    db.session.commit()
    login(world.moderator)
    response = client.post(
        f"/opgaven/{opgave.id}/evidence", data={"contribution_id": contribution_id}
    )
    assert response.status_code == 422
    assert queries.evidence(opgave).count == 0


def test_unlinking_through_the_page(world, client, login):
    opgave = draft(world)
    evidence = services.link_evidence(world.moderator, opgave, world.issue)
    db.session.commit()
    login(world.moderator)
    response = client.post(f"/opgaven/{opgave.id}/evidence/{evidence.id}/remove")
    assert response.status_code == 302
    assert queries.evidence(opgave).count == 0
    assert world.issue.status == ContributionStatus.OPEN


@pytest.mark.parametrize("until", ["", "gisteren", "1999-01-01"])
def test_opening_reactions_with_a_bad_date_is_refused_beside_the_field(world, client, login, until):
    opgave = draft(world)
    db.session.commit()
    login(world.moderator)
    response = client.post(f"/opgaven/{opgave.id}/reactions/open", data={"open-until": until})
    assert response.status_code == 422
    assert 'id="open-until-error"' in _text(response)
    db.session.refresh(opgave)
    assert opgave.status == OpgaveStatus.DRAFT


def test_reaction_form_keeps_the_text_when_an_answer_is_missing(world, client, login):
    opgave = open_for_reactions(world, days=10)
    opgave.reactions_until = date.today() + timedelta(days=10)
    db.session.commit()
    login(world.resident)
    response = client.post(
        f"/opgaven/{opgave.id}/react", data={"whole-comment": "Een opmerking zonder antwoord"}
    )
    assert response.status_code == 422
    page = _text(response)
    assert 'id="whole-answer-error"' in page
    assert "Kies ja, deels of nee bij je opmerking." in page
    assert "Een opmerking zonder antwoord" in page
    assert db.session.scalar(select(func.count(OpgaveReaction.id))) == 0


def test_reaction_form_shows_the_residents_earlier_answers(world, client, login):
    opgave = open_for_reactions(world)
    opgave.reactions_until = date.today() + timedelta(days=10)
    services.react(world.resident, opgave, {"whole": ("partly", "Bijna")}, today=date.today())
    db.session.commit()
    login(world.resident)
    page = _text(client.get(f"/opgaven/{opgave.id}/react"))
    assert re.search(
        r'<input[^>]*checked[^>]*value="partly"|<input[^>]*value="partly"[^>]*checked', page
    )
    assert "Bijna" in page


def test_closed_reactions_send_the_resident_back_to_the_draft(world, client, login):
    opgave = open_for_reactions(world)
    opgave.reactions_until = date.today() - timedelta(days=1)
    db.session.commit()
    login(world.resident)
    response = client.post(f"/opgaven/{opgave.id}/react", data={"whole-answer": "yes"})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(OpgaveReaction.id))) == 0


def test_return_without_reasons_is_refused_beside_the_field(world, client, login):
    opgave = submitted(world)
    db.session.commit()
    login(world.reviewer)
    response = client.post(f"/opgaven/{opgave.id}/decision", data={"decision-decision": "return"})
    assert response.status_code == 422
    assert 'id="decision-reasons-error"' in _text(response)
    assert "Leg uit wat er moet veranderen (minstens 10 tekens)." in _text(response)
    db.session.refresh(opgave)
    assert opgave.status == OpgaveStatus.SUBMITTED


def test_a_decision_without_a_choice_is_refused(world, client, login):
    opgave = submitted(world)
    db.session.commit()
    login(world.reviewer)
    response = client.post(f"/opgaven/{opgave.id}/decision", data={"decision-reasons": "Prima"})
    assert response.status_code == 422
    assert 'id="decision-decision-error"' in _text(response)


def test_an_unpublished_draft_is_not_found_for_residents_and_visitors(world, client, login):
    opgave = draft(world)
    db.session.commit()
    assert client.get(f"/opgaven/{opgave.id}").status_code == 404
    login(world.resident)
    assert client.get(f"/opgaven/{opgave.id}").status_code == 404
    assert client.get(f"/opgaven/{opgave.id}/export.md").status_code == 404


def test_a_visitor_reading_an_opgave_gets_no_session_cookie(csrf_app):
    """Issue 18: the page makes its forms (open, submit, decide, evidence) only for who may
    use them; making one stores a CSRF token, and a session cookie with it."""
    from tests.opgaven.conftest import make_world

    opgave = open_for_reactions(make_world())
    db.session.commit()
    response = csrf_app.test_client().get(f"/opgaven/{opgave.id}")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_neighbourhood_page_lists_published_opgaven_with_their_status(world, client, login):
    hidden = draft(world, title="Nog geheim concept")
    shown = open_for_reactions(world)
    db.session.commit()
    page = _text(client.get("/neighbourhoods/oude-haven/"))
    assert f'id="opgave-item-{shown.id}"' in page
    assert f'id="opgave-item-{hidden.id}"' not in page
    login(world.moderator)
    page = _text(client.get("/neighbourhoods/oude-haven/"))
    assert f'id="opgave-item-{hidden.id}"' in page
    assert "/neighbourhoods/oude-haven/opgaven/new" in page


def test_contribution_page_shows_the_opgaven_it_is_evidence_for(world, client):
    opgave = open_for_reactions(world)
    services.link_evidence(world.moderator, opgave, world.issue)
    db.session.commit()
    page = _text(client.get(f"/contributions/{world.issue.id}"))
    assert 'id="contribution-opgaven"' in page
    assert f'href="/opgaven/{opgave.id}#section-problems"' in page


def test_account_page_tells_the_author_and_lists_work_for_the_reviewer(world, client, login):
    opgave = open_for_reactions(world)
    services.link_evidence(world.moderator, opgave, world.issue)
    services.submit(world.moderator, opgave, today=TODAY + timedelta(days=15))
    db.session.commit()
    login(world.author)
    page = _text(client.get("/account/"))
    assert f'href="/opgaven/{opgave.id}"' in page
    client.post("/account/logout")
    login(world.reviewer)
    page = _text(client.get("/account/"))
    assert 'id="to-review"' in page and f'href="/opgaven/{opgave.id}"' in page


def test_versions_can_be_read_and_compared(world, client):
    opgave = open_for_reactions(world)
    services.save_version(
        world.moderator,
        opgave,
        base_version=2,
        title=opgave.title,
        texts={**TEXTS, "task": "Het wijkteam helpt vooral eenzame ouderen."},
    )
    db.session.commit()
    assert client.get(f"/opgaven/{opgave.id}/versions/").status_code == 200
    assert "Veel ouderen, veel flats." in _text(client.get(f"/opgaven/{opgave.id}/versions/2"))
    page = _text(client.get(f"/opgaven/{opgave.id}/versions/3/compare"))
    assert '<ins class="diff__added">' in page and '<del class="diff__removed">' in page
    assert 'id="diff-task"' in page
    assert client.get(f"/opgaven/{opgave.id}/versions/9").status_code == 404


def test_markdown_export_holds_the_text_evidence_and_reactions(world, client):
    opgave = open_for_reactions(world)
    services.link_evidence(world.moderator, opgave, world.issue)
    db.session.commit()
    response = client.get(f"/opgaven/{opgave.id}/export.md")
    assert response.status_code == 200
    assert response.mimetype == "text/markdown"
    assert "attachment" in response.headers["Content-Disposition"]
    text = _text(response)
    assert text.startswith("# Opgave Oude Haven 2027")
    assert TEXTS["task"] in text
    assert f"/contributions/{world.issue.id}" in text


def test_exports_link_to_the_public_address_whatever_host_was_asked(world, client):
    opgave = open_for_reactions(world)
    services.link_evidence(world.moderator, opgave, world.issue)
    db.session.commit()
    # 127.0.0.1 is one of the trusted names (local trials), not the public address.
    for path in (f"/opgaven/{opgave.id}/export.md", f"/opgaven/{opgave.id}/print"):
        text = _text(client.get(path, base_url="http://127.0.0.1:5123"))
        assert f"http://localhost/contributions/{world.issue.id}" in text
        assert "127.0.0.1" not in text
    markdown = _text(client.get(f"/opgaven/{opgave.id}/export.md", base_url="http://127.0.0.1"))
    assert f"http://localhost/opgaven/{opgave.id}" in markdown


# Hostile text from people, and what a permissive Markdown viewer (raw HTML on, every link
# followed) must never make of it.
INJECTIONS = (
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[klik](javascript:alert(1))",
    "![pixel](https://evil.example/p.png)",
)
RUNS = re.compile(r"<script|<img|<[^>]*onerror=|href=\"javascript:|src=\"https://evil", re.I)


def _as_a_permissive_viewer_renders_it(text: str) -> str:
    from markdown_it import MarkdownIt

    viewer = MarkdownIt("commonmark", {"html": True})
    viewer.validateLink = lambda url: True
    return viewer.render(text)


def test_markdown_export_escapes_resident_titles(world, client):
    """Issue 14, item 8: a resident's title went into the .md file as raw HTML or a link."""
    opgave = open_for_reactions(world)
    for number, injection in enumerate(INJECTIONS):
        contribution = ContributionFactory(
            neighbourhood=world.neighbourhood, author=world.author,
            title=f"Titel {number} {injection}",
        )  # fmt: skip
        services.link_evidence(world.moderator, opgave, contribution)
    db.session.commit()
    text = _text(client.get(f"/opgaven/{opgave.id}/export.md"))

    assert RUNS.search(_as_a_permissive_viewer_renders_it(text)) is None
    assert "<script>" not in text and "](javascript:" not in text
    # Still readable as what the resident wrote.
    assert "Titel 0 &lt;script&gt;alert\\(1\\)&lt;/script&gt;" in text
    assert (
        _as_a_permissive_viewer_renders_it(text).count("Titel 2 [klik](javascript:alert(1))") == 1
    )


def test_markdown_export_keeps_the_workers_markdown_but_no_raw_html_or_unsafe_links(world, client):
    opgave = open_for_reactions(world)
    services.save_version(
        world.moderator,
        opgave,
        base_version=2,
        title=opgave.title,
        texts={"task": "**Samen** met [de wijk](https://example.nl). " + " ".join(INJECTIONS)},
    )
    db.session.commit()
    response = client.get(f"/opgaven/{opgave.id}/export.md")
    text = _text(response)
    rendered = _as_a_permissive_viewer_renders_it(text)

    assert RUNS.search(rendered) is None
    assert "<strong>Samen</strong>" in rendered and 'href="https://example.nl"' in rendered
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    page = _text(client.get(f"/opgaven/{opgave.id}"))
    assert "<script>alert(1)" not in page


def test_print_page_has_the_whole_opgave(world, client):
    opgave = open_for_reactions(world)
    db.session.commit()
    page = _text(client.get(f"/opgaven/{opgave.id}/print"))
    assert TEXTS["task"] in page
    assert "css/print.css" in page


def test_opgave_page_runs_a_fixed_number_of_queries(world, client, count_queries):
    from tests.factories import ContributionFactory

    opgave = open_for_reactions(world)
    services.link_evidence(world.moderator, opgave, world.issue)
    db.session.commit()
    with count_queries() as few:
        assert client.get(f"/opgaven/{opgave.id}").status_code == 200
    for number in range(8):
        extra = ContributionFactory(
            neighbourhood=world.neighbourhood, title=f"Extra bijdrage {number}"
        )
        services.link_evidence(world.moderator, opgave, extra)
    for _ in range(5):
        from tests.factories import resident

        services.react(
            resident(world.neighbourhood),
            opgave,
            {"whole": ("yes", "ok")},
            today=date(2026, 11, 28),
        )
    db.session.commit()
    with count_queries() as many:
        assert client.get(f"/opgaven/{opgave.id}").status_code == 200
    assert len(few) == len(many), many
    # The draft (read twice in the test's shared session), its latest version, the
    # timeline, the evidence, the residents behind it, the reactions (two counts) and the
    # team-design section: no roles of the author and the actors, and no vote of a linked
    # contribution (issue 18; 11 before).
    assert len(many) <= 9, "\n".join(" ".join(s.split())[:90] for s in many)


def test_evidence_hidden_after_linking_keeps_its_title_from_the_public(world, client, login):
    opgave = open_for_reactions(world)
    services.link_evidence(world.moderator, opgave, world.issue)
    moderation_services.hide(world.moderator, world.issue, reason="Persoonlijke gegevens")
    db.session.commit()
    for url in (
        f"/opgaven/{opgave.id}",
        f"/opgaven/{opgave.id}/print",
        f"/opgaven/{opgave.id}/export.md",
    ):
        assert world.issue.title not in _text(client.get(url)), url
    login(world.moderator)
    assert world.issue.title in _text(client.get(f"/opgaven/{opgave.id}"))


def test_submitting_without_the_task_paragraph_says_why_on_the_draft(world, client, login):
    opgave = services.create_opgave(world.moderator, world.neighbourhood, title="Lege opgave")
    db.session.commit()
    login(world.moderator)
    response = client.post(f"/opgaven/{opgave.id}/submit", follow_redirects=True)
    assert response.status_code == 200
    assert "Schrijf eerst de opgave in één alinea" in _text(response)
    db.session.refresh(opgave)
    assert opgave.status == OpgaveStatus.DRAFT


# --- what the Opgave page says per status (workflow.STATUSES) -------------------------------


def _state(html: str) -> str:
    """The "what happens now" part of the Opgave page."""
    after = html.split('id="opgave-state"', 1)[1]
    return re.split(r'<section class="opgave-actions"|<nav class="page-contents"', after)[0]


def _returned(world):
    opgave = submitted(world)
    services.return_opgave(world.reviewer, opgave, reasons="Maak de doelen concreter.")
    return opgave


def _accepted(world):
    opgave = submitted(world)
    services.accept(world.reviewer, opgave, remarks="Mooi werk.")
    return opgave


def _reactions_ended(world):
    opgave = open_for_reactions(world)
    opgave.reactions_until = date.today() - timedelta(days=1)
    return opgave


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (draft, "Alleen wijkwerkers en de gemeente zien het"),
        (open_for_reactions, "kunnen tot en met"),
        (_reactions_ended, "De tijd om te reageren is afgelopen op"),
        (submitted, "ligt bij de gemeente"),
        (_returned, "Maak de doelen concreter."),
        (_accepted, "Mooi werk."),
    ],
)
def test_opgave_page_says_what_happens_now_in_each_status(world, client, login, make, says):
    opgave = make(world)
    db.session.commit()
    login(world.moderator)
    state = _state(_text(client.get(f"/opgaven/{opgave.id}")))
    assert says in state
    others = {"Alleen wijkwerkers en de gemeente zien het", "kunnen tot en met",
              "ligt bij de gemeente", "Mooi werk."} - {says}  # fmt: skip
    assert [other for other in others if other in state] == []


def test_worker_sees_no_empty_actions_while_the_municipality_decides(world, client, login):
    opgave = submitted(world)
    db.session.commit()
    login(world.moderator)
    page = _text(client.get(f"/opgaven/{opgave.id}"))
    assert "ligt bij de gemeente" in _state(page)
    assert "Wat je kunt doen" not in page  # nothing to do until the decision


def test_neighbourhood_page_gives_the_last_day_only_while_residents_can_react(world, client):
    still_open = open_for_reactions(world)
    ended = open_for_reactions(world)
    ended.reactions_until = date.today() - timedelta(days=1)
    db.session.commit()
    page = _text(client.get("/neighbourhoods/oude-haven/"))
    item = re.compile(r'id="opgave-item-(\d+)">(.*?)</li>', re.S)
    notes = {int(i): "reageren tot en met" in body for i, body in item.findall(page)}
    assert notes == {still_open.id: True, ended.id: False}


def test_log_in_to_react_comes_back_to_the_opgave(world, client):
    opgave = open_for_reactions(world)
    db.session.commit()
    page = _text(client.get(f"/opgaven/{opgave.id}?tab=reacties"))
    assert f'href="/account/login?next=/opgaven/{opgave.id}?tab%3Dreacties"' in page


def test_language_switch_on_a_refused_decision_returns_to_the_opgave(world, client, login):
    opgave = submitted(world)
    db.session.commit()
    login(world.reviewer)
    page = _text(
        client.post(
            f"/opgaven/{opgave.id}/decision",
            data={"decision-reasons": "Prima"},
            headers={"Referer": f"http://localhost/opgaven/{opgave.id}"},
        )
    )
    form = re.search(r'<form[^>]*class="language-switch".*?</form>', page, re.S).group(0)
    back = re.search(r'name="next" value="([^"]*)"', form).group(1)
    assert back == f"/opgaven/{opgave.id}"  # not the decision address, which only takes a POST
    response = client.post("/account/language", data={"locale": "en", "next": back})
    assert response.headers["Location"] == f"/opgaven/{opgave.id}"
    assert client.get(back).status_code == 200


def test_adding_the_key_figures_keeps_what_the_worker_typed(world, client, login):
    from tests.neighbourhoods.cbs_fixtures import kwb_bytes
    from wijkplatform.neighbourhoods import profiles

    world.neighbourhood.municipality.cbs_code = "GM8801"
    world.neighbourhood.cbs_code = "WK880101"
    world.other_neighbourhood.cbs_code = "WK880102"
    db.session.commit()
    assert profiles.import_profiles(kwb_bytes(), filename="kwb.csv", year=2023, level="wijk").ok
    opgave = draft(world)
    db.session.commit()
    login(world.moderator)
    response = client.post(
        f"/opgaven/{opgave.id}/edit",
        data={
            "pull": "profile",
            "base_version": str(opgave.current_version),
            "title": "Nieuwe titel, nog niet bewaard",
            "task": "Net getypt, nog niet bewaard.",
            "characteristics": "Mijn eigen kenmerken.",
        },
    )
    assert response.status_code == 200
    page = _text(response)
    assert "Nieuwe titel, nog niet bewaard" in page
    assert "Net getypt, nog niet bewaard." in page
    characteristics = re.search(
        r'<textarea[^>]*id="characteristics"[^>]*>(.*?)</textarea>', page, re.S
    ).group(1)
    assert characteristics.strip().startswith("Mijn eigen kenmerken.")
    assert "2023" in characteristics
    assert services.latest_version(opgave).characteristics == TEXTS["characteristics"]  # unsaved
