-- The "users" scenario's trickle of logins: POST /auth/login over the seeded users at a fixed rate, alongside the
-- users (bcrypt: the rate must stay under what the hashing threads carry, ~30/s on 2 cores with nothing else).
--   BENCH_LOGIN_RATE  logins per second, all connections of this wrk together
--   BENCH_CONNS       connections of this wrk process
local common = dofile(os.getenv("BENCH_LIB") .. "/common.lua")
common.count_statuses()
local next_request, pause_ms

function init(args)
  next_request = common.rotation(function(user)
    return common.post_json("/auth/login", common.login_body(user.username))
  end)
  local rate = tonumber(common.env("BENCH_LOGIN_RATE", "5"))
  local conns = tonumber(common.env("BENCH_CONNS", "2"))
  pause_ms = math.floor(1000 * conns / rate)
end

-- Each connection waits pause_ms between requests (also before the first), so the rate is at most BENCH_LOGIN_RATE.
function delay()
  return pause_ms
end

function request()
  return next_request()
end
