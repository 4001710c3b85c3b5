"""The list pages' paging helpers: a page and its total in one query, row links reversed once."""

from typing import Any

import pytest
from django.core.paginator import Paginator
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from clients.models import Client
from clients.views.paging import OneQueryPaginator, ids_url, link_rows, pk_url
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seven() -> list[Client]:
    return [ClientFactory.create(last_name=f"Naam{n}") for n in range(7)]


@pytest.mark.parametrize("number", [1, 2, 3, "2", None, "", "x", "1.5", 0, -1, 4, 99, "9" * 40])
def test_one_query_paginator_gives_the_page_and_total_of_the_plain_one(
    seven: list[Client], number: Any
) -> None:
    clients = Client.objects.order_by("last_name")
    expected = Paginator(clients, 3).get_page(number)
    page = OneQueryPaginator(clients, 3).get_page(number)
    assert page.number == expected.number
    assert list(page) == list(expected)
    assert page.paginator.count == 7
    assert page.paginator.num_pages == 3
    assert page.has_next() == expected.has_next()


def test_a_page_in_range_is_one_query(
    seven: list[Client], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(1):
        page = OneQueryPaginator(Client.objects.order_by("last_name"), 3).get_page("2")
        assert [c.last_name for c in page] == ["Naam3", "Naam4", "Naam5"]
        assert page.paginator.count == 7


def test_an_empty_list_is_one_query_and_an_empty_first_page(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    with django_assert_num_queries(1):
        page = OneQueryPaginator(Client.objects.order_by("last_name"), 3).get_page(1)
        assert list(page) == []
        assert page.paginator.count == 0
        assert not page.has_other_pages()


def test_row_links_are_the_reversed_urls(seven: list[Client]) -> None:
    clients = list(Client.objects.order_by("pk"))
    link_rows(clients, "file_url", "clients:file")
    assert [c.file_url for c in clients] == [  # type: ignore[attr-defined]
        reverse("clients:file", args=[c.pk]) for c in clients
    ]
    journal = pk_url("clients:file_journal")
    assert journal(12) == reverse("clients:file_journal", args=[12])


@pytest.mark.parametrize(
    ("viewname", "args"),
    [
        ("clients:file_journal", [7]),
        ("clients:trajectory_close", [12, 3456]),
        ("clients:step_done", [987654321, 1, 22]),  # a marker as an argument, and small ones
        ("clients:debt_edit", [5, 5, 5]),
    ],
)
def test_urls_reversed_once_are_the_reversed_urls(viewname: str, args: list[int]) -> None:
    url = ids_url(viewname, len(args))
    assert url(*args) == reverse(viewname, args=args)
    assert url(*(n + 1 for n in args)) == reverse(viewname, args=[n + 1 for n in args])


def test_a_distinct_list_is_counted_after_distinct(seven: list[Client]) -> None:
    names = Client.objects.values_list("street", flat=True).order_by("street").distinct()
    page = OneQueryPaginator(names, 3).get_page(1)
    assert page.paginator.count == len(set(Client.objects.values_list("street", flat=True)))


def test_a_values_list_keeps_its_rows(seven: list[Client]) -> None:
    names = Client.objects.values_list("last_name", flat=True).order_by("last_name")
    assert list(OneQueryPaginator(names, 3).get_page(1)) == ["Naam0", "Naam1", "Naam2"]
