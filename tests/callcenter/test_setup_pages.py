"""X-6 in the app: synonym groups a supervisor edits; the admin deletes nothing; query guards of the other pages."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from callcenter.models import Call, FaqSynonym, PendingQuestion
from callcenter.selectors import faq_search
from callcenter.services import faq_entry_create, pending_question_log
from tests.callcenter.factories import CallFactory

pytestmark = pytest.mark.django_db
SYNONYMS = reverse("callcenter:faq_synonyms")


def test_k6_a_supervisor_adds_a_synonym_group_and_the_search_uses_it(client, supervisor):
    FaqSynonym.objects.all().delete()
    entry = faq_entry_create(title="入户测温的申请", answer="登记测温。", actor=supervisor)
    assert list(faq_search(query="量一下屋里多少度")) == []
    client.force_login(supervisor)

    response = client.post(SYNONYMS, {"terms": "测温，量一下屋里多少度、量温度", "is_active": "on"})

    assert response.status_code == 302
    assert FaqSynonym.objects.get().terms == "测温,量一下屋里多少度,量温度"
    assert list(faq_search(query="量一下屋里多少度")) == [entry]


def test_bad_input_a_synonym_group_of_one_word_is_refused(client, supervisor):
    FaqSynonym.objects.all().delete()
    client.force_login(supervisor)

    response = client.post(SYNONYMS, {"terms": "测温", "is_active": "on"})

    assert response.status_code == 422
    assert FaqSynonym.objects.count() == 0


def test_synonyms_are_for_supervisors(client, agent, team_lead):
    for user in (agent, team_lead):
        client.force_login(user)
        assert client.post(SYNONYMS, {"terms": "甲,乙"}).status_code == 403
    assert not FaqSynonym.objects.filter(terms="甲,乙").exists()


@pytest.mark.parametrize("model", [Call, PendingQuestion, FaqSynonym])
def test_the_admin_deletes_nothing(rf, model, supervisor):
    request = rf.get("/")
    request.user = supervisor

    assert admin.site._registry[model].has_delete_permission(request) is False


def test_pending_list_query_count_is_constant(client, agent, team_lead, django_assert_max_num_queries):
    client.force_login(team_lead)
    pending_question_log(question="问题", department="工程部", actor=agent)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("callcenter:pending_list"))
    for n in range(15):
        pending_question_log(question=f"问题{n}", department="工程部", actor=agent)

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("callcenter:pending_list"))


def test_call_page_query_count_is_constant(client, agent, django_assert_max_num_queries):
    from callcenter.models import Recording
    from callcenter.services import call_event_record

    client.force_login(agent)
    call = call_event_record(
        external_id="q-1", event="ringing", caller_number="13800000000", agent_number=agent.agent_number, actor=agent
    ).call
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("callcenter:call_detail", args=[call.pk]))
    for n in range(5):
        Recording.objects.create(call=call, url=f"https://pbx.local/{n}.mp3", uploaded_by=agent)
    call_event_record(
        external_id="q-1", event="answered", caller_number="13800000000", agent_number=agent.agent_number, actor=agent
    )
    CallFactory.create_batch(5, agent=agent)

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("callcenter:call_detail", args=[call.pk]))
