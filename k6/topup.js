// Top-up load: setup registers POOL_SIZE users (default 200); VUs top up the user's own phone
// by bank transfer, without a voucher, each iteration with its own Idempotency-Key.
// Each top-up takes two transactions plus the simulated bank's CAKE_PAYMENT_LATENCY_MS (100 ms).
//   k6 run k6/topup.js                    (STAGES=load by default; AMOUNT=50000)
import { check } from 'k6';
import exec from 'k6/execution';
import { POOL_SIZE, int, newRun, pause, registerPool, req, stages, thresholdsFor, tokenFor } from './lib/config.js';

const AMOUNT = int('AMOUNT', 50000);

export const options = {
  scenarios: {
    topup: { executor: 'ramping-vus', startVUs: 0, stages: stages('load'), gracefulRampDown: '30s' },
  },
  thresholds: thresholdsFor('topup'),
  setupTimeout: '5m',
};

export function setup() {
  const run = newRun();
  return { run, pool: registerPool(run, POOL_SIZE) };
}

export default function (data) {
  const n = exec.scenario.iterationInTest;
  const user = data.pool[n % data.pool.length];
  const res = req('POST', '/promotions/topup', 'topup', {
    token: tokenFor(user),
    headers: { 'Idempotency-Key': `k6-${data.run.id}-${n}` },
    body: { phoneNumber: user.phone, amount: AMOUNT, paymentMethod: 'bank_transfer' },
  });
  check(res, {
    'topup: 200': (r) => r.status === 200,
    'topup: succeeded, no discount': (r) => r.status === 200 && r.json('success') === true &&
      r.json('discountAmount') === 0 && r.json('finalAmount') === AMOUNT,
    'topup: transaction id': (r) => r.status === 200 && /^TXN-/.test(r.json('transactionId') || ''),
  });
  pause();
}
