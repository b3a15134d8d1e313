// Spike: the mixed traffic (70 % login, 20 % register, 10 % profile) with a sudden jump
// from 10 to 500 VUs, a minute at the top, and a drop back. Shows whether the server
// recovers: latency after the spike should return to the pre-spike level.
//   k6 run k6/spike.js                    (STAGES=spike by default)
import { stages, thresholdsFor } from './lib/config.js';
import { MIX_ENDPOINTS, mixIteration, mixSetup } from './lib/mix.js';

export const options = {
  scenarios: {
    spike: { executor: 'ramping-vus', startVUs: 0, stages: stages('spike'), gracefulRampDown: '30s' },
  },
  thresholds: thresholdsFor(...MIX_ENDPOINTS),
  setupTimeout: '5m',
};

export function setup() {
  return mixSetup();
}

export default function (data) {
  mixIteration(data);
}
