"""Write the code-declared beat schedule into django-celery-beat's tables (missing entries only)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from csc.schedule import BEAT_SCHEDULE


class Command(BaseCommand):
    help = "Create the beat schedule entries declared in csc/schedule.py; --reset also restores edited ones."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Overwrite entries edited in the admin.")

    @transaction.atomic
    def handle(self, *args, reset: bool = False, **options):
        created = restored = 0
        for name, entry in BEAT_SCHEDULE.items():
            parts = {"minute": "*", "hour": "*", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"}
            parts.update(entry.crontab)
            schedule, _ = CrontabSchedule.objects.get_or_create(timezone="Asia/Shanghai", **parts)
            values = {
                "task": entry.task,
                "crontab": schedule,
                "interval": None,
                "expire_seconds": entry.expires_seconds,
                "kwargs": json.dumps(entry.kwargs),
                "description": entry.description,
                "enabled": True,
            }
            task = PeriodicTask.objects.filter(name=name).first()
            if task is None:
                PeriodicTask.objects.create(name=name, **values)
                created += 1
            elif reset:
                for key, value in values.items():
                    setattr(task, key, value)
                task.save()
                restored += 1
        self.stdout.write(f"beat schedule: {created} created, {restored} restored, {len(BEAT_SCHEDULE)} declared")
