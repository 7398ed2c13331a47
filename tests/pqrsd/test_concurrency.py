"""
50 filings at once on PostgreSQL: 50 distinct consecutive radicados, none lost; a double click
on the form files once.
"""

import re
import threading

import pytest
from django.db import connection
from django.test import Client

from pqrsd.filing import file_request
from pqrsd.models import FilingCounter, Request

from .factories import form_post, request_data

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


def test_a_double_click_on_the_form_files_once_and_both_clicks_see_the_confirmation(
    on_postgresql,
):
    browser = Client()
    token = re.search(r'name="form_token" value="([^"]+)"', browser.get("/pqrsd/").text)[1]
    data = form_post(form_token=token)
    barrier = threading.Barrier(2)
    responses, errors = [], []

    def click():
        try:
            clicker = Client()
            clicker.cookies.update(browser.cookies)  # the same browser, so the same session
            barrier.wait(timeout=30)
            responses.append(clicker.post("/pqrsd/", data))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert [r.status_code for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} == {f"/pqrsd/radicada/{token}/"}
    assert Request.objects.count() == 1
    confirmation = browser.get(f"/pqrsd/radicada/{token}/")
    assert Request.objects.get().radicado in confirmation.text
