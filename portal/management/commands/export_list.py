"""Write a staff list's Excel export the way the worker does, and say how long it took and how
much memory it used (the bench's export figure; also a way to get a file without the web).

    manage.py export_list registry --query "kind=enterprise&o=-name" --owner staff@example.vn
"""

import resource
import time
import tracemalloc

from django.core.management.base import BaseCommand, CommandError

from portal import exports
from portal.models import ExportJob, User


class Command(BaseCommand):
    help = "Write a staff list's Excel export as the worker does; print time and peak memory."

    def add_arguments(self, parser):
        parser.add_argument("list_name", choices=sorted(exports.registry()))
        parser.add_argument("--query", default="", help="The list's filters and order.")
        parser.add_argument("--owner", help="E-mail of the staff member it is written for.")

    def handle(self, *args, list_name, query, owner=None, **options):
        people = User.objects.filter(is_active=True)
        user = people.filter(email=owner).first() if owner else None
        if user is None:
            user = next((p for p in people if exports.get(list_name).permission(p)[0]), None)
        if user is None:
            raise CommandError("No active user may export this list: pass --owner.")
        job = ExportJob.objects.create(owner=user, list_name=list_name, query=query)
        tracemalloc.start()
        start, cpu_start = time.monotonic(), time.process_time()
        exports.export_run(job.pk)
        seconds, cpu = time.monotonic() - start, time.process_time() - cpu_start
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        job.refresh_from_db()
        if job.status != ExportJob.Status.DONE:
            raise CommandError(f"The export failed: {job.error}")
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            f"{list_name}: {job.rows_done} rows in {seconds:.1f} s "
            f"({job.rows_done / seconds:.0f} rows/s; {cpu:.1f} s of CPU), Python heap peak "
            f"{peak / 1024 / 1024:.1f} MB, process max RSS {rss_mb:.0f} MB, "
            f"file {job.file.size / 1024 / 1024:.1f} MB: {job.file.path}"
        )
