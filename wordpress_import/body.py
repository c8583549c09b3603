"""WordPress bodies as neutral blocks (``editorial.importing``).

Block-editor content (``<!-- wp:name {attrs} -->`` comments) is mapped block
by block; classic-editor HTML is split into paragraphs and headings with
``wpautop``'s rules after its shortcodes ([caption], [audio], [embed],
[gallery], [powerpress]) are understood. Rich text is cleaned to the
long-form features with Wagtail's own whitelister, internal links becoming
Wagtail page, document and image links. What cannot be kept as structure is
kept as text and reported through ``context.warn``.
"""

import html as html_module
import json
import re
from urllib.parse import urlparse

from django.utils.functional import cached_property
from django.utils.html import escape

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    "|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend"
    "|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details"
    "|menu|summary|iframe|wp-shortcode"
)
TOP_BLOCK = re.compile(rf"^(?:{BLOCK_TAGS})$")
BLOCK_COMMENT = re.compile(
    r"<!--\s+(/)?wp:([a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+(\{.*?\}\s+)?(/)?-->",
    re.DOTALL,
)
SHORTCODE = re.compile(
    r"\[(caption|wp_caption|embed)\b([^\]]*)\](.*?)\[/\1\]"
    r"|\[(audio|gallery|powerpress|video|playlist)\b([^\]]*?)/?\](?:(.*?)\[/\4\])?",
    re.DOTALL,
)
OTHER_SHORTCODE = re.compile(r"\[(/?)([a-zA-Z][\w-]*)((?:\s[^\]]*)?)\]")
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"\]]+))""")
# WordPress embeds a URL alone on its line from these providers (oEmbed).
EMBED_HOSTS = (
    "youtube.com",
    "youtu.be",
    "vimeo.com",
    "dailymotion.com",
    "soundcloud.com",
    "spotify.com",
    "twitter.com",
    "x.com",
    "slideshare.net",
    "flickr.com",
)
BARE_URL = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.MULTILINE)
# Block-editor blocks whose children are read as if they stood alone.
CONTAINER_BLOCKS = {
    "columns",
    "column",
    "group",
    "row",
    "stack",
    "cover",
    "media-text",
    "buttons",
    "details",
}
IGNORED_BLOCKS = {"separator", "spacer", "more", "nextpage", "page-break"}


def shortcode_attributes(text):
    attributes = {}
    for match in ATTRIBUTE.finditer(text or ""):
        name, *values = match.groups()
        attributes[name.lower()] = html_module.unescape(
            next((value for value in values if value is not None), "")
        )
    return attributes


def _text(html):
    """The text of a short piece of HTML (a URL in a block or shortcode)."""
    return html_module.unescape(re.sub(r"<[^>]*>", " ", html or "")).strip()


def is_embed_url(url):
    host = (urlparse(url).hostname or "").lower()
    return any(host == name or host.endswith("." + name) for name in EMBED_HOSTS)


