"""Helpers that give content items the same shape in API v2 and v3."""


def serialize_item(item):
    page = item.page
    return {
        "id": page.pk,
        "type": item.type_name,
        "title": item.title,
        "url": page.full_url,
        "teaser": item.teaser or "",
        "date": item.date.isoformat() if item.date else None,
    }


def serialize_items(items):
    return [serialize_item(item) for item in items]
