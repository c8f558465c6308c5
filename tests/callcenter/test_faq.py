"""K-6 standard answers: Chinese search that works, versions kept, pending questions answered into the FAQ."""

from __future__ import annotations

import pytest
from django.urls import reverse

from callcenter.models import FaqEntry, FaqVersion, PendingQuestion
from callcenter.selectors import faq_search
from callcenter.services import faq_entry_create, faq_entry_revise, pending_question_answer, pending_question_log
from csc.api import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def faq(default_synonyms, supervisor):
    def add(title, answer, keywords=""):
        return faq_entry_create(title=title, answer=answer, keywords=keywords, actor=supervisor)

    return {
        "temperature": add(
            "室内温度不达标的处理", "请先检查阀门是否全开，排气后仍低于18℃的，登记报修，维修站24小时内上门测温。"
        ),
        "leak": add("暖气漏水的处理", "先关闭进回水阀门，用容器接水，立即报修。"),
        "fee": add("供暖费缴纳时间与方式", "每年10月31日前到营业厅或网上缴纳。"),
        "stop": add("停暖时间", "每年3月15日停止供暖。"),
        "valve": add("新用户开通供暖", "携带缴费凭证到营业厅办理。", keywords="开栓,报装"),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("暖气不热怎么办", "temperature"),
        ("家里暖气不热", "temperature"),
        ("屋里太冷了怎么办", "temperature"),
        ("室温低", "temperature"),
        ("暖气片跑水了", "leak"),
        ("暖气漏水", "leak"),
        ("什么时候交供暖费", "fee"),
        ("采暖费在哪交", "fee"),
        ("什么时候交暖气费", "fee"),  # 暖气费 is a fee, not heating: the longer word wins
        ("几号停暖", "stop"),
        ("我要开栓", "valve"),
    ],
)
def test_k6_chinese_questions_find_their_standard_answer_first(faq, query, expected):
    results = list(faq_search(query=query))

    assert results, query
    assert results[0] == faq[expected], [r.title for r in results]


def test_k6_a_question_outside_the_standard_answers_finds_nothing(faq):
    assert list(faq_search(query="宽带办理")) == []
    assert list(faq_search(query="   ")) == []


def test_k6_the_faq_page_searches_in_chinese(client, agent, faq):
    client.force_login(agent)

    response = client.get(reverse("callcenter:faq_list"), {"q": "暖气不热怎么办"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert list(response.context["entries"])[0].title == "室内温度不达标的处理"
    assert "室内温度不达标的处理" in response.content.decode()


def test_k6_revising_keeps_every_version_viewable(client, agent, supervisor, faq):
    entry = faq["stop"]

    faq_entry_revise(
        entry=entry, actor=supervisor, title="停暖时间", answer="每年3月20日停止供暖。", reason="政府通知延长供暖"
    )

    entry.refresh_from_db()
    assert entry.version == 2
    assert list(FaqVersion.objects.filter(entry=entry).values_list("version", "answer")) == [
        (2, "每年3月20日停止供暖。"),
        (1, "每年3月15日停止供暖。"),
    ]
    client.force_login(agent)
    old = client.get(reverse("callcenter:faq_version", args=[entry.pk, 1]))
    assert old.status_code == 200
    assert "每年3月15日停止供暖。" in old.content.decode()
    assert faq_search(query="3月20日").first() == entry


def test_k6_a_pending_question_answered_becomes_a_new_standard_answer(agent, supervisor, default_synonyms):
    pending = pending_question_log(question="阳台加装暖气片需要审批吗？", department="工程部", actor=agent)

    pending = pending_question_answer(
        pending=pending, answer="需要向供热中心申请，审批后由工程部施工。", actor=supervisor, title="加装暖气片"
    )

    assert pending.status == "answered"
    assert pending.faq_entry.title == "加装暖气片"
    assert pending.faq_entry.versions.get().pending_question == pending
    assert faq_search(query="加装暖气片").first() == pending.faq_entry


def test_k6_a_pending_answer_may_revise_an_existing_entry(agent, supervisor, faq):
    pending = pending_question_log(question="停暖后还能报修吗？", department="客服部", actor=agent)

    pending_question_answer(
        pending=pending,
        answer="每年3月15日停止供暖；停暖后的报修按维修站时间安排。",
        actor=supervisor,
        faq_entry=faq["stop"],
    )

    faq["stop"].refresh_from_db()
    assert faq["stop"].version == 2
    assert FaqVersion.objects.filter(entry=faq["stop"]).count() == 2


def test_k6_a_pending_question_is_answered_once(agent, supervisor):
    pending = pending_question_log(question="问题", department="工程部", actor=agent)
    pending_question_answer(pending=pending, answer="答案", actor=supervisor)

    with pytest.raises(DomainError):
        pending_question_answer(pending=pending, answer="另一个答案", actor=supervisor)
    assert FaqEntry.objects.count() == 1


def test_k6_answering_pending_questions_needs_the_permission(client, agent, team_lead):
    pending = pending_question_log(question="问题", department="工程部", actor=agent)
    url = reverse("callcenter:pending_answer", args=[pending.pk])
    client.force_login(agent)

    assert client.post(url, {"answer": "乱答"}).status_code == 403
    pending.refresh_from_db()
    assert pending.status == "open"
    client.force_login(team_lead)
    response = client.post(url, {"answer": "工程部答复", "title": "加装"})
    assert response.status_code == 302
    assert PendingQuestion.objects.get().status == "answered"


def test_k6_faq_editing_is_for_supervisors(client, agent, supervisor):
    client.force_login(agent)
    assert client.post(reverse("callcenter:faq_create"), {"title": "x", "answer": "y"}).status_code == 403
    assert FaqEntry.objects.count() == 0
    client.force_login(supervisor)
    response = client.post(reverse("callcenter:faq_create"), {"title": "停暖时间", "answer": "3月15日"})
    assert response.status_code == 302
    entry = FaqEntry.objects.get()
    response = client.post(reverse("callcenter:faq_edit", args=[entry.pk]), {"title": "停暖时间", "answer": "3月20日"})
    assert response.status_code == 422  # a revision says why
    entry.refresh_from_db()
    assert entry.version == 1


def test_faq_pages_refuse_station_staff(client, station_user):
    client.force_login(station_user)

    assert client.get(reverse("callcenter:faq_list")).status_code == 403
    assert client.get(reverse("callcenter:pending_list")).status_code == 403


def test_faq_list_query_count_is_constant(client, agent, supervisor, default_synonyms, django_assert_max_num_queries):
    client.force_login(agent)
    faq_entry_create(title="停暖时间", answer="3月15日", actor=supervisor)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("callcenter:faq_list"), {"q": "停暖时间"})
    for n in range(20):
        faq_entry_create(title=f"停暖时间{n}", answer="3月15日", actor=supervisor)

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("callcenter:faq_list"), {"q": "停暖时间"})
