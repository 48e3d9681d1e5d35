"""/public/pay/: the payroll app's anonymous pages (mounted by yiguoji/urls.py)."""

from django.urls import path

from payroll.public import views

app_name = "selfservice"

urlpatterns = [
    path("", views.start, name="start"),
    path("code/", views.code, name="code"),
    path("me/", views.me, name="me"),
    path("me/month/", views.answer_month, name="answer_month"),
    path("me/round/", views.answer_round, name="answer_round"),
    path("me/complaint/", views.answer_complaint, name="answer_complaint"),
    path("me/sign-out/", views.sign_out, name="sign_out"),
]
