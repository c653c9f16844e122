"""Two app servers behind nginx behave as one site (issue 19): sessions, exact counts, shared
rate limits, one migration, and no accepted write lost when a server stops mid-load.

The cluster (conftest.py) is real: Debian's nginx, two gunicorn instances in production mode,
one PostgreSQL database, one Redis, all started by the test. The tests run in file order; the
last three stop a server: planned (out of nginx, then SIGTERM), graceful (SIGTERM under load)
and hard (SIGKILL under load).
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, text

from bench import generate, load

_open: list[load.Client] = []


@pytest.fixture(autouse=True)
def _close_connections():
    yield
    while _open:
        _open.pop().close()


class Visitor(load.Client):
    """A browser on its own address. Talking to an app server directly, the address is given
    as nginx would give it (the servers trust one proxy hop, TRUSTED_PROXY_COUNT=1), so each
    test's rate limits are its own; through nginx, nginx adds the real one."""

    def __init__(self, port: int, address: str | None = None):
        super().__init__(port)
        self.address = address
        _open.append(self)

    def request(self, method, path, form=None, headers=None):
        headers = dict(headers or {})
        if self.address:
            headers["X-Forwarded-For"] = self.address
        return super().request(method, path, form=form, headers=headers)

    def on(self, port: int) -> Visitor:
        """The same browser (cookies and address) talking to another server."""
        other = Visitor(port, self.address)
        other.cookies = self.cookies
        return other


def _rows(cluster, sql: str, **params):
    engine = create_engine(cluster.database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).all()
    finally:
        engine.dispose()


def _support(visitor: Visitor, token: str, contribution_id: int):
    return visitor.request(
        "POST",
        f"/contributions/{contribution_id}/support",
        form={"csrf_token": token, "supported": "1"},
        headers={"HX-Request": "true", "HX-Target": f"contribution-{contribution_id}-votes"},
    )


def test_both_servers_migrated_the_database_once_although_they_started_together(cluster):
    logs = [cluster.a.output(), cluster.b.output()]
    ran = [log.count("Running upgrade") for log in logs]
    # One server ran every migration; the other waited for the lock and found the head.
    assert sorted(ran)[0] == 0 and sorted(ran)[1] > 5, logs
    assert cluster.a.running and cluster.b.running
    heads = _rows(cluster, "SELECT version_num FROM alembic_version")
    assert len(heads) == 1


def test_a_resident_signed_in_through_one_server_is_signed_in_on_the_other(cluster):
    [email] = cluster.take_voters(1)
    on_a = Visitor(cluster.a.port, "10.0.1.1")
    on_a.log_in(email, generate.PASSWORD)
    on_b = on_a.on(cluster.b.port)
    response, body = on_b.request("GET", "/account/")
    assert response.status == 200
    assert email.encode() in body
    # A form opened on one server submits on the other: the CSRF token is in the session.
    token = on_a.csrf_token(f"/neighbourhoods/{cluster.facts['slug']}/contributions/")
    target = cluster.facts["vote_targets"][0]
    response, _ = _support(on_b, token, target)
    assert response.status == 200
    # And a visitor who never signed in is not signed in anywhere.
    response, _ = Visitor(cluster.b.port, "10.0.1.2").request("GET", "/account/")
    assert response.status == 302


def test_supports_cast_through_both_servers_at_once_are_counted_exactly(cluster):
    emails = cluster.take_voters(12)
    targets = cluster.facts["vote_targets"][10:20]
    ids = ",".join(map(str, targets))
    counts = f"SELECT id, support_count FROM contribution WHERE id IN ({ids})"
    before = dict(_rows(cluster, counts))
    ports = [cluster.a.port, cluster.b.port, cluster.nginx.port]
    visitors = []
    for n, email in enumerate(emails):
        visitor = Visitor(ports[n % 3], f"10.0.2.{n + 1}" if n % 3 != 2 else None)
        visitor.log_in(email, generate.PASSWORD)
        token = visitor.csrf_token(f"/neighbourhoods/{cluster.facts['slug']}/contributions/")
        visitors.append((visitor, token))
    start = threading.Barrier(len(visitors))

    def vote_all(pair):
        visitor, token = pair
        start.wait()
        return [_support(visitor, token, target)[0].status for target in targets]

    with ThreadPoolExecutor(len(visitors)) as pool:
        statuses = [s for result in pool.map(vote_all, visitors) for s in result]

    assert statuses == [200] * (len(emails) * len(targets))
    after = dict(_rows(cluster, counts))
    assert {i: after[i] - before[i] for i in targets} == {i: len(emails) for i in targets}
    votes = _rows(
        cluster,
        "SELECT count(*), count(DISTINCT (user_id, contribution_id)) FROM vote "
        "WHERE contribution_id IN (" + ",".join(map(str, targets)) + ")",
    )
    total, distinct = votes[0]
    assert total == distinct  # no duplicate support from a race between the servers


