"""The agent desk shows the callbacks waiting between calls (K-5), linked to the queue's filters."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_desk_counts_the_agents_ready_late_and_own_callbacks(client, complete_ticket, agent):
    complete_ticket(agent)
    client.force_login(agent)

    page = client.get("/callcenter/desk/").content.decode()

    assert re.search(r'href="/callbacks/\?ready=1">[^<]*<strong>1</strong>', page)
    assert re.search(r'href="/callbacks/\?assignee=mine">[^<]*<strong>1</strong>', page)
    assert re.search(r'href="/callbacks/\?late=1"[^>]*>[^<]*<strong>0</strong>', page)


def test_the_desk_of_someone_without_callbacks_shows_no_card(client, agent):
    from django.contrib.auth.models import Permission

    agent.groups.first().permissions.remove(Permission.objects.get(codename="view_callback"))
    client.force_login(agent)
    assert "/callbacks/?ready=1" not in client.get("/callcenter/desk/").content.decode()
