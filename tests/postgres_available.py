"""Exit 0 when the PostgreSQL server in argv[1] answers, 1 otherwise (used by the Makefile)."""

import sys

import psycopg
from sqlalchemy.engine import make_url


def main(url: str) -> int:
    parsed = make_url(url)
    try:
        with psycopg.connect(
            host=parsed.host or "127.0.0.1",
            port=parsed.port or 5432,
            user=parsed.username or "postgres",
            dbname=parsed.database or "postgres",
            connect_timeout=3,
        ):
            return 0
    except psycopg.OperationalError:
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
