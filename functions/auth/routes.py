"""Routes of auth: declarations only; the handlers are in functions/auth/handlers.py."""

from chalice.app import Blueprint

from functions.api import Route, route

blueprint = Blueprint(__name__)
HANDLERS = "functions.auth.handlers"

route(
    blueprint,
    Route(
        "/auth/login",
        "POST",
        "Login",
        f"{HANDLERS}:login",
        "Log in with an e-mail address and a password",
        public=True,
        errors={
            401: ("INVALID_CREDENTIALS",),
            409: ("NEW_PASSWORD_REQUIRED", "PASSWORD_RESET_REQUIRED"),
            429: ("TOO_MANY_ATTEMPTS",),
        },
    ),
)
route(
    blueprint,
    Route(
        "/auth/new-password",
        "POST",
        "CompleteNewPassword",
        f"{HANDLERS}:new_password",
        "Choose a password at the first login (temporary password)",
        public=True,
        errors={
            401: ("INVALID_CREDENTIALS",),
            422: ("INVALID_PASSWORD", "INVALID_LOGIN_SESSION"),
            429: ("TOO_MANY_ATTEMPTS",),
        },
    ),
)
route(
    blueprint,
    Route(
        "/auth/refresh",
        "POST",
        "Refresh",
        f"{HANDLERS}:refresh",
        "New tokens from a refresh token",
        public=True,
        errors={401: ("INVALID_REFRESH_TOKEN",), 429: ("TOO_MANY_ATTEMPTS",)},
    ),
)
route(
    blueprint,
    Route(
        "/auth/forgot-password",
        "POST",
        "ForgotPassword",
        f"{HANDLERS}:forgot_password",
        "Send a reset code (the answer never tells whether the address exists)",
        public=True,
        status=202,
        errors={429: ("TOO_MANY_ATTEMPTS",)},
    ),
)
route(
    blueprint,
    Route(
        "/auth/reset-password",
        "POST",
        "ResetPassword",
        f"{HANDLERS}:reset_password",
        "Choose a new password with the code received by e-mail",
        public=True,
        errors={422: ("INVALID_PASSWORD", "INVALID_RESET_CODE"), 429: ("TOO_MANY_ATTEMPTS",)},
    ),
)
route(
    blueprint,
    Route(
        "/me",
        "GET",
        "GetMe",
        f"{HANDLERS}:me",
        "The signed-in user, their centers and whether they are Pix staff",
    ),
)
