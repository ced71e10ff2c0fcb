"""Find the POST forms a role can see on a page, as a browser would."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class FormField:
    name: str
    kind: str  # text, email, number, date, file, checkbox, radio, select, textarea, hidden, ...
    options: list[str] = field(default_factory=list)
    value: str = ""


@dataclass
class Form:
    action: str
    enctype: str
    fields: dict[str, FormField] = field(default_factory=dict)

    @property
    def signature(self) -> tuple:
        return (self.action, tuple(sorted(self.fields)))


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: FormField | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._form = Form(action=attrs.get("action") or "", enctype=attrs.get("enctype") or "")
            self.forms.append(self._form)
        if self._form is None or not attrs.get("name"):
            if tag == "option" and self._select is not None and attrs.get("value"):
                self._select.options.append(attrs["value"])
            return
        name = attrs["name"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                return
            existing = self._form.fields.get(name)
            if existing and kind in ("checkbox", "radio"):
                existing.options.append(attrs.get("value", "on"))
                return
            self._form.fields[name] = FormField(
                name,
                kind,
                [attrs.get("value", "on")] if kind in ("checkbox", "radio") else [],
                attrs.get("value", ""),
            )
        elif tag == "textarea":
            self._form.fields[name] = FormField(name, "textarea")
        elif tag == "select":
            self._select = FormField(name, "select")
            self._form.fields[name] = self._select

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def post_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms
