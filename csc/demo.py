"""Demo data: the heating company's 17 repair stations (SPEC T-1), their areas, customers and one account per role.

Idempotent: every row is keyed by a natural unique field, so running it twice leaves the same rows.
Later issues extend `load_demo_data` with their own records.
"""

from __future__ import annotations

import random

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import Team, User
from accounts.roles import Role
from callcenter import demo as callcenter_demo
from complaints import demo as complaints_demo
from compliance import demo as compliance_demo
from compliance.idcard import with_check_digit
from compliance.models import Customer
from compliance.services import customer_create
from notifications import demo as notifications_demo
from reports import demo as reports_demo
from tickets import demo as tickets_demo
from tickets.models import ServiceArea, Station

DISTRICT = "顺义区"

# station name, code, street, [(community, building_from, building_to) ...]
STATIONS: list[tuple[str, str, str, list[tuple[str, int | None, int | None]]]] = [
    ("宏城", "hongcheng", "胜利街道", [("宏城花园", None, None), ("站前街小区", 1, 12), ("双兴南区", None, None)]),
    (
        "裕龙",
        "yulong",
        "光明街道",
        [("裕龙花园一区", None, None), ("裕龙花园二区", None, None), ("站前街小区", 13, 30)],
    ),
    ("万科", "vanke", "仁和镇", [("万科城市花园", None, None), ("万科四季花城", None, None)]),
    ("马坡", "mapo", "马坡镇", [("马坡花园", None, None), ("泰和宜园", None, None), ("秀水花园", 1, 20)]),
    ("建新", "jianxin", "胜利街道", [("建新北区", None, None), ("建新南区", None, None)]),
    ("五里仓", "wulicang", "石园街道", [("五里仓一区", None, None), ("五里仓二区", None, None)]),
    ("西辛", "xixin", "石园街道", [("西辛北区", None, None), ("西辛南区", None, None), ("石园北区", 1, 15)]),
    ("滨河", "binhe", "光明街道", [("滨河小区", None, None), ("滨河花园", None, None)]),
    ("龙府", "longfu", "仁和镇", [("龙府花园", None, None), ("石园北区", 16, 40)]),
    ("东兴", "dongxing", "胜利街道", [("东兴小区", None, None), ("东兴二区", None, None)]),
    ("幸福", "xingfu", "旺泉街道", [("幸福东区", None, None), ("幸福西区", None, None)]),
    ("裕祥", "yuxiang", "旺泉街道", [("裕祥花园", None, None), ("望泉家园", None, None)]),
    ("义宾", "yibin", "双丰街道", [("义宾小区", None, None), ("义宾北区", None, None)]),
    ("怡馨", "yixin", "双丰街道", [("怡馨家园", None, None), ("秀水花园", 21, 45)]),
    (
        "澜西园",
        "lanxiyuan",
        "空港街道",
        [("澜西园一区", None, None), ("澜西园二区", None, None), ("澜西园三区", None, None)],
    ),
    ("三师", "sanshi", "光明街道", [("三师小区", None, None), ("光明小区", None, None)]),
    ("金宝", "jinbao", "空港街道", [("金宝花园", None, None), ("金宝花园北区", None, None)]),
]

# username, role, agent number, display name, extra
ACCOUNTS: list[tuple[str, Role, str | None, str]] = [
    ("agent1", Role.AGENT, "1001", "李晓梅"),
    ("agent2", Role.AGENT, "1002", "王丽"),
    ("lead1", Role.TEAM_LEAD, "2001", "赵敏"),
    ("supervisor1", Role.SUPERVISOR, "3001", "张建国"),
    ("gm1", Role.GM_OFFICE, "4001", "刘总"),
    ("compliance1", Role.COMPLIANCE_OFFICER, "5001", "陈静"),
    ("station1", Role.STATION_STAFF, "6001", "宏城站 孙师傅"),
    ("station2", Role.STATION_STAFF, "6002", "裕龙站 周师傅"),
    ("integration1", Role.INTEGRATION_CLIENT, None, "呼叫中心CTI"),
]
STATION_OF = {"station1": "hongcheng", "station2": "yulong"}

_FAMILY = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗"
_GIVEN = [
    "建华",
    "秀英",
    "桂兰",
    "志强",
    "丽娟",
    "海燕",
    "国庆",
    "淑珍",
    "春生",
    "玉梅",
    "红霞",
    "德明",
    "凤英",
    "立新",
]


def _customers(count: int) -> list[dict]:
    rng = random.Random(20261124)  # fixed seed: the same customers every run
    rows = []
    for index in range(count):
        station_name, _code, _street, communities = STATIONS[index % len(STATIONS)]
        community, first, last = communities[index % len(communities)]
        building = rng.randint(first or 1, last or 12)
        address = f"{DISTRICT}{community}{building}号楼{rng.randint(1, 4)}单元{rng.randint(1, 6)}0{rng.randint(1, 4)}"
        rows.append(
            {
                "account_number": f"GR{2026000 + index + 1}",
                "name": rng.choice(_FAMILY) + rng.choice(_GIVEN),
                "phones": [f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"],
                "addresses": [address],
                "id_number": with_check_digit(
                    f"110113{rng.randint(1950, 2000)}0{rng.randint(1, 9)}1{rng.randint(0, 9)}{rng.randint(100, 999)}"
                ),  # GB 11643: a valid check digit, or customer_create refuses it
            }
        )
    return rows


@transaction.atomic
def load_demo_data(*, password: str, customers: int = 40) -> dict[str, int]:
    """Create or refresh every demo row; returns how many of each kind exist afterwards."""
    stations = {}
    for order, (name, code, street, communities) in enumerate(STATIONS):
        station, _ = Station.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "phone": f"010-6944{order:04d}",
                "duty_mobile": f"1391000{order:04d}",
                "is_active": True,
                "sort_order": order,
            },
        )
        stations[code] = station
        for community, first, last in communities:
            ServiceArea.objects.get_or_create(
                station=station,
                district=DISTRICT,
                street=street,
                community=community,
                building_from=first,
                building_to=last,
            )

    team, _ = Team.objects.get_or_create(name="甲班")
    for username, role, agent_number, display_name in ACCOUNTS:
        user, created = User.objects.get_or_create(username=username)
        user.agent_number = agent_number
        user.display_name = display_name
        user.team = team if role in (Role.AGENT, Role.TEAM_LEAD) else None
        user.station = stations[STATION_OF[username]] if username in STATION_OF else None
        user.is_staff = False
        if created:
            user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role.value)])
    admin, created = User.objects.get_or_create(username="admin", defaults={"display_name": "系统管理员"})
    if created:
        admin.is_staff = admin.is_superuser = True
        admin.set_password(password)
        admin.save()
    Team.objects.filter(pk=team.pk).update(lead=User.objects.get(username="lead1"))

    creator = User.objects.get(username="agent1")
    existing = set(Customer.objects.values_list("account_number", flat=True))
    for row in _customers(customers):
        if row["account_number"] in existing:
            continue
        customer_create(actor=creator, service_password="123456", **row)  # noqa: S106  demo-only password
    counts = {}
    # each app's own demo records; reports and the escalation sweep last, over everything the others made
    apps_in_order = (tickets_demo, complaints_demo, callcenter_demo, compliance_demo, reports_demo, notifications_demo)
    for app_demo in apps_in_order:
        counts.update(app_demo.load_demo())
    return {
        **counts,
        "stations": Station.objects.count(),
        "service_areas": ServiceArea.objects.count(),
        "users": User.objects.count(),
        "customers": Customer.objects.count(),
    }
