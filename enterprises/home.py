def blocks(request) -> list[dict]:
    """The public home page's invitation to register an organization."""
    if request.user.is_authenticated:
        return []
    return [{"template": "enterprises/_home_register.html"}]
