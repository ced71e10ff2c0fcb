from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Installed for its management commands (seed_demo, seed_scale); it has no models."""

    name = "demo"
    verbose_name = "Demo data"
