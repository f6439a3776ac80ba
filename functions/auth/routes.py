"""Routes of auth: declarations only; the handlers are in functions/auth/handlers.py."""

from chalice.app import Blueprint

from functions.api import route

blueprint = Blueprint(__name__)

route(
    blueprint,
    "/auth/login",
    methods=["POST"],
    operation="Login",
    public=True,
    handler="functions.auth.handlers:login",
)
route(
    blueprint,
    "/auth/new-password",
    methods=["POST"],
    operation="CompleteNewPassword",
    public=True,
    handler="functions.auth.handlers:new_password",
)
route(
    blueprint,
    "/auth/refresh",
    methods=["POST"],
    operation="Refresh",
    public=True,
    handler="functions.auth.handlers:refresh",
)
route(
    blueprint,
    "/auth/forgot-password",
    methods=["POST"],
    operation="ForgotPassword",
    public=True,
    status=202,
    handler="functions.auth.handlers:forgot_password",
)
route(
    blueprint,
    "/auth/reset-password",
    methods=["POST"],
    operation="ResetPassword",
    public=True,
    handler="functions.auth.handlers:reset_password",
)
route(
    blueprint,
    "/me",
    methods=["GET"],
    operation="GetMe",
    handler="functions.auth.handlers:me",
)
