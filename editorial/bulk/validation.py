"""Checking a batch of new pages before it is written (``bulk_create_pages``):
one ``full_clean`` per page, and what needs the database (slugs, foreign
keys, unique fields) checked once per batch."""


def free_slugs(parent, pages):
    """Give each page without a slug one made from its title, free among its
    siblings and the batch (as Wagtail does on save), in a query per round."""
    from django.conf import settings
    from django.utils.text import slugify

    allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
    wanted = [
        p for p in pages if not p.slug and slugify(p.title, allow_unicode=allow_unicode)
    ]
    if not wanted:
        return
    taken = {p.slug for p in pages if p.slug}
    bases = {id(p): slugify(p.title, allow_unicode=allow_unicode) for p in wanted}
    suffix = {id(p): 1 for p in wanted}
    while wanted:
        candidates = {}
        for page in wanted:
            n = suffix[id(page)]
            candidates[id(page)] = (
                bases[id(page)] if n == 1 else f"{bases[id(page)]}-{n}"
            )
        existing = set(
            parent.get_children()
            .filter(slug__in=set(candidates.values()))
            .values_list("slug", flat=True)
        )
        retry = []
        for page in wanted:
            slug = candidates[id(page)]
            if slug in existing or slug in taken:
                suffix[id(page)] += 1
                retry.append(page)
            else:
                page.slug = slug
                taken.add(slug)
        wanted = retry


# Wagtail's own message (its catalogues translate it), for a slug already
# used under the parent or twice in a batch.
SLUG_IN_USE = (
    "The slug '%(page_slug)s' is already in use within the parent page at "
    "'%(parent_url_path)s'."
)


def _check_slugs(parent, pages):
    """Each slug free among the parent's children and the batch: one query
    (``full_clean`` checks it with one query per page)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext

    errors = {}
    existing = set(
        parent.get_children()
        .filter(slug__in={p.slug for p in pages})
        .values_list("slug", flat=True)
    )
    seen = set()
    for page in pages:
        if page.slug in existing or page.slug in seen:
            message = gettext(SLUG_IN_USE) % {
                "page_slug": page.slug,
                "parent_url_path": parent.url,
            }
            errors[id(page)] = {"slug": ValidationError(message)}
        seen.add(page.slug)
    return errors


def _check_foreign_keys(pages):
    """Check every foreign key the pages set, one query per field and model
    (``full_clean`` runs one per page and field). Returns, per page, the
    fields found valid, for ``full_clean`` to skip."""
    from collections import defaultdict

    from django.core.exceptions import ValidationError
    from django.db.models import ForeignKey

    checked = defaultdict(set)  # id(page) -> field names
    by_field = defaultdict(list)  # (model, field name) -> pages
    for page in pages:
        for field in type(page)._meta.concrete_fields:
            if (
                isinstance(field, ForeignKey)
                and not field.remote_field.parent_link
                and getattr(page, field.attname) is not None
            ):
                by_field[(type(page), field.name)].append(page)
    errors = {}
    for (model, name), group in by_field.items():
        field = model._meta.get_field(name)
        target = field.remote_field
        values = {getattr(page, field.attname) for page in group}
        found = set(
            target.model._base_manager.filter(**{f"{target.field_name}__in": values})
            .complex_filter(field.get_limit_choices_to())
            .values_list(target.field_name, flat=True)
        )
        for page in group:
            value = getattr(page, field.attname)
            if value in found:
                checked[id(page)].add(name)
            else:
                errors.setdefault(id(page), {})[name] = ValidationError(
                    field.error_messages["invalid"],
                    code="invalid",
                    params={
                        "model": target.model._meta.verbose_name,
                        "pk": value,
                        "field": target.field_name,
                        "value": value,
                    },
                )
    return checked, errors


def _check_unique(pages):
    """The unique fields and unique-together sets of the pages, against the
    database and within the batch: one query per check and model."""
    from collections import defaultdict

    from django.core.exceptions import ValidationError

    errors = {}
    checks = defaultdict(list)  # (model, field names) -> pages
    for page in pages:
        unique_checks, _date_checks = page._get_unique_checks(
            include_meta_constraints=True
        )
        for model, names in unique_checks:
            if any(page._meta.get_field(n).primary_key for n in names):
                continue
            checks[(model, tuple(names))].append(page)
    for (model, names), group in checks.items():
        attnames = [model._meta.get_field(n).attname for n in names]
        values = {}
        for page in group:
            key = tuple(getattr(page, a) for a in attnames)
            if None in key:
                continue
            if key in values:
                errors.setdefault(id(page), {})[names[0]] = ValidationError(
                    page.unique_error_message(model, names)
                )
            values[key] = page
        if not values:
            continue
        first = {key[0] for key in values}
        for row in model._base_manager.filter(
            **{f"{attnames[0]}__in": first}
        ).values_list(*attnames):
            page = values.get(tuple(row))
            if page is not None:
                errors.setdefault(id(page), {})[names[0]] = ValidationError(
                    page.unique_error_message(model, names)
                )
    return errors


def _noop():
    return None


def validate(parent, pages):
    """``full_clean()`` once per page, with the checks that would query the
    database per page (foreign keys, uniqueness, the slug among siblings)
    made once for the batch. Raises the first page's ValidationError, with
    the page as its ``page`` attribute."""
    from django.core.exceptions import ValidationError

    checked, errors = _check_foreign_keys(pages)
    for found in (_check_unique(pages), _check_slugs(parent, pages)):
        for key, more in found.items():
            errors.setdefault(key, {}).update(more)
    for page in pages:
        # Checked for the whole batch (``_check_slugs``).
        page._check_slug_is_unique = _noop
        try:
            page.full_clean(
                exclude=checked[id(page)],
                validate_unique=False,
                validate_constraints=bool(page._meta.constraints),
            )
        except ValidationError as error:
            for name, messages in error.update_error_dict({}).items():
                errors.setdefault(id(page), {})[name] = ValidationError(messages)
        finally:
            del page._check_slug_is_unique
    for page in pages:
        if id(page) in errors:
            error = ValidationError(errors[id(page)])
            error.page = page
            raise error
