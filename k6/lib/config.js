// Shared configuration and helpers for the Cake System k6 suite.
// Every request goes through req()/tagged() so it carries an `endpoint` tag (auth_login, topup, ...).
import http from 'k6/http';
import { sleep } from 'k6';

export const BASE_URL = (__ENV.BASE_URL || 'http://localhost:3000').replace(/\/+$/, '');
export const PASSWORD = __ENV.USER_PASSWORD || 'LoadTest-2024!';
export const ADMIN_USER = __ENV.ADMIN_USER || 'admin';
export const ADMIN_PASSWORD = __ENV.ADMIN_PASSWORD || 'change-me-now';
export const POOL_SIZE = int('POOL_SIZE', 200);
const THINK_TIME = Number(__ENV.THINK_TIME || 1);

// The original suite's thresholds: p95 < 2 s, p99 < 5 s, errors < 1 %.
export const thresholds = {
  http_req_duration: ['p(95)<2000', 'p(99)<5000'],
  http_req_failed: ['rate<0.01'],
  checks: ['rate>0.99'],
};

// The shared thresholds plus the same latency limits per endpoint tag, so the summary
// shows one line per endpoint and a slow endpoint fails the run on its own.
export function thresholdsFor(...endpoints) {
  const t = { ...thresholds };
  for (const e of endpoints) t[`http_req_duration{endpoint:${e}}`] = ['p(95)<2000', 'p(99)<5000'];
  return t;
}

export const STAGE_PRESETS = {
  smoke: [{ duration: '30s', target: 1 }],
  load: [
    { duration: '1m', target: 50 },
    { duration: '3m', target: 50 },
    { duration: '1m', target: 0 },
  ],
  stress: [
    { duration: '2m', target: 100 },
    { duration: '3m', target: 200 },
    { duration: '2m', target: 400 },
    { duration: '3m', target: 400 },
    { duration: '2m', target: 0 },
  ],
  spike: [
    { duration: '20s', target: 10 },
    { duration: '10s', target: 500 },
    { duration: '1m', target: 500 },
    { duration: '10s', target: 10 },
    { duration: '30s', target: 10 },
    { duration: '10s', target: 0 },
  ],
};

// STAGES=<preset name> or STAGES=30s:10,1m:50,30s:0 (duration:target pairs). Falls back to `preset`.
export function stages(preset) {
  const spec = __ENV.STAGES || preset;
  if (STAGE_PRESETS[spec]) return STAGE_PRESETS[spec];
  return spec.split(',').map((part) => {
    const [duration, target] = part.trim().split(':');
    if (!duration || !/^\d+$/.test(target || '')) {
      throw new Error(`STAGES: '${part}' is neither a preset (${Object.keys(STAGE_PRESETS)}) nor duration:target`);
    }
    return { duration, target: Number(target) };
  });
}

export function int(name, fallback) {
  const v = __ENV[name];
  if (v === undefined || v === '') return fallback;
  if (!/^\d+$/.test(v)) throw new Error(`${name} must be a non-negative integer, got '${v}'`);
  return Number(v);
}

export const JSON_HEADERS = { 'Content-Type': 'application/json' };

export function authHeaders(token, extra = {}) {
  return { ...JSON_HEADERS, Authorization: `Bearer ${token}`, ...extra };
}

// Request params with the endpoint tag. `name` groups URLs with ids (/promotions/campaigns/{id}).
export function tagged(endpoint, headers = JSON_HEADERS, extraTags = {}) {
  return { headers, tags: { endpoint, ...extraTags } };
}

// One request, tagged. body is an object (sent as JSON) or undefined.
export function req(method, path, endpoint, { body, token, headers, tags } = {}) {
  const h = token ? authHeaders(token, headers) : { ...JSON_HEADERS, ...headers };
  const payload = body === undefined ? null : JSON.stringify(body);
  return http.request(method, `${BASE_URL}${path}`, payload, tagged(endpoint, h, tags));
}

