"""Demo accounts: one per role (SPEC X-1) and the superuser, all with the demo password; idempotent."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts.models import Team, User
from accounts.roles import Role
from csc.demo import DemoOptions

# username, role, agent number, display name
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


def load_demo(options: DemoOptions) -> dict[str, int]:
    """The team 甲班 with its lead, the accounts above and `admin`; a password is set only on creation.

    The demo password is hashed once for every new account: a PBKDF2 hash costs about half a second here.
    """
    team, _ = Team.objects.get_or_create(name="甲班")
    hashed = ""
    for username, role, agent_number, display_name in ACCOUNTS:
        user, created = User.objects.get_or_create(username=username)
        user.agent_number = agent_number
        user.display_name = display_name
        user.team = team if role in (Role.AGENT, Role.TEAM_LEAD) else None
        user.is_staff = False
        if created:
            hashed = hashed or make_password(options.password)
            user.password = hashed
        user.save()
        user.groups.set([Group.objects.get(name=role.value)])
    admin, created = User.objects.get_or_create(username="admin", defaults={"display_name": "系统管理员"})
    if created:
        admin.is_staff = admin.is_superuser = True
        admin.password = hashed or make_password(options.password)
        admin.save()
    Team.objects.filter(pk=team.pk).update(lead=User.objects.get(username="lead1"))
    return {"users": User.objects.count()}
