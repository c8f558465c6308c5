"""Confidentiality levels 密级 (SPEC P-5, seed 002 客户资料管理规定): which records are secret or top secret, and
which roles are cleared for each level. Clearances are permissions held by the role groups, so the one permission
module answers "may this user see records of this level" like any other question (X-1).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from csc.permissions import may


class Level(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    SECRET = "secret", _("Secret 机密")
    TOP_SECRET = "top_secret", _("Top secret 绝密")


LEVEL_PERMISSION: dict[str, str | None] = {
    Level.INTERNAL: None,  # every signed-in member of staff
    Level.SECRET: "compliance.clearance_secret",
    Level.TOP_SECRET: "compliance.clearance_top_secret",
}

# Seed 002 五(一): customer contracts, development records and customer data are top secret; call and visit
# records, handover records and work diaries, survey analyses are secret. Masked views of customer data are
# what a desk needs to serve a caller and count as secret; the data in full is top secret.
RECORD_LEVELS: dict[str, tuple[str, str]] = {
    "customer_personal_data": (Level.TOP_SECRET, _("Customer personal data in full (name, phones, addresses, ID)")),
    "customer_contract": (Level.TOP_SECRET, _("Customer contracts and archive originals")),
    "enforcement_request": (Level.TOP_SECRET, _("Law-enforcement requests and letters")),
    "customer_masked": (Level.SECRET, _("Customer data, masked (desk work)")),
    "call_record": (Level.SECRET, _("Call and visit records, recordings")),
    "handover_record": (Level.SECRET, _("Handover records and duty logs")),
    "survey_analysis": (Level.SECRET, _("Customer survey analyses")),
    "station_directory": (Level.INTERNAL, _("Repair stations and service areas")),
}


def cleared_for(user, level: str) -> bool:
    """Whether the user's roles are cleared for records of this level."""
    if not getattr(user, "is_authenticated", False):
        return False
    perm = LEVEL_PERMISSION.get(level, LEVEL_PERMISSION[Level.TOP_SECRET])
    return True if perm is None else may(user, perm)


def clearance_matrix(roles) -> list[dict]:
    """For the compliance page: per record type, its level and which of `roles` (groups) are cleared."""
    from django.contrib.auth.models import Permission

    held = {}
    for perm in Permission.objects.filter(
        content_type__app_label="compliance", codename__in=["clearance_secret", "clearance_top_secret"]
    ).prefetch_related("group_set"):
        held[f"compliance.{perm.codename}"] = {g.name for g in perm.group_set.all()}
    rows = []
    for record_type, (level, label) in RECORD_LEVELS.items():
        perm = LEVEL_PERMISSION[level]
        cleared = {role: (perm is None or role in held.get(perm, set())) for role in roles}
        rows.append({"type": record_type, "label": label, "level": Level(level).label, "cleared": cleared})
    return rows
