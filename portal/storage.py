"""Static files storage for production: WhiteNoise's compressed manifest storage, with each
file's URL worked out once per process (a page has about ten `{% static %}` tags, and each
lookup through the manifest costs more Python than the rest of the tag)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStaticStorage(CompressedManifestStaticFilesStorage):
    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        urls = self.__dict__.setdefault("_urls", {})
        try:
            return urls[name]
        except KeyError:
            url = urls[name] = super().url(name)
            return url
