"""The event block prints what its ``get_context`` prepares: the same HTML as
its template computing every date, time and anchor itself (the template of
before, kept here as the reference), for each shape of event."""

from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

import pytest

from articles.blocks import EventBlock
from tests.factories_articles import event_value, speaker

# articles/blocks/event.html as it was before the block prepared its values.
REFERENCE_TEMPLATE = """\
{% load i18n tz wagtailcore_tags editorial_tags article_tags %}<section class="block-event" aria-labelledby="event-{{ block_id|default:value.title|slugify }}">
  <h2 class="block-event__title" id="event-{{ block_id|default:value.title|slugify }}">{{ value.title|french:page }}</h2>
  <p class="block-event__when">
    {% if value.all_day %}
      <time datetime="{{ value.start|date:'Y-m-d' }}">{{ value.start|date:"DATE_FORMAT" }}</time>{% if value.end and value.end != value.start %} – <time datetime="{{ value.end|date:'Y-m-d' }}">{{ value.end|date:"DATE_FORMAT" }}</time>{% endif %}
    {% else %}
      {% timezone value.time_zone %}<time datetime="{{ value.start|date:'c' }}">{{ value.start|date:"DATE_FORMAT" }}, {{ value.start|event_time }}</time>{% if value.end %} – <time datetime="{{ value.end|date:'c' }}">{% if value.end|date:"Y-m-d" == value.start|date:"Y-m-d" %}{{ value.end|event_time }}{% else %}{{ value.end|date:"DATE_FORMAT" }}, {{ value.end|event_time }}{% endif %}</time>{% endif %}{% endtimezone %}{% event_zone_note value.time_zone as zone_note %}{% if zone_note %} <span class="block-event__tz">({{ zone_note }})</span>{% endif %}
    {% endif %}
  </p>
  <p class="block-event__where">{% if value.place %}{{ value.place }}{% endif %}{% if value.place and value.online %} · {% endif %}{% if value.online %}{% translate "Online" %}{% endif %}</p>
  {% if value.description %}<div class="block-event__description">{{ value.description|french:page }}</div>{% endif %}
  {% if speakers %}
    <h3 class="block-event__subtitle">{% translate "Speakers" %}</h3>
    <ul class="block-event__speakers">
      {% for speaker in speakers %}<li><span class="block-event__speaker">{{ speaker.name }}</span>{% if speaker.organisation %} ({{ speaker.organisation }}){% endif %}</li>{% endfor %}
    </ul>
  {% endif %}
  {% if value.agenda %}
    <h3 class="block-event__subtitle">{% translate "Questions covered" %}</h3>
    <ul class="checklist">
      {% for item in value.agenda %}<li class="checklist__item">{{ item|french:page }}</li>{% endfor %}
    </ul>
  {% endif %}
  {% event_registration value page block_id %}
  <p class="block-event__actions">
    {% if value.registration_url %}<a class="button" href="{{ value.registration_url }}">{% translate "Register" %}</a>{% endif %}
    {% if page.pk and block_id %}<a class="button button--secondary" href="{% url 'articles:event_ics' page.pk block_id %}" download>{% translate "Add to calendar" %}<span class="visually-hidden"> (.ics)</span></a>{% endif %}
  </p>
  {% structured_data value page=page %}
</section>
"""

CASES = {
    "timed, same day": {},
    "timed, no end": {"end_time": None},
    "timed, over two days": {"end_date": "2024-10-04", "end_time": "10:00:00"},
    "timed, on the hour": {"start_time": "18:00:00", "end_time": "21:00:00"},
    "timed, in Montreal": {"time_zone": "America/Montreal", "online": True},
    "timed, in Tokyo, ends next day": {
        "time_zone": "Asia/Tokyo",
        "end_date": "2024-10-04",
    },
    "all day": {"start_time": None, "end_time": None},
    "all day, over three days": {
        "start_time": None,
        "end_time": None,
        "end_date": "2024-10-05",
    },
    "all day, ends the day it starts": {
        "start_time": None,
        "end_time": None,
        "end_date": "2024-10-03",
    },
    "no description, agenda or place": {
        "description": "",
        "agenda": [],
        "place": "",
        "online": True,
        "registration_url": "",
    },
    "typed speakers and hostile text": {
        "title": '<script>alert("x")</script> : « oui » ?',
        "speakers": [speaker("Zoé Martin", "Altiplan"), speaker("Anne Roux")],
        "agenda": ["<b>Qui</b> ?", ""],
    },
}


def render_both(raw, block_id="a1b2c3"):
    block = EventBlock()
    value = block.to_python(raw)
    parent = {"block_id": block_id, "page": None}
    html = block.render(value, dict(parent))
    reference_context = block.get_context(value, dict(parent))
    # The reference computes everything from ``value`` (and the speakers).
    reference_context = {
        key: reference_context[key]
        for key in ("value", "self", "block_id", "page", "speakers")
    }
    reference = Template(REFERENCE_TEMPLATE).render(Context(reference_context))
    return html, reference


@pytest.mark.parametrize("overrides", CASES.values(), ids=CASES.keys())
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_event_prints_what_its_template_computed_before(overrides, language):
    with translation.override(language):
        html, reference = render_both(event_value(**overrides))
    assert html == reference


@pytest.mark.parametrize("block_id", ["", None])
def test_an_event_without_block_id_is_anchored_on_its_title(block_id):
    html, reference = render_both(event_value(), block_id=block_id)
    assert html == reference
    assert 'id="event-former-son-ecosysteme-table-ronde"' in html


@override_settings(TIME_ZONE="America/Montreal")
def test_the_zone_note_follows_the_site_time_zone():
    html, reference = render_both(event_value())
    assert html == reference
    assert "block-event__tz" in html
