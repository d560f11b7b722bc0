// The replay service's REST API as seen by the console: JSON in and out, bearer token from
// sessionStorage, and every failure turned into an ApiError carrying a sentence a person can act on
// (the problem+json "detail" when the service sent one). Never a stack trace.

const TOKEN_KEY = 'rewind.token';

export class ApiError extends Error {
  constructor(status, title, detail, problem) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.problem = problem;
  }

  /** One readable line: what went wrong and, from the service, what to do about it. */
  describe() {
    const head = this.title ? `${this.title} (${this.status})` : `HTTP ${this.status}`;
    if (this.status === 0) return this.detail;
    if (this.status === 401) return `${head}: ${this.detail || 'a token is required'} — enter a token at the top right.`;
    if (this.status === 403) return `${head}: ${this.detail || 'your token does not allow this'} — an operator token is needed for changes.`;
    return this.detail ? `${head}: ${this.detail}` : head;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

async function request(method, path, body) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const bearer = token();
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'Unreachable', `The replay service did not answer (${e.message}); is it running?`);
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      json = null;
    }
  }
  if (!response.ok) {
    if (json && typeof json === 'object') {
      throw new ApiError(response.status, json.title, json.detail, json);
    }
    // not problem+json (a proxy, an HTML error page): show the status only, never the body
    throw new ApiError(response.status, response.statusText, null, null);
  }
  return json;
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body) => request('POST', path, body),
  put: (path, body) => request('PUT', path, body),
  del: (path, body) => request('DELETE', path, body),
};

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const enc = encodeURIComponent;
