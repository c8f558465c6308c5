from django.urls import path

from tickets import views

app_name = "tickets"
urlpatterns = [
    path("", views.ticket_index, name="ticket_list"),
    path("new/", views.ticket_new, name="ticket_new"),
    path("route/", views.route_partial, name="route"),
    path("station/", views.station_view, name="station_view"),
    path("stations/", views.station_list, name="station_list"),
    path("stations/new/", views.station_new, name="station_new"),
    path("stations/import/", views.area_import, name="area_import"),
    path("stations/<int:pk>/", views.station_detail, name="station_detail"),
    path("limits/", views.time_limits, name="time_limits"),
    path("exceptions/", views.exception_list, name="exception_list"),
    path("exceptions/<int:pk>/", views.exception_detail, name="exception_detail"),
    path("outages/", views.outage_list, name="outage_list"),
    path("<str:number>/", views.ticket_detail, name="ticket_detail"),
    path("<str:number>/<str:step>/", views.ticket_step, name="ticket_step"),
]
