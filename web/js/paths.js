// Every path of the API that the front end calls, in one place (the contract is
// docs/openapi.json, readable on the reference page, reference.html). Each segment that comes
// from data is encoded: an id can never add a "/", a "?" or a "#" to a path.

const segment = (value) => encodeURIComponent(String(value));

/** "?a=1&division=3E1&division=3E2" from {a: 1, division: ["3E1", "3E2"]} (empty values left out). */
export function query(params = {}) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    for (const one of Array.isArray(value) ? value : [value]) search.append(key, String(one));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

// Authentication (public routes).
export const login = () => "/auth/login";
export const newPassword = () => "/auth/new-password";
export const forgotPassword = () => "/auth/forgot-password";
export const resetPassword = () => "/auth/reset-password";
export const refresh = () => "/auth/refresh";

// The user and the centers.
export const me = () => "/me";
export const center = (centerId) => `/centers/${segment(centerId)}`;
export const centerSessions = (centerId, params) => `${center(centerId)}/sessions${query(params)}`;
export const centerDivisions = (centerId) => `${center(centerId)}/divisions`;
export const centerStudentsImport = (centerId) => `${center(centerId)}/students/import`;
export const centerStudents = (centerId, params) => `${center(centerId)}/students${query(params)}`;
export const centerStudent = (centerId, studentId) => `${center(centerId)}/students/${segment(studentId)}`;
export const centerStudentExport = (centerId, studentId) => `${centerStudent(centerId, studentId)}/export`;
export const centerEvents = (centerId, params) => `${center(centerId)}/events${query(params)}`;

// The center's team: members and invitations (an ADMIN manages them).
export const centerMembers = (centerId) => `${center(centerId)}/members`;
export const centerMember = (centerId, userId) => `${centerMembers(centerId)}/${segment(userId)}`;
export const centerInvitations = (centerId) => `${center(centerId)}/invitations`;
export const centerInvitation = (centerId, invitationId) => `${centerInvitations(centerId)}/${segment(invitationId)}`;
export const resendInvitation = (centerId, invitationId) => `${centerInvitation(centerId, invitationId)}/resend`;

// An invitation seen by the invited person (public: the secret code of the e-mail's link).
export const invitation = (invitationId, code) => `/invitations/${segment(invitationId)}${query({ code })}`;
export const acceptInvitation = (invitationId) => `/invitations/${segment(invitationId)}/accept`;

// A session and what hangs from it.
export const session = (sessionId) => `/sessions/${segment(sessionId)}`;
export const sessionCandidates = (sessionId) => `${session(sessionId)}/candidates`;
export const sessionCandidate = (sessionId, candidateId) => `${sessionCandidates(sessionId)}/${segment(candidateId)}`;
export const sessionStudents = (sessionId, params) => `${session(sessionId)}/students${query(params)}`;
export const attendanceSheet = (sessionId) => `${session(sessionId)}/attendance-sheet`;
export const finalization = (sessionId) => `${session(sessionId)}/finalization`;
export const finalize = (sessionId) => `${session(sessionId)}/finalize`;
export const candidateIssueReports = (sessionId, candidateId) => `${sessionCandidate(sessionId, candidateId)}/issue-reports`;
export const issueReport = (sessionId, reportId) => `${session(sessionId)}/issue-reports/${segment(reportId)}`;
export const attachments = (sessionId) => `${session(sessionId)}/attachments`;
export const attachment = (sessionId, attachmentId) => `${attachments(sessionId)}/${segment(attachmentId)}`;

// Exam day: the invigilator's portal (the invigilator's token, or a member's).
export const invigilatorLogin = () => "/invigilator/login";
export const invigilatorKit = (sessionId) => `${session(sessionId)}/invigilator-kit`;
export const supervising = (sessionId) => `${session(sessionId)}/supervising`;
export const authorizeToStart = (sessionId, candidateId) => `${sessionCandidate(sessionId, candidateId)}/authorize-to-start`;
export const authorizeToResume = (sessionId, candidateId) => `${sessionCandidate(sessionId, candidateId)}/authorize-to-resume`;
export const endBySupervisor = (sessionId, candidateId) => `${sessionCandidate(sessionId, candidateId)}/end-by-supervisor`;

// Exam day: the pupils (public; then the course token).
export const join = (sessionId) => `${session(sessionId)}/join`;
export const completeCourse = (certificationNumber) => `/courses/${segment(certificationNumber)}/complete`;

// After finalization: Pix staff's processing (the `pix-admin` group only).
export const adminSessions = (params) => `/admin/sessions${query(params)}`;
export const adminSession = (sessionId) => `/admin/sessions/${segment(sessionId)}`;
export const adminAssign = (sessionId) => `${adminSession(sessionId)}/assign`;
export const adminJuryComment = (sessionId) => `${adminSession(sessionId)}/jury-comment`;
export const adminIssueReport = (reportId) => `/admin/issue-reports/${segment(reportId)}`;
export const adminUnfinalize = (sessionId) => `${adminSession(sessionId)}/unfinalize`;
export const adminResults = (sessionId) => `${adminSession(sessionId)}/results`;
export const adminUnpublish = (sessionId) => `${adminSession(sessionId)}/unpublish`;
export const adminOverdueSessions = (params) => `/admin/overdue-sessions${query(params)}`;
export const publish = (sessionId) => `${session(sessionId)}/publish`;

// Published results, for the school (by class) and for anyone (a verification code, public).
export const centerResults = (centerId, division) => `${center(centerId)}/results${query({ division })}`;
export const centerAttestations = (centerId, division) => `${center(centerId)}/attestations${query({ division })}`;
export const certificate = (verificationCode) => `/certificates/${segment(verificationCode)}`;

// The OpenAPI document of the API (public), shown by reference.html.
export const openapi = () => "/openapi.json";
