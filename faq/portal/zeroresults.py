"""Searches that found nothing, counted for editors (the admin's "searches without results")
without ever holding up a page.

The search page only puts the normalized query in a bounded in-process queue (record); a
background thread per process drains it and writes each batch in one transaction (write). A page
therefore never waits on the database, even while another process holds SQLite's write lock: the
writer waits instead, and when the queue is full the search is dropped and counted. Each language
keeps at most settings.FAQ_ZERO_RESULTS_PER_DAY new distinct queries a day; a known query only has
its count raised, and the searches beyond the limit are counted per language and day
(ZeroResultDay), so random queries cannot grow the table or bury the list, and the admin still
sees their volume."""

import atexit
import collections
import logging
import os
import queue
import threading

from django import db
from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from ..search.query import clean
from .models import QUERY_MAX, ZeroResultDay, ZeroResultQuery

logger = logging.getLogger(__name__)

QUEUE_SIZE = 1000  # searches waiting for the writer; more are dropped (and counted)
BATCH = 500  # searches written per transaction at most


def normalize_query(query):
    """The search box's cleaning (search.query.clean), case-folded and capped: the key queries share."""
    return clean(query or "").text.casefold()[:QUERY_MAX].strip()


def record(query, lang):
    """Queue a full search (not a suggestion keystroke) that found nothing; never touches the
    database. False when the query is empty, the language unknown or the queue full."""
    text = normalize_query(query)
    if not text or lang not in dict(settings.LANGUAGES):
        return False
    return _writer().put(text, lang)


def flush(timeout=10):
    """Wait until the background writer has written (or dropped) every queued search; False if
    `timeout` seconds passed first."""
    return _writer().flush(timeout)


def drain():
    """Write what is queued now, in the calling thread (where no background writer runs: tests)."""
    _writer().drain()


def write(searches, dropped=None, now=None):
    """Count `searches` ({(query, lang): number}) and `dropped` ({lang: searches not queued}) in
    one transaction. Raises DatabaseError."""
    now = now or timezone.now()
    per_lang = collections.defaultdict(dict)
    for (text, lang), number in searches.items():
        per_lang[lang][text] = number
    with transaction.atomic():
        for lang in sorted(set(per_lang) | set(dropped or {})):
            _write_lang(lang, per_lang[lang], (dropped or {}).get(lang, 0), now)


def _write_lang(lang, counts, dropped, now):
    # The day's row is locked first: writers of a language (other processes) take turns, so the
    # limit holds on PostgreSQL too (SQLite's IMMEDIATE transactions already take turns).
    day, _ = ZeroResultDay.objects.select_for_update().get_or_create(day=timezone.localdate(now), lang=lang)
    known = set(ZeroResultQuery.objects.filter(lang=lang, query__in=counts).values_list("query", flat=True))
    for text in sorted(known):
        ZeroResultQuery.objects.filter(lang=lang, query=text).update(
            count=F("count") + counts[text], last_seen=now
        )
    new = [text for text in counts if text not in known]  # first come, first kept
    kept = new[: max(0, settings.FAQ_ZERO_RESULTS_PER_DAY - day.kept)]
    ZeroResultQuery.objects.bulk_create(
        (ZeroResultQuery(query=text, lang=lang, count=counts[text]) for text in kept),
        ignore_conflicts=True,  # created meanwhile on the next day's turn: that one search is lost
    )
    day.kept += len(kept)
    day.dropped += dropped + sum(counts[text] for text in new[len(kept) :])
    day.save(update_fields=["kept", "dropped"])


class _Writer:
    """The queue and the thread that drains it, started in the process that first records (a
    gunicorn worker, not the master it forked from). Without `thread`, drain() writes."""

    def __init__(self, thread=True):
        self.queue = queue.Queue(QUEUE_SIZE)
        self.lock = threading.Lock()
        self.dropped = collections.Counter()  # {lang: searches not queued or not written}
        self.pid = os.getpid()
        self.thread = threading.Thread(target=self._run, name="zero-results", daemon=True) if thread else None
        if self.thread:
            self.thread.start()

    def put(self, text, lang):
        try:
            self.queue.put_nowait((text, lang))
            return True
        except queue.Full:
            with self.lock:
                self.dropped[lang] += 1
            return False

    def flush(self, timeout):
        done = threading.Event()
        threading.Thread(target=lambda: (self.queue.join(), done.set()), daemon=True).start()
        return done.wait(timeout)

    def _run(self):
        while True:
            self._write_batch([self.queue.get()])

    def drain(self):
        while not self.queue.empty():
            self._write_batch([])

    def _write_batch(self, batch):
        while len(batch) < BATCH:
            try:
                batch.append(self.queue.get_nowait())
            except queue.Empty:
                break
        self._write(collections.Counter(batch))
        for _ in batch:
            self.queue.task_done()

    def _write(self, searches):
        with self.lock:
            dropped, self.dropped = self.dropped, collections.Counter()
        db.close_old_connections()
        try:
            write(searches, dropped)
        except DatabaseError:
            logger.warning("could not record %d zero-result searches", searches.total(), exc_info=True)
            with self.lock:
                for (_, lang), number in searches.items():
                    self.dropped[lang] += number
                self.dropped.update(dropped)


_current = None
_current_lock = threading.Lock()


def _writer():
    global _current
    with _current_lock:
        if _current is None or _current.pid != os.getpid():
            _current = _Writer()
        return _current


@atexit.register
def _flush_at_exit():  # a worker stopping gracefully writes what it still holds, briefly
    if _current is not None and _current.pid == os.getpid() and _current.thread:
        _current.flush(timeout=2)


def on_zero_results(sender, query, lang, **kwargs):
    """Receiver for search.engine.zero_results, sent by the search page (not by the suggest endpoint)."""
    record(query, lang)
