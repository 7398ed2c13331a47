"""portal.links: detail URLs built around the slug must be exactly what reverse() gives."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from portal.links import slug_url


@pytest.mark.parametrize(
    "url_name", ["portal:news_detail", "portal:page_detail", "tramites:detail"]
)
@pytest.mark.parametrize("slug", ["a", "acuerdo-012-de-2026", "Noticia_9", "2026"])
def test_a_slug_gives_the_url_reverse_gives(url_name, slug):
    assert slug_url(url_name, slug) == reverse(url_name, args=[slug])


def test_a_value_that_is_no_slug_fails_as_reverse_does():
    for value in ("año", "con espacio", "a/b", ""):
        with pytest.raises(NoReverseMatch):
            slug_url("portal:news_detail", value)


def test_the_url_follows_the_script_prefix_of_a_site_under_a_path():
    try:
        set_script_prefix("/portal/")
        assert slug_url("portal:news_detail", "feria") == "/portal/noticias/feria/"
    finally:
        set_script_prefix("/")
    assert slug_url("portal:news_detail", "feria") == "/noticias/feria/"
