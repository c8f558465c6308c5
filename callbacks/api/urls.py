"""Callback endpoints under api/v1/ (SPEC §7): the queue, one callback, recording a callback survey, a lead's steps."""

from django.urls import path

from callbacks.api import views

urlpatterns = [
    path("callbacks/", views.CallbackListRecordView.as_view(), name="api-callback-list"),
    path("callbacks/<int:pk>/", views.CallbackDetailView.as_view(), name="api-callback-detail"),
    path("callbacks/<int:pk>/assign/", views.CallbackAssignView.as_view(), name="api-callback-assign"),
    path("callbacks/<int:pk>/give_up/", views.CallbackGiveUpView.as_view(), name="api-callback-give-up"),
]
