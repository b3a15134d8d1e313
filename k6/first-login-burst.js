// First-login burst: the scenario the system exists for. Setup (as the admin) creates a campaign
// of SLOTS places (default 100) that started a minute ago, then registers USERS users (default
// 2000) without logging them in. The burst logs every one of them in exactly once, all at once
// (shared-iterations, one VU per user unless VUS is set). Teardown waits until the worker has
// drained the event queue and the outbox (at most DRAIN_TIMEOUT seconds, default 60), then reads
// the campaign: it must be `full` with exactly SLOTS participants, no more, no fewer.
//   k6 run -e USERS=2000 k6/first-login-burst.js
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import { Rate } from 'k6/metrics';
import { adminToken, int, login, newRun, registerPool, req, thresholdsFor, uniqueUser } from './lib/config.js';

const USERS = int('USERS', 2000);
const SLOTS = int('SLOTS', 100);
const DRAIN_TIMEOUT = int('DRAIN_TIMEOUT', 60);
const campaignFull = new Rate('campaign_full_exactly');

export const options = {
  scenarios: {
    burst: {
      executor: 'shared-iterations',
      vus: Math.max(1, Math.min(int('VUS', USERS), USERS)),
      iterations: USERS,
      maxDuration: '5m',
    },
  },
  thresholds: { ...thresholdsFor('auth_login'), campaign_full_exactly: ['rate==1'] },
  setupTimeout: '15m',
  teardownTimeout: '3m',
};

export function setup() {
  if (USERS < SLOTS) throw new Error(`USERS (${USERS}) must be at least SLOTS (${SLOTS})`);
  const run = newRun();
  const now = Date.now();
  const res = req('POST', '/promotions/campaigns', 'campaign_create', {
    token: adminToken(),
    body: {
      name: `k6 first-login burst ${run.id}`,
      startDate: new Date(now - 60 * 1000).toISOString(), // a minute back absorbs clock skew
      endDate: new Date(now + 24 * 3600 * 1000).toISOString(),
      maxParticipants: SLOTS,
      discountPercentage: 30,
    },
  });
  if (res.status !== 201) throw new Error(`setup: creating the campaign gave ${res.status} ${res.body}`);
  registerPool(run, USERS); // register only: registering is not a login
  return { run, campaignId: res.json('id') };
}

export default function (data) {
  const { username } = uniqueUser(data.run, exec.scenario.iterationInTest); // each user exactly once
  const res = login(username);
  check(res, {
    'login: 200': (r) => r.status === 200,
    'login: first login recorded': (r) => r.status === 200 && r.json('user.latestLogin') !== null,
  });
}

export function teardown(data) {
  const token = adminToken();
  let stats = null;
  for (let waited = 0; waited <= DRAIN_TIMEOUT; waited++) {
    const res = req('GET', '/admin/events/queue-stats', 'admin_queue_stats', { token });
    stats = res.status === 200 ? res.json() : null;
    if (stats && stats.waiting + stats.processing + stats.delayed === 0 && stats.outboxBacklog === 0) break;
    sleep(1);
  }
  console.log(`queue after the burst: ${JSON.stringify(stats)}`);
  check(stats, { 'queue drained': (s) => !!s && s.waiting + s.processing + s.delayed + s.outboxBacklog === 0 });

  const res = req('GET', `/promotions/campaigns/${data.campaignId}`, 'campaign_get',
    { tags: { name: '/promotions/campaigns/{id}' } });
  const campaign = res.status === 200 ? res.json() : {};
  console.log(`campaign ${data.campaignId}: status=${campaign.status} ` +
    `currentParticipants=${campaign.currentParticipants} of ${SLOTS}`);
  const ok = check(campaign, {
    [`campaign: exactly ${SLOTS} participants`]: (c) => c.currentParticipants === SLOTS,
    'campaign: status full': (c) => c.status === 'full',
  });
  campaignFull.add(ok);
}
