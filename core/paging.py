"""The one query parameter of every paged list (templates/pager.html writes it, views read it)."""

PAGE_PARAM = "page"


def page_param(prefix: str = "") -> str:
    """The page parameter of a list; a page showing two lists prefixes the second's."""
    return f"{prefix}-{PAGE_PARAM}" if prefix else PAGE_PARAM
