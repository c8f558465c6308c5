from __future__ import annotations

import factory

from notifications.models import Notification, WebhookEndpoint
from tests.factories import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "complaint.critical"
    title = factory.Sequence(lambda n: f"通知 {n}")


class WebhookEndpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookEndpoint

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"hook {n}")
    url = "https://hooks.example.com/csc"
    secret = "s3cret-for-tests"
