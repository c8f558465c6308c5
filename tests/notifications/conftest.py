from tests.notifications.helpers import eager_celery  # noqa: F401  (fixture)
