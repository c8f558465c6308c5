"""api/v1/quality/…: spot checks, marks, typing tests, score sheets and the appraisal."""

urlpatterns: list = []
