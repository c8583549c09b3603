"""Links and redirects: internal links rewritten to Wagtail pages,
documents and images, and a permanent redirect for every old URL (the
items' permalinks, ``?p=ID``, category and tag archives, feeds)."""

import json
from urllib.parse import parse_qs, urlparse

from django.utils.html import escape

from editorial.importing import import_adapters

from .content import POST_TYPE_KINDS


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
        if row is None and (kind, wp_id) in self.waiting:
            # Waiting in a batch: written now, so that the link can name it
            # (cheaper than rewriting this page after its batch).
            self._flush(*self.waiting[(kind, wp_id)])
            row = self.mapping.get((kind, wp_id))
        if row is not None:
            return ("page", row["object_id"])
        # Imported later in this run: rewritten once it exists.
        self.pending_links.setdefault(current, {})[href] = (kind, wp_id)
        return None

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
            for href, (target_kind, target_id) in links.items():
                target = self.mapping.get((target_kind, target_id))
                if target is not None:
                    replacements[f'href="{escape(href)}"'] = (
                        f'id="{target["object_id"]}" linktype="page"'
                    )
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

    def _redirect_archives(self):
        """Permanent redirects: every item's old URLs, and the category, tag
        and feed archives."""
        from wagtail.contrib.redirects.models import Redirect

        for term in self.channel.get("categories", []):
            slug = term.get("category_nicename")
            if slug:
                self.redirects.append(
                    (
                        self._path(f"/category/{slug}/"),
                        None,
                        f"/articles/?category={slug}",
                    )
                )
        for term in self.channel.get("tags", []):
            slug = term.get("tag_slug")
            if slug:
                self.redirects.append(
                    (self._path(f"/tag/{slug}/"), None, f"/tags/{slug}/")
                )
                self.redirects.append(
                    (
                        self._path(f"/tag/{slug}/feed/"),
                        None,
                        f"/feeds/articles/tags/{slug}/",
                    )
                )
        self.redirects.append((self._path("/feed/"), None, "/feeds/articles/"))
        existing = set(
            Redirect.objects.filter(site=self.site).values_list("old_path", flat=True)
        )
        new = {}
        for path, page_id, link in self.redirects:
            if path in existing or path in new or path == "/":
                continue
            new[path] = Redirect(
                old_path=path,
                site=self.site,
                is_permanent=True,
                redirect_page_id=page_id,
                redirect_link=link,
            )
        Redirect.objects.bulk_create(new.values(), batch_size=500)


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
