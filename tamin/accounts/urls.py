from django.urls import path

from tamin.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("register/", views.register, name="register"),
    path("register/verify/", views.register_verify, name="register_verify"),
    path("register/password/", views.register_password, name="register_password"),
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.login_verify, name="login_verify"),
    path("login/resend/", views.login_resend, name="login_resend"),
    path("logout/", views.logout_view, name="logout"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/verify/", views.password_reset_verify, name="password_reset_verify"),
    path("password-reset/new/", views.password_reset_new, name="password_reset_new"),
    path("dashboard/<str:role>/", views.dashboard, name="dashboard"),
    path("role/", views.switch_role, name="switch_role"),
    path("security/", views.security, name="security"),
]
