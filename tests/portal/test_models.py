"""Model rules: sanitised rich text, image renditions, the page tree, document files."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from .factories import make_document, make_event, make_news, make_page

pytestmark = pytest.mark.django_db

DIRTY = (
    '<p onclick="robar()">Hola</p><script>alert("x")</script>'
    '<a href="javascript:alert(1)">enlace</a><img src=x onerror="alert(2)">'
    '<iframe src="https://malo.example"></iframe><strong>firme</strong>'
)


def assert_clean(html):
    for forbidden in ("<script", "onclick", "javascript:", "onerror", "<iframe", "<img"):
        assert forbidden not in html
    assert "<strong>firme</strong>" in html
    assert "Hola" in html


@pytest.mark.parametrize("maker", [make_news, make_event, make_page])
def test_rich_text_is_sanitised_on_save(maker):
    obj = maker(body=DIRTY)
    obj.refresh_from_db()
    assert_clean(obj.body)


def test_sanitised_body_reaches_the_page_without_script(client):
    item = make_news(body=DIRTY)
    html = client.get(item.get_absolute_url()).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert_clean(main)
    assert 'rel="noopener noreferrer"' in main


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#3f7fa6").save(buffer, format="PNG")
    return SimpleUploadedFile("rio.png", buffer.getvalue(), "image/png")


def test_image_renditions_are_480_and_960_wide_and_shown_with_srcset(client):
    item = make_news(image=png(1600, 900), image_alt="El río Caquetá al atardecer")
    sizes = {}
    for width, field in ((480, item.image_480), (960, item.image_960)):
        with Image.open(field) as rendition:
            sizes[width] = rendition.size
    assert sizes == {480: (480, 270), 960: (960, 540)}
    html = client.get(item.get_absolute_url()).content.decode()
    assert f'srcset="{item.image_480.url} 480w, {item.image_960.url} 960w"' in html
    assert 'alt="El río Caquetá al atardecer"' in html


def test_small_image_is_not_enlarged():
    item = make_news(image=png(300, 200), image_alt="Escudo")
    with Image.open(item.image_960) as rendition:
        assert rendition.size == (300, 200)


def test_removing_the_image_removes_the_renditions():
    item = make_news(image=png(1000, 500), image_alt="Foto")
    item.image = ""
    item.save()
    item.refresh_from_db()
    assert not item.image_480 and not item.image_960


def test_page_ancestors_run_from_the_root():
    root = make_page(title="Raíz")
    middle = make_page(title="Medio", parent=root)
    leaf = make_page(title="Hoja", parent=middle)
    assert leaf.ancestors() == [root, middle]
    assert root.ancestors() == []


def test_document_file_size_and_type():
    document = make_document()
    assert document.file_size == len(b"%PDF-1.4 prueba")
    assert document.file_extension == "PDF"
    document.file.storage.delete(document.file.name)
    assert document.file_size is None


def test_slugs_are_unique_and_readable():
    first = make_news(title="Día del campesino")
    second = make_news(title="Día del campesino")
    assert first.slug == "dia-del-campesino"
    assert second.slug == "dia-del-campesino-2"


def test_first_officials_of_each_office_are_capped_and_counted_in_one_query(
    django_assert_num_queries,
):
    from portal.models import Official

    from .factories import make_office, make_official

    planning, finance, empty = make_office(), make_office(), make_office()
    for n in (3, 1, 2):
        make_official(planning, name=f"Persona {n}", order=n)
    make_official(planning, name="Retirada", order=0, is_active=False)
    make_official(finance, name="Tesorera")
    with django_assert_num_queries(1):
        listed = Official.objects.active().first_of_each_office(2)
    rows, count = listed[planning.pk]
    assert [official.name for official in rows] == ["Persona 1", "Persona 2"]
    assert count == 3
    assert [official.name for official in listed[finance.pk][0]] == ["Tesorera"]
    assert empty.pk not in listed
