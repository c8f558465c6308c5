"""Demo repair data. First the heating company's 17 repair stations (SPEC T-1), their service areas, their staff
accounts' station and the residents who live there (order 20); then extra areas that exercise routing, time
limits, tickets in every state, exception events and an open area outage (order 40).
Idempotent: keyed by natural fields, so running it twice leaves the same rows.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import User
from csc.demo import DemoOptions
from customers.idcard import with_check_digit
from customers.models import Customer
from customers.services import customer_create
from tickets import services
from tickets.choices import Category, ExceptionType, Status
from tickets.models import ExceptionEvent, Outage, ServiceArea, Station, Ticket, TimeLimit
from tickets.outages import outage_declare

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
STATION_OF = {"station1": "hongcheng", "station2": "yulong"}  # the demo station staff accounts

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


def _residents(count: int) -> list[dict]:
    """Customers spread over the stations' communities: the same people every run (fixed seed)."""
    rng = random.Random(20261124)
    rows = []
    for index in range(count):
        _station_name, _code, _street, communities = STATIONS[index % len(STATIONS)]
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


def load_stations(options: DemoOptions) -> dict[str, int]:
    """The 17 stations with their areas, station staff linked to theirs, and the residents of those areas."""
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
    for user in User.objects.filter(username__in=STATION_OF):
        if user.station_id != stations[STATION_OF[user.username]].pk:
            user.station = stations[STATION_OF[user.username]]
            user.save(update_fields=["station"])
    creator = User.objects.get(username="agent1")
    existing = set(Customer.objects.values_list("account_number", flat=True))
    created = [
        customer_create(actor=creator, **row).pk
        for row in _residents(options.customers)
        if row["account_number"] not in existing
    ]
    # Every resident's service password is 123456, hashed once (PBKDF2 costs ~0.5 s a hash: 40 of them were two
    # thirds of the demo's time); the field is not in the customer's history, so nothing else records it.
    if created:
        Customer.objects.filter(pk__in=created).update(service_password=make_password("123456"))
    return {
        "stations": Station.objects.count(),
        "service_areas": ServiceArea.objects.count(),
        "customers": Customer.objects.count(),
    }


# Near-misses the routing must get right (T-3): the same community name in two districts, and a street whose
# house numbers are split between two stations.
EXTRA_AREAS = [
    # station code, district, street, community, first, last
    ("dongxing", "昌平区", "回龙观街道", "光明小区", None, None),  # 顺义区光明小区 is 三师's
    ("jianxin", "顺义区", "胜利街道", "府前中街", 1, 60),
    ("dongxing", "顺义区", "胜利街道", "府前中街", 61, 120),
]

# (category, address, caller, phone, status it is brought to, minutes ago)
DEMO_TICKETS = [
    (Category.NOT_WARM, "顺义区宏城花园3号楼2单元501", "王建华", "13812345601", Status.DISPATCHED, 5),
    (Category.COLD, "站前街小区12号楼1单元302", "李秀英", "13812345602", Status.DISPATCHED, 40),
    (Category.LEAK, "顺义区站前街小区13号楼3单元101", "张志强", "13812345603", Status.ACCEPTED, 70),
    (Category.TEMPERATURE_CHECK, "裕龙花园一区5栋402", "刘丽娟", "13812345604", Status.CONTACTED, 90),
    (Category.NOT_WARM, "宏城花园8号楼1单元201", "陈海燕", "13812345605", Status.ON_SITE, 150),
    (Category.COLD, "顺义区双兴南区2号楼4单元602", "杨国庆", "13812345606", Status.COMPLETED, 300),
    (Category.LEAK, "秀水花园21号楼2单元301", "黄淑珍", "13812345607", Status.CALLED_BACK, 600),
    (Category.NOT_WARM, "马坡花园6号楼1单元101", "赵春生", "13812345608", Status.CLOSED, 1500),
    (Category.OTHER, "石园北区15号楼2单元502", "周玉梅", "13812345609", Status.RETURNED, 200),
    (Category.NOT_WARM, "金宝花园北区2号楼1单元101", "吴红霞", "13812345610", Status.DISPATCHED, 20),
]


def _areas() -> int:
    stations = {s.code: s for s in Station.objects.all()}
    for code, district, street, community, first, last in EXTRA_AREAS:
        if code not in stations:
            continue
        area = ServiceArea.objects.filter(
            district=district, community=community, building_from=first, building_to=last
        ).first() or ServiceArea(district=district, community=community, building_from=first, building_to=last)
        area.station = stations[code]
        area.street = street
        area.save()  # save() also fills the routing keys
    # rows loaded before the routing keys existed get them here (save() computes them)
    for area in ServiceArea.objects.filter(community_key=""):
        area.save()
    return len(EXTRA_AREAS)


