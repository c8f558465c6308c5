"""Load the demo data (idempotent). Refuses on a production configuration unless --force."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from csc.demo import load_demo_data


class Command(BaseCommand):
    help = "Create the 17 demo stations, their areas, demo customers and one account per role (password demo12345)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even though DEBUG is off.")

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Refusing to load demo accounts with DEBUG off (a production setup). Use --force.")
        counts = load_demo_data(password=settings.CSC_DEMO_PASSWORD)
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
        self.stdout.write(
            "Demo accounts: agent1 agent2 lead1 supervisor1 gm1 compliance1 station1 station2 "
            f"integration1 admin — password {settings.CSC_DEMO_PASSWORD}"
        )
