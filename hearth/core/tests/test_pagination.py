import pytest

from hearth.core.errors import Invalid
from hearth.core.pagination import paginate
from hearth.people.models import Person
from hearth.people.tests.factories import PersonFactory


@pytest.mark.django_db
def test_it_walks_a_list_page_by_page_without_gaps_or_repeats():
    for n in range(7):
        PersonFactory(display_name=f"Same Name {n % 2}")
    seen: list[int] = []
    cursor = None
    while True:
        rows, cursor = paginate(
            Person.objects.all(), ordering=["display_name", "id"], limit=3, cursor=cursor
        )
        seen += [p.id for p in rows]
        if cursor is None:
            break
    expected = list(Person.objects.order_by("display_name", "id").values_list("id", flat=True))
    assert seen == expected


@pytest.mark.django_db
@pytest.mark.parametrize("limit", [0, 101, -5])
def test_it_refuses_a_limit_out_of_range(limit):
    with pytest.raises(Invalid) as error:
        paginate(Person.objects.all(), ordering=["id"], limit=limit, cursor=None)
    assert error.value.errors[0].field == "limit"


@pytest.mark.django_db
def test_it_refuses_a_forged_cursor():
    with pytest.raises(Invalid) as error:
        paginate(Person.objects.all(), ordering=["id"], limit=5, cursor="not-a-cursor")
    assert error.value.errors[0].field == "cursor"