def test_a_rate_limit_counts_the_attempts_on_both_servers_together(cluster):
    # LOGIN_RATE_LIMIT is 10 a minute per address (config.py). Five wrong passwords on each
    # server use it up; the eleventh attempt is refused, whichever server it reaches.
    on_a = Visitor(cluster.a.port, "10.0.3.1")
    on_b = on_a.on(cluster.b.port)
    statuses = []
    for attempt in range(11):
        visitor = on_a if attempt % 2 == 0 else on_b
        token = visitor.csrf_token("/account/login")
        response, _ = visitor.request(
            "POST",
            "/account/login",
            form={
                "csrf_token": token,
                "email": f"nobody{attempt}@example.org",
                "password": "wrong password",
            },
        )
        statuses.append(response.status)
    assert 429 not in statuses[:10], statuses
    assert statuses[10] == 429
    # Another address is not affected.
    other = Visitor(cluster.b.port, "10.0.3.2")
    token = other.csrf_token("/account/login")
    response, _ = other.request(
        "POST",
        "/account/login",
        form={"csrf_token": token, "email": "x@example.org", "password": "wrong password"},
    )
    assert response.status != 429


def _support_under_load(cluster, emails, targets, at_halfway, *, sign_in_on, addresses):
    """Each resident supports 30 contributions of their own through nginx, one after another,
    all at once; `at_halfway` runs when they are about a third of the way. Returns what the
    site answered, in order, and the supports stored for these residents."""
    mine = {email: targets[30 * n : 30 * (n + 1)] for n, email in enumerate(emails)}
    visitors = []
    for n, email in enumerate(emails):
        # Signed in on a server directly, from an address of its own: through nginx every
        # test client has 127.0.0.1, and the login limit per address would count them all.
        signing_in = Visitor(sign_in_on.port, f"{addresses}.{n + 1}")
        signing_in.log_in(email, generate.PASSWORD)
        visitor = Visitor(cluster.nginx.port)
        visitor.cookies = signing_in.cookies
        token = visitor.csrf_token(f"/neighbourhoods/{cluster.facts['slug']}/contributions/")
        visitors.append((email, visitor, token))
    outcomes: list[tuple[str, int, int]] = []
    halfway = threading.Event()
    lock = threading.Lock()

    def vote_all(triple):
        email, visitor, token = triple
        for n, target in enumerate(mine[email]):
            if n == 10:
                halfway.set()
            response, _ = _support(visitor, token, target)
            with lock:
                outcomes.append((email, target, response.status))

    with ThreadPoolExecutor(len(visitors)) as pool:
        futures = [pool.submit(vote_all, triple) for triple in visitors]
        halfway.wait(60)
        at_halfway()
        for future in futures:
            future.result()
    stored = set(
        _rows(
            cluster,
            "SELECT u.email, v.contribution_id FROM vote v JOIN user_account u ON u.id = v.user_id "
            "WHERE u.email IN (" + ",".join(f"'{e}'" for e in emails) + ")",
        )
    )
    assert len(outcomes) == len(emails) * 30
    return outcomes, stored


