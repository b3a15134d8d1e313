// The original suite's traffic mix, shared by mixed.js and spike.js:
// 70 % login, 20 % register, 10 % profile.
import { check } from 'k6';
import exec from 'k6/execution';
import { POOL_SIZE, login, newRun, pause, register, registerPool, req, tokenFor, uniqueUser } from './config.js';

export const MIX_ENDPOINTS = ['auth_login', 'auth_register', 'auth_profile'];

// Registers POOL_SIZE users for the login and profile shares.
export function mixSetup() {
  const run = newRun();
  return { run, pool: registerPool(run, POOL_SIZE) };
}

export function mixIteration(data) {
  const n = exec.scenario.iterationInTest; // unique across all VUs
  const user = data.pool[n % data.pool.length];
  const slot = n % 10; // exact shares: 0-6 login, 7-8 register, 9 profile
  if (slot < 7) {
    const res = login(user.username);
    check(res, { 'login: 200 with a token': (r) => r.status === 200 && !!r.json('access_token') });
  } else if (slot < 9) {
    const res = register(uniqueUser(data.run, data.pool.length + n)); // seqs after the pool's
    check(res, { 'register: 201': (r) => r.status === 201 });
  } else {
    const res = req('GET', '/auth/profile', 'auth_profile', { token: tokenFor(user) });
    check(res, { 'profile: 200, own user': (r) => r.status === 200 && r.json('username') === user.username });
  }
  pause();
}