// Think time around THINK_TIME seconds (0 turns it off).
export function pause() {
  if (THINK_TIME > 0) sleep(THINK_TIME * (0.5 + Math.random()));
}

// A run identity shared by all VUs: create it in setup() and pass it on in the setup data.
// id makes usernames and emails unique per run; base offsets the 7 phone digits.
export function newRun() {
  return {
    id: __ENV.RUN_ID || Math.random().toString(36).slice(2, 8),
    base: __ENV.RUN_BASE ? Number(__ENV.RUN_BASE) : Math.floor(Math.random() * 1e7),
  };
}

// The user number `seq` of a run. Deterministic, so VUs can rebuild a user from (run, seq).
// seq must be unique within the run; phones are +8490 + 7 digits, unique for up to 10 million seqs.
export function uniqueUser(run, seq) {
  const digits = (run.base + seq) % 1e7;
  // +84900000402 is the simulated bank's always-declined number; give that slot another prefix.
  const prefix = digits === 402 ? '+8493' : '+8490';
  const username = `k6${run.id}_${seq}`;
  return {
    fullname: `K6 User ${seq}`,
    email: `${username}@loadtest.example.com`,
    username,
    phone: `${prefix}${String(digits).padStart(7, '0')}`,
    password: PASSWORD,
    birthday: '1990-01-01',
  };
}

export function register(user, tags) {
  return req('POST', '/auth/register', 'auth_register', { body: user, tags });
}

export function login(account, password = PASSWORD, tags) {
  return req('POST', '/auth/login', 'auth_login', { body: { account, password }, tags });
}

export function adminToken() {
  const res = login(ADMIN_USER, ADMIN_PASSWORD, { phase: 'admin' });
  if (res.status !== 200) {
    throw new Error(`admin login as '${ADMIN_USER}' failed (${res.status}); create one with ` +
      `bin/admin create-admin --username ${ADMIN_USER} (it prompts for the password) and set ADMIN_USER/ADMIN_PASSWORD`);
  }
  return res.json('access_token');
}

function session(user, res) {
  return {
    username: user.username,
    phone: user.phone,
    access_token: res.json('access_token'),
    expiresAt: Date.now() + res.json('expires_in') * 1000,
  };
}

// Registers users seq offset .. offset+count-1 in parallel batches (k6's batchPerHost bounds the
// concurrency) and returns their sessions. Throws on the first failure: a load test on a half-made
// pool measures nothing.
export function registerPool(run, count, offset = 0) {
  const sessions = [];
  for (let start = 0; start < count; start += 50) {
    const users = [];
    for (let i = start; i < Math.min(count, start + 50); i++) users.push(uniqueUser(run, offset + i));
    const responses = http.batch(users.map((u) => ({
      method: 'POST',
      url: `${BASE_URL}/auth/register`,
      body: JSON.stringify(u),
      params: tagged('auth_register', JSON_HEADERS, { phase: 'setup' }),
    })));
    responses.forEach((res, i) => {
      if (res.status !== 201) {
        throw new Error(`setup: registering ${users[i].username} gave ${res.status} ${res.body}` +
          (res.status === 429 ? ' (run the server with CAKE_RATE_LIMITS=off)' : ''));
      }
      sessions.push(session(users[i], res));
    });
  }
  return sessions;
}

// Per-VU token cache: a pool entry's token is reused until a minute before it expires, then the
// VU logs that user in again (tagged auth_login, phase refresh) and keeps the new token.
const fresh = {};
export function tokenFor(entry) {
  const s = fresh[entry.username] || entry;
  if (s.access_token && s.expiresAt - Date.now() > 60000) return s.access_token;
  const res = login(entry.username, PASSWORD, { phase: 'relogin' });
  if (res.status !== 200) return s.access_token;
  fresh[entry.username] = session(entry, res);
  return fresh[entry.username].access_token;
}
