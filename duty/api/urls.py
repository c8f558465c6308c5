"""api/v1/duty/…: the rota, swaps, handovers, duty logs and incidents."""

urlpatterns: list = []
