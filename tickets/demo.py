"""Demo repair data. First the heating company's 17 repair stations (SPEC T-1), their service areas, their staff
accounts' station and the residents who live there (order 20); then extra areas that exercise routing, time
limits, a heating season of repair tickets, today's tickets in every state, exception events and an open area
outage (order 40).

The season: every past day of `csc.demo.season_days` gets a few tickets (more on the last days), from residents
and from callers who are no customers, each taken through its lifecycle at the times a station would — accepted,
contacted, on site, completed, called back and closed the next day — as far as those times are past. Some
stations are late, so the sweep's timing exceptions are raised when they became late; agents record praise,
complaints and suggestions at the callback. Idempotent: keyed by natural fields (a past day that has tickets is
left as it is; today's tickets by their callers' phones), so running it twice leaves the same rows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import User
from csc.demo import DemoOptions, day_random, local_moment, season_days
from csc.periods import day_bounds
from customers.idcard import with_check_digit
from customers.models import Customer
from customers.services import customer_create
from tickets import services
from tickets.choices import AT_STATION, Category, ExceptionType, Severity, Status
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
# Each station's technician on duty, as its staff account's display name says for 宏城 and 裕龙.
TECHNICIANS = dict(zip([code for _n, code, _s, _c in STATIONS], "孙周郑冯韩曹彭董袁潘蒋蔡于叶杜魏吕", strict=True))

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

# Today's tickets, one in each state: (category, address, caller, phone, status it is brought to, minutes ago)
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
DEMO_PHONES = [row[3] for row in DEMO_TICKETS]


def technician_of(station: Station | None) -> str:
    return f"{TECHNICIANS.get(station.code, '王') if station else '王'}师傅"


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
            services.ticket_accept(ticket=ticket, actor=worker, technician=technician_of(ticket.station), at=moment)
        elif action == "reject":
            services.ticket_reject(ticket=ticket, actor=worker, reason=SEASON_NOTES["reject"], at=moment)
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


def _todays_tickets(now: datetime) -> None:
    """Today's tickets, one in each state, keyed by their callers' phones; the two exception events of the day."""
    agent = User.objects.get(username="agent1")
    supervisor = User.objects.get(username="supervisor1")
    station_users = {u.station_id: u for u in User.objects.filter(username__in=["station1", "station2"])}
    existing = set(Ticket.objects.filter(caller_phone__in=DEMO_PHONES).values_list("caller_phone", flat=True))
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
    completed = Ticket.objects.filter(caller_phone="13812345606").select_related("station").first()
    if completed and not ExceptionEvent.objects.filter(ticket=completed).exists():
        services.exception_record(
            type=ExceptionType.TECHNICIAN_COMPLAINT,
            actor=agent,
            ticket=completed,
            description="住户反映维修工态度生硬，未穿鞋套进门。",
            person=technician_of(completed.station),
            at=now - timedelta(minutes=30),
        )
    called_back = Ticket.objects.filter(caller_phone="13812345607").select_related("station").first()
    if called_back and not ExceptionEvent.objects.filter(ticket=called_back).exists():
        services.exception_record(
            type=ExceptionType.PRAISE,
            actor=agent,
            ticket=called_back,
            description="住户表扬维修工上门及时、耐心讲解放风方法。",
            person=technician_of(called_back.station),
            at=called_back.called_back_at,
        )


# --- the season ------------------------------------------------------------------------------------------

# category, weight, fault locations, what the caller says, what the station reports on completion
SEASON_CATEGORIES = [
    (
        Category.NOT_WARM,
        40,
        ["卧室暖气片", "客厅暖气片", "书房暖气片"],
        ["暖气片上热下凉，室温约16℃", "暖气温乎乎的，室温不到18℃", "入冬以来屋里一直不够暖和"],
        ["散热器放风、清洗过滤网后恢复正常，室温20℃", "调整单元平衡阀后室温回升至19℃"],
    ),
    (
        Category.COLD,
        20,
        ["客厅暖气片", "卫生间暖气片", "全屋暖气片"],
        ["暖气片一点不热，冰凉", "全屋暖气片冰凉，邻居家正常"],
        ["进水阀阀芯脱落，更换阀门后恢复供热", "户内过滤器堵塞，清洗后恢复供热"],
    ),
    (
        Category.TEMPERATURE_CHECK,
        15,
        ["卧室", "客厅"],
        ["住户要求入户测温", "家中有老人怕冷，要求测室温"],
        ["入户测温，卧室19.5℃，达标，已向住户解释", "入户测温，客厅17.2℃，放风调整后复测18.6℃"],
    ),
    (
        Category.LEAK,
        15,
        ["厨房立管", "卫生间暖气片", "客厅暖气片跑风"],
        ["暖气片接口滴水", "立管接口漏水，住户已关阀"],
        ["更换接口垫片后不再渗漏", "更换跑风门后不再漏水"],
    ),
    (
        Category.OTHER,
        10,
        ["楼道", "地下室"],
        ["楼道暖气管道有异响", "地下室管道保温层脱落"],
        ["排查管道气堵，异响消除", "已重新包扎保温层"],
    ),
]
SEASON_STREETS = [
    (code, community, first, last) for _n, code, _s, areas in STATIONS for community, first, last in areas
]
SEASON_NOTES = {
    "contact": "已电话联系住户，约定上门时间",
    "phone_fix": "电话指导住户放风后暖气恢复",
    "arrive": "维修工到场",
    "callback": "回访：住户表示问题已解决，满意",
    "close": "回访完毕，结单",
    "parts": "需更换配件，配件到货后次日完工",
    "reject": "住户所报楼号与现场不符，请核实地址后重新派单",
}


@dataclass
class _Plan:
    """One repair call of a past day and what the station did with it, each step at its time."""

    at: datetime
    category: str
    fault_location: str
    description: str
    result: str
    address: str
    name: str
    phone: str
    severity: str
    agent: str
    steps: list[tuple[str, datetime]]
    fee: Decimal | None
    remark: str  # an exception the agent records at the callback: praise, technician complaint, suggestion


def _on_duty(moment: datetime) -> str:
    """agent1 works the day shift (until 14:00), agent2 the late one."""
    return "agent1" if timezone.localtime(moment).hour < 14 else "agent2"


def _caller(rng: random.Random, residents: list[tuple[str, str, str]]) -> tuple[str, str, str]:
    """A resident on record two times in three; otherwise someone who is no customer (a tenant, a relative)."""
    if residents and rng.random() < 0.65:
        return rng.choice(residents)
    _code, community, first, last = rng.choice(SEASON_STREETS)
    building = rng.randint(first or 1, last or 12)
    address = f"{DISTRICT}{community}{building}号楼{rng.randint(1, 4)}单元{rng.randint(1, 6)}0{rng.randint(1, 4)}"
    name = rng.choice(_FAMILY) + rng.choice(_GIVEN)
    return name, f"15{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}", address


def _steps(rng: random.Random, at: datetime, *, urgent: bool) -> tuple[list[tuple[str, datetime]], bool]:
    """The station's steps after dispatch at `at`, and whether the ticket waited for parts (over 4 hours). After
    21:00 the technician comes the next morning, unless water is running (the day's report shows it unfinished)."""
    minutes = timedelta(minutes=1)
    steps = []
    if rng.random() < 0.04:  # the station sends it back; the agent checks the address with the caller, sends it again
        rejected = at + rng.randint(4, 10) * minutes
        at = rejected + rng.randint(8, 20) * minutes
        steps += [("reject", rejected), ("dispatch", at)]
    accept = at + rng.randint(2, 12) * minutes if rng.random() > 0.12 else at + rng.randint(20, 50) * minutes
    contact = accept + (rng.randint(4, 25) if rng.random() > 0.1 else rng.randint(35, 70)) * minutes
    steps += [("accept", accept), ("contact", contact)]
    parts = rng.random() < 0.06
    if rng.random() < 0.08:
        steps.append(("phone_fix", contact + rng.randint(5, 15) * minutes))
    else:
        arrive = contact + rng.randint(15, 70) * minutes
        if not urgent and not 7 <= timezone.localtime(arrive).hour < 21:
            morning = timezone.localdate(arrive) + timedelta(days=1 if timezone.localtime(arrive).hour >= 21 else 0)
            arrive = local_moment(morning, 8, rng.randint(30, 59))
        finish = arrive + rng.randint(20, 90) * minutes
        if parts:
            finish = local_moment(
                timezone.localdate(arrive) + timedelta(days=1), rng.randint(9, 14), rng.randint(0, 59)
            )
        steps += [("arrive", arrive), ("complete", finish)]
    completed = steps[-1][1]
    local = timezone.localtime(completed)
    if local.hour < 15:
        callback = completed + rng.randint(90, 240) * minutes
    else:
        callback = local_moment(local.date() + timedelta(days=1), rng.randint(9, 11), rng.randint(0, 59))
    if rng.random() < 0.94:  # a few residents are not reached: the callback stays due
        steps += [("callback", callback), ("close", callback + rng.randint(2, 8) * minutes)]
    return steps, parts


def _plans(day: date, count: int, residents: list[tuple[str, str, str]]) -> list[_Plan]:
    rng = day_random("tickets", day)
    weights = [row[1] for row in SEASON_CATEGORIES]
    plans = []
    starts = sorted(rng.sample(range(7 * 60 + 30, 21 * 60 + 30), count))
    for start in starts:
        at = local_moment(day, start // 60, start % 60, rng.randint(0, 59))
        category, _weight, locations, descriptions, results = rng.choices(SEASON_CATEGORIES, weights=weights)[0]
        name, phone, address = _caller(rng, residents)
        severity = Severity.URGENT if category == Category.LEAK and rng.random() < 0.4 else Severity.NORMAL
        steps, parts = _steps(rng, at, urgent=severity == Severity.URGENT)
        result = rng.choice(results)
        fee = None
        if category == Category.LEAK and rng.random() < 0.3:
            result, fee = "更换住户自行加装的跑风门，按收费标准收取材料费35元并开具票据", Decimal("35.00")
        if parts:
            result = f"{SEASON_NOTES['parts']}:{result}"
        remark = rng.choices(["", "praise", "technician_complaint", "suggestion"], weights=[80, 12, 4, 4])[0]
        plans.append(
            _Plan(
                at=at,
                category=category,
                fault_location=rng.choice(locations),
                description=rng.choice(descriptions),
                result=result,
                address=address,
                name=name,
                phone=phone,
                severity=severity,
                agent=_on_duty(at),
                steps=steps,
                fee=fee,
                remark=remark,
            )
        )
    return plans


def _raise_late(ticket: Ticket, moment: datetime) -> None:
    """What the every-five-minutes sweep found before `moment`: the ticket's deadlines that passed, raised then."""
    dues = {
        Status.DISPATCHED: [ticket.accept_due_at, ticket.finish_due_at],
        Status.ACCEPTED: [ticket.contact_due_at, ticket.finish_due_at],
    }.get(ticket.status, [ticket.finish_due_at] if ticket.status in AT_STATION else [])
    sweeps = {due.replace(second=0, microsecond=0) + timedelta(minutes=5) for due in dues if due is not None}
    for sweep in sorted(sweep for sweep in sweeps if sweep <= moment):
        services.exceptions_raise_overdue(moment=sweep)


def _take(ticket: Ticket, plan: _Plan, *, users: dict[str, User], now: datetime) -> None:
    """The planned steps whose time has come, through the services, each at its time."""
    station_staff = [u for u in users.values() if u.station_id and u.station_id == ticket.station_id]
    worker = station_staff[0] if station_staff else users["supervisor1"]  # stations without an account: for them
    technician = technician_of(ticket.station)
    for index, (action, at) in enumerate(plan.steps):
        if at >= now:
            break
        _raise_late(ticket, at)
        agent = users[_on_duty(at)]
        if action == "reject":
            ticket = services.ticket_reject(ticket=ticket, actor=worker, reason=SEASON_NOTES["reject"], at=at)
        elif action == "dispatch":
            ticket = services.ticket_dispatch(ticket=ticket, actor=agent, at=at)
        elif action == "accept":
            ticket = services.ticket_accept(ticket=ticket, actor=worker, technician=technician, at=at)
        elif action == "contact":
            following, then = plan.steps[index + 1]
            promised = then + timedelta(minutes=10) if following == "arrive" else None
            ticket = services.ticket_contact(
                ticket=ticket, actor=worker, note=SEASON_NOTES["contact"], promised_arrival_at=promised, at=at
            )
        elif action == "arrive":
            ticket = services.ticket_arrive(ticket=ticket, actor=worker, note=SEASON_NOTES["arrive"], at=at)
        elif action in ("complete", "phone_fix"):
            ticket = services.ticket_complete(
                ticket=ticket,
                actor=worker,
                result=plan.result if action == "complete" else SEASON_NOTES["phone_fix"],
                fee_charged=plan.fee is not None and action == "complete",
                fee_amount=plan.fee if action == "complete" else None,
                at=at,
            )
        elif action == "callback":
            ticket = services.ticket_callback(ticket=ticket, actor=agent, note=SEASON_NOTES["callback"], at=at)
            _remark(
                ticket, plan.remark, agent=agent, supervisor=users["supervisor1"], technician=technician, at=at, now=now
            )
        elif action == "close":
            ticket = services.ticket_close(ticket=ticket, actor=agent, note=SEASON_NOTES["close"], at=at)


def _remark(
    ticket: Ticket, remark: str, *, agent: User, supervisor: User, technician: str, at: datetime, now: datetime
) -> None:
    """What the resident said at the callback, recorded as an exception event (T-6); a complaint is followed up."""
    if not remark:
        return
    text = {
        "praise": f"住户表扬{technician}处理及时、耐心讲解放风方法。",
        "technician_complaint": f"住户反映{technician}进门未穿鞋套，态度生硬。",
        "suggestion": "住户建议维修工上门前电话告知大致到达时间。",
    }[remark]
    event = services.exception_record(
        type=remark, actor=agent, ticket=ticket, description=text, person=technician, at=at + timedelta(minutes=1)
    )
    resolve_at = at + timedelta(hours=20)
    if remark == "technician_complaint" and resolve_at < now:
        services.exception_resolve(
            event=event, actor=supervisor, result="已约谈维修工，并电话向住户致歉。", at=resolve_at
        )


def _season_count(day: date, today: date) -> int:
    """Repair calls of a past day: a handful, more in the last days (the reports a newcomer opens first)."""
    back = (today - day).days
    return day_random("tickets-count", day).randint(2, 4) + {1: 4, 2: 3, 3: 2}.get(back, 1 if back <= 7 else 0)


def _season(options: DemoOptions) -> None:
    """The season's past days; a day that has tickets already (an earlier run) is left as it is."""
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["agent1", "agent2", "supervisor1", "station1", "station2"])
    }
    residents = [
        (c.name, c.phones.all()[0].number, c.addresses.all()[0].address)
        for c in Customer.objects.filter(is_active=True, account_number__startswith="GR")
        .prefetch_related("phones", "addresses")
        .order_by("account_number")
        if c.phones.all() and c.addresses.all()
    ]
    now, today = options.now, options.today
    for day in season_days(today):
        since, until = day_bounds(day)
        if (
            Ticket.objects.filter(created_at__gte=since, created_at__lt=until)
            .exclude(caller_phone__in=DEMO_PHONES)
            .exists()
        ):
            continue
        for plan in _plans(day, _season_count(day, today), residents):
            ticket = services.ticket_create(
                category=plan.category,
                address=plan.address,
                caller_name=plan.name,
                caller_phone=plan.phone,
                fault_location=plan.fault_location,
                description=plan.description,
                severity=plan.severity,
                actor=users[plan.agent],
                confirmed_content=True,
                confirmed_address=True,
                confirmed_name=True,
                confirmed_phone=True,
                at=plan.at,
            )
            if ticket.status == Status.DISPATCHED:  # not linked to an area outage
                _take(ticket, plan, users=users, now=now)


def _outage(now: datetime) -> int:
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
        cause="泰和宜园小区东侧供热主管道爆管，正在抢修。",
        restore_expected_at=now + timedelta(hours=6),
    )
    return Outage.objects.count()


def load_demo(options: DemoOptions) -> dict[str, int]:
    TimeLimit.objects.get_or_create(station=None, category="")
    areas = _areas()
    _season(options)
    _todays_tickets(options.now)
    services.exceptions_raise_overdue(moment=options.now)
    return {"extra_service_areas": areas, "tickets": Ticket.objects.count(), "outages": _outage(options.now)}
