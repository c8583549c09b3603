"""A streaming reader of WordPress eXtended RSS (WXR 1.0 to 1.2) exports.

Items are read one at a time (``iterparse``) and dropped once read, so an
export of any size is read in constant memory. The parser is defusedxml's:
entity declarations (billion laughs) and external references are refused,
so a hostile file raises ``WXRError`` like a truncated or foreign one.
"""

import datetime
import re

from django.utils.translation import gettext as _

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

NS_CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
NS_DC = "{http://purl.org/dc/elements/1.1/}"
NS_ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
WP_NAMESPACE = re.compile(r"^\{http://wordpress\.org/export/(1\.[0-2])/\}")
EXCERPT_NAMESPACE = re.compile(r"^\{http://wordpress\.org/export/1\.[0-2]/excerpt/\}")


class WXRError(Exception):
    """The file cannot be imported; the message is one line for the editor."""


def _local(tag):
    """``wp:post_id`` for ``{http://wordpress.org/export/1.2/}post_id``."""
    if WP_NAMESPACE.match(tag):
        return "wp:" + WP_NAMESPACE.sub("", tag)
    if EXCERPT_NAMESPACE.match(tag):
        return "excerpt:" + EXCERPT_NAMESPACE.sub("", tag)
    for prefix, namespace in (
        ("content:", NS_CONTENT),
        ("dc:", NS_DC),
        ("itunes:", NS_ITUNES),
    ):
        if tag.startswith(namespace):
            return prefix + tag[len(namespace) :]
    return tag


def _text(element):
    return element.text or ""


def parse_date(value):
    """A WordPress date (``2024-01-31 10:00:00``, UTC for ``*_gmt`` fields),
    or None for WordPress's empty date."""
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def _read_item(element):
    item = {"categories": [], "meta": {}, "comments": 0}
    for child in element:
        name = _local(child.tag)
        if name == "category":
            item["categories"].append(
                (child.get("domain", ""), child.get("nicename", ""), _text(child))
            )
        elif name == "wp:postmeta":
            key = value = ""
            for part in child:
                part_name = _local(part.tag)
                if part_name == "wp:meta_key":
                    key = _text(part)
                elif part_name == "wp:meta_value":
                    value = _text(part)
            item["meta"].setdefault(key, []).append(value)
        elif name == "wp:comment":
            item["comments"] += 1
        elif name == "enclosure":
            item["enclosure"] = dict(child.attrib)
        else:
            item[name] = _text(child)
    return item


def _read_author(element):
    return {_local(child.tag).removeprefix("wp:"): _text(child) for child in element}


def _read_term(element):
    return {_local(child.tag).removeprefix("wp:"): _text(child) for child in element}


def read_wxr(source):
    """Yield ``("channel", dict)`` once, before the first item, then
    ``("item", dict)`` for each item. ``source`` is a path or a binary file.
    Raises ``WXRError`` (with a one-line message) on anything not a
    well-formed WXR export."""
    channel = {"authors": [], "categories": [], "tags": [], "terms": []}
    channel_sent = False
    root = channel_element = None
    depth = 0
    try:
        for event, element in iterparse(
            source, events=("start", "end"), forbid_dtd=False
        ):
            if event == "start":
                depth += 1
                if depth == 1:
                    root = element
                    if element.tag != "rss":
                        raise WXRError(
                            _(
                                "Not a WordPress export: the file is not an RSS document."
                            )
                        )
                elif depth == 2 and element.tag == "channel":
                    channel_element = element
                elif depth == 3 and element.tag == "item" and not channel_sent:
                    if "wxr_version" not in channel:
                        raise WXRError(
                            _(
                                "Not a WordPress export: no wp:wxr_version in the channel."
                            )
                        )
                    channel_sent = True
                    yield "channel", channel
                continue
            depth -= 1
            if depth != 2 or channel_element is None:
                continue
            name = _local(element.tag)
            if name == "item":
                yield "item", _read_item(element)
            elif name == "wp:wxr_version":
                channel["wxr_version"] = _text(element).strip()
            elif name == "wp:author":
                channel["authors"].append(_read_author(element))
            elif name == "wp:category":
                channel["categories"].append(_read_term(element))
            elif name == "wp:tag":
                channel["tags"].append(_read_term(element))
            elif name == "wp:term":
                channel["terms"].append(_read_term(element))
            elif name.startswith("itunes:"):
                if name == "itunes:image":
                    channel[name] = element.get("href", "")
                elif name == "itunes:category":
                    channel.setdefault(name, element.get("text", ""))
                else:
                    channel[name] = _text(element)
            elif len(element) == 0:
                channel[name] = _text(element)
            # Read: dropped, so that memory does not grow with the export.
            channel_element.remove(element)
    except DefusedXmlException as error:
        raise WXRError(
            _("Refused: the file declares entities or external references (%(kind)s).")
            % {"kind": type(error).__name__}
        ) from error
    except ParseError as error:
        raise WXRError(
            _("Not a well-formed XML file (%(error)s).") % {"error": error}
        ) from error
    if root is None or channel_element is None:
        raise WXRError(_("Not a WordPress export: no RSS channel."))
    if not channel_sent:
        if "wxr_version" not in channel:
            raise WXRError(
                _("Not a WordPress export: no wp:wxr_version in the channel.")
            )
        yield "channel", channel
