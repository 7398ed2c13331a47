"""
SQLite, the default database, under a burst of filings: two gunicorn processes with several
threads each share one database file. Every filing waits for the write lock instead of
failing, nothing filed is reported as failed, and two outbox senders running at once deliver
each e-mail exactly once.
"""

import re
import subprocess
import threading
import time
import urllib.parse

from portal import antispam
from tests.servers import (
    BASE_DIR,
    PYTHON,
    ensure_collectstatic,
    fetch,
    free_port,
    gunicorn,
    manage,
    production_env,
)

from .factories import form_post

FILINGS = 60
SENDERS = 2


def _cookies(headers):
    return "; ".join(c.split(";")[0] for c in headers.get_all("Set-Cookie") or [])


def _hidden(body, name):
    return re.search(rf'name="{name}" value="([^"]*)"', body.decode())[1]


def _sqlite(path, sql):
    import sqlite3

    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


def _delivered(mail_dir):
    """Addressees of every message the file backend wrote, one entry per message sent."""
    return [
        match
        for path in mail_dir.iterdir()
        for match in re.findall(r"^To: (\S+)$", path.read_text(), flags=re.MULTILINE)
    ]


def test_a_burst_of_filings_on_sqlite_files_every_one_and_mails_each_once(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = production_env(
        tmp_path,
        DATABASE_URL=f"sqlite:///{database}",
        RATELIMIT_ENABLED="false",
        GUNICORN_THREADS="8",
        PAGE_CACHE_SECONDS="0",
    )
    manage(env, "migrate", "--noinput", "-v0", timeout=300)
    ensure_collectstatic()
    ports = [free_port(), free_port()]
    with (
        gunicorn(env, ports[0], tmp_path / "gunicorn-1.log"),
        gunicorn(env, ports[1], tmp_path / "gunicorn-2.log"),
    ):
        forms = []
        for n in range(FILINGS):
            port = ports[n % 2]
            status, headers, body = fetch(f"http://127.0.0.1:{port}/pqrsd/")
            assert status == 200
            data = form_post(
                email=f"ciudadano{n}@example.com",
                subject=f"Solicitud simultánea {n}",
                csrfmiddlewaretoken=_hidden(body, "csrfmiddlewaretoken"),
                form_token=_hidden(body, "form_token"),
            )
            data[antispam.FIELD] = _hidden(body, antispam.FIELD)
            forms.append((port, _cookies(headers), data))
        time.sleep(antispam.MIN_SECONDS + 0.1)  # the minimum fill time of a person

        barrier = threading.Barrier(FILINGS)
        answers, errors = [None] * FILINGS, []

        def file(n):
            port, cookies, data = forms[n]
            try:
                barrier.wait(timeout=30)
                answers[n] = fetch(
                    f"http://127.0.0.1:{port}/pqrsd/",
                    method="POST",
                    body=urllib.parse.urlencode(data).encode(),
                    headers={
                        "Cookie": cookies,
                        "Origin": f"http://127.0.0.1:{port}",
                        "Content-Type": "application/x-www-form-urlencoded",
                    },
                    timeout=60,
                )
            except Exception as error:  # reported below
                errors.append(error)

        threads = [threading.Thread(target=file, args=(n,)) for n in range(FILINGS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(90)

        assert errors == []
        statuses = [answer[0] for answer in answers]
        assert statuses == [302] * FILINGS, [a[2][:300] for a in answers if a[0] != 302][:2]
        for n, (_status, headers, _) in enumerate(answers):
            port, cookies, data = forms[n]
            assert headers["Location"] == f"/pqrsd/radicada/{data['form_token']}/"
        port, cookies, data = forms[0]
        status, _, body = fetch(
            f"http://127.0.0.1:{port}/pqrsd/radicada/{data['form_token']}/",
            headers={"Cookie": cookies},
        )
        assert status == 200 and "quedó radicada" in body.decode()

    numbers = [row[0] for row in _sqlite(database, "SELECT number FROM pqrsd_request")]
    assert sorted(numbers) == list(range(1, FILINGS + 1))
    queued = _sqlite(database, 'SELECT "to" FROM portal_outboundemail')
    assert sorted(row[0] for row in queued) == sorted(
        f"ciudadano{n}@example.com" for n in range(FILINGS)
    )

    # Two senders at once, as `make run`'s loop and a manual run could be: each e-mail once.
    mail_dir = tmp_path / "correo"
    mail_dir.mkdir()
    sender_env = {**env, "EMAIL_URL": f"filemail:///{mail_dir}"}
    senders = [
        subprocess.Popen(
            [PYTHON, "manage.py", "send_outbox", "--loop", "0.2"],
            cwd=BASE_DIR,
            env=sender_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(SENDERS)
    ]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            pending = _sqlite(
                database, "SELECT COUNT(*) FROM portal_outboundemail WHERE sent_at IS NULL"
            )
            if pending[0][0] == 0:
                break
            time.sleep(0.3)
        time.sleep(1)  # a few more rounds of both loops: nothing may go out again
    finally:
        for sender in senders:
            sender.terminate()
            sender.wait(10)
    delivered = _delivered(mail_dir)
    assert sorted(delivered) == sorted(f"ciudadano{n}@example.com" for n in range(FILINGS))
    assert _sqlite(database, "SELECT COUNT(*) FROM portal_outboundemail WHERE secret != ''") == [
        (0,)
    ]
