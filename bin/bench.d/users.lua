-- The "users" scenario: each connection is a mobile-app user on a keep-alive connection who thinks between requests.
-- One wrk process per ramp step (bin/bench.d/users.sh). Environment, besides common.lua's:
--   BENCH_THINK_MS        mean think time between a user's requests (ms)
--   BENCH_THINK_DIST      exp (exponential, capped at 5 x the mean) or uniform (0 .. 2 x the mean)
--   BENCH_FIRST_SPREAD_MS each connection's first request waits a uniform 0 .. this (0: all at once, a storm)
--   BENCH_CONNS_PER_THREAD connections of each wrk thread (its first that many delay() calls are first requests)
--   BENCH_TOPUP_PERCENT   share of requests that are top-ups (each with its own Idempotency-Key)
--   BENCH_PROC            this wrk process's number (random seeds, Idempotency-Keys)
-- wrk's Lua knows no connection identity: request() takes the next seeded user's token in rotation, so a user
-- (a connection) carries a different token of the pool from one request to the next. The server cannot tell.
local common = dofile(os.getenv("BENCH_LIB") .. "/common.lua")
common.count_statuses()

local think_ms, dist, first_spread, first_left, topup_percent, tag
local tokens, n_tokens, next_token
local topups = 0

-- The app's reads after the top-up share: profile, campaign list, eligibility, my vouchers, my promotions.
local reads = {
  { weight = 30, path = "/auth/profile" },
  { weight = 25, path = "/promotions/campaigns" },
  { weight = 20, path = "/promotions/eligibility" },
  { weight = 13, path = "/promotions/my-vouchers" },
  { weight = 12, path = "/promotions/my-promotions" },
}
local read_total = 0
for _, r in ipairs(reads) do read_total = read_total + r.weight end

function init(args)
  think_ms = tonumber(common.env("BENCH_THINK_MS", "20000"))
  dist = common.env("BENCH_THINK_DIST", "exp")
  first_spread = tonumber(common.env("BENCH_FIRST_SPREAD_MS", "0"))
  first_left = tonumber(common.env("BENCH_CONNS_PER_THREAD", "0"))
  topup_percent = tonumber(common.env("BENCH_TOPUP_PERCENT", "1.5"))
  local proc = tonumber(common.env("BENCH_PROC", "1"))
  tag = common.env("BENCH_TAG", "u") .. "p" .. proc .. "t" .. (thread_id or 1)
  math.randomseed(os.time() * 1000 + proc * 97 + (thread_id or 1) * 7919)
  for _ = 1, 10 do math.random() end
  local users = common.users()
  tokens = {}
  for i, user in ipairs(users) do tokens[i] = user.token end
  n_tokens = #tokens
  next_token = math.random(n_tokens)
end

local function think()
  if dist == "uniform" then return math.floor(math.random() * 2 * think_ms) end
  local t = -think_ms * math.log(1 - math.random())
  if t > 5 * think_ms then t = 5 * think_ms end
  return math.floor(t)
end

function delay()
  if first_left > 0 then
    first_left = first_left - 1
    return math.floor(math.random() * first_spread)
  end
  return think()
end

function request()
  next_token = next_token % n_tokens + 1
  local token = tokens[next_token]
  if math.random() * 100 < topup_percent then
    topups = topups + 1
    return wrk.format("POST", "/promotions/topup", {
      ["Content-Type"] = "application/json",
      ["Authorization"] = "Bearer " .. token,
      ["Idempotency-Key"] = tag .. "n" .. topups,
    }, '{"phoneNumber":"0912345678","amount":50000}')
  end
  local pick = math.random() * read_total
  for _, r in ipairs(reads) do
    pick = pick - r.weight
    if pick < 0 then
      return wrk.format("GET", r.path, { ["Authorization"] = "Bearer " .. token })
    end
  end
  return wrk.format("GET", reads[1].path, { ["Authorization"] = "Bearer " .. token })
end