def test_a_planned_stop_takes_the_server_out_of_nginx_first_and_no_request_fails(cluster):
    emails = cluster.take_voters(4)
    targets = cluster.facts["vote_targets"][100:220]

    def take_a_out_and_stop_it():
        cluster.nginx.route(down=[cluster.a.port])
        cluster.a.stop()

    outcomes, stored = _support_under_load(
        cluster, emails, targets, take_a_out_and_stop_it, sign_in_on=cluster.b, addresses="10.0.4"
    )

    assert not cluster.a.running
    assert [o for o in outcomes if o[2] != 200] == []
    assert {(email, target) for email, target, _ in outcomes} == stored
    # A release: server a comes back on its port and nginx sends it requests again.
    cluster.a = cluster.a.restarted()
    cluster.nginx.route(down=[])
    response, _ = Visitor(cluster.a.port).request("GET", "/readyz")
    assert response.status == 200


def _refused_once_then_answered(outcomes, emails):
    """A request that was on its way to the stopping server may be refused (502: the
    resident sees "try again"; nginx never resends a POST that reached a server, so nothing
    is done twice): at most one per resident (each has one request on its way at a time),
    and every later one is answered by the other server."""
    refused = [o for o in outcomes if o[2] != 200]
    assert len(refused) <= len(emails), refused
    assert all(status == 502 for _, _, status in refused), refused
    for email in emails:
        after_stop = [status for e, _, status in outcomes if e == email][-15:]
        assert after_stop == [200] * 15
    return {(email, target) for email, target, _ in refused}


def test_a_graceful_stop_mid_load_finishes_what_the_server_started(cluster):
    """SIGTERM without taking the server out of nginx first (systemctl stop, a reboot):
    gunicorn stops taking connections and finishes and answers the requests it has."""
    emails = cluster.take_voters(4)
    targets = cluster.facts["vote_targets"][220:340]

    outcomes, stored = _support_under_load(
        cluster, emails, targets, cluster.b.stop, sign_in_on=cluster.b, addresses="10.0.5"
    )

    assert not cluster.b.running
    accepted = {(email, target) for email, target, status in outcomes if status == 200}
    refused = _refused_once_then_answered(outcomes, emails)
    # Every write the site said yes to is stored; a refused one was not done at all: the
    # server finished everything it had started, so "try again" is right.
    assert accepted == stored
    assert not refused & stored
    response, _ = Visitor(cluster.nginx.port).request("GET", "/readyz")
    assert response.status == 200
    # Server b comes back; the reload makes nginx try it again at once.
    cluster.b = cluster.b.restarted()
    cluster.nginx.route(down=[])


def test_a_hard_stop_mid_load_loses_no_confirmed_write_and_nginx_routes_around_it(cluster):
    """SIGKILL to gunicorn and all its workers at once (power cut, the kernel's OOM killer):
    requests in the middle of their work are cut off and nothing is answered any more."""
    emails = cluster.take_voters(4)
    targets = cluster.facts["vote_targets"][340:460]
    assert len(targets) == 120
    killed_at = []

    def kill_a():
        cluster.a.kill()  # returns when the last of its processes has gone
        killed_at.append(time.time())

    outcomes, stored = _support_under_load(
        cluster, emails, targets, kill_a, sign_in_on=cluster.b, addresses="10.0.6"
    )

    assert not cluster.a.running
    accepted = {(email, target) for email, target, status in outcomes if status == 200}
    refused = _refused_once_then_answered(outcomes, emails)
    # Every write the site said yes to is stored. A cut-off request may or may not have been
    # done (its transaction committed or was rolled back); support is "on", so trying again
    # is safe either way. Nothing else is stored.
    assert accepted <= stored
    assert stored - accepted <= refused
    # nginx: server a answered supports before it died; every request that came in after
    # went to b, also when nginx tried a again first (connection refused, then b).
    supports = [r for r in cluster.nginx.requests() if r["path"].endswith("/support")]
    ids = {str(target) for target in targets}
    mine = [r for r in supports if r["path"].split("/")[2] in ids]
    assert len(mine) == len(outcomes)
    assert any(r["ports"] == [cluster.a.port] and r["status"] == 200 for r in mine)
    later = [r for r in mine if r["start"] > killed_at[0] + 0.05]
    assert len(later) > 20
    assert all(r["ports"][-1] == cluster.b.port and r["status"] == 200 for r in later), later
    with pytest.raises(ConnectionRefusedError):
        Visitor(cluster.a.port).request("GET", "/healthz")
    response, _ = Visitor(cluster.nginx.port).request("GET", "/readyz")
    assert response.status == 200
