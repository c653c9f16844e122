"""A long thread is paged and its bodies are stored as HTML (issue 18): a page costs the same
whatever the thread's length; "Show more reactions" works as a plain link and with htmx; a
link to one reaction lands on it; the stored HTML is what render_markdown makes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import insert, select, text

from tests.factories import CommentFactory, ContributionFactory, UserFactory, moderator, resident
from wijkplatform.contributions import services
from wijkplatform.contributions.models import Comment, Stance
from wijkplatform.contributions.thread import THREAD_PAGE_SIZE
from wijkplatform.core.db import utcnow
from wijkplatform.core.markdown import RENDERER_VERSION, render_markdown
from wijkplatform.extensions import db

HTMX = {"HX-Request": "true"}
TOP_LEVEL = re.compile(r'<li class="comment" id="comment-(\d+)"')


def _thread(count, *, contribution=None, replies_every=3):
    """A contribution with `count` comments written straight to the table (as a big thread
    would be), every `replies_every`-th one a reply to the comment before it. Returns the
    contribution and the ids of its top-level comments in thread order."""
    contribution = contribution or ContributionFactory()
    authors = [resident(contribution.neighbourhood) for _ in range(4)]
    authors.append(moderator(contribution.neighbourhood))
    start = utcnow() - timedelta(days=2)
    body = "Een *reactie* met [een link](https://example.org)."
    html = str(render_markdown(body))
    rows, top_ids = [], []
    next_id = (db.session.scalar(select(db.func.max(Comment.id))) or 0) + 1
    for k in range(count):
        is_reply = replies_every and k % replies_every == replies_every - 1 and top_ids
        rows.append(
            {
                "id": next_id + k,
                "contribution_id": contribution.id,
                "author_id": authors[k % len(authors)].id,
                "parent_id": top_ids[-1] if is_reply else None,
                "stance": list(Stance)[k % 4],
                "body": body,
                "body_html": html,
                "body_html_version": RENDERER_VERSION,
                "created_at": start + timedelta(seconds=k),
                "updated_at": start + timedelta(seconds=k),
            }
        )
        if not is_reply:
            top_ids.append(next_id + k)
    db.session.execute(insert(Comment), rows)
    if db.session.get_bind().dialect.name == "postgresql":
        # Ids written by hand do not move PostgreSQL's sequence: the next real comment would
        # be given one of them (SQLite takes the largest id + 1 by itself).
        db.session.execute(
            text("SELECT setval(pg_get_serial_sequence('comment', 'id'), max(id)) FROM comment")
        )
    contribution.comment_count = count
    db.session.commit()
    return contribution, top_ids


def _page(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _shown(html):
    return [int(i) for i in TOP_LEVEL.findall(html)]


def test_the_thread_page_runs_the_same_queries_for_50_300_and_3000_comments(client, count_queries):
    counts = {}
    for size in (50, 300, 3000):
        contribution, _ = _thread(size)
        _page(client, f"/contributions/{contribution.id}")  # warm the caches
        with count_queries() as statements:
            html = _page(client, f"/contributions/{contribution.id}")
        counts[size] = len(statements)
        # The heading counts the whole thread, not the page.
        assert f"{size} reacties" in html
    assert counts[50] == counts[300] == counts[3000], counts


def test_the_next_page_query_count_does_not_grow_with_depth(client, count_queries):
    contribution, top_ids = _thread(900, replies_every=0)
    url = f"/contributions/{contribution.id}/comments?comments_after="
    with count_queries() as early:
        _page(client, url + str(top_ids[THREAD_PAGE_SIZE - 1]), headers=HTMX)
    with count_queries() as deep:
        _page(client, url + str(top_ids[-THREAD_PAGE_SIZE - 1]), headers=HTMX)
    assert len(early) == len(deep)


def test_first_page_shows_fifty_and_a_plain_link_to_the_next(client):
    contribution, top_ids = _thread(120, replies_every=0)
    html = _page(client, f"/contributions/{contribution.id}")

    assert _shown(html) == top_ids[:THREAD_PAGE_SIZE]
    assert "Meer reacties tonen" in html
    assert f'href="/contributions/{contribution.id}?comments_after={top_ids[49]}#comments"' in html
    assert "Eerste reacties tonen" not in html


def test_following_the_link_without_javascript_shows_the_next_page(client):
    contribution, top_ids = _thread(120, replies_every=0)
    first = _page(client, f"/contributions/{contribution.id}")
    link = re.search(r'href="([^"]*comments_after=\d+)#comments"', first).group(1)

    second = _page(client, link.replace("&amp;", "&"))
    assert _shown(second) == top_ids[50:100]
    assert "120 reacties" in second
    assert "Eerste reacties tonen" in second
    third_link = re.search(r'href="([^"]*comments_after=\d+)#comments"', second).group(1)
    third = _page(client, third_link)
    assert _shown(third) == top_ids[100:]
    assert "Meer reacties tonen" not in third


def test_with_htmx_the_next_page_is_a_fragment_appended_to_the_list(client):
    contribution, top_ids = _thread(120, replies_every=0)
    url = f"/contributions/{contribution.id}/comments?comments_after={top_ids[49]}"
    html = _page(client, url, headers=HTMX)

    assert "<html" not in html and "<h2" not in html
    assert 'data-hx-swap-oob="beforeend:#comment-list"' in html
    assert _shown(html) == top_ids[50:100]
    # The control is replaced by the next one; focus goes to the first new reaction and the
    # live region says how many came.
    more = re.search(r'<div id="comments-more"[^>]*>', html).group(0)
    assert f'data-focus="comment-{top_ids[50]}"' in more
    assert 'data-announce="Er staan nu 50 reacties meer op de pagina."' in more
    assert (
        f'data-hx-get="/contributions/{contribution.id}/comments?comments_after={top_ids[99]}"'
        in html
    )


def test_the_fragment_address_without_htmx_leads_to_the_page(client):
    contribution, top_ids = _thread(60, replies_every=0)
    response = client.get(
        f"/contributions/{contribution.id}/comments?comments_after={top_ids[49]}&order=newest"
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("#comments")
    assert f"comments_after={top_ids[49]}" in response.headers["Location"]


def test_newest_first_pages_backwards(client):
    contribution, top_ids = _thread(70, replies_every=0)
    first = _page(client, f"/contributions/{contribution.id}?order=newest")
    assert _shown(first) == list(reversed(top_ids))[:50]
    link = re.search(r'href="([^"]*comments_after=\d+[^"]*)#comments"', first).group(1)
    second = _page(client, link.replace("&amp;", "&"))
    assert _shown(second) == list(reversed(top_ids))[50:]


def test_replies_stay_under_their_comment_on_a_later_page(client):
    contribution, top_ids = _thread(150, replies_every=3)
    second = _page(client, f"/contributions/{contribution.id}?comments_after={top_ids[49]}")
    reply_ids = db.session.scalars(
        select(Comment.id).where(Comment.parent_id == top_ids[61]).order_by(Comment.id)
    ).all()
    assert reply_ids
    item = second[second.index(f'id="comment-{top_ids[61]}"') :]
    item = item[: item.index(f'id="comment-{top_ids[62]}"')]
    for reply_id in reply_ids:
        assert f'<li class="comment comment--reply" id="comment-{reply_id}">' in item


def test_a_link_to_a_comment_on_page_three_lands_on_it(client):
    contribution, top_ids = _thread(300, replies_every=3)
    target = top_ids[131]
    reply = db.session.scalar(select(Comment.id).where(Comment.parent_id == target))

    for comment_id in (target, reply):
        html = _page(client, f"/contributions/{contribution.id}?comment={comment_id}")
        assert f'id="comment-{comment_id}"' in html
        assert _shown(html)[0] == target
        assert "Eerste reacties tonen" in html
    # A comment on the first page keeps the first page.
    html = _page(client, f"/contributions/{contribution.id}?comment={top_ids[3]}")
    assert _shown(html) == top_ids[:50]


def test_a_notification_links_to_the_comment_with_its_place(app):
    from wijkplatform.notifications.models import Notification
    from wijkplatform.notifications.models import NotificationKind as Kind
    from wijkplatform.notifications.texts import link

    row = Notification(kind=Kind.COMMENT_REPLY, subject_id=7, detail="42")
    with app.test_request_context():
        assert link(row, None) == "/contributions/7?comment=42#comment-42"


def test_adding_a_reaction_to_a_long_thread_shows_it(client, login):
    contribution, _ = _thread(80, replies_every=0)
    login(UserFactory())
    response = client.post(
        f"/contributions/{contribution.id}/comments",
        data={"body": "Nummer eenentachtig.", "stance": "for", "submission_key": "k81"},
        headers=HTMX,
    )
    html = response.get_data(as_text=True)
    new_id = db.session.scalar(select(Comment.id).where(Comment.submission_key == "k81"))
    assert f'data-focus="comment-{new_id}"' in html
    assert f'id="comment-{new_id}"' in html

    plain = client.post(
        f"/contributions/{contribution.id}/comments",
        data={"body": "Nog een.", "stance": "for", "submission_key": "k82"},
    )
    other = db.session.scalar(select(Comment.id).where(Comment.submission_key == "k82"))
    assert plain.headers["Location"].endswith(f"?comment={other}#comment-{other}")
    assert f'id="comment-{other}"' in _page(client, plain.headers["Location"])


# --- stored HTML ----------------------------------------------------------------------


def test_a_new_comment_stores_what_render_markdown_makes(app):
    body = "Dit is **belangrijk**.\n\n- een\n- twee\n\n# Kop"
    comment = CommentFactory(body=body)
    assert comment.body_html == str(render_markdown(body))
    assert comment.body_html_version == RENDERER_VERSION


def test_hostile_markdown_is_sanitised_in_the_stored_html(client):
    body = (
        '<script>alert(1)</script> [klik](javascript:alert(1)) <img src=x onerror="alert(1)">'
        " [ok](https://example.org)"
    )
    comment = CommentFactory(body=body)
    db.session.commit()
    stored = comment.body_html
    assert "<script" not in stored and "<img" not in stored
    assert "javascript:" not in stored.replace("[klik](javascript:alert(1))", "")
    assert 'href="javascript' not in stored
    assert 'href="https://example.org"' in stored
    html = _page(client, f"/contributions/{comment.contribution_id}")
    assert "<script>alert" not in html


def test_editing_a_comment_renders_it_again(client, login):
    author = UserFactory()
    comment = CommentFactory(author=author, body="Eerst *zo*.")
    login(author)
    response = client.post(
        f"/comments/{comment.id}/edit", data={"body": "Nu **anders**.", "stance": "against"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"?comment={comment.id}#comment-{comment.id}")
    db.session.refresh(comment)
    assert comment.body_html == str(render_markdown("Nu **anders**."))
    assert "<strong>anders</strong>" in _page(client, response.headers["Location"])


def test_removing_a_comment_removes_its_html_too(app):
    author = UserFactory()
    comment = CommentFactory(author=author, body="Mijn adres is Kerkstraat 1.")
    comment.contribution.comment_count = 1
    services.delete_comment(author, comment)
    assert comment.body == "" and comment.body_html == ""


def test_a_stale_renderer_version_is_rendered_on_the_fly_and_by_the_command(app, client):
    comment = CommentFactory(body="Heel *vers*.")
    db.session.commit()
    db.session.execute(
        text("UPDATE comment SET body_html = '<p>oud</p>', body_html_version = :v WHERE id = :id"),
        {"v": RENDERER_VERSION - 1, "id": comment.id},
    )
    missing = CommentFactory(contribution=comment.contribution, body="Zonder **html**.")
    db.session.commit()
    db.session.execute(
        text("UPDATE comment SET body_html = NULL, body_html_version = NULL WHERE id = :id"),
        {"id": missing.id},
    )
    db.session.commit()

    html = _page(client, f"/contributions/{comment.contribution_id}")
    assert "<em>vers</em>" in html and "<p>oud</p>" not in html
    assert "<strong>html</strong>" in html

    result = app.test_cli_runner().invoke(args=["comments", "rerender", "--batch", "1"])
    assert result.exit_code == 0, result.output
    assert "2 comments to render" in result.output
    assert "2/2" in result.output
    db.session.expire_all()
    for row in (comment, missing):
        db.session.refresh(row)
        assert row.body_html == str(render_markdown(row.body))
        assert row.body_html_version == RENDERER_VERSION
    again = app.test_cli_runner().invoke(args=["comments", "rerender"])
    assert "0 comments to render" in again.output


def test_an_erased_author_shows_as_former_resident_on_a_later_page(client, login):
    from tests.factories import PASSWORD
    from wijkplatform.accounts.personal_data import erase_account

    contribution, _ = _thread(60, replies_every=0)
    person = UserFactory(display_name="Wietske")
    late = CommentFactory(contribution=contribution, author=person, body="Laat.")
    db.session.commit()
    assert "Wietske" in _page(client, f"/contributions/{contribution.id}?comment={late.id}")
    erase_account(person, password=PASSWORD)
    db.session.commit()
    html = _page(client, f"/contributions/{contribution.id}?comment={late.id}")
    assert "Wietske" not in html
    assert "voormalig bewoner" in html


@pytest.mark.parametrize("after", ["abc", "99999999"])
def test_a_bad_or_unknown_keyset_gives_a_page_not_an_error(client, after):
    contribution, _ = _thread(10, replies_every=0)
    html = _page(client, f"/contributions/{contribution.id}?comments_after={after}")
    assert "10 reacties" in html


def test_the_migration_backfills_stored_html_and_downgrades(app):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import inspect

    comment = CommentFactory(body="Van *voor* de migratie <script>x</script>.")
    db.session.commit()
    comment_id, body = comment.id, comment.body
    db.session.remove()
    downgrade(revision="4a54c754f800")
    assert "body_html" not in {c["name"] for c in inspect(db.engine).get_columns("comment")}
    upgrade()
    html, version = db.session.execute(
        text("SELECT body_html, body_html_version FROM comment WHERE id = :id"),
        {"id": comment_id},
    ).one()
    assert html == str(render_markdown(body))
    assert "<script" not in html
    assert version == RENDERER_VERSION


@pytest.mark.parametrize("argument", ["comment", "comments_after", "all_replies"])
def test_a_number_the_thread_does_not_understand_shows_the_first_page(client, argument):
    """ "²" and "٣" are digits to str.isdigit but not numbers int() reads: the address is
    ignored as any other it does not understand, never a server error."""
    contribution, top_ids = _thread(60, replies_every=0)
    for odd in ("%C2%B2", "%D9%A3"):
        html = _page(client, f"/contributions/{contribution.id}?{argument}={odd}")
        assert _shown(html) == top_ids[:50]
