"""templates/pager.html: the one pager of every list, on the one `page` parameter."""

from pathlib import Path

from django.conf import settings
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def pager(query: dict[str, str], number: int, **context: object) -> str:
    request = RequestFactory().get("/lijst/", query)
    page = Paginator(range(60), 25).get_page(number)
    return render_to_string("pager.html", {"page": page, **context}, request=request)


def test_the_links_use_page_and_keep_the_filters() -> None:
    html = pager({"status": "open", "team": "3", "page": "2"}, 2, label="Lijst")
    assert '<nav aria-label="Lijst" class="mt-3">' in html
    assert 'href="?status=open&amp;team=3&amp;page=1">Vorige</a>' in html
    assert 'href="?status=open&amp;team=3&amp;page=3">Volgende</a>' in html
    assert "Pagina 2 van 3" in html
    assert "pagina=" not in html


def test_a_second_list_on_the_page_keeps_the_first_lists_page() -> None:
    html = pager({"page": "2", "follow-ups-page": "1"}, 1, prefix="follow-ups")
    assert 'href="?page=2&amp;follow-ups-page=2">Volgende</a>' in html
    assert "Vorige" not in html


def test_a_list_inside_a_file_page_is_swapped_in_by_htmx() -> None:
    html = pager({}, 2, url="/dossiers/7/journaal/", target="#journal-entries", newest_first=True)
    assert (
        '<a class="page-link" href="/dossiers/7/journaal/?page=1"'
        ' hx-get="/dossiers/7/journaal/?page=1" hx-target="#journal-entries"'
        ' hx-swap="outerHTML" hx-push-url="true">Recenter</a>'
    ) in html
    assert ">Ouder</a>" in html


def test_a_posted_search_pages_with_the_buttons_of_its_form() -> None:
    html = pager({}, 2, form="client-search")
    assert (
        '<button type="submit" form="client-search" name="page" value="3" class="page-link">'
        "Volgende</button>"
    ) in html
    assert "href=" not in html


def test_one_page_shows_no_pager() -> None:
    request = RequestFactory().get("/lijst/")
    page = Paginator(range(5), 25).get_page(1)
    assert render_to_string("pager.html", {"page": page}, request=request).strip() == ""


def test_no_template_but_the_pager_draws_page_links() -> None:
    templates = Path(settings.BASE_DIR) / "templates"
    own = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if path.name != "pager.html"
        and ('class="pagination' in path.read_text() or "previous_page_number" in path.read_text())
    ]
    assert own == []


def test_every_list_includes_the_pager_with_only_its_own_context() -> None:
    # The page's own `form` or `url` would otherwise turn the links into something else.
    templates = Path(settings.BASE_DIR) / "templates"
    includes = [
        line.strip()
        for path in templates.rglob("*.html")
        for line in path.read_text().splitlines()
        if '{% include "pager.html"' in line
    ]
    assert len(includes) >= 12
    assert [line for line in includes if not line.endswith(" only %}")] == []
