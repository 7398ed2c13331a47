"""
Per-visitor tokens written into pages that are otherwise the same for everyone.

A form page carries values that must differ for each visitor: the CSRF token and, on the PQRSD
form, a one-time form token. Rendered into the HTML, they would keep the page out of every
cache, so such a page is rendered once with placeholders (`render_with_placeholders`) and each
copy gets fresh values on its way out:

- in Django, by TokenStampMiddleware, which sits outside the page cache: the visitor's own CSRF
  token (a new secret, also set as the CSRF cookie, if they had none) and a new one-time
  token, then compression;
- behind nginx (deploy/nginx), for visitors without cookies, by nginx itself from its
  micro-cache: it asks for the page with EDGE_HEADER, gets the placeholders, and writes a new
  CSRF secret (also set as the cookie) and a new one-time token into every copy.

A page with placeholders is never compressed before its tokens are written (GZipMiddleware
below), and a page with real tokens is never kept by a cache: it leaves with no-store headers
and without X-Accel-Expires, ETag or Last-Modified.
"""

import secrets

from django.middleware import gzip
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

# Dots keep the placeholders out of what the token fields accept.
CSRF_PLACEHOLDER = "csrf.token.placeholder.written.per.visitor"
ONE_TIME_PLACEHOLDER = "one.time.token.placeholder.written.per.visitor"
CSRF_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()
ONE_TIME_PLACEHOLDER_BYTES = ONE_TIME_PLACEHOLDER.encode()
# Marks a response that still carries the placeholders; removed before it leaves Django.
STAMP_HEADER = "X-Token-Placeholders"
# Sent by nginx when it writes the tokens itself (cookie-less GET or HEAD, deploy/nginx).
EDGE_HEADER = "HTTP_X_TOKENS_AT_EDGE"


def new_one_time_token():
    return secrets.token_urlsafe(16)


def render_with_placeholders(request, template_name, context, status=None):
    """Render a page whose CSRF token (and any ONE_TIME_PLACEHOLDER) each visitor gets fresh."""
    # A view's context wins over the csrf context processor, so {% csrf_token %} writes this.
    response = render(
        request, template_name, {**context, "csrf_token": CSRF_PLACEHOLDER}, status=status
    )
    response[STAMP_HEADER] = "1"
    return response


class GZipMiddleware(gzip.GZipMiddleware):
    """Django's, except that a page with placeholders is compressed once its tokens are in."""

    def process_response(self, request, response):
        if STAMP_HEADER in response:
            return response
        return super().process_response(request, response)


class TokenStampMiddleware:
    """Write each visitor's tokens into a page rendered with placeholders (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Django's own CSRF and gzip code, called on the finished page.
        self.csrf = CsrfViewMiddleware(get_response)
        self.gzip = gzip.GZipMiddleware(get_response)

    def __call__(self, request):
        response = self.get_response(request)
        if STAMP_HEADER not in response:
            return response
        del response[STAMP_HEADER]
        add_never_cache_headers(response)
        for name in ("ETag", "Last-Modified"):
            if name in response:
                del response[name]
        if request.META.get(EDGE_HEADER) and not request.COOKIES:
            return response  # nginx writes the tokens (and keeps the page per X-Accel-Expires)
        if "X-Accel-Expires" in response:
            del response["X-Accel-Expires"]
        content = response.content
        if CSRF_PLACEHOLDER_BYTES in content:  # a page without a form sets no CSRF cookie
            content = content.replace(CSRF_PLACEHOLDER_BYTES, self.csrf_token(request).encode())
            self.csrf.process_response(request, response)  # sets the cookie if it is new
        if ONE_TIME_PLACEHOLDER_BYTES in content:
            content = content.replace(ONE_TIME_PLACEHOLDER_BYTES, new_one_time_token().encode())
        if content:  # a HEAD from the page cache has no body and keeps its length
            response.content = content
            response["Content-Length"] = str(len(content))
        return self.gzip.process_response(request, response)

    def csrf_token(self, request):
        """The token for this visitor's form, and their CSRF secret in request.META."""
        if "CSRF_COOKIE" not in request.META:
            self.csrf.process_request(request)  # a copy from the page cache skipped it
        if "CSRF_COOKIE" in request.META:
            # The visitor's secret shows in every page they get: Django masks it (BREACH).
            return get_token(request)
        # A first visit: a new secret that shows in this page only, so, as nginx does, it is
        # written as it is. Django's masking would draw 64 random characters one by one, more
        # work than the rest of a page from the cache.
        secret = secrets.token_hex(16)  # 32 letters and digits, as Django's secrets are
        request.META.update(CSRF_COOKIE=secret, CSRF_COOKIE_NEEDS_UPDATE=True)
        return secret
