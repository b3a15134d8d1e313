// Registration load: every iteration registers a new, unique user (one bcrypt hash each).
// Phones are +8490 plus 7 digits from a random per-run base (RUN_BASE to fix it), so a run can
// create up to 10 million users without collisions with itself.
//   k6 run k6/register.js                 (STAGES=load by default)
import { check } from 'k6';
import exec from 'k6/execution';
import { newRun, pause, register, stages, thresholdsFor, uniqueUser } from './lib/config.js';

export const options = {
  scenarios: {
    register: { executor: 'ramping-vus', startVUs: 0, stages: stages('load'), gracefulRampDown: '30s' },
  },
  thresholds: thresholdsFor('auth_register'),
};

export function setup() {
  return { run: newRun() };
}

export default function (data) {
  const user = uniqueUser(data.run, exec.scenario.iterationInTest);
  const res = register(user);
  check(res, {
    'register: 201': (r) => r.status === 201,
    'register: tokens': (r) => r.status === 201 && !!r.json('access_token') && !!r.json('refresh_token'),
    'register: phone in E.164': (r) => r.status === 201 && r.json('user.phone') === user.phone,
  });
  pause();
}