def _bring_to(ticket: Ticket, status: str, agent: User, station_user: User | None, supervisor: User, at) -> None:
    steps = {
        Status.ACCEPTED: ["accept"],
        Status.CONTACTED: ["accept", "contact"],
        Status.ON_SITE: ["accept", "contact", "arrive"],
        Status.COMPLETED: ["accept", "contact", "arrive", "complete"],
        Status.CALLED_BACK: ["accept", "contact", "arrive", "complete", "callback"],
        Status.CLOSED: ["accept", "contact", "arrive", "complete", "callback", "close"],
        Status.RETURNED: ["reject"],
    }.get(status, [])
    worker = station_user if station_user and station_user.station_id == ticket.station_id else supervisor
    for minute, action in enumerate(steps, start=1):
        moment = at + timedelta(minutes=10 * minute)
        if action == "accept":
            services.ticket_accept(ticket=ticket, actor=worker, technician="孙师傅", at=moment)
        elif action == "reject":
            services.ticket_reject(ticket=ticket, actor=worker, reason="不在本站片区(演示)", at=moment)
        elif action == "contact":
            services.ticket_contact(ticket=ticket, actor=worker, note="已电话联系住户", at=moment)
        elif action == "arrive":
            services.ticket_arrive(ticket=ticket, actor=worker, at=moment)
        elif action == "complete":
            services.ticket_complete(
                ticket=ticket, actor=worker, result="放风后暖气恢复正常", fee_charged=False, at=moment
            )
        elif action == "callback":
            services.ticket_callback(ticket=ticket, actor=agent, note="住户满意", at=moment)
        elif action == "close":
            services.ticket_close(ticket=ticket, actor=agent, at=moment)
        ticket.refresh_from_db()


def _tickets() -> int:
    agent = User.objects.filter(username="agent1").first()
    supervisor = User.objects.filter(username="supervisor1").first()
    if agent is None or supervisor is None:
        return 0
    station_users = {u.station_id: u for u in User.objects.filter(username__in=["station1", "station2"])}
    existing = set(
        Ticket.objects.filter(caller_phone__in=[t[3] for t in DEMO_TICKETS]).values_list("caller_phone", flat=True)
    )
    now = timezone.now()
    for category, address, name, phone, status, minutes_ago in DEMO_TICKETS:
        if phone in existing:
            continue
        at = now - timedelta(minutes=minutes_ago)
        ticket = services.ticket_create(
            category=category,
            address=address,
            caller_name=name,
            caller_phone=phone,
            fault_location="卧室暖气片" if category != Category.LEAK else "厨房立管",
            actor=agent,
            confirmed_content=True,
            confirmed_address=True,
            confirmed_name=True,
            confirmed_phone=True,
            at=at,
        )
        _bring_to(ticket, status, agent, station_users.get(ticket.station_id), supervisor, at)
    if not ExceptionEvent.objects.filter(type=ExceptionType.TECHNICIAN_COMPLAINT).exists():
        ticket = Ticket.objects.filter(caller_phone="13812345606").first()
        services.exception_record(
            type=ExceptionType.TECHNICIAN_COMPLAINT,
            actor=agent,
            ticket=ticket,
            description="住户反映维修工态度生硬,未穿鞋套进门。",
            person="孙师傅",
        )
        services.exception_record(
            type=ExceptionType.PRAISE,
            actor=agent,
            ticket=Ticket.objects.filter(caller_phone="13812345607").first(),
            description="住户表扬维修工上门及时、耐心讲解放风方法。",
            person="周师傅",
        )
    services.exceptions_raise_overdue(moment=now)
    return Ticket.objects.count()


def _outage() -> int:
    if Outage.objects.filter(community="泰和宜园").exists():
        return Outage.objects.count()
    station = Station.objects.filter(code="mapo").first()
    actor = User.objects.filter(username="supervisor1").first()
    if station is None or actor is None:
        return 0
    outage_declare(
        station=station,
        community="泰和宜园",
        district="顺义区",
        actor=actor,
        cause="泰和宜园小区东侧供热主管道爆管,正在抢修。",
        restore_expected_at=timezone.now() + timedelta(hours=6),
    )
    return Outage.objects.count()


def load_demo(options: DemoOptions) -> dict[str, int]:
    TimeLimit.objects.get_or_create(station=None, category="")
    return {"extra_service_areas": _areas(), "tickets": _tickets(), "outages": _outage()}
