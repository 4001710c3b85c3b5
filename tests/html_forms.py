"""Reading a page's form as the browser would post it (for tests that post a form back)."""

from html.parser import HTMLParser

VOID_ELEMENTS = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr"})


def posted(page: str, action: str) -> dict[str, str]:
    """The values a browser would post from the form of `page` that posts to `action`."""
    data: dict[str, str] = {}

    class Form(HTMLParser):
        select: str | None = None
        textarea: str | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = {key: value or "" for key, value in attrs}
            if tag == "input" and a.get("name") and a["name"] != "csrfmiddlewaretoken":
                if a.get("type") == "checkbox":
                    if "checked" in a:
                        data[a["name"]] = "on"
                elif a.get("type") != "submit":
                    data[a["name"]] = a.get("value", "")
            elif tag == "select":
                self.select = a.get("name")
            elif tag == "option" and self.select and "selected" in a:
                data[self.select] = a.get("value", "")
            elif tag == "textarea":
                self.textarea = a.get("name")
                data[self.textarea or ""] = ""

        def handle_data(self, text: str) -> None:
            if self.textarea:
                data[self.textarea] += text

        def handle_endtag(self, tag: str) -> None:
            if tag == "select":
                self.select = None
            elif tag == "textarea":
                self.textarea = None

    start = page.index(f'action="{action}"')
    Form().feed(page[start : page.index("</form>", start)])
    return data


def field_error(page: str, name: str) -> str:
    """The error shown with the field `name`: the text of the element that the field's
    `aria-describedby` names, as a screen reader reads it with the field ("" without one)."""
    described_by: list[str] = []

    class Field(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = {key: value or "" for key, value in attrs}
            if tag in ("input", "select", "textarea") and a.get("name") == name:
                described_by.extend(a.get("aria-describedby", "").split())

    Field().feed(page)
    texts: list[str] = []

    class Described(HTMLParser):
        depth = 0  # > 0 inside a described element

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if self.depth:
                self.depth += tag not in VOID_ELEMENTS
            elif dict(attrs).get("id") in described_by:
                self.depth = 1

        def handle_endtag(self, tag: str) -> None:
            if self.depth and tag not in VOID_ELEMENTS:
                self.depth -= 1

        def handle_data(self, text: str) -> None:
            if self.depth:
                texts.append(text)

    Described().feed(page)
    return " ".join(" ".join(texts).split())
