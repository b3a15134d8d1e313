// Mixed traffic, the original's mix: 70 % login, 20 % register, 10 % profile.
//   k6 run k6/mixed.js                    (STAGES=load by default; try STAGES=stress)
import { stages, thresholdsFor } from './lib/config.js';
import { MIX_ENDPOINTS, mixIteration, mixSetup } from './lib/mix.js';

export const options = {
  scenarios: {
    mixed: { executor: 'ramping-vus', startVUs: 0, stages: stages('load'), gracefulRampDown: '30s' },
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
