"""Factories of the call centre's records."""

from __future__ import annotations

import factory
from django.utils import timezone

from callcenter.choices import CallSource, CallStatus
from callcenter.models import Call, CallDirection, FaqEntry, FaqSynonym
from callcenter.services import faq_search_text


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    external_id = factory.Sequence(lambda n: f"cti-{n}")
    direction = CallDirection.INBOUND
    source = CallSource.TELEPHONY
    status = CallStatus.ENDED
    caller_number = factory.Sequence(lambda n: f"139{n:08d}")
    called_number = "96069"
    ringing_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(minutes=5))
    answered_at = factory.LazyAttribute(lambda o: o.ringing_at + timezone.timedelta(seconds=6))
    ended_at = factory.LazyAttribute(lambda o: o.answered_at + timezone.timedelta(minutes=2))
    ring_seconds = 6
    agent = None
    agent_number = factory.LazyAttribute(lambda o: o.agent.agent_number if o.agent else "")


class FaqEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FaqEntry

    title = factory.Sequence(lambda n: f"问题{n}")
    question = ""
    answer = "标准答案"
    keywords = ""
    search_text = factory.LazyAttribute(
        lambda o: faq_search_text(title=o.title, question=o.question, keywords=o.keywords, answer=o.answer)
    )


class FaqSynonymFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FaqSynonym

    terms = "暖气,供暖"
