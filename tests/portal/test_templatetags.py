from django.template import Context, Template

ROWS = Template("{% load portal_tags %}{% official_rows officials %}")


def test_official_rows_escape_every_cell_and_link_only_an_email():
    officials = [
        {
            "name": "Ana <b>Pérez</b>",
            "position": "Tesorera & pagadora",
            "email": "",
            "phone": "320",
        },
        {"name": "Luis", "position": "Inspector", "email": "luis@x.gov.co", "phone": ""},
    ]
    html = ROWS.render(Context({"officials": officials}))
    assert html == (
        "<tr><td>Ana &lt;b&gt;Pérez&lt;/b&gt;</td><td>Tesorera &amp; pagadora</td><td></td>"
        "<td>320</td></tr>"
        '<tr><td>Luis</td><td>Inspector</td><td><a href="mailto:luis@x.gov.co">luis@x.gov.co</a>'
        "</td><td></td></tr>"
    )
