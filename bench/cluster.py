"""Two app servers behind nginx on one PostgreSQL database and one Redis, on loopback.

The set-up of docs/deploy.md in miniature: Debian's nginx (as a user process with its own
prefix, config and logs in a temporary folder) balancing app servers on 127.0.0.1, and Redis
(`RedisServer`, a user process on a free port that keeps nothing on disk). The scale-out tests
(tests/scaleout) start two gunicorn instances of `wijkplatform:create_app()` of this checkout
in production mode with `AppServer`, each the way a deployment starts it (`flask db upgrade`,
then gunicorn); the benchmark (bench/run.py) puts its own servers behind the same `Nginx` to
measure one against two app servers. Nothing here is a mock.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench import load

ROOT = Path(__file__).resolve().parents[1]  # the checkout: bench/ is in it
BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"

NGINX_CONF = """\
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    # When each request ended, how long it took, and which app servers it went to ("a, b"
    # when a refused the connection and b answered) with their answers.
    log_format upstreams '$msec $request_time $request_method $request_uri $status '
                         '$upstream_addr|$upstream_status';
    access_log {prefix}/access.log upstreams;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    upstream wijkplatform {{
        server 127.0.0.1:{port_a} max_fails=1 fail_timeout=10s{down_a};
        server 127.0.0.1:{port_b} max_fails=1 fail_timeout=10s{down_b};
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 32m;
        location / {{
            proxy_pass http://wijkplatform;
            # A server that refuses the connection (stopped, restarting) is skipped; a request
            # it already received is never sent twice (nginx never retries a POST that reached
            # an app server).
            proxy_next_upstream error timeout http_502 http_503;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind((load.LOOPBACK, 0))
        return s.getsockname()[1]


def wait_for(port: int, path: str = "/healthz", timeout: float = 60, process=None) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server on port {port} stopped (exit {process.returncode})")
        client = load.Client(port, timeout=5)
        try:
            response, _ = client.request("GET", path)
            if response.status == 200:
                return
        except OSError:
            pass
        finally:
            client.close()
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port} within {timeout} s")


APP_FROM = "wijkplatform from "


class AppServer:
    """One app server: `flask db upgrade`, then gunicorn, as a deployment starts it. It runs
    the app of this checkout (ROOT first on PYTHONPATH, ROOT as working directory), never a
    copy installed elsewhere; `wait` checks that. Its processes (gunicorn and its workers) are
    a process group of their own, so `kill` can stop them all at once."""

    def __init__(self, name: str, env: dict, workdir: Path, *, port: int | None = None):
        self.name = name
        self.env, self.workdir = env, workdir
        self.port = port or free_port()
        self.log = workdir / f"{name}.log"
        pythonpath = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
        where = (
            "import importlib.util as u; "
            f'print("{APP_FROM}" + u.find_spec("wijkplatform").origin, flush=True)'
        )
        command = (
            f"{BIN}/python -c {shlex.quote(where)} && "
            f"{BIN}/flask --app wijkplatform db upgrade && exec {BIN}/gunicorn "
            "--config python:wijkplatform.server --workers 2 "
            f"--threads 2 --bind 127.0.0.1:{self.port} --graceful-timeout 20 "
            f"'wijkplatform:create_app()'"
        )
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                ["sh", "-c", command],
                env={**env, "PYTHONPATH": pythonpath},
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait(self) -> None:
        wait_for(self.port, process=self.process)
        expected = f"{APP_FROM}{ROOT / 'wijkplatform' / '__init__.py'}"
        if expected not in self.output():
            self.kill()
            raise RuntimeError(f"app server {self.name} did not run the app of {ROOT}")

    def output(self) -> str:
        return self.log.read_text()

    def stop(self) -> None:
        """SIGTERM: gunicorn stops taking connections and finishes the requests it has."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        """SIGKILL to gunicorn and every worker at once, as when the machine loses power or
        the kernel kills the service: nothing is finished, nothing is answered."""
        with contextlib.suppress(ProcessLookupError):  # stopped already
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        # The workers die a moment after gunicorn; until the last one has gone the kernel
        # still takes connections on the port (and then resets them). Return when it refuses.
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection((load.LOOPBACK, self.port), timeout=1).close()
            except ConnectionRefusedError:
                return
            time.sleep(0.01)
        raise RuntimeError(f"app server {self.name} still takes connections after SIGKILL")

    def restarted(self) -> AppServer:
        """A new process of this server on the same port (a release, a reboot)."""
        self.stop()
        server = AppServer(self.name, self.env, self.workdir, port=self.port)
        server.wait()
        return server

    @property
    def running(self) -> bool:
        return self.process.poll() is None


class Nginx:
    def __init__(self, workdir: Path, port_a: int, port_b: int, *, port: int | None = None):
        self.prefix = workdir / "nginx"
        self.prefix.mkdir(exist_ok=True)
        self.port = port or free_port()
        self.upstreams = [port_a, port_b]
        self.conf = self.prefix / "nginx.conf"
        self._write(down=())
        self.process = subprocess.Popen(
            [
                NGINX,
                "-p",
                str(self.prefix),
                "-c",
                str(self.conf),
                "-e",
                str(self.prefix / "error.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.port, process=self.process)

    def _write(self, down) -> None:
        port_a, port_b = self.upstreams
        self.conf.write_text(
            NGINX_CONF.format(
                prefix=self.prefix,
                port=self.port,
                port_a=port_a,
                port_b=port_b,
                down_a=" down" if port_a in down else "",
                down_b=" down" if port_b in down else "",
            )
        )

    def route(self, *, down=()) -> None:
        """Send no new requests to the app servers on these ports (`down` in the upstream),
        then reload: nginx's new workers use the new list, the old ones finish their
        requests. This is how docs/deploy.md takes a server out before stopping it."""
        self._write(down)
        self.process.send_signal(signal.SIGHUP)
        time.sleep(1.5)  # the old workers hand over to the new ones

    def requests(self) -> list[dict]:
        """The access log: per request its start and end (time.time()), method, path,
        status, and the app servers' ports it went to with their answers, in order."""
        rows = []
        for line in (self.prefix / "access.log").read_text().splitlines():
            end, took, method, path, status, upstreams = line.split(" ", 5)
            addresses, _, answers = upstreams.partition("|")
            rows.append(
                {
                    "start": float(end) - float(took),
                    "end": float(end),
                    "method": method,
                    "path": path,
                    "status": int(status),
                    "ports": [int(a.rsplit(":", 1)[1]) for a in addresses.split(", ") if ":" in a],
                    "answers": answers.split(", "),
                }
            )
        return rows

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # nginx's graceful stop
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class RedisServer:
    """Redis as a user process on a free loopback port, keeping nothing on disk (`save ""`,
    `appendonly no`, its working folder a temporary one), as docs/deploy.md sets it up."""

    def __init__(self, workdir: Path):
        self.dir = workdir / "redis"
        self.dir.mkdir(exist_ok=True)
        self.port = free_port()
        options = {"bind": "127.0.0.1", "port": str(self.port), "save": "", "appendonly": "no"}
        options |= {"dir": str(self.dir), "logfile": str(self.dir / "redis.log")}
        self.process = subprocess.Popen(
            [REDIS_SERVER, *(part for k, v in options.items() for part in (f"--{k}", v))],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.time() + 20
        while not self.answers():
            if self.process.poll() is not None or time.time() > deadline:
                self.stop()
                raise RuntimeError(f"redis-server did not start on port {self.port}")
            time.sleep(0.1)

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def answers(self) -> bool:
        try:
            with socket.create_connection((load.LOOPBACK, self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # with nothing to save: stops at once
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def production_env(database_url: str, redis_url: str, public_url: str) -> dict:
    """What docs/deploy.md asks for, for a closed loopback network without TLS."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TEST_", "PYTEST"))},
        "WIJKPLATFORM_CONFIG": "production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "scale-out-test-" + os.urandom(8).hex(),  # the same on both servers
        "PUBLIC_URL": public_url,
        "PUBLIC_URL_ALLOW_HTTP": "1",
        "TRUSTED_HOSTS": "127.0.0.1",
        "TRUSTED_PROXY_COUNT": "1",
        "RATELIMIT_STORAGE_URI": redis_url,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(free_port()),  # nobody listens: no test here sends mail
        "REQUIRE_EMAIL_CONFIRMATION": "0",
    }
