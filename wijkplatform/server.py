"""gunicorn's settings for serving Wijkplatform, given on its command line:

    gunicorn --config python:wijkplatform.server --workers 2 --threads 4 'wijkplatform:create_app()'

The benchmark (bench/run.py), the scale-out tests (bench/cluster.py) and docs/deploy.md start
it the same way, so what is measured is what runs.
"""

from __future__ import annotations

import gc

# Python collects its youngest generation after 700 new container objects by default. A page
# of ORM rows and template frames makes hundreds of thousands, so the collector ran hundreds
# of times per request and, now and then, walked every object of the process (the app, the
# compiled templates, the translation catalogues) in a full collection: measured in-process
# on the full-size city, 3-4 ms of a 19-27 ms Opgave page and the spikes in its p95. Larger
# thresholds let short-lived objects die by reference counting before a collection looks at
# them; cycles are still collected, only later.
YOUNGEST_THRESHOLD = 50_000
MIDDLE_THRESHOLD = 20
OLDEST_THRESHOLD = 100


def tune_garbage_collector() -> None:
    """After the app is built: move everything it made at start-up out of the collector's
    sight (gc.freeze: it lives as long as the worker, so walking it again and again finds
    nothing), and collect less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNGEST_THRESHOLD, MIDDLE_THRESHOLD, OLDEST_THRESHOLD)


def post_worker_init(worker) -> None:  # gunicorn's hook: the worker has loaded the app
    tune_garbage_collector()
