"""Browser tests: `python -m devstack run` (moto, the API and the web front end) on free ports,
driven by Playwright for Python in Debian's headless Chromium.

They need a Chromium binary (`apt-get install chromium`; `.ci/run` installs it): without one
they are skipped, with the reason in pytest's summary — never passed silently. Playwright's own
browser downloads are not used (`executable_path`).

Screenshots of the main screens are taken on the way; they go to $CERTIF_SCREENSHOTS when set
(`make screenshots` sets it to docs/screenshots), else to a temporary directory.

Accessibility: `assert_no_axe_violations(page, where)` runs axe-core (npm's `axe-core`, from
`npm ci`: `make lint`, `make web-test`) on the page as it is. It is evaluated through the
DevTools protocol, not as a <script>: the page keeps its CSP (`script-src 'self'`) intact.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
import requests

from devstack.banner import READY
from devstack.demo import DEMO_PASSWORD
from devstack.launch import free_ports, stack_command, stack_environment

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, ViewportSize

PROJECT_DIR = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 90
STOP_TIMEOUT = 20
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# Without the background-networking flags, Chromium's own connections (updates, sync…) are
# refused by a closed network and slow everything down.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=fr-FR",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
AXE_SOURCE = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
ANNE_FRANK_ADMIN = "admin@anne-frank.test"
LECONTE_ADMIN = "admin@leconte-de-lisle.test"
ANNE_FRANK_MEMBER = "member@anne-frank.test"


def chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if Path(configured).exists() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


@dataclass
class WebStack:
    process: subprocess.Popen[str]
    api_url: str
    web_url: str
    stack_file: Path
    environment: dict[str, str]
    output: list[str] = field(default_factory=list)
    _tokens: dict[str, str] = field(default_factory=dict)

    def log(self) -> str:
        return "".join(self.output)

    def token(self, email: str, password: str = DEMO_PASSWORD) -> str:
        if email not in self._tokens:
            answer = requests.post(
                f"{self.api_url}/auth/login",
                json={"email": email, "password": password},
                timeout=10,
            )
            assert answer.status_code == 200, answer.text
            self._tokens[email] = str(answer.json()["idToken"])
        return self._tokens[email]

    def call(
        self, method: str, path: str, email: str | None = None, **kwargs: Any
    ) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}))
        if email is not None:
            headers["Authorization"] = f"Bearer {self.token(email)}"
        return requests.request(
            method, f"{self.api_url}{path}", headers=headers, timeout=15, **kwargs
        )

    def certif_admin(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(Path(sys.executable).parent / "certif-admin"), "--local", *arguments],
            cwd=PROJECT_DIR,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done


def _collect(process: subprocess.Popen[str], lines: list[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        pytest.skip(
            "Chromium introuvable (/usr/bin/chromium) : `apt-get install chromium` "
            "(`.ci/run` l'installe) — browser tests need Debian's chromium package"
        )
    return path


@pytest.fixture(scope="session")
def web_stack(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebStack]:
    api_port, moto_port, web_port = free_ports(3)
    stack_file = tmp_path_factory.mktemp("web-stack") / "stack.json"
    environment = stack_environment(stack_file)
    process = subprocess.Popen(
        stack_command(api_port, moto_port, web_port),
        cwd=PROJECT_DIR,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    stack = WebStack(
        process,
        api_url=f"http://127.0.0.1:{api_port}",
        web_url=f"http://127.0.0.1:{web_port}",
        stack_file=stack_file,
        environment=environment,
    )
    reader = threading.Thread(target=_collect, args=(process, stack.output), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while READY not in stack.log():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the local stack did not start:\n{stack.log()}")
            time.sleep(0.2)
        yield stack
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        reader.join(5)


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@dataclass
class PageProblems:
    errors: list[str] = field(default_factory=list)

    def check(self) -> None:
        assert not self.errors, "\n".join(self.errors)


@pytest.fixture
def problems() -> PageProblems:
    return PageProblems()


def open_page(
    browser: Browser, web_stack: WebStack, problems: PageProblems
) -> tuple[BrowserContext, Page]:
    """A fresh browser context (no token) and its page; JavaScript errors and CSP violations
    are recorded in `problems`."""
    context = browser.new_context(
        viewport=VIEWPORT,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        accept_downloads=True,
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=web_stack.web_url)
    context.set_default_timeout(15_000)
    new_page = context.new_page()
    new_page.on("pageerror", lambda error: problems.errors.append(f"page error: {error}"))

    def on_console(message: ConsoleMessage) -> None:
        text = message.text
        # 4xx answers the test provokes on purpose (wrong password, 404…) are logged by
        # Chromium as failed resources: not a problem of the page.
        if message.type == "error" and "Failed to load resource" not in text:
            problems.errors.append(f"console error: {text}")

    new_page.on("console", on_console)
    return context, new_page


@pytest.fixture
def page(browser: Browser, web_stack: WebStack, problems: PageProblems) -> Iterator[Page]:
    """A fresh browser context (no token) per test; JavaScript errors and CSP violations
    fail the test."""
    context, new_page = open_page(browser, web_stack, problems)
    yield new_page
    context.close()
    problems.check()


@pytest.fixture
def other_page(browser: Browser, web_stack: WebStack, problems: PageProblems) -> Iterator[Page]:
    """A second browser, beside `page` (its own context, its own sessionStorage): the
    invigilator's tablet while `page` is a pupil's computer."""
    context, new_page = open_page(browser, web_stack, problems)
    yield new_page
    context.close()


class Screenshots:
    """Small PNGs of the main screens (1280×800, 256-colour palette)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    def take(self, page: Page, name: str, *, full_page: bool = False) -> Path:
        from PIL import Image

        path = self.directory / f"{name}.png"
        page.wait_for_timeout(150)  # let focus rings and live regions settle
        page.screenshot(path=str(path), full_page=full_page, animations="disabled")
        with Image.open(path) as image:
            palette = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        palette.save(path, optimize=True)
        return path


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Screenshots:
    configured = os.environ.get("CERTIF_SCREENSHOTS")
    directory = Path(configured) if configured else tmp_path_factory.mktemp("screenshots")
    return Screenshots(directory if directory.is_absolute() else PROJECT_DIR / directory)


