"""
50 filings at once on PostgreSQL: 50 distinct consecutive radicados, none lost. Changes that
cross the same report tallies wait for each other instead of deadlocking.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from pqrsd.filing import file_request
from pqrsd.models import FilingCounter, MonthlyTally, Request
from pqrsd.stats import tally_differences
from tests.portal.factories import make_office

from .factories import make_request, request_data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
FILINGS = 50


def test_concurrent_filings_get_consecutive_radicados(on_postgresql):
    barrier = threading.Barrier(FILINGS)
    errors, numbers = [], []
    lock = threading.Lock()

    def worker(n):
        try:
            data = request_data(subject=f"Concurrente {n}")
            barrier.wait(timeout=30)
            result = file_request(data=data, submission_key=f"hilo-{n}")
            with lock:
                numbers.append(result.request.number)
        except Exception as error:  # reported below; a thread must not swallow it silently
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(FILINGS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert sorted(numbers) == list(range(1, FILINGS + 1))
    assert Request.objects.count() == FILINGS
    assert FilingCounter.objects.get().last_number == FILINGS


def test_concurrent_double_click_files_once(on_postgresql):
    barrier = threading.Barrier(5)
    results, errors = [], []

    def worker():
        try:
            barrier.wait(timeout=30)
            results.append(file_request(data=request_data(), submission_key="doble-clic"))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert Request.objects.count() == 1
    assert len({r.request.pk for r in results}) == 1
    assert sum(r.created for r in results) == 1


def test_crossing_moves_between_tallies_do_not_deadlock(on_postgresql):
    """
    Request x moves from office A to B, then request y from B to A, while A's tally row is
    held. The triggers lock tally rows in key order, so y waits for A before taking B; taken in
    the order of the change (B, then A), x would get A and wait for B: a deadlock.
    """
    office_a, office_b = make_office(), make_office()
    x, _ = make_request(addressee_office=office_a)
    y, _ = make_request(addressee_office=office_b)
    holding, errors = threading.Event(), []

    def hold_a():
        try:
            with transaction.atomic():
                MonthlyTally.objects.select_for_update().get(office=office_a)
                holding.set()
                time.sleep(1.5)
        finally:
            connection.close()

    def move(request, office, delay):
        try:
            holding.wait(timeout=30)
            time.sleep(delay)  # x waits for A first
            Request.objects.filter(pk=request.pk).update(office=office)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=hold_a),
        threading.Thread(target=move, args=(x, office_b, 0)),
        threading.Thread(target=move, args=(y, office_a, 0.5)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert tally_differences() == []
    assert set(Request.objects.values_list("office", flat=True)) == {office_a.pk, office_b.pk}
