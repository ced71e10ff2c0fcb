from django import template

register = template.Library()


@register.filter
def thousands(value) -> str:
    if value in (None, ""):
        return ""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return str(value)


STATUS_CLASSES = {
    "draft": "text-bg-light",
    "pending": "text-bg-warning",
    "changes_requested": "text-bg-info",
    "active": "text-bg-success",
    "rejected": "text-bg-danger",
    "inactive": "text-bg-secondary",
    "recorded": "text-bg-success",
    "cancelled": "text-bg-secondary",
    "submitted": "text-bg-warning",
    "in_review": "text-bg-info",
    "accepted": "text-bg-primary",
    "declined": "text-bg-danger",
    "fulfilled": "text-bg-success",
    "withdrawn": "text-bg-secondary",
    "selected": "text-bg-info",
    "implementing": "text-bg-primary",
    "evaluated": "text-bg-warning",
    "recognized": "text-bg-success",
    "approved": "text-bg-success",
    "revoked": "text-bg-secondary",
}


@register.filter
def status_class(value) -> str:
    return STATUS_CLASSES.get(str(value), "text-bg-light")


@register.filter
def vsic(version: str) -> str:
    """ "VSIC 2018" / "VSIC 2025": the short name of an industry classification."""
    from enterprises.industry import version_name

    return version_name(version) if version else ""
