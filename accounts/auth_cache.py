"""What authentication reads on every request, kept between requests, and when it is forgotten.

Django's ModelBackend reads a user's permissions with two joined queries on the first `has_perm` of every
request, and DRF's token authentication reads the token and its user with a third. The telephony posts hundreds
of call events a second with one token, and these three queries were the largest single cost of the call-event
endpoint (hundreds of events a second). So:

- each user's permission set is stored in the cache (Redis in production) with the generation it was read in;
- each worker process keeps the users of the API tokens it has seen, with the generation and a short expiry.

One generation number in the cache says when all of it is stale. It moves on, at once and again when the
transaction commits (so that a set read by another request while the change was uncommitted does not outlive
it), whenever a user, a token, a group, a permission or a link between them is saved or deleted. Entries also
expire after their time to live whatever happens (a bulk `.update()` of users sends no signal: code doing one
calls `forget_all()`). A page request therefore makes one cache round trip instead of two queries, and a token
request at most one a second instead of three queries.

When the cache cannot be reached, nothing fails: permissions and token users are read from the database as
Django would, nothing is kept, and saves go on (what the cache held expires by itself).
"""

from __future__ import annotations

import copy
import logging
import time

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

logger = logging.getLogger(__name__)

PERMISSIONS_TTL = 300  # seconds
TOKEN_USER_TTL = 30  # seconds
TOKEN_USERS_MAX = 1000
GENERATION_RECHECK = 1.0  # seconds: how long a worker trusts the generation it last read for its token users
_GENERATION = "csc:auth:generation"

# Tables, not classes: migrations change groups through historical models, whose classes differ.
_WATCHED_TABLES = {
    "accounts_user",
    "accounts_user_groups",
    "accounts_user_user_permissions",
    "authtoken_token",
    "auth_group",
    "auth_permission",
    "auth_group_permissions",
}


def _user_key(user_pk) -> str:
    return f"csc:auth:perms:{user_pk}"


class CacheDown(Exception):
    """The cache could not be reached: authentication reads the database instead, nothing fails."""


def _cache_call(operation, *args):
    try:
        return operation(*args)
    except Exception as exc:  # noqa: BLE001  any error of the cache's client (connection refused, timeout, …)
        logger.warning("auth cache unavailable (%s): reading permissions from the database", exc)
        raise CacheDown from exc


def generation() -> int:
    """The current generation; raises CacheDown when the cache cannot be reached."""
    return _cache_call(cache.get, _GENERATION) or 0


def forget_all() -> None:
    _token_users.clear()  # this process at once; the others within GENERATION_RECHECK

    def bump():
        try:
            try:
                cache.incr(_GENERATION)
            except ValueError:  # no generation yet
                cache.set(_GENERATION, 1, None)
        except Exception as exc:  # noqa: BLE001  nothing can be read from an unreachable cache either
            logger.warning("auth cache unavailable (%s): what it holds expires by itself", exc)
        # This process reads the new generation at its next token request, so a user loaded then is kept under
        # the generation it was read in, not the one seen before the change (which would load it twice).
        _generation_seen[1] = 0.0

    bump()
    transaction.on_commit(bump)


class CachedPermissionsBackend(ModelBackend):
    """Django's ModelBackend, reading each user's permission set from the cache when it is there."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            try:
                found = _cache_call(cache.get_many, [_GENERATION, _user_key(user_obj.pk)])  # one round trip
            except CacheDown:
                return super().get_all_permissions(user_obj)
            current = found.get(_GENERATION) or 0
            entry = found.get(_user_key(user_obj.pk))
            if entry is not None and entry[0] == current:
                user_obj._perm_cache = entry[1]
            else:
                perms = super().get_all_permissions(user_obj)
                try:
                    _cache_call(cache.set, _user_key(user_obj.pk), (current, perms), PERMISSIONS_TTL)
                except CacheDown:
                    pass
        return user_obj._perm_cache


_clock = time.monotonic  # a name of its own, so that tests can move this clock alone
_token_users: dict[str, tuple[int, float, object, object]] = {}
_generation_seen: list = [0, 0.0]  # the generation this process read last (None: cache down), and when


def _recent_generation() -> int | None:
    """The generation this process read within the last GENERATION_RECHECK seconds; None while the cache is down."""
    now = _clock()
    if now - _generation_seen[1] >= GENERATION_RECHECK:
        try:
            _generation_seen[:] = [generation(), now]
        except CacheDown:
            _generation_seen[:] = [None, 0.0]  # look again at the next request
    return _generation_seen[0]


def token_user(key: str, load):
    """The (user, token) of an API token key: from this process's memory while current, else `load(key)`.

    "Current" means: read in the generation this process last saw (it looks again at most once a second, so a
    change made in another process reaches it within a second; one made in this process clears it at once), and
    younger than TOKEN_USER_TTL. The user comes back as a copy with its permission set already read, so a request
    changing attributes of its `request.user` leaves the kept one alone.
    """
    current = _recent_generation()
    kept = _token_users.get(key)
    if current is not None and kept is not None and kept[0] == current and kept[1] > _clock():
        return copy.copy(kept[2]), kept[3]
    user, token = load(key)  # raises AuthenticationFailed for an unknown token or an inactive user
    user.get_all_permissions()  # read now, kept with the user
    if current is None:  # without the cache nobody could tell this process about a change: keep nothing
        return user, token
    if len(_token_users) >= TOKEN_USERS_MAX:
        _token_users.clear()
    _token_users[key] = (current, _clock() + TOKEN_USER_TTL, user, token)
    return copy.copy(user), token


def _watched(sender) -> bool:
    # Migrations change groups through historical models (module "__fake__"), possibly before the cache table
    # exists: they are covered once, after migrate, below.
    return sender._meta.db_table in _WATCHED_TABLES and sender.__module__ != "__fake__"


@receiver(post_save, dispatch_uid="csc_auth_saved")
@receiver(post_delete, dispatch_uid="csc_auth_deleted")
def _row_changed(sender, **kwargs):
    if _watched(sender):
        forget_all()


@receiver(m2m_changed, dispatch_uid="csc_auth_links")
def _links_changed(sender, action, **kwargs):
    if action.startswith("post_") and _watched(sender):
        forget_all()


def after_migrate(**kwargs) -> None:
    """Roles may have changed in the migrations (which send no signals here): forget everything kept."""
    forget_all()
