"""People are shared by every content type: contributors, hosts, guests, speakers."""

from django.db import IntegrityError

import pytest

from editorial.models import Person, PersonLink


@pytest.mark.django_db
def test_person_with_ordered_links():
    person = Person.objects.create(
        name="Claire Morvan", slug="claire-morvan", organisation="Orbitale"
    )
    PersonLink.objects.create(
        person=person, label="Site", url="https://example.com", sort_order=1
    )
    PersonLink.objects.create(
        person=person, label="LinkedIn", url="https://example.org", sort_order=0
    )
    assert str(person) == "Claire Morvan (Orbitale)"
    assert [link.label for link in person.links.all()] == ["LinkedIn", "Site"]


@pytest.mark.django_db
def test_person_slugs_are_unique():
    Person.objects.create(name="A", slug="a")
    with pytest.raises(IntegrityError):
        Person.objects.create(name="B", slug="a")
