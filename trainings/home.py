from . import selectors

HOME_COURSES = 4


def blocks(request) -> list[dict]:
    """The public home page's "open courses" block (nothing when no course is open)."""
    courses = list(selectors.open_courses()[:HOME_COURSES])
    if not courses:
        return []
    return [{"template": "trainings/_home_courses.html", "courses": courses}]
