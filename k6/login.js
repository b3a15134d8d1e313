// Login load: setup registers POOL_SIZE users (default 200); VUs log in with them in rotation.
// Only each user's first login is a "first login" (campaign enrolment); the rest are plain logins,
// dominated by one bcrypt verification each.
//   k6 run k6/login.js                    (STAGES=load by default)
import { check } from 'k6';
import exec from 'k6/execution';
import { POOL_SIZE, login, newRun, pause, registerPool, stages, thresholdsFor } from './lib/config.js';

export const options = {
  scenarios: {
    login: { executor: 'ramping-vus', startVUs: 0, stages: stages('load'), gracefulRampDown: '30s' },
  },
  thresholds: thresholdsFor('auth_login'),
  setupTimeout: '5m',
};

export function setup() {
  const run = newRun();
  return { usernames: registerPool(run, POOL_SIZE).map((s) => s.username) };
}

export default function (data) {
  const username = data.usernames[exec.scenario.iterationInTest % data.usernames.length];
  const res = login(username);
  check(res, {
    'login: 200': (r) => r.status === 200,
    'login: access token': (r) => r.status === 200 && !!r.json('access_token'),
    'login: own user': (r) => r.status === 200 && r.json('user.username') === username,
  });
  pause();
}