def login(page: Page, stack: WebStack, email: str, password: str = DEMO_PASSWORD) -> None:
    from playwright.sync_api import expect

    page.goto(f"{stack.web_url}/#/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Je me connecte").click()
    expect(page.get_by_role("heading", level=1, name="Sessions de certification")).to_be_visible()


def session_id_from(url: str) -> int:
    found = re.search(r"#/sessions/(\d+)", url)
    assert found, url
    return int(found.group(1))


def tomorrow_in(timezone: str) -> date:
    return datetime.now(ZoneInfo(timezone)).date() + timedelta(days=1)


def today_in(timezone: str) -> date:
    return datetime.now(ZoneInfo(timezone)).date()


# --- accessibility: axe-core -----------------------------------------------------------------

AXE_RUN = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary}`),
  }));
}"""


def axe_violations(page: Any) -> list[dict[str, Any]]:
    if not AXE_SOURCE.exists():
        pytest.fail(f"axe-core is missing ({AXE_SOURCE}): `npm ci` (make lint, make web-test)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8") + "\n;undefined")
    return list(page.evaluate(AXE_RUN))


def assert_no_axe_violations(page: Any, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: axe-core violations {violations}"


def horizontal_overflow(page: Any) -> int:
    """How many pixels the page is wider than the window (0: no sideways scroll)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


# --- exam day: a session of today, its pupils, the invigilator's and the pupils' side --------


@dataclass
class ExamSession:
    id: int
    access_code: str
    supervisor_password: str
    pupils: list[dict[str, Any]]


def exam_session(
    stack: WebStack,
    count: int = 3,
    *,
    division: str = "3E1",
    day: date | None = None,
    email: str = ANNE_FRANK_ADMIN,
    center_id: str = "c-anne-frank",
) -> ExamSession:
    """A session of today (or `day`) with `count` pupils of `division` enrolled, as the school
    makes it; its pupils are the candidates (candidateId, lastName, firstName, birthdate)."""
    created = stack.call(
        "POST",
        f"/centers/{center_id}/sessions",
        email,
        json={
            "address": "Collège Anne Frank",
            "room": "Salle du jour J",
            "date": (day or today_in("Europe/Paris")).isoformat(),
            "time": "14:00",
            "examiner": "Mme Veille",
        },
    )
    assert created.status_code == 201, created.text
    session = created.json()
    students = stack.call(
        "GET", f"/sessions/{session['id']}/students?division={division}&pageSize={count}", email
    )
    assert students.status_code == 200, students.text
    ids = [s["id"] for s in students.json()["items"][:count]]
    enrolled = stack.call(
        "POST", f"/sessions/{session['id']}/candidates", email, json={"studentIds": ids}
    )
    assert enrolled.status_code in (200, 201), enrolled.text
    listed = stack.call("GET", f"/sessions/{session['id']}/candidates", email)
    assert listed.status_code == 200, listed.text
    pupils = [
        {
            "candidateId": c["id"],
            "lastName": c["lastName"],
            "firstName": c["firstName"],
            "birthdate": c["birthdate"],
        }
        for c in listed.json()["items"]
    ]
    pupils.sort(key=lambda p: (p["lastName"], p["firstName"]))
    return ExamSession(
        id=int(session["id"]),
        access_code=str(session["accessCode"]),
        supervisor_password=str(session["supervisorPassword"]),
        pupils=pupils,
    )


def confirm_presence(
    stack: WebStack,
    session_id: int,
    candidate_id: str,
    authorized: bool = True,
    email: str = ANNE_FRANK_ADMIN,
) -> dict[str, Any]:
    """What the invigilator does on the live list, by the API (a member may too)."""
    answer = stack.call(
        "POST",
        f"/sessions/{session_id}/candidates/{candidate_id}/authorize-to-start",
        email,
        json={"authorized": authorized},
    )
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def join_by_api(stack: WebStack, session: ExamSession, pupil: dict[str, Any]) -> requests.Response:
    return stack.call(
        "POST",
        f"/sessions/{session.id}/join",
        json={
            "accessCode": session.access_code,
            "lastName": pupil["lastName"],
            "firstName": pupil["firstName"],
            "birthdate": pupil["birthdate"],
        },
    )


def confirm_and_join(
    stack: WebStack, session: ExamSession, pupil: dict[str, Any]
) -> dict[str, Any]:
    """A pupil let in by the invigilator who joins: STARTED, with a course token."""
    confirm_presence(stack, session.id, pupil["candidateId"])
    answer = join_by_api(stack, session, pupil)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def invigilator_login(page: Any, stack: WebStack, session: ExamSession) -> None:
    from playwright.sync_api import expect

    page.goto(f"{stack.web_url}/#/surveillant")
    page.get_by_label("Numéro de session").fill(str(session.id))
    page.get_by_label("Mot de passe").fill(session.supervisor_password)
    page.get_by_role("button", name="Accéder à la session").click()
    expect(page.get_by_role("heading", level=1, name="Espace surveillant")).to_be_visible()
    expect(page.locator(".pupil")).to_have_count(len(session.pupils))


def full_name(pupil: dict[str, Any]) -> str:
    return f"{pupil['lastName']} {pupil['firstName']}"


# --- the center's team: the local mailbox of `make run`, an invitation's link ----------------

NEW_PASSWORD = "Mot-de-passe-2026!"


def mailbox(stack: WebStack) -> list[dict[str, Any]]:
    """Every e-mail the local stack sent, newest first: [{to, subject, text, html, sentAt}]."""
    answer = requests.get(f"{stack.web_url}/_local/mail.json", timeout=10)
    assert answer.status_code == 200, answer.text
    return list(answer.json())


def mail_to(stack: WebStack, address: str) -> list[dict[str, Any]]:
    return [m for m in mailbox(stack) if address.lower() in (to.lower() for to in m["to"])]


def invitation_path(stack: WebStack, address: str) -> str:
    """`/rejoindre?invitation=…&code=…`: the link of the newest e-mail sent to `address`, on the
    front end of this stack (whatever host the e-mail names)."""
    messages = mail_to(stack, address)
    assert messages, f"no e-mail to {address} in the local mailbox"
    found = re.search(r"https?://[^\s\"'<>]+/rejoindre\?[^\s\"'<>]+", messages[0]["text"])
    assert found, messages[0]["text"]
    link = urlsplit(found.group(0))
    return f"{link.path}?{link.query}"


@dataclass
class Invited:
    """An invitation made by the API, its link read back from the local mailbox."""

    invitation: dict[str, Any]
    path: str

    @property
    def id(self) -> str:
        return parse_qs(urlsplit(self.path).query)["invitation"][0]

    @property
    def code(self) -> str:
        return parse_qs(urlsplit(self.path).query)["code"][0]


def invite(
    stack: WebStack,
    address: str,
    role: str = "MEMBER",
    *,
    email: str = ANNE_FRANK_ADMIN,
    center_id: str = "c-anne-frank",
) -> Invited:
    answer = stack.call(
        "POST", f"/centers/{center_id}/invitations", email, json={"emails": [address], "role": role}
    )
    assert answer.status_code == 201, answer.text
    [invitation] = answer.json()["items"]
    return Invited(invitation, invitation_path(stack, address))


def accept_as_new_account(
    stack: WebStack, invited: Invited, first_name: str, last_name: str
) -> requests.Response:
    """What « Créer mon compte et rejoindre le centre » sends, by the API."""
    return stack.call(
        "POST",
        f"/invitations/{invited.id}/accept",
        json={
            "code": invited.code,
            "firstName": first_name,
            "lastName": last_name,
            "password": NEW_PASSWORD,
        },
    )


@dataclass
class OwnCenter:
    """A center made for one test, with one ADMIN (who has chosen their password): what the
    test does to it touches no other test's data."""

    id: str
    name: str
    admin: str


def a_center_of_its_own(stack: WebStack) -> OwnCenter:
    import random
    import uuid

    tag = uuid.uuid4().hex[:8]
    center = OwnCenter(f"c-essai-{tag}", f"Collège des Essais {tag}", f"direction.{tag}@essai.fr")
    uai = f"0{random.randint(100000, 999999)}{random.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}"
    stack.certif_admin(
        "create-center", "--id", center.id, "--name", center.name,
        "--timezone", "Europe/Paris", "--uai", uai,
    )  # fmt: skip
    temporary = "Provisoire-Essai-2026!"
    stack.certif_admin(
        "create-user", "--email", center.admin, "--first-name", "Dominique",
        "--last-name", "DIRECTION", "--center", center.id, "--role", "ADMIN",
        "--temporary-password", temporary,
    )  # fmt: skip
    challenge = requests.post(
        f"{stack.api_url}/auth/login",
        json={"email": center.admin, "password": temporary},
        timeout=10,
    )
    assert challenge.status_code == 409, challenge.text
    chosen = requests.post(
        f"{stack.api_url}/auth/new-password",
        json={
            "email": center.admin,
            "session": challenge.json()["session"],
            "newPassword": NEW_PASSWORD,
        },
        timeout=10,
    )
    assert chosen.status_code == 200, chosen.text
    return center


# --- after finalization: Pix staff's processing, the school's results ------------------------

PIX_STAFF = "staff@pix.test"


def staff_login(page: Page, stack: WebStack, email: str = PIX_STAFF) -> None:
    """A Pix staff member signs in and lands in « Espace Pix »."""
    from playwright.sync_api import expect

    page.goto(f"{stack.web_url}/#/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Je me connecte").click()
    expect(page.get_by_role("heading", level=1, name="Espace Pix")).to_be_visible()


@dataclass
class FinalizedSession:
    """A session the school finalized: two pupils joined (the first finished, the second
    stopped by a technical problem), an impactful report (A1) on the first."""

    exam: ExamSession
    joined: list[dict[str, Any]]

    @property
    def id(self) -> int:
        return self.exam.id

    @property
    def pupils(self) -> list[dict[str, Any]]:
        return self.exam.pupils[:2]


def complete_course(stack: WebStack, joined: dict[str, Any]) -> None:
    """The pupil's course ends (the course token `join` handed out reports it)."""
    done = stack.call(
        "POST",
        f"/courses/{joined['certificationNumber']}/complete",
        headers={"Authorization": f"Bearer {joined['courseToken']}"},
    )
    assert done.status_code == 200, done.text


def finalized_session(
    stack: WebStack, *, division: str = "3E1", comment: str = ""
) -> FinalizedSession:
    exam = exam_session(stack, 3, division=division)
    first, second = exam.pupils[:2]
    joined = [confirm_and_join(stack, exam, first), confirm_and_join(stack, exam, second)]
    complete_course(stack, joined[0])
    report = stack.call(
        "POST",
        f"/sessions/{exam.id}/candidates/{first['candidateId']}/issue-reports",
        ANNE_FRANK_ADMIN,
        json={"category": "TECHNICAL_PROBLEM", "description": "L'ordinateur s'est éteint."},
    )
    assert report.status_code == 201, report.text
    finalized = stack.call(
        "POST",
        f"/sessions/{exam.id}/finalize",
        ANNE_FRANK_ADMIN,
        json={
            "examinerGlobalComment": comment,
            # An incident must be described in the comment.
            "hasIncident": bool(comment),
            "hasJoiningIssue": False,
            "candidates": [
                {"candidateId": first["candidateId"], "hasSeenEndTestScreen": True},
                {"candidateId": second["candidateId"], "abortReason": "TECHNICAL"},
            ],
        },
    )
    assert finalized.status_code == 200, finalized.text
    return FinalizedSession(exam, joined)


COMPETENCE_CODES = [
    "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1",
    "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "5.1", "5.2",
]  # fmt: skip


def published_session(stack: WebStack, *, division: str = "3E1") -> FinalizedSession:
    """A session processed by Pix staff through the API: the report resolved, the first pupil
    validated (512 pix, level 3 everywhere), the second rejected, the results published."""
    session = finalized_session(stack, division=division)
    view = stack.call("GET", f"/admin/sessions/{session.id}", PIX_STAFF).json()
    for candidate in view["finalization"]["candidates"]:
        for report in candidate["issueReports"]:
            resolved = stack.call(
                "PATCH",
                f"/admin/issue-reports/{report['id']}",
                PIX_STAFF,
                json={"resolution": "Question neutralisée."},
            )
            assert resolved.status_code == 200, resolved.text
    first, second = (j["certificationNumber"] for j in session.joined)
    saved = stack.call(
        "PUT",
        f"/admin/sessions/{session.id}/results",
        PIX_STAFF,
        json={
            "items": [
                {
                    "certificationNumber": first,
                    "status": "VALIDATED",
                    "pixScore": 512,
                    "competences": [{"code": c, "level": 3} for c in COMPETENCE_CODES],
                },
                {"certificationNumber": second, "status": "REJECTED", "pixScore": 40},
            ]
        },
    )
    assert saved.status_code == 200 and saved.json()["errors"] == [], saved.text
    published = stack.call("POST", f"/sessions/{session.id}/publish", PIX_STAFF)
    assert published.status_code == 200, published.text
    return session
