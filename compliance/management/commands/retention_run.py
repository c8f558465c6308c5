"""`manage.py retention_run [--dry-run] [--actor USERNAME]`: the retention policy (P-7) from the shell or cron."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from compliance.retention import retention_run


class Command(BaseCommand):
    help = "Destroy the personal data of records past their retention period (P-7); --dry-run lists what would go."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list what would be destroyed, change nothing")
        parser.add_argument("--actor", help="username of the person running it (default: the schedule)")

    def handle(self, *args, dry_run=False, actor=None, **options):
        user = None
        if actor:
            user = User.objects.filter(username=actor).first()
            if user is None:
                raise CommandError(f"No user {actor!r}.")
        report = retention_run(dry_run=dry_run, actor=user)
        for item in report.items:
            period = f"{item.days} days" if item.days else "kept permanently"
            verb = "would destroy" if dry_run else "destroyed"
            self.stdout.write(f"{item.record_type:<22} {period:<18} {verb} {item.count}")
            if dry_run and item.ids:
                self.stdout.write(
                    f"    ids: {', '.join(str(i) for i in item.ids[:50])}{' …' if item.count > 50 else ''}"
                )
        self.stdout.write(("dry run: nothing changed. " if dry_run else "") + f"total {report.total}")
