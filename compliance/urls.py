from django.urls import path

from compliance import views

app_name = "compliance"
urlpatterns = [
    path("customers/", views.customer_list, name="customer_list"),
    path("customers/<int:pk>/", views.customer_detail, name="customer_detail"),
    path("access-log/", views.access_log, name="access_log"),
]
