"""Links and redirects: internal links rewritten to Wagtail pages,
documents and images, and a permanent redirect for every old URL (the
items' permalinks, ``?p=ID``, category and tag archives, feeds)."""

import json
from urllib.parse import parse_qs, quote, unquote, urlparse

from django.utils.html import escape

from editorial.importing import import_adapters

from .content import POST_TYPE_KINDS

# Redirects written at a time.
REDIRECT_CHUNK = 1000


class LinkStage:
    def _old_paths(self, item, wp_id):
        """Paths (with their query) where WordPress served the item."""
        paths = []
        link = item.get("link", "")
        if link:
            paths.append(self._path(link))
        post_type = item.get("wp:post_type", "")
        if post_type == "attachment":
            if item.get("wp:attachment_url"):
                paths.append(self._path(item["wp:attachment_url"]))
            paths.append(f"/?attachment_id={wp_id}")
        elif post_type == "page":
            paths.append(f"/?page_id={wp_id}")
        else:
            paths.append(f"/?p={wp_id}")
        return [path for path in paths if path and path != "/"]

    @staticmethod
    def _path(url):
        from wagtail.contrib.redirects.models import Redirect

        parsed = urlparse(url.strip())
        path = parsed.path or "/"
        if parsed.query:
            path += "?" + parsed.query
        return Redirect.normalise_path(path)

    def _link_target(self, href, current):
        parsed = urlparse(href)
        if parsed.scheme not in ("", "http", "https"):
            return None
        if parsed.netloc and (parsed.hostname or "").lower() not in self.hosts:
            return None
        if not parsed.netloc and not href.startswith("/") and not href.startswith("?"):
            return None
        query = parse_qs(parsed.query)
        wp_id = None
        for key in ("p", "page_id", "attachment_id"):
            if query.get(key, [""])[0].isdigit():
                wp_id = int(query[key][0])
                break
        if wp_id is None:
            path = self._path(href)
            if path in self.attachment_urls:
                wp_id = self.attachment_urls[path]
            else:
                wp_id = self.paths.get(path)
        if wp_id is None:
            return None
        attachment = self.mapping.get(("attachment", wp_id))
        if attachment is not None:
            return (attachment["data"].get("type"), attachment["object_id"])
        post_type = self.index.get(wp_id, ("", ""))[0]
        kind = POST_TYPE_KINDS.get(post_type)
        if kind is None:
            return None
        row = self.mapping.get((kind, wp_id))
        if row is not None:
            return ("page", row["object_id"])
        if (kind, wp_id) in self.waiting or wp_id == current:
            # Waiting in a batch, or the item itself (not written yet, so
            # without an id): a
            # placeholder, given the page's id when its batch gets them
            # (``_batch_link_resolver``), else after the items.
            placeholder = f"wordpress-{kind}-{wp_id}"
            self.pending_links.setdefault(current, {})[
                f'id="{placeholder}" linktype="page"'
            ] = (kind, wp_id, href)
            return ("page", placeholder)
        # Imported later in this run: rewritten once it exists.
        self.pending_links.setdefault(current, {})[f'href="{escape(href)}"'] = (
            kind,
            wp_id,
            href,
        )
        return None

    def _batch_link_resolver(self, entries, resolved):
        """For ``bulk_create_pages(with_ids=...)``: once a batch's pages have
        their ids, the placeholders of links between items of the batch (or
        to items already written) become page links in the pages about to be
        written. What it resolved goes to ``resolved`` (taken off the pending
        links once the batch is written)."""

        def resolve(pages):
            written = {id(page) for page in pages}
            # ``id``, not ``pk``: a page type's own table link is set later.
            ids = {
                (neutral.kind, neutral.source_id): page.id
                for page, neutral, *_rest in entries
                if page.id is not None
            }
            for page, neutral, _item, _digest, adapter in entries:
                links = self.pending_links.get(neutral.source_id)
                if not links or id(page) not in written:
                    continue
                replacements = {}
                for fragment, (kind, wp_id, _href) in links.items():
                    if not fragment.startswith('id="'):
                        continue
                    target = ids.get((kind, wp_id))
                    if target is None and (kind, wp_id) in self.mapping:
                        target = self.mapping[(kind, wp_id)]["object_id"]
                    if target is not None:
                        replacements[fragment] = f'id="{target}" linktype="page"'
                if replacements:
                    field = adapter.body_field
                    stream = getattr(page, field)
                    data = _replace_in(list(stream.raw_data), replacements)
                    setattr(
                        page,
                        field,
                        type(stream)(stream.stream_block, data, is_lazy=True),
                    )
                    resolved.extend(
                        (neutral.source_id, fragment) for fragment in replacements
                    )

        return resolve

    def _forget_resolved(self, resolved):
        for current, fragment in resolved:
            links = self.pending_links.get(current)
            if links is not None:
                links.pop(fragment, None)
                if not links:
                    del self.pending_links[current]

    def _rewrite_pending_links(self):
        """Links to items imported after the item linking to them: rewritten
        in the page and in the revision the import wrote (no new revision:
        it is still the import's own content), unless an editor changed the
        page since."""
        from wagtail.models import Page, ReferenceIndex, Revision

        for current, links in self.pending_links.items():
            kind = POST_TYPE_KINDS.get(self.index.get(current, ("", ""))[0])
            row = self.mapping.get((kind, current))
            adapter = import_adapters.get(kind)
            if row is None or adapter is None:
                continue
            replacements = {}
            for fragment, (target_kind, target_id, href) in links.items():
                target = self.mapping.get((target_kind, target_id))
                if target is not None:
                    replacements[fragment] = (
                        f'id="{target["object_id"]}" linktype="page"'
                    )
                elif not fragment.startswith("href="):
                    # Its item failed: the link keeps its WordPress URL.
                    replacements[fragment] = f'href="{escape(href)}"'

            if not replacements:
                continue
            base = Page.objects.filter(pk=row["object_id"]).first()
            if base is None or base.latest_revision_id != row["revision_id"]:
                continue
            model = base.specific_class
            field = adapter.body_field
            page = model.objects.get(pk=base.pk)
            stream = getattr(page, field)
            data = _replace_in(list(stream.raw_data), replacements)
            setattr(page, field, type(stream)(stream.stream_block, data, is_lazy=True))
            model.objects.filter(pk=page.pk).update(**{field: getattr(page, field)})
            revision = Revision.objects.filter(pk=row["revision_id"]).first()
            if revision is not None and field in revision.content:
                value = revision.content[field]
                if isinstance(value, str):
                    value = json.dumps(_replace_in(json.loads(value), replacements))
                else:
                    value = _replace_in(value, replacements)
                revision.content[field] = value
                Revision.objects.filter(pk=revision.pk).update(content=revision.content)
            # The new links are references of the page (Wagtail's usage counts).
            ReferenceIndex.create_or_update_for_object(page)

    def _archive_bases(self):
        """The category and tag bases of the WordPress site's permalinks
        (its ``category_base`` and ``tag_base`` options): given to the
        import, else read from the export when it carries them (WordPress's
        own exporter does not), else WordPress's defaults."""
        bases = []
        for given, key, default in (
            (self.category_base, "wp:category_base", "category"),
            (self.tag_base, "wp:tag_base", "tag"),
        ):
            value = given or self.channel.get(key, "") or ""
            bases.append(clean_base(value) or default)
        return bases

    def _redirect(self, path, page_id, link):
        """A permanent redirect from ``path`` (to a page or a URL), written
        with the next ones a chunk at a time: the run keeps no list of them."""
        self.redirects.append((path, page_id, link))
        if len(self.redirects) >= REDIRECT_CHUNK:
            self._write_redirects()

    def _write_redirects(self):
        """The redirects noted since the last chunk, except paths the site
        already redirects (an earlier chunk, run or editor: theirs is kept)."""
        from wagtail.contrib.redirects.models import Redirect

        chunk = {}
        for path, page_id, link in self.redirects:
            if path != "/":
                chunk.setdefault(path, (page_id, link))
        self.redirects = []
        existing = set(
            Redirect.objects.filter(
                site=self.site, old_path__in=list(chunk)
            ).values_list("old_path", flat=True)
        )
        Redirect.objects.bulk_create(
            [
                Redirect(
                    old_path=path,
                    site=self.site,
                    is_permanent=True,
                    redirect_page_id=page_id,
                    redirect_link=link,
                )
                for path, (page_id, link) in chunk.items()
                if path not in existing
            ],
            batch_size=500,
        )

    def _redirect_archives(self):
        """Permanent redirects: every item's old URLs, and the category, tag
        and feed archives."""

        category_base, tag_base = self._archive_bases()
        categories = self.channel.get("categories", [])
        parents = {
            term.get("category_nicename"): term.get("category_parent", "")
            for term in categories
        }
        for term in categories:
            slug = term.get("category_nicename")
            if not slug:
                continue
            target = f"/articles/?category={slug}"
            # WordPress serves a child category at /base/parent/child/ (its
            # link) and at /base/child/.
            nested = [slug]
            seen = {slug}
            while parents.get(nested[0]) and parents[nested[0]] not in seen:
                seen.add(parents[nested[0]])
                nested.insert(0, parents[nested[0]])
            for trail in dict.fromkeys(["/".join(nested), slug]):
                self._redirect(self._path(f"/{category_base}/{trail}/"), None, target)
                self._redirect(
                    self._path(f"/{category_base}/{trail}/feed/"),
                    None,
                    "/feeds/articles/",
                )
        for term in self.channel.get("tags", []):
            slug = term.get("tag_slug")
            if slug:
                self._redirect(
                    self._path(f"/{tag_base}/{slug}/"), None, f"/tags/{slug}/"
                )
                self._redirect(
                    self._path(f"/{tag_base}/{slug}/feed/"),
                    None,
                    f"/feeds/articles/tags/{slug}/",
                )
        self._redirect(self._path("/feed/"), None, "/feeds/articles/")
        self._write_redirects()


def _replace_in(value, replacements):
    """``value`` (JSON-like data) with each string's replacements made."""
    if isinstance(value, str):
        for old, new in replacements.items():
            value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [_replace_in(item, replacements) for item in value]
    if isinstance(value, dict):
        return {key: _replace_in(item, replacements) for key, item in value.items()}
    return value


def clean_base(value):
    """A category or tag base as WordPress stores it: no slashes around,
    one between its segments, each a path segment (``/blog//rubrique/`` is
    ``blog/rubrique``)."""
    segments = [quote(unquote(part.strip()), safe="") for part in value.split("/")]
    return "/".join(part for part in segments if part and part not in (".", ".."))
