"""Call-centre pages: the desk, calls, recordings, standard answers, pending questions, scripts."""

from django.urls import path

from callcenter import views

app_name = "callcenter"
urlpatterns = [
    path("desk/", views.desk, name="desk"),
    path("desk/current/", views.desk_current, name="desk_current"),
    path("desk/work/", views.desk_work, name="desk_work"),
    path("desk/start/", views.desk_start, name="desk_start"),
    path("desk/consultation/", views.consultation_create, name="consultation_create"),
    path("desk/pending/", views.pending_question_create, name="pending_create"),
    path("desk/ticket/", views.desk_ticket, name="desk_ticket"),
    path("desk/complaint/", views.desk_complaint, name="desk_complaint"),
    path("desk/attach/", views.desk_attach, name="desk_attach"),
    path("calls/", views.call_list, name="call_list"),
    path("figures/", views.call_figures, name="call_figures"),
    path("calls/<int:pk>/", views.call_detail, name="call_detail"),
    path("consultations/", views.consultation_list, name="consultation_list"),
    path("calls/<int:pk>/wrap-up/", views.call_wrap_up, name="call_wrap_up"),
    path("recordings/<int:pk>/file/", views.recording_file, name="recording_file"),
    path("recordings/<int:pk>/delete/", views.recording_delete, name="recording_delete"),
    path("faq/", views.faq_list, name="faq_list"),
    path("faq/new/", views.faq_edit, name="faq_create"),
    path("faq/synonyms/", views.faq_synonyms, name="faq_synonyms"),
    path("faq/<int:pk>/", views.faq_detail, name="faq_detail"),
    path("faq/<int:pk>/edit/", views.faq_edit, name="faq_edit"),
    path("faq/<int:pk>/v/<int:version>/", views.faq_detail, name="faq_version"),
    path("pending/", views.pending_list, name="pending_list"),
    path("pending/<int:pk>/answer/", views.pending_answer, name="pending_answer"),
    path("scripts/", views.scripts, name="scripts"),
    path("scripts/holidays/new/", views.holiday_edit, name="holiday_create"),
    path("scripts/holidays/<int:pk>/", views.holiday_edit, name="holiday_edit"),
]
