"""The table of officials on an entity's page."""

import pytest

from tests.portal.factories import make_entity, make_office, make_official

pytestmark = pytest.mark.django_db


def test_official_rows_escape_every_cell_and_link_only_an_email(client):
    office = make_office(entity=make_entity(), name="Tesorería")
    make_official(
        office=office,
        name="Ana <b>Pérez</b>",
        position="Tesorera & pagadora",
        email="",
        phone="608 429 5070",
        order=1,
    )
    make_official(office=office, name="Luis", position="Inspector", email="luis@x.gov.co", order=2)
    html = client.get(office.entity.get_absolute_url()).content.decode()
    assert (
        "<tr><td>Ana &lt;b&gt;Pérez&lt;/b&gt;</td><td>Tesorera &amp; pagadora</td><td></td>"
        '<td><a href="tel:+576084295070">608 429 5070</a></td></tr>'
        '<tr><td>Luis</td><td>Inspector</td><td><a href="mailto:luis@x.gov.co">luis@x.gov.co</a>'
        "</td><td></td></tr>"
    ) in html
