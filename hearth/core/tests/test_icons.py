"""The `{% icon %}` tag: an inline SVG hidden from assistive technology (the words beside it
say what it means), drawn once per name, size and style, and nothing for no name."""

from django.template import Context, Template


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_an_icon_is_inline_svg_hidden_from_screen_readers_and_sized():
    html = render('{% icon "bookmark" 14 %}')
    assert html.startswith("<svg") and 'aria-hidden="true"' in html and 'width="14"' in html
    assert 'class="icon"' in html and "xmlns" not in html


def test_solid_and_outline_differ_and_the_same_icon_is_the_same_markup():
    outline, solid = render('{% icon "star" 20 %}'), render('{% icon "star" 20 True %}')
    assert outline != solid and 'fill="none"' in outline and 'fill="none"' not in solid
    assert render('{% icon "star" 20 %}') == outline
    assert render('{% icon "star" 16 %}') != outline  # each size its own


def test_no_name_draws_nothing():
    assert render("[{% icon name %}]", name="") == "[]"
    assert render("[{% icon name %}]", name=None) == "[]"
