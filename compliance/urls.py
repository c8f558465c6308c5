from django.urls import path

from compliance import views

app_name = "compliance"
urlpatterns = [
    path("customers/", views.customer_list, name="customer_list"),
    path("customers/export/", views.customer_export, name="customer_export"),
    path("customers/<int:pk>/", views.customer_detail, name="customer_detail"),
    path("customers/<int:pk>/close/", views.customer_close_view, name="customer_close"),
    path("customers/<int:pk>/disclosures/new/", views.disclosure_new, name="disclosure_new"),
    path("disclosures/<int:pk>/", views.disclosure_detail, name="disclosure_detail"),
    path("disclosures/<int:pk>/print/", views.disclosure_print_view, name="disclosure_print"),
    path("access-log/", views.access_log, name="access_log"),
    path("access-log/unusual/", views.access_unusual, name="access_unusual"),
    path("access-log/exports/", views.export_log, name="export_log"),
    path("enforcement/", views.enforcement_list, name="enforcement_list"),
    path("enforcement/new/", views.enforcement_new, name="enforcement_new"),
    path("enforcement/<str:number>/", views.enforcement_detail, name="enforcement_detail"),
    path("enforcement/<str:number>/letter/", views.enforcement_letter, name="enforcement_letter"),
    path("enforcement/<str:number>/<str:action>/", views.enforcement_act, name="enforcement_act"),
    path("loans/", views.loan_list, name="loan_list"),
    path("loans/new/", views.loan_new, name="loan_new"),
    path("loans/<str:number>/", views.loan_detail, name="loan_detail"),
    path("levels/", views.levels, name="levels"),
    path("retention/", views.retention, name="retention"),
]
