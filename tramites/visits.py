"""
Sheet visits, added up in memory by each process and written to the database in bulk.

One UPDATE per view made every request for a popular sheet wait on that row's lock, even when
the page came from the cache. Each process now keeps a `VisitBuffer` (see
`tramites.models.count_visit`) and writes it in one statement when MAX_PENDING visits are
waiting or when a visit arrives and the oldest waiting one is MAX_WAIT_SECONDS old, and once
more when the gunicorn worker exits (deploy/gunicorn.conf.py). A process killed without a clean
exit loses the visits it had not written yet, at most MAX_PENDING: acceptable for a popularity
counter, which only orders the home page's list and informs the admin.

Plain logic with no database; `now` is a parameter (seconds, from any clock).
"""

import threading

MAX_PENDING = 100
MAX_WAIT_SECONDS = 5.0


class VisitBuffer:
    """Visits per sheet slug not yet written, and whether it is time to write them."""

    def __init__(self, *, max_pending=MAX_PENDING, max_wait=MAX_WAIT_SECONDS):
        self.max_pending = max_pending
        self.max_wait = max_wait
        self._counts = {}
        self._pending = 0
        self._oldest = None
        # gunicorn may run threads (GUNICORN_THREADS): a visit must not slip between the read
        # and the reset in take().
        self._lock = threading.Lock()

    def add(self, slug: str, now: float) -> bool:
        """Count one visit to `slug` at `now`; True when the buffer is due to be written."""
        with self._lock:
            self._counts[slug] = self._counts.get(slug, 0) + 1
            self._pending += 1
            if self._oldest is None:
                self._oldest = now
            return self._pending >= self.max_pending or now - self._oldest >= self.max_wait

    def take(self) -> dict[str, int]:
        """The visits counted so far (slug → count), leaving the buffer empty."""
        with self._lock:
            counts, self._counts = self._counts, {}
            self._pending = 0
            self._oldest = None
        return counts
