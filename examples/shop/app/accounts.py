"""Sign-up and sign-in."""

from app.analytics import track_event


def create_account(user, method, plan="free", referrer=None):
    user.save()
    track_event(user, "Account Created", signup_method=method, plan_type=plan,
                referrer=referrer)


def log_in(user, method, remember):
    track_event(user, "User Logged In", signup_method=method, remember_me=remember)


def request_password_reset(user, email):
    track_event(user, "Password Reset Requested", email_domain=email.split("@")[-1])