class BodyConverter:
    """Converts one body; ``context`` supplies images, documents, links,
    the recording of the post and the report (``warn``)."""

    def __init__(self, context, features):
        self.context = context
        self.features = list(features)

    @cached_property
    def whitelister(self):
        from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

        return EditorHTMLConverter(features=self.features).whitelister

    # Entry point -------------------------------------------------------

    def convert(self, content):
        self.blocks = []
        self.run = []  # HTML of consecutive paragraphs and lists
        content = (content or "").replace("\r\n", "\n").replace("\r", "\n")
        if "<!-- wp:" in content:
            self._block_editor(content)
        else:
            self._classic(content)
        self._flush()
        return self.blocks

    # Output -------------------------------------------------------------

    def _add(self, kind, value):
        self._flush()
        self.blocks.append((kind, value))

    def _flush(self):
        if not self.run:
            return
        html, soup = self._clean_soup("".join(self.run))
        self.run = []
        # The cleaned tree's text (not the HTML parsed again).
        if soup.get_text().strip() or "<embed" in html:
            self.blocks.append(("paragraph", html))

    def _paragraph(self, html):
        if html and html.strip():
            self.run.append(html)

    def _clean(self, html):
        return self._clean_soup(html)[0]

    def _clean_soup(self, html):
        """The HTML cleaned to the editor's features, and its tree."""
        soup = BeautifulSoup(html, "html.parser")
        for anchor in soup.find_all("a"):
            self._rewrite_link(anchor)
        # Rich text keeps no images: they are image blocks.
        for image in soup.find_all("img"):
            image.decompose()
        self.whitelister.clean_node(soup, soup)
        # As Wagtail's whitelister writes it: " escaped in attributes.
        return soup.decode(formatter=escape), soup

    def _rewrite_link(self, anchor):
        target = self.context.link_target(anchor.get("href", ""))
        if target is None:
            return
        kind, identifier = target
        anchor.attrs = {"data-linktype": kind, "data-id": str(identifier)}
        if kind == "image":
            # No image links in rich text: the image's document-like URL.
            anchor.attrs = {"href": self.context.image_url(identifier)}

    # Block editor -------------------------------------------------------

    def _block_editor(self, content):
        position = 0
        stack = []  # [name, attrs, start of inner content, children]
        top = []
        for match in BLOCK_COMMENT.finditer(content):
            closing, name, attrs, self_closing = match.groups()
            if not stack and match.start() > position:
                top.append(("freeform", {}, content[position : match.start()], []))
            if closing:
                while stack:
                    node = stack.pop()
                    inner = content[node[2] : match.start()]
                    built = (node[0], node[1], inner, node[3])
                    (stack[-1][3] if stack else top).append(built)
                    if node[0] == name:
                        break
            else:
                try:
                    parsed = json.loads(attrs) if attrs else {}
                except ValueError:
                    parsed = {}
                if self_closing:
                    built = (name, parsed, "", [])
                    (stack[-1][3] if stack else top).append(built)
                else:
                    stack.append([name, parsed, match.end(), []])
            position = match.end()
        while stack:  # unclosed blocks: what they hold is kept
            node = stack.pop()
            built = (node[0], node[1], content[node[2] :], node[3])
            (stack[-1][3] if stack else top).append(built)
            position = len(content)
        if position < len(content):
            top.append(("freeform", {}, content[position:], []))
        for node in top:
            self._wp_block(*node)

    def _wp_block(self, name, attrs, inner, children):
        name = name.removeprefix("core/")
        plain = BLOCK_COMMENT.sub("", inner)
        if name == "freeform":
            if plain.strip():
                self._classic(plain)
        elif name in ("paragraph", "list", "verse", "preformatted", "code"):
            self._paragraph(plain.strip())
        elif name == "heading":
            self._heading(plain, attrs.get("level"))
        elif name in ("quote", "pullquote"):
            self._quote(plain)
        elif name == "image":
            self._image_element(plain, attrs.get("id"))
        elif name == "gallery":
            if children:
                for child in children:
                    self._wp_block(*child)
            else:
                for identifier in attrs.get("ids") or []:
                    self._image(wp_id=identifier)
        elif name == "embed" or name.startswith("core-embed/"):
            url = attrs.get("url") or _text(plain)
            if url:
                self._add("embed", {"url": url})
        elif name == "audio":
            self._audio(attrs.get("id"), self._first_src(plain, "audio"))
        elif name == "file":
            self._document_link(attrs.get("id"), attrs.get("href"), plain)
        elif name == "table":
            self._table(plain)
        elif name in IGNORED_BLOCKS:
            pass
        elif name in CONTAINER_BLOCKS:
            for child in children:
                self._wp_block(*child)
        elif name in ("html", "shortcode"):
            self._classic(plain)
        elif name.startswith("powerpress") or name == "blubrry/player":
            self._playable()
        else:
            self.context.warn(
                f"Unknown block wp:{name} kept as a paragraph of its HTML."
            )
            if children:
                for child in children:
                    self._wp_block(*child)
            else:
                self._classic(plain)

    # Classic editor -----------------------------------------------------

    def _classic(self, content):
        shortcodes = []

        def marker(blocks):
            shortcodes.append(blocks)
            return (
                f'\n\n<wp-shortcode data-i="{len(shortcodes) - 1}"></wp-shortcode>\n\n'
            )

        def known(match):
            name = (match.group(1) or match.group(4)).lower()
            attrs = shortcode_attributes(match.group(2) or match.group(5))
            inner = match.group(3) if match.group(1) else match.group(6)
            return marker((name, attrs, inner or ""))

        content = SHORTCODE.sub(known, content)

        def other(match):
            if match.group(1):
                return match.group(0)
            self.context.warn(f"Shortcode [{match.group(2)}] kept as text.")
            return match.group(0)

        OTHER_SHORTCODE.sub(other, content)

        def bare_url(match):
            url = match.group(1)
            if is_embed_url(url):
                return marker(("embed", {}, url))
            return match.group(0)

        content = BARE_URL.sub(bare_url, content)
        soup = BeautifulSoup(content, "html.parser")
        inline = []

        def flush_inline():
            text = "".join(inline).strip("\n")
            inline.clear()
            for chunk in re.split(r"\n\s*\n", text):
                if chunk.strip():
                    self._paragraph(
                        "<p>" + chunk.strip().replace("\n", "<br/>") + "</p>"
                    )

        for node in list(soup.contents):
            if isinstance(node, Comment):
                continue
            if isinstance(node, NavigableString):
                inline.append(html_module.escape(str(node), quote=False))
                continue
            if not TOP_BLOCK.match(node.name or ""):
                inline.append(str(node))
                continue
            flush_inline()
            if node.name == "wp-shortcode":
                self._shortcode(*shortcodes[int(node.get("data-i", 0))])
            else:
                self._html_block(node)
        flush_inline()

    def _html_block(self, node):
        name = node.name
        if re.match(r"^h[1-6]$", name):
            self._heading(node.decode_contents(), int(name[1]))
        elif name in ("p", "ul", "ol", "dl", "pre", "address"):
            images = node.find_all("img")
            for image in images:
                image.extract()
            text = node.decode_contents().strip()
            if name == "p":
                text = text.replace("\n", "<br/>")
                if text:
                    self._paragraph(f"<p>{text}</p>")
            elif text:
                self._paragraph(str(node))
            for image in images:
                self._image_tag(image, "")
        elif name == "blockquote":
            self._quote(node.decode_contents())
        elif name == "figure":
            self._image_element(str(node), None)
        elif name == "table":
            self._table(str(node))
        elif name == "iframe":
            src = node.get("src", "")
            if is_embed_url(src):
                self._add("embed", {"url": src})
            else:
                self.context.warn(f"Frame of {src} left out.")
        elif name == "hr":
            pass
        elif name in (
            "div",
            "section",
            "article",
            "aside",
            "header",
            "footer",
            "details",
        ):
            self._classic(node.decode_contents())
        else:
            self.context.warn(f"<{name}> kept as a paragraph of its text.")
            text = html_module.escape(node.get_text(" ", strip=True), quote=False)
            if text:
                self._paragraph(f"<p>{text}</p>")

    def _shortcode(self, name, attrs, inner):
        if name in ("caption", "wp_caption"):
            soup = BeautifulSoup(inner, "html.parser")
            image = soup.find("img")
            if image is not None:
                image.extract()
            for anchor in soup.find_all("a"):
                if not anchor.get_text(strip=True):
                    anchor.extract()
            caption = attrs.get("caption") or soup.get_text(" ", strip=True)
            identifier = (attrs.get("id") or "").removeprefix("attachment_")
            self._image_tag(image, caption, wp_id=identifier or None)
        elif name == "embed":
            url = _text(inner)
            if url:
                self._add("embed", {"url": url})
        elif name == "gallery":
            for identifier in re.split(r"[,\s]+", attrs.get("ids", "")):
                if identifier.isdigit():
                    self._image(wp_id=int(identifier))
            if not attrs.get("ids"):
                self.context.warn("[gallery] without ids left out.")
        elif name == "audio":
            src = (
                attrs.get("src")
                or attrs.get("mp3")
                or attrs.get("m4a")
                or attrs.get("ogg")
            )
            self._audio(None, src)
        elif name == "powerpress":
            self._playable()
        else:  # video, playlist
            self.context.warn(f"Shortcode [{name}] kept as text.")
            self._paragraph(f"<p>{html_module.escape(attrs.get('src', ''))}</p>")

    # Pieces -------------------------------------------------------------

    def _heading(self, html, level):
        text = BeautifulSoup(html, "html.parser").get_text(" ", strip=True)
        if not text:
            return
        try:
            level = int(level or 2)
        except (TypeError, ValueError):
            level = 2
        level = min(max(level, 2), 4)
        self._add("heading", {"text": text[:200], "level": f"h{level}", "anchor": ""})

    def _quote(self, html):
        soup = BeautifulSoup(html, "html.parser")
        cite = soup.find("cite")
        attribution = ""
        if cite is not None:
            attribution = cite.get_text(" ", strip=True)
            cite.extract()
        paragraphs = [p.get_text(" ", strip=True) for p in soup.find_all("p")]
        text = "\n\n".join(p for p in paragraphs if p) or soup.get_text(" ", strip=True)
        if text:
            self._add("quote", {"text": text, "attribution": attribution[:200]})

    def _image_element(self, html, wp_id):
        soup = BeautifulSoup(html, "html.parser")
        image = soup.find("img")
        caption_element = soup.find("figcaption")
        caption = caption_element.get_text(" ", strip=True) if caption_element else ""
        self._image_tag(image, caption, wp_id=wp_id)

    def _image_tag(self, image, caption, wp_id=None):
        src = image.get("src", "") if image is not None else ""
        if not wp_id and image is not None:
            match = re.search(r"\bwp-image-(\d+)\b", " ".join(image.get("class", [])))
            wp_id = match.group(1) if match else None
        alt = image.get("alt", "") if image is not None else ""
        self._image(wp_id=wp_id, url=src, alt=alt, caption=caption)

    def _image(self, wp_id=None, url="", alt="", caption=""):
        found = self.context.image(wp_id=wp_id, url=url)
        if found is None:
            self.context.warn(
                f"Image {wp_id or url} is not available: left out of the body."
            )
            if caption:
                self._paragraph(f"<p>{html_module.escape(caption, quote=False)}</p>")
            return
        self._add(
            "image",
            {
                "image": found["id"],
                "alt_text": (alt or found.get("alt") or "")[:255],
                "caption": (caption or found.get("caption") or "")[:255],
                "credit": "",
            },
        )

    def _audio(self, wp_id, url):
        found = self.context.document(wp_id=wp_id, url=url)
        if found is None:
            if url:
                link = html_module.escape(url)
                self._paragraph(f'<p><a href="{link}">{link}</a></p>')
            self.context.warn(f"Audio {wp_id or url} kept as a link.")
            return
        title = html_module.escape(found.get("title") or url or "", quote=False)
        self._paragraph(
            f'<p><a data-linktype="document" data-id="{found["id"]}">{title}</a></p>'
        )

    def _document_link(self, wp_id, url, html):
        found = self.context.document(wp_id=wp_id, url=url)
        text = BeautifulSoup(html, "html.parser").get_text(" ", strip=True) or url or ""
        text = html_module.escape(text, quote=False)
        if found is None:
            if url:
                self._paragraph(
                    f'<p><a href="{html_module.escape(url)}">{text}</a></p>'
                )
            return
        self._paragraph(
            f'<p><a data-linktype="document" data-id="{found["id"]}">{text}</a></p>'
        )

    def _table(self, html):
        soup = BeautifulSoup(html, "html.parser")
        rows = []
        for row in soup.find_all("tr"):
            cells = [
                cell.get_text(" ", strip=True) for cell in row.find_all(["td", "th"])
            ]
            if any(cells):
                rows.append(" | ".join(cells))
        if rows:
            self.context.warn("Table kept as text, one line per row.")
            self._paragraph(
                "".join(
                    f"<p>{html_module.escape(row, quote=False)}</p>" for row in rows
                )
            )

    def _playable(self):
        page_id = self.context.playable()
        if page_id:
            self._add("playable", {"page": page_id})

    @staticmethod
    def _first_src(html, tag):
        element = BeautifulSoup(html, "html.parser").find(tag)
        if isinstance(element, Tag):
            return element.get("src", "")
        return ""
