"""Play one telephone call through the same service the telephony API uses, for demos and by hand (K-1).

manage.py play_call --agent 1001 --phone 13800138000            # rings agent 1001's desk, answers, hangs up
manage.py play_call --agent 1001 --phone "+86 10 6944 0001" --ring 4 --talk 30
manage.py play_call --agent 1001 --phone 13800138000 --abandon  # caller gives up in the queue
"""

from __future__ import annotations

import time
import uuid

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from callcenter.choices import CallEventType, HangupCause
from callcenter.services import call_event_record
from customers import phones


class Command(BaseCommand):
    help = "Play a call's telephony events (queued, ringing, answered, hung up) so the agent's desk pops the caller."

    def add_arguments(self, parser):
        parser.add_argument("--agent", required=True, help="the agent number 工号 whose desk rings")
        parser.add_argument("--phone", required=True, help="the caller's number, any common format")
        parser.add_argument("--called", default="96069", help="the hotline number dialled")
        parser.add_argument("--queue", type=float, default=2.0, help="seconds in the queue")
        parser.add_argument("--ring", type=float, default=4.0, help="seconds ringing before the agent answers")
        parser.add_argument("--talk", type=float, default=20.0, help="seconds talking; 0 leaves the call open")
        parser.add_argument("--abandon", action="store_true", help="the caller hangs up while still in the queue")
        parser.add_argument("--no-answer", action="store_true", help="nobody answers the ringing")
        parser.add_argument("--external-id", default="", help="the telephony's call id (default: a new one)")
        parser.add_argument("--no-wait", action="store_true", help="send the events at once (tests)")

    def handle(self, *args, **options):
        try:
            caller = phones.normalise(options["phone"])
        except phones.PhoneError:
            raise CommandError(f"Not a phone number: {options['phone']}") from None
        actor = User.objects.filter(is_superuser=True).order_by("pk").first() or User.objects.order_by("pk").first()
        if actor is None:
            raise CommandError("No user exists yet: run `manage.py demo_data` first.")
        external_id = options["external_id"] or f"play-{uuid.uuid4().hex[:12]}"
        agent = options["agent"]
        wait = (lambda seconds: None) if options["no_wait"] else time.sleep

        def send(event: str, agent_number: str = "", cause: str = "") -> None:
            result = call_event_record(
                external_id=external_id,
                event=event,
                caller_number=caller,
                called_number=options["called"],
                agent_number=agent_number,
                cause=cause,
                actor=actor,
                payload={"source": "play_call"},
            )
            for warning in result.warnings:
                self.stderr.write(self.style.WARNING(str(warning)))
            self.stdout.write(f"{external_id} {event:<8} → {result.call.status}")

        send(CallEventType.QUEUED)
        wait(options["queue"])
        if options["abandon"]:
            send(CallEventType.HANGUP, cause=HangupCause.ABANDONED)
            return
        send(CallEventType.RINGING, agent_number=agent)
        wait(options["ring"])
        if options["no_answer"]:
            send(CallEventType.HANGUP, cause=HangupCause.NO_ANSWER)
            return
        send(CallEventType.ANSWERED, agent_number=agent)
        if options["talk"] > 0:
            wait(options["talk"])
            send(CallEventType.HANGUP, cause=HangupCause.COMPLETED)
