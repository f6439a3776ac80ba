"""Chalice entry point: the app and its blueprints, nothing else."""

from chalice.app import Chalice

from functions.attachments.routes import blueprint as attachment_routes
from functions.auth.routes import blueprint as auth_routes
from functions.candidates.routes import blueprint as candidate_routes
from functions.centers.routes import blueprint as center_routes
from functions.compliance.routes import blueprint as compliance_routes
from functions.finalization.routes import blueprint as finalization_routes
from functions.invigilation.routes import blueprint as invigilation_routes
from functions.joining.routes import blueprint as joining_routes
from functions.openapi.routes import blueprint as openapi_routes
from functions.personal_data.routes import blueprint as personal_data_routes
from functions.processing.routes import blueprint as processing_routes
from functions.results.routes import blueprint as result_routes
from functions.revocation.routes import blueprint as revocation_events
from functions.roster.routes import blueprint as roster_routes
from functions.sessions.routes import blueprint as session_routes
from functions.team.routes import blueprint as team_routes
from shared.settings import in_lambda_container

app = Chalice(app_name="certif-sco")
app.register_blueprint(auth_routes)
app.register_blueprint(center_routes)
app.register_blueprint(team_routes)
app.register_blueprint(session_routes)
app.register_blueprint(roster_routes)
app.register_blueprint(candidate_routes)
app.register_blueprint(joining_routes)
app.register_blueprint(invigilation_routes)
app.register_blueprint(finalization_routes)
app.register_blueprint(compliance_routes)
app.register_blueprint(attachment_routes)
app.register_blueprint(personal_data_routes)
app.register_blueprint(processing_routes)
app.register_blueprint(result_routes)
app.register_blueprint(openapi_routes)
app.register_blueprint(revocation_events)
# Roster files arrive as raw bytes (ISO-8859-15 XML, Windows-1252 CSV, zip): API Gateway must
# hand them over base64-encoded rather than as UTF-8 text.
app.api.binary_types.extend(
    ["text/csv", "application/xml", "text/xml", "application/x-zip-compressed"]
)
# The attendance sheet is returned as a PDF: API Gateway must pass it as binary.
app.api.binary_types.append("application/pdf")

# Lambda's init phase prepares a pupil's join (the exam-morning rush): see functions/wiring.py.
if in_lambda_container():
    from functions.wiring import warm

    warm()
