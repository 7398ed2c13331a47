"""
gunicorn settings for the portal (gunicorn -c deploy/gunicorn.conf.py guzman_portal.wsgi).

Each value can be overridden from the environment (the systemd unit reads /etc/guzman-portal.env).
"""

import gc
import multiprocessing
import os

wsgi_app = "guzman_portal.wsgi:application"
# nginx talks to gunicorn through a Unix socket; GUNICORN_BIND=127.0.0.1:8000 for a TCP port.
bind = os.environ.get("GUNICORN_BIND", "unix:/run/guzman-portal/gunicorn.sock")
# Sync workers: pages are short, the database is close. Two per core plus one is the usual rule.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never becomes an outage. The wide jitter keeps
# workers from restarting together (a restart costs a second and empties its local cache).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 20000))
max_requests_jitter = max_requests // 2
# Only the local nginx may say which scheme and client address a request came from.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Parallel instances (tests, bench) must not share gunicorn 27's default control socket.
control_socket_disable = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# Without the client's address or browser (gunicorn's default has both): nginx keeps them for
# the pages that may, not for the PQRSD ones, where an anonymous denuncia must leave no trace.
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "guzman-portal"


def post_worker_init(worker):
    """
    The loaded application (modules, settings, URL patterns) lives as long as the worker:
    moving it out of the garbage collector's generations keeps full collections short, so
    they don't show up as latency spikes on pages.
    """
    gc.freeze()
