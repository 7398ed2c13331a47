"""
Render deploy/nginx/guzman-portal.conf for a run on this machine (tests, `make bench`).

The production file is used as it is; only its paths and ports are swapped, so what the tests
check is what production runs.

    python deploy/render_nginx.py --workdir DIR --app 127.0.0.1:8001 --http-port 8080 \
        --https-port 8443 --cert DIR/cert.pem --key DIR/key.pem > DIR/nginx.conf
    nginx -p DIR -c DIR/nginx.conf
"""

import argparse
import os
from pathlib import Path

SITE = Path(__file__).resolve().parent / "nginx" / "guzman-portal.conf"
BASE_DIR = SITE.parent.parent.parent


def render(*, workdir, app, http_port, https_port, cert, key, static_root=None, media_root=None):
    """A complete nginx.conf (main + http blocks) that includes the rendered site."""
    workdir = Path(workdir)
    static_root = Path(static_root or BASE_DIR / "staticfiles")
    media_root = Path(media_root or workdir / "media")
    site = SITE.read_text()
    replacements = {
        "unix:/run/guzman-portal/gunicorn.sock": app,
        "/var/cache/nginx/guzman-portal": str(workdir / "cache"),
        "/etc/letsencrypt/live/puertoguzman-putumayo.gov.co/fullchain.pem": str(cert),
        "/etc/letsencrypt/live/puertoguzman-putumayo.gov.co/privkey.pem": str(key),
        "/srv/guzman-portal/staticfiles/": f"{static_root}/",
        "/srv/guzman-portal/media/": f"{media_root}/",
        "/var/www/letsencrypt": str(workdir),
        "/var/log/nginx/guzman-portal-access.log": str(workdir / "access.log"),
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
    }
    for old, new in replacements.items():
        if old not in site:
            raise ValueError(f"{old!r} ya no está en {SITE.name}: actualice render_nginx.py")
        site = site.replace(old, new)
    site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)
    # As root, nginx workers would run as "nobody" and could not read a private temp folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""{user}worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    access_log off;
    client_body_temp_path {workdir}/client_body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
{site}
}}
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--app", required=True, help="host:puerto de gunicorn")
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--https-port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--static-root")
    parser.add_argument("--media-root")
    args = parser.parse_args()
    print(
        render(
            workdir=args.workdir,
            app=args.app,
            http_port=args.http_port,
            https_port=args.https_port,
            cert=args.cert,
            key=args.key,
            static_root=args.static_root,
            media_root=args.media_root,
        )
    )


if __name__ == "__main__":
    main()
