"""The visit buffer's rules, without a database."""

import threading

from tramites.visits import VisitBuffer


def test_counts_visits_per_sheet_until_taken():
    buffer = VisitBuffer(max_pending=100, max_wait=5)
    for slug in ["predial", "predial", "residencia"]:
        assert buffer.add(slug, now=0) is False
    assert buffer.take() == {"predial": 2, "residencia": 1}
    assert buffer.take() == {}


def test_is_due_after_max_pending_visits():
    buffer = VisitBuffer(max_pending=3, max_wait=5)
    assert buffer.add("a", now=0) is False
    assert buffer.add("b", now=0) is False
    assert buffer.add("a", now=0) is True


def test_is_due_when_the_oldest_visit_has_waited_max_wait():
    buffer = VisitBuffer(max_pending=100, max_wait=5)
    assert buffer.add("a", now=100) is False
    assert buffer.add("a", now=104.9) is False
    assert buffer.add("b", now=105) is True


def test_the_wait_starts_again_after_a_take():
    buffer = VisitBuffer(max_pending=2, max_wait=5)
    buffer.add("a", now=0)
    buffer.take()
    # A first visit long after the last write is not due by itself.
    assert buffer.add("a", now=1000) is False
    assert buffer.add("a", now=1001) is True


def test_no_visit_is_lost_between_takes_across_threads():
    buffer = VisitBuffer(max_pending=50, max_wait=5)
    taken = []

    def visit(slug):
        for _ in range(2000):
            if buffer.add(slug, now=0):
                taken.append(buffer.take())

    threads = [threading.Thread(target=visit, args=(f"s{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    taken.append(buffer.take())
    totals = {}
    for counts in taken:
        for slug, n in counts.items():
            totals[slug] = totals.get(slug, 0) + n
    assert totals == {f"s{n}": 2000 for n in range(4)}
