from django.urls import path

from . import followups, reporting, views

urlpatterns = [
    path("post/", views.post_comment, name="comments-post-comment"),
    path("posted/", views.posted, name="comments-posted"),
    path("confirm/<str:token>/", views.confirm, name="comments-confirm"),
    path("mute/<str:token>/", followups.mute, name="comments-mute"),
    path("report/<int:comment_id>/", reporting.report, name="comments-report"),
    path("report/<int:comment_id>/thanks/", reporting.report_thanks, name="comments-report-thanks"),
]
