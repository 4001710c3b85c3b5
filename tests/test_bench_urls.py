"""The bench's floors (bench/urls.py): a bare logged-in view and the empty base layout exist in
the bench's own URL configuration only, never in the app's, and cost a fixed number of queries
(bench/pages.py compares every page with them)."""

from typing import Any

import pytest
from django.test import Client as HttpClient
from django.test import override_settings

from tests.conftest import login
from wijkteams.models import User

FLOORS = ["/bench/bare/", "/bench/layout/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", FLOORS)
def test_the_app_has_no_floors(client: HttpClient, worker: User, path: str) -> None:
    login(client, worker)
    assert client.get(path).status_code == 404


@override_settings(ROOT_URLCONF="bench.urls")
@pytest.mark.django_db
@pytest.mark.parametrize("path", FLOORS)
def test_the_floors_need_a_login(client: HttpClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/aanmelden/")


@override_settings(ROOT_URLCONF="bench.urls")
@pytest.mark.django_db
@pytest.mark.parametrize(("path", "queries"), [("/bench/bare/", 2), ("/bench/layout/", 3)])
def test_the_floors_answer_with_fixed_queries(
    client: HttpClient, worker: User, path: str, queries: int, django_assert_num_queries: Any
) -> None:
    login(client, worker)
    with django_assert_num_queries(queries):  # the session and the user; the layout: the roles
        response = client.get(path)
    assert response.status_code == 200


@override_settings(ROOT_URLCONF="bench.urls")
@pytest.mark.django_db
def test_the_layout_is_the_base_page_without_content(client: HttpClient, worker: User) -> None:
    login(client, worker)
    assert client.get("/bench/bare/").content == b"ok"
    page = client.get("/bench/layout/").content.decode()
    assert 'id="hoofdmenu"' in page  # the menu of a logged-in social worker
    assert "Mijn dossiers" in page
    assert '<main id="inhoud"' in page


@override_settings(ROOT_URLCONF="bench.urls")
@pytest.mark.django_db
def test_the_app_pages_are_still_there(client: HttpClient, worker: User) -> None:
    login(client, worker)
    assert client.get("/mijn-dossiers/").status_code == 200
