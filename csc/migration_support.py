"""Data-migration helpers for moving a model to another app without losing a row or a permission.

Moving a model changes its content type's app label. Its permissions hang on that content type, and so do the
generic references to it (a notification's "about", an admin log entry), so the content type is renamed in
place. Where the new app's content type exists already (a data migration created it meanwhile), the old one's
permissions — with the groups and users holding them — and every generic reference move over to it first.
Used by the migrations with historical models (`apps`), never by application code.
"""

from __future__ import annotations

from django.conf import settings


def move_permission(apps, permission, content_type) -> None:
    """Hang `permission` on `content_type`; if an equal codename is there already, merge the holders into it."""
    Permission = apps.get_model("auth", "Permission")
    twin = Permission.objects.filter(content_type=content_type, codename=permission.codename).first()
    if twin is None:
        permission.content_type = content_type
        permission.save(update_fields=["content_type"])
        return
    group_links = apps.get_model("auth", "Group").permissions.through
    user_links = apps.get_model(settings.AUTH_USER_MODEL).user_permissions.through
    for row in group_links.objects.filter(permission_id=permission.pk):
        group_links.objects.get_or_create(group_id=row.group_id, permission_id=twin.pk)
    for row in user_links.objects.filter(permission_id=permission.pk):
        user_links.objects.get_or_create(
            **{user_links._meta.get_field("user").attname: row.user_id}, permission_id=twin.pk
        )
    permission.delete()


def _content_type_references(apps):
    """(model, field name) of every foreign key to ContentType in the migration state, but permissions'."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                getattr(field, "many_to_one", False)
                and getattr(field, "concrete", False)
                and field.related_model is not None
                and field.related_model._meta.label_lower == "contenttypes.contenttype"
                and model._meta.label_lower != "auth.permission"
            ):
                yield model, field.name


def move_content_types(apps, schema_editor, *, from_app: str, to_app: str, models: list[str]) -> None:
    """Give the content types of `models` (lower-case model names) the app label `to_app`."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for name in models:
        old = ContentType.objects.filter(app_label=from_app, model=name).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=to_app, model=name).first()
        if new is None:
            old.app_label = to_app
            old.save(update_fields=["app_label"])
            continue
        for permission in Permission.objects.filter(content_type=old):
            move_permission(apps, permission, new)
        for model, field in _content_type_references(apps):
            model._base_manager.filter(**{field: old}).update(**{field: new})
        old.delete()


def rewrite_column(apps, model_label: str, field: str, transform, *, batch: int = 2000) -> int:
    """Set `field` to `transform(value)` on every row where that differs, in batches; returns how many changed.

    Used to bring stored values into a new canonical form (phone numbers); a value `transform` rejects (raises
    ValueError) is left as it is.
    """
    model = apps.get_model(model_label)
    changed = 0
    last_pk = None
    while True:
        rows = model._base_manager.order_by("pk")
        if last_pk is not None:
            rows = rows.filter(pk__gt=last_pk)
        chunk = list(rows.values_list("pk", field)[:batch])
        if not chunk:
            return changed
        last_pk = chunk[-1][0]
        for pk, value in chunk:
            if not value:
                continue
            try:
                new = transform(value)
            except ValueError:
                continue
            if new != value:
                model._base_manager.filter(pk=pk).update(**{field: new})
                changed += 1
