from tests.factories import ContributionFactory, resident, moderator, CommentFactory
from wijkplatform.extensions import db


def test_smoke(client, login):
    c = ContributionFactory(body="Hallo **wereld** <script>alert(1)</script>")
    nb = c.neighbourhood
    user = resident(nb)
    CommentFactory(contribution=c)
    db.session.commit()
    for url in [
        f"/neighbourhoods/{nb.slug}/contributions/",
        f"/contributions/{c.id}",
        f"/municipalities/{nb.municipality.cbs_code}/contributions/?q=bijdrage",
    ]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.get_data(as_text=True)[-3000:])
    login(user)
    for url in [
        f"/neighbourhoods/{nb.slug}/contributions/",
        f"/contributions/{c.id}",
        f"/contributions/new?neighbourhood={nb.slug}",
        "/account/contributions",
        "/account/",
        f"/neighbourhoods/{nb.slug}/",
        f"/contributions/similar?neighbourhood={nb.slug}&title=bijdrage+nummer",
    ]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.get_data(as_text=True)[-3000:])
    r = client.post(f"/contributions/{c.id}/support", data={"supported": "1"})
    assert r.status_code == 302
    r = client.post(
        f"/contributions/new",
        data={
            "neighbourhood": nb.slug,
            "kind": "issue",
            "title": "Te weinig bankjes",
            "body": "Oudere mensen kunnen nergens zitten.",
            "categories": ["community"],
            "action": "preview",
            "submission_key": "abc",
        },
    )
    assert r.status_code == 200, r.get_data(as_text=True)[-3000:]
    r = client.post(
        f"/contributions/new",
        data={
            "neighbourhood": nb.slug,
            "kind": "issue",
            "title": "Te weinig bankjes",
            "body": "Oudere mensen kunnen nergens zitten.",
            "categories": ["community"],
            "action": "publish",
            "submission_key": "abc",
        },
    )
    assert r.status_code == 302, r.get_data(as_text=True)[-3000:]
    r = client.post(
        f"/contributions/{c.id}/comments",
        data={"body": "Mee eens", "stance": "for"},
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200, r.get_data(as_text=True)[-3000:]
    print(r.get_data(as_text=True)[:500])
