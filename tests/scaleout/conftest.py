"""One cluster per test module: a fresh PostgreSQL database, a Redis of its own, two app
servers started together and nginx in front; all stopped and removed afterwards, also when a
test or the set-up fails.

The scale-out tests need PostgreSQL (the production database), `redis-server` and Debian's
nginx. The test starts Redis itself (a user process on a free loopback port, nothing kept on
disk), never the Redis a developer or CI already runs. They run in the PostgreSQL pass of
`make test`; elsewhere they are skipped with the reason, except in CI, where a missing piece
fails the run."""

from __future__ import annotations

import os
import secrets
import shutil
from dataclasses import dataclass, field

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from bench import generate, run
from bench.cluster import (
    NGINX,
    REDIS_SERVER,
    AppServer,
    Nginx,
    RedisServer,
    free_port,
    production_env,
)
from tests.conftest import TEST_DATABASE_URL, _admin_connect

SIZE = generate.Size(
    neighbourhoods=2, residents=120, contributions=600, supports=600, comments=100, spare_voters=40
)


def _missing() -> str | None:
    if not TEST_DATABASE_URL.startswith("postgresql"):
        return "the scale-out tests run on PostgreSQL (the PostgreSQL pass of make test)"
    if not os.path.exists(NGINX):
        return "nginx is not installed (apt-get install nginx-light)"
    if not os.path.exists(REDIS_SERVER):
        return "redis-server is not installed (apt-get install redis-server)"
    return None


@dataclass
class Cluster:
    database_url: str
    a: AppServer
    b: AppServer
    nginx: Nginx
    redis: RedisServer
    facts: dict
    voters: list[str] = field(default_factory=list)

    def take_voters(self, n: int) -> list[str]:
        """Residents that nobody else in the module has used."""
        taken, self.voters = self.voters[:n], self.voters[n:]
        assert len(taken) == n, "the generated city has too few spare voters"
        return taken


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    reason = _missing()
    if reason:
        if os.environ.get("CI") and TEST_DATABASE_URL.startswith("postgresql"):
            pytest.fail(f"CI must run the scale-out tests, but {reason}")
        pytest.skip(reason)
    server = make_url(TEST_DATABASE_URL)
    name = f"wijkplatform_scaleout_{secrets.token_hex(4)}"
    with _admin_connect(server) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    database_url = server.set(database=name).render_as_string(hide_password=False)
    workdir = tmp_path_factory.mktemp("cluster")
    servers, nginx, redis, cluster = [], None, None, None
    try:
        redis = RedisServer(workdir)
        # nginx's port is known before the app servers start: PUBLIC_URL names it.
        nginx_port = free_port()
        # Both servers keep their rate-limit counters in this Redis (all the app keeps in
        # Redis; the rendered-card cache is per process).
        env = production_env(database_url, redis.url(), f"http://127.0.0.1:{nginx_port}")
        # Both start at once on the empty database, each running `flask db upgrade` first.
        servers = [AppServer("a", env, workdir), AppServer("b", env, workdir)]
        for app_server in servers:
            app_server.wait()
        engine = create_engine(database_url)
        with engine.begin() as connection:
            summary = generate.generate(connection, SIZE, echo=lambda line: None)
        engine.dispose()
        facts = run.city_facts(database_url, summary)
        nginx = Nginx(workdir, servers[0].port, servers[1].port, port=nginx_port)
        cluster = Cluster(
            database_url,
            servers[0],
            servers[1],
            nginx,
            redis,
            facts,
            list(summary.spare_voter_emails),
        )
        yield cluster
    finally:
        if cluster is not None:
            servers += [cluster.a, cluster.b]  # a test may have restarted one
        if nginx is not None:
            nginx.stop()
        for app_server in servers:
            app_server.stop()
        if redis is not None:
            redis.stop()
        with _admin_connect(server) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)
