"""gunicorn's settings (wijkplatform/server.py): each worker tunes the garbage collector once
the app is loaded."""

from __future__ import annotations

import gc

from wijkplatform import server


def test_a_worker_freezes_what_start_up_made_and_collects_less_often():
    before = gc.get_threshold()
    try:
        server.post_worker_init(worker=None)

        assert gc.get_threshold() == (50_000, 20, 100)
        # The objects alive at start-up (here: the test run's) are out of the collector's sight.
        assert gc.get_freeze_count() > 10_000
        assert len(gc.get_objects()) < gc.get_freeze_count()
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
