"""Call-centre pages (the agent-desk issue adds them)."""

app_name = "callcenter"
urlpatterns: list = []
