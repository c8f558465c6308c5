from django.urls import path

from tickets import views

app_name = "tickets"
urlpatterns = [
    path("stations/", views.station_list, name="station_list"),
    path("stations/<int:pk>/", views.station_detail, name="station_detail"),
]
