"""Chalice entry point: the app and its blueprints, nothing else."""

from chalice import Chalice

from functions.auth.routes import blueprint as auth_routes
from functions.centers.routes import blueprint as center_routes
from functions.sessions.routes import blueprint as session_routes

app = Chalice(app_name="certif-sco")
app.register_blueprint(auth_routes)
app.register_blueprint(center_routes)
app.register_blueprint(session_routes)
