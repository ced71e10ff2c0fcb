"""Sessions kept in Redis and written through to the database (Django's `cached_db`), read in
the same cache round trip as the other values every page needs (`portal.fragments`)."""

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbStore

from . import fragments


class SessionStore(CachedDbStore):
    def load(self):
        found, data = fragments.prefetched_session(self.cache_key)
        if found and data is not None:
            return data
        return super().load()
