// The API client: the public HTTP API (docs/openapi.json, shown by reference.html), nothing
// else; its paths come from paths.js. Errors always come back as
// ApiError {status, code, message, details}, the message in French.

import * as auth from "./auth.js";
import * as paths from "./paths.js";

let baseUrl = "";
let onUnauthenticated = () => {};

export function configure({ apiUrl, unauthenticated }) {
  baseUrl = String(apiUrl || "").replace(/\/+$/, "");
  if (unauthenticated) onUnauthenticated = unauthenticated;
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.details = Array.isArray(body.details) ? body.details : [];
    this.body = body;
  }
}

const NETWORK_ERROR = {
  code: "NETWORK_ERROR",
  message: "Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.",
};
const UNEXPECTED = {
  code: "UNEXPECTED_ANSWER",
  message: "Une erreur inattendue est survenue. Veuillez réessayer plus tard.",
};

async function readBody(response, wantsBlob) {
  if (response.status === 204) return null;
  const type = response.headers.get("Content-Type") || "";
  if (wantsBlob && response.ok) return response.blob();
  if (type.includes("application/json")) {
    try {
      return await response.json();
    } catch {
      return null;
    }
  }
  return null;
}

let refreshing = null;

/** POST /auth/refresh once for all the requests that got a 401 at the same time. */
async function refreshTokens() {
  const token = auth.refreshToken();
  if (!token) return false;
  if (!refreshing) {
    refreshing = (async () => {
      try {
        const tokens = await request("POST", paths.refresh(), {
          body: { refreshToken: token },
          authenticated: false,
        });
        auth.storeTokens(tokens);
        return true;
      } catch {
        return false;
      } finally {
        window.setTimeout(() => {
          refreshing = null;
        }, 0);
      }
    })();
  }
  return refreshing;
}

/** The headers and body of a request (see request()). */
function prepare(options) {
  const { body, raw, contentType, headers = {}, accept = "application/json", authenticated = true, idempotencyKey, bearer } = options;
  const sent = { Accept: accept, ...headers };
  let payload;
  if (raw !== undefined) {
    payload = raw;
    sent["Content-Type"] = contentType || "application/octet-stream";
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    sent["Content-Type"] = "application/json; charset=utf-8";
  }
  if (bearer) {
    // Another token than the school account's: the invigilator's, or a pupil's course token.
    sent.Authorization = `Bearer ${bearer}`;
  } else if (authenticated) {
    const token = auth.idToken();
    if (token) sent.Authorization = `Bearer ${token}`;
  }
  // The caller's key (idempotency.js), the same on every retry of one action.
  if (idempotencyKey) sent["Idempotency-Key"] = idempotencyKey;
  return { sent, payload };
}

/**
 * request("GET", paths.me()) → the parsed JSON (null for 204).
 * options: body (JSON), raw (Blob/File) + contentType, headers, accept, authenticated (true),
 * idempotencyKey (sent as Idempotency-Key: an action's userAction().keyFor(body)), blob (the
 * answer as a Blob, with its headers), bearer (a token of its own — the invigilator's, a
 * pupil's course token — sent instead of the school account's: a 401 then comes back as an
 * ApiError to the caller, without /auth/refresh nor the way back to the school login).
 */
export async function request(method, path, options = {}) {
  const { authenticated = true, blob = false, retried = false, bearer } = options;
  const { sent, payload } = prepare(options);
  let response;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: sent,
      body: payload,
      mode: "cors",
      credentials: "omit",
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, NETWORK_ERROR);
  }

  if (response.status === 401 && authenticated && !bearer) {
    // Replayed once with a new token, and with the same options: the same Idempotency-Key.
    if (!retried && (await refreshTokens())) {
      return request(method, path, { ...options, retried: true });
    }
    auth.clearSession();
    onUnauthenticated();
    const answer = (await readBody(response, false)) || {};
    throw new ApiError(401, { code: answer.code || "UNAUTHENTICATED", message: answer.message || "Votre session a expiré : veuillez vous reconnecter." });
  }

  const answer = await readBody(response, blob);
  if (!response.ok) {
    const error = answer && typeof answer.message === "string" ? answer : UNEXPECTED;
    throw new ApiError(response.status, error);
  }
  if (blob) return { blob: answer, headers: response.headers };
  return answer;
}

export const get = (path, options) => request("GET", path, options);
export const post = (path, body, options = {}) => request("POST", path, { ...options, body });
export const put = (path, body, options = {}) => request("PUT", path, { ...options, body });
export const patch = (path, body, options = {}) => request("PATCH", path, { ...options, body });
export const del = (path, options) => request("DELETE", path, options);

/**
 * Sends a file to S3 with the presigned POST the API returned ({url, fields}): the fields in
 * their order, then the file, last, as `file`. XMLHttpRequest rather than fetch: it reports
 * the upload's progress.
 */
export function uploadToStorage(upload, file, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append("file", file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", upload.url);
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener("load", () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else reject(new ApiError(xhr.status, { code: "UPLOAD_FAILED", message: "L'envoi du fichier a échoué. Veuillez réessayer." }));
    });
    xhr.addEventListener("error", () => reject(new ApiError(0, NETWORK_ERROR)));
    xhr.send(form);
  });
}
