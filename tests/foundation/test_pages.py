"""Sign-in, the role-aware home page, navigation, password change and the language switch."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import Role
from compliance.models import AccessLogEntry
from tests.factories import CustomerAddressFactory, CustomerPhoneFactory

pytestmark = pytest.mark.django_db

ROLE_FIXTURES = [
    ("agent", Role.AGENT),
    ("team_lead", Role.TEAM_LEAD),
    ("supervisor", Role.SUPERVISOR),
    ("station_user", Role.STATION_STAFF),
    ("gm", Role.GM_OFFICE),
    ("compliance_officer", Role.COMPLIANCE_OFFICER),
    ("integration", Role.INTEGRATION_CLIENT),
]


@pytest.mark.parametrize(("fixture", "role"), ROLE_FIXTURES)
def test_each_role_signs_in_and_sees_the_page_made_for_it(request, client, password, fixture, role):
    user = request.getfixturevalue(fixture)

    response = client.post(reverse("login"), {"username": user.username, "password": password}, follow=True)

    assert response.status_code == 200
    assert response.context["user"] == user
    assert response.context["role"] == role.value
    assert f'data-role="{role.value}"' in response.content.decode()


def test_a_wrong_password_is_refused_with_a_message(client, agent):
    response = client.post(reverse("login"), {"username": agent.username, "password": "wrong"})

    assert response.status_code == 200
    assert not response.context["user"].is_authenticated
    assert response.context["form"].non_field_errors()


def test_anonymous_users_are_sent_to_sign_in(client):
    for name in ("home", "compliance:customer_list", "tickets:station_list", "compliance:access_log"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("login")), name


def test_navigation_shows_only_what_the_role_may_open(client, agent, compliance_officer, station_user):
    client.force_login(agent)
    labels = [str(i["url_name"]) for i in client.get(reverse("home")).context["nav_items"]]
    assert "compliance:customer_list" in labels
    assert "compliance:access_log" not in labels

    client.force_login(compliance_officer)
    labels = [str(i["url_name"]) for i in client.get(reverse("home")).context["nav_items"]]
    assert "compliance:access_log" in labels

    client.force_login(station_user)
    labels = [str(i["url_name"]) for i in client.get(reverse("home")).context["nav_items"]]
    assert "compliance:customer_list" not in labels


def test_pages_refuse_roles_without_the_permission(client, station_user, agent):
    client.force_login(station_user)
    assert client.get(reverse("compliance:customer_list")).status_code == 403
    client.force_login(agent)
    assert client.get(reverse("compliance:access_log")).status_code == 403


def test_station_staff_cannot_open_another_station(client, station_user, station, other_station):
    client.force_login(station_user)

    assert client.get(reverse("tickets:station_detail", args=[station.pk])).status_code == 200
    assert client.get(reverse("tickets:station_detail", args=[other_station.pk])).status_code == 404


def test_logout_ends_the_session(client, agent):
    client.force_login(agent)

    client.post(reverse("logout"))

    assert client.get(reverse("home")).status_code == 302


def test_password_change_records_when(client, agent, password):
    client.force_login(agent)
    before = agent.password_changed_at

    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": "Nuan-Qi-2026!", "new_password2": "Nuan-Qi-2026!"},
    )

    assert response.status_code == 302
    agent.refresh_from_db()
    assert agent.check_password("Nuan-Qi-2026!")
    assert agent.password_changed_at > before


def test_password_change_applies_the_validators(client, agent, password):
    client.force_login(agent)

    response = client.post(
        reverse("password_change"), {"old_password": password, "new_password1": "123", "new_password2": "123"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    agent.refresh_from_db()
    assert agent.check_password(password)


def test_the_ui_is_chinese_by_default_and_english_on_request(client, agent):
    client.force_login(agent)

    assert "客户" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("home")).content.decode()
    assert "Customers" in english
    assert 'lang="en"' in english


def test_static_assets_are_served_by_the_app_not_a_cdn(client, agent):
    client.force_login(agent)
    html = client.get(reverse("home")).content.decode()

    assert "/static/vendor/htmx.min.js" in html
    assert "http://" not in html.replace("http://testserver", "") and "https://" not in html


def test_x3_customer_list_is_masked_and_logged(client, agent, django_assert_max_num_queries):
    for _ in range(5):
        customer = CustomerPhoneFactory(number="13812345678").customer
        CustomerAddressFactory(customer=customer)
    client.force_login(agent)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("compliance:customer_list"))

    html = response.content.decode()
    assert "138****5678" in html and "13812345678" not in html
    assert "宏城花园*号楼*单元***" in html
    assert AccessLogEntry.objects.filter(user=agent, channel="list").count() == 5


def test_customer_list_query_count_does_not_grow_with_rows(client, agent, django_assert_max_num_queries):
    for _ in range(30):
        CustomerAddressFactory(customer=CustomerPhoneFactory().customer)
    client.force_login(agent)

    with django_assert_max_num_queries(12):
        client.get(reverse("compliance:customer_list"))


def test_customer_list_answers_htmx_with_the_rows_only(client, agent):
    CustomerPhoneFactory(number="13912345678")
    client.force_login(agent)

    response = client.get(reverse("compliance:customer_list"), {"q": "5678"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert "<table>" in html and "<html" not in html
    assert "139****5678" in html


def test_p1_detail_page_is_logged_and_full_view_needs_role_and_purpose(client, agent, supervisor):
    customer = CustomerPhoneFactory(number="13812345678").customer
    url = reverse("compliance:customer_detail", args=[customer.pk])

    client.force_login(agent)
    html = client.post(url, {"reveal": "1", "purpose": "查看"}).content.decode()
    assert "13812345678" not in html  # an agent may not unmask, whatever it posts

    client.force_login(supervisor)
    html = client.post(url, {"reveal": "1", "purpose": ""}).content.decode()
    assert "13812345678" not in html  # no purpose, no full view
    html = client.post(url, {"reveal": "1", "purpose": "核对地址"}).content.decode()
    assert "13812345678" in html and customer.id_number in html

    entries = list(AccessLogEntry.objects.filter(customer=customer).order_by("id").values_list("user", "unmasked"))
    assert entries == [(agent.pk, False), (supervisor.pk, False), (supervisor.pk, True)]
    assert AccessLogEntry.objects.get(user=supervisor, unmasked=True).purpose == "核对地址"


def test_p1_access_log_is_append_only(agent):
    customer = CustomerPhoneFactory().customer
    entry = AccessLogEntry.objects.create(user=agent, customer=customer, channel="page", fields="name")

    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(purpose="x")
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.get(pk=entry.pk).purpose == ""


def test_x2_customer_changes_are_in_the_history(agent):
    customer = CustomerPhoneFactory().customer
    customer.company = "新公司"
    customer.save()

    assert customer.history.count() == 2
    assert "service_password" not in [f.name for f in customer.history.model._meta.fields]


def test_the_browser_language_does_not_override_chinese(client, agent):
    client.force_login(agent)

    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert 'lang="zh-hans"' in html
    assert "客户" in html
