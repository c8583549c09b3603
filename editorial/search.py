"""Full-text search of content pages on PostgreSQL at a cost that does not
grow with the corpus: a bounded set of candidates read from the search
entries' GIN indexes, ranked in one query as Wagtail ranks (used by the
site's search page and by the v3 content list's ``?search=``)."""

from django.db import connection
from django.db.models import BooleanField, F, Func, IntegerField, Q, Subquery
from django.db.models.lookups import Exact

from editorial.conf import get_setting


class _EqualsAny(Func):
    """``lhs = ANY(ARRAY(subquery))``: PostgreSQL runs the subquery once and
    reads the rows it names from the primary key, where ``IN (subquery)``
    let it hash a scan of the whole table."""

    arg_joiner = " = ANY(ARRAY"
    template = "%(expressions)s)"
    output_field = BooleanField()


def search_candidates(terms, models):
    """On PostgreSQL, the ids of at most ``PRESSROOM_SEARCH_CANDIDATES``
    (500) search entries of pages of ``models`` that hold every word of
    ``terms``, read from the GIN indexes of the entries' title and body,
    unranked (a queryset, not yet read); None on other databases.

    Wagtail's PostgreSQL backend matches ``title || body`` (no index serves
    that expression) and ranks every match before taking a page of them: a
    common word costs a scan of the whole index and a rank per matching page.
    Ranked among these candidates instead (``ranked_page_ids``), a query
    costs the same at any size; a word that fewer pages than the bound hold
    is ranked exactly as before.

    Each word is looked for in the title or the body (``title || body``
    holds every word when each word is in one or the other), so a page whose
    title holds one word and its body another is a candidate, as it matches
    in Wagtail's query; a word the configuration drops (a stop word: its
    query has no lexeme) asks for nothing, as in Wagtail's query."""
    if connection.vendor != "postgresql":
        return None
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.postgres.search import SearchQuery

    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    config = get_search_backend().config
    holds_every_word = Q()
    for word in dict.fromkeys(terms.split()):
        query = SearchQuery(word, config=config, search_type="plain")
        # (numnode() = 0: a stop word. PostgreSQL folds the constant, and the
        # word's condition is then true, not a scan.)
        stop_word = Exact(
            Func(query, function="numnode", output_field=IntegerField()), 0
        )
        holds_every_word &= Q(title=query) | Q(body=query) | Q(stop_word)
    content_types = [
        ct.pk for ct in ContentType.objects.get_for_models(*models).values()
    ]
    return (
        IndexEntry.objects.filter(content_type__in=content_types)
        .filter(holds_every_word)
        .order_by()
        .values("pk")[: get_setting("PRESSROOM_SEARCH_CANDIDATES")]
    )


def ranked_page_ids(results, candidates):
    """The ids of the pages of ``results`` (Wagtail's search results, not yet
    read) among ``candidates`` (``search_candidates``), ranked as Wagtail
    ranks them (its own match, rank expression and order), best first: at
    most the bound, in one query.

    The query reads the candidate entries by primary key
    (``= ANY(ARRAY(…))``), tests Wagtail's match on each, then finds each
    entry's page by primary key too (``object_id::integer``) under the
    reader's filters: its cost follows the bound, not the corpus. Wagtail's
    own query joins every page to its entry on ``object_id =
    page.id::varchar``, which no index serves (PostgreSQL hashed a scan of
    every entry, or tested the cast on every pair: 130 ms at 100,000
    items), then counts the matches in a second query and loads whole rows;
    here the count is the list's length, a page a slice of it, and only the
    page's ids are loaded, as their specific types."""
    from django.contrib.postgres.search import SearchVectorField
    from django.db.models.expressions import CombinedExpression
    from django.db.models.functions import Cast

    from wagtail.search.models import IndexEntry

    compiler = results.query_compiler
    config = compiler.get_config(results.backend)
    match = compiler.build_tsquery(compiler.query, config=config)
    # Wagtail's rank: the title's, weighted by its norm, plus the body's.
    rank = compiler._build_rank_expression(
        [(F("title"), F("title_norm")), (F("body"), 1.0)], config
    )
    ranked = (
        IndexEntry.objects.filter(_EqualsAny(F("pk"), Subquery(candidates)))
        .annotate(
            _vector_=CombinedExpression(
                F("title"), "||", F("body"), output_field=SearchVectorField()
            ),
            page=Cast("object_id", IntegerField()),
        )
        .filter(_vector_=match, page__in=compiler.queryset.values("pk"))
        .order_by(rank.desc(), "-page")
        .values_list("page", flat=True)
    )
    return list(ranked)
