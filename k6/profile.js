// Profile load: setup registers and logs in POOL_SIZE users (default 200); VUs read
// GET /auth/profile with their tokens in rotation. Profiles come from the Redis cache, so this
// is the cheapest authenticated route. A token close to expiry (CAKE_ACCESS_TOKEN_TTL, 15 min)
// is renewed by a login tagged phase:relogin, which does not count towards auth_profile.
//   k6 run k6/profile.js                  (STAGES=load by default)
import { check } from 'k6';
import exec from 'k6/execution';
import { POOL_SIZE, login, newRun, pause, registerPool, req, stages, thresholdsFor, tokenFor } from './lib/config.js';

export const options = {
  scenarios: {
    profile: { executor: 'ramping-vus', startVUs: 0, stages: stages('load'), gracefulRampDown: '30s' },
  },
  thresholds: thresholdsFor('auth_profile'),
  setupTimeout: '5m',
};

export function setup() {
  const run = newRun();
  return {
    pool: registerPool(run, POOL_SIZE).map((s) => {
      const res = login(s.username, undefined, { phase: 'setup' });
      if (res.status !== 200) throw new Error(`setup: login of ${s.username} gave ${res.status}`);
      return { ...s, access_token: res.json('access_token'), expiresAt: Date.now() + res.json('expires_in') * 1000 };
    }),
  };
}

export default function (data) {
  const user = data.pool[exec.scenario.iterationInTest % data.pool.length];
  const res = req('GET', '/auth/profile', 'auth_profile', { token: tokenFor(user) });
  check(res, {
    'profile: 200': (r) => r.status === 200,
    'profile: own user': (r) => r.status === 200 && r.json('username') === user.username,
  });
  pause();
}
