"""Helpers for the list pages: a page and its total in one query, and row links reversed once."""

import re
from collections.abc import Callable, Iterable
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.urls import reverse

TOTAL = "paging_total"  # the annotation that carries the number of rows of the whole list
# Beyond this a page number cannot be in range (and its OFFSET may not fit the database's
# integer): such a page goes the plain way, counted first and clamped to the last page.
MAX_OFFSET = 2**31


class OneQueryPaginator(Paginator[Any]):
    """A Paginator over a queryset whose page query also counts the whole list
    (`COUNT(*) OVER ()`), so a page costs one query instead of a COUNT and a SELECT.

    `get_page` only; orphans are not supported. A page past the end (a stale link, a made-up
    number) falls back to the plain paginator (a count, then the page), and so do a DISTINCT
    queryset (the window would count the rows before DISTINCT) and a values() one (the total
    would show in its rows).
    """

    def __init__(self, object_list: QuerySet[Any], per_page: int) -> None:
        super().__init__(object_list, per_page)
        self.queryset = object_list

    def get_page(self, number: Any) -> Page[Any]:
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1  # as Paginator.get_page: not a number, the first page
        query = self.queryset.query
        bottom = (wanted - 1) * self.per_page
        if 0 <= bottom < MAX_OFFSET and not query.distinct and not query.values_select:
            counted = self.queryset.annotate(**{TOTAL: Window(Count("*"))})
            rows = list(counted[bottom : bottom + self.per_page])
            if rows or wanted == 1:
                # The cached property, filled in: the total came with the rows.
                self.count = getattr(rows[0], TOTAL) if rows else 0
                return Page(rows, wanted, self)
        return super().get_page(wanted)


def pk_url(viewname: str) -> Callable[[int], str]:
    """`reverse(viewname, args=[pk])` for the rows of a list, reversing only once (`ids_url`):
    the URL stays defined by urls.py alone."""
    return ids_url(viewname, 1)


def ids_url(viewname: str, count: int) -> Callable[..., str]:
    """`reverse(viewname, args=[...])` for `count` integer arguments (a client's, a row's),
    reversing only once, as `pk_url`: each argument takes its marker's place."""
    markers = [str(987654321 + n) for n in range(count)]
    url = reverse(viewname, args=[int(marker) for marker in markers])
    if any(url.count(marker) != 1 for marker in markers):  # cannot happen for `<int:...>`
        return lambda *args: reverse(viewname, args=list(args))
    # The arguments in the order the URL shows them, and the text around them.
    order = sorted(range(count), key=lambda n: url.index(markers[n]))
    pieces = re.split("|".join(markers), url)

    def url_of(*args: int) -> str:
        parts = [pieces[0]]
        for piece, n in zip(pieces[1:], order, strict=True):
            parts += [str(args[n]), piece]
        return "".join(parts)

    return url_of


def link_rows(rows: Iterable[Any], attr: str, viewname: str, pk_attr: str = "pk") -> None:
    """Give each row the URL `reverse(viewname, args=[row.<pk_attr>])` as `row.<attr>`: a
    template's `{% url %}` per row reverses each time, which shows on a page of 25 rows."""
    url = pk_url(viewname)
    for row in rows:
        setattr(row, attr, url(getattr(row, pk_attr)))
