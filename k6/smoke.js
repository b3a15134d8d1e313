// Smoke: one VU walks every main route once and checks each answer. Run it first, against a
// server with the worker running and an admin account (ADMIN_USER / ADMIN_PASSWORD).
// It creates a small campaign, registers a user whose first login takes a slot (the worker issues
// the voucher), tops up with that voucher, replays the top-up by Idempotency-Key, and ends the
// campaign again (status expired), so it gives no vouchers after the run.
//   k6 run k6/smoke.js
import { check, group, sleep } from 'k6';
import exec from 'k6/execution';
import { adminToken, int, login, newRun, register, req, thresholds, uniqueUser } from './lib/config.js';

export const options = {
  vus: 1,
  iterations: int('ITERATIONS', 1),
  thresholds,
};

const ok = (status) => (r) => r.status === status;
const byId = { tags: { name: '/promotions/campaigns/{id}' } };

export function setup() {
  return { run: newRun() };
}

export default function (data) {
  group('system', () => {
    check(req('GET', '/', 'root'), { 'GET /: 200': ok(200) });
    check(req('GET', '/health', 'health'), { 'health: 200 healthy': (r) => r.status === 200 && r.json('status') === 'healthy' });
    check(req('GET', '/health/live', 'health_live'), { 'health/live: 200': ok(200) });
    check(req('GET', '/health/ready', 'health_ready'), { 'health/ready: 200': ok(200) });
  });

  const admin = adminToken();
  let campaignId = null;
  group('admin', () => {
    const now = Date.now();
    const created = req('POST', '/promotions/campaigns', 'campaign_create', {
      token: admin,
      body: {
        name: `k6 smoke ${data.run.id}-${exec.scenario.iterationInTest}`,
        startDate: new Date(now - 60 * 1000).toISOString(),
        endDate: new Date(now + 3600 * 1000).toISOString(),
        maxParticipants: 10, // room for any first login of the last minute (the admin's own, on a fresh database)
        discountPercentage: 30,
      },
    });
    check(created, { 'campaign create: 201 active': (r) => r.status === 201 && r.json('status') === 'active' });
    campaignId = created.status === 201 ? created.json('id') : null;
    const list = req('GET', '/promotions/campaigns', 'campaigns_list');
    check(list, { 'campaigns: 200 with ours': (r) => r.status === 200 && r.json().some((c) => c.id === campaignId) });
    check(req('GET', `/promotions/campaigns/${campaignId}`, 'campaign_get', byId), { 'campaign get: 200': ok(200) });
    check(req('GET', '/admin/events/queue-stats', 'admin_queue_stats', { token: admin }), { 'queue-stats: 200': ok(200) });
  });

  group('user', () => {
    const user = uniqueUser(data.run, exec.scenario.iterationInTest);
    check(register(user), { 'register: 201': ok(201) });
    const logged = login(user.username);
    check(logged, { 'login: 200': ok(200) });
    if (logged.status !== 200) return;
    const token = logged.json('access_token');

    check(req('GET', '/auth/profile', 'auth_profile', { token }), {
      'profile: 200, own user': (r) => r.status === 200 && r.json('username') === user.username,
    });
    const pair = req('POST', '/auth/refresh', 'auth_refresh', { body: { refresh_token: logged.json('refresh_token') } });
    check(pair, { 'refresh: 200': ok(200) });

    // The worker issues the voucher after the first login, usually within milliseconds.
    let voucher = null;
    for (let i = 0; i < 20 && !voucher; i++) {
      const res = req('GET', '/promotions/my-vouchers', 'my_vouchers', { token });
      voucher = res.status === 200 ? res.json().find((v) => v.isValid) : null;
      if (!voucher) sleep(0.25);
    }
    check(voucher, { 'my-vouchers: a voucher within 5 s (worker running?)': (v) => !!v });
    check(req('GET', '/promotions/eligibility', 'eligibility', { token }), { 'eligibility: 200': ok(200) });
    check(req('GET', '/promotions/my-promotions', 'my_promotions', { token }), { 'my-promotions: 200': ok(200) });
    if (voucher) {
      check(req('GET', `/promotions/vouchers/${voucher.code}/validate`, 'voucher_validate',
        { token, tags: { name: '/promotions/vouchers/{code}/validate' } }), { 'voucher validate: 200': ok(200) });
    }

    const topup = {
      token,
      headers: { 'Idempotency-Key': `k6-smoke-${data.run.id}-${exec.scenario.iterationInTest}` },
      body: { phoneNumber: user.phone, amount: 200000, paymentMethod: 'bank_transfer', ...(voucher ? { voucherCode: voucher.code } : {}) },
    };
    const first = req('POST', '/promotions/topup', 'topup', topup);
    check(first, {
      'topup: 200': ok(200),
      'topup: voucher discount applied': (r) => r.status === 200 && (!voucher || r.json('discountAmount') > 0),
    });
    const again = req('POST', '/promotions/topup', 'topup', topup);
    check(again, {
      'topup replay: same transaction': (r) => r.status === 200 && r.json('transactionId') === first.json('transactionId'),
      'topup replay: Idempotent-Replayed': (r) => r.headers['Idempotent-Replayed'] === 'true',
    });
    check(req('GET', '/promotions/topups', 'topups_list', { token }), {
      'topups: 200, ours listed': (r) => r.status === 200 && r.json('items').length >= 1,
    });
    if (pair.status === 200) {
      check(req('POST', '/auth/logout', 'auth_logout', { token, body: { refresh_token: pair.json('refresh_token') } }),
        { 'logout: 204': ok(204) });
    }
  });

  group('cleanup', () => {
    if (!campaignId) return;
    const ended = req('PATCH', `/promotions/campaigns/${campaignId}`, 'campaign_update',
      { token: admin, body: { status: 'expired' }, tags: byId.tags });
    check(ended, { 'campaign end: 200 expired': (r) => r.status === 200 && r.json('status') === 'expired' });
  });
}
