-- Shared by the bin/bench wrk scenarios (loaded with dofile; LuaJIT 5.1 dialect).
-- bin/bench passes its data through the environment:
--   BENCH_USERS_FILE file of seeded users, one "username<TAB>access_token" per line
--   BENCH_PASSWORD the password every seeded user has
--   BENCH_TAG      unique per wrk run: prefix of the usernames the register scenario creates
--   BENCH_BLOCK    first block of phone numbers for this wrk run (one block of 100,000 per thread)
-- done() prints one line "BENCH_RESULT {json}" that bin/bench parses.

local common = {}

-- Each thread learns its number (1..threads) from setup(), which runs in the main Lua state.
local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_id", #threads)
end

-- Count answers by HTTP status (shown for non-2xx). Only for scenarios whose requests are slow
-- (bcrypt, payment): a response() callback makes wrk hand every response to Lua.
function common.count_statuses()
  statuses = {}
  function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
  end
end

local function statuses_json()
  local total, parts = {}, {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses") or {}) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do parts[#parts + 1] = string.format('"%d":%d', status, count) end
  table.sort(parts)
  return "{" .. table.concat(parts, ",") .. "}"
end

function common.env(name, default)
  local value = os.getenv(name)
  if value == nil or value == "" then
    if default == nil then error(name .. " is not set (run this scenario through bin/bench)") end
    return default
  end
  return value
end

-- The seeded users as { {username=..., token=...}, ... }.
function common.users()
  local path = common.env("BENCH_USERS_FILE")
  local file = assert(io.open(path, "r"))
  local users = {}
  for line in file:lines() do
    local username, token = line:match("^([^\t]+)\t(%S+)$")
    if username then users[#users + 1] = { username = username, token = token } end
  end
  file:close()
  assert(#users > 0, "no users in " .. path)
  return users
end

function common.post_json(path, body, token)
  local headers = { ["Content-Type"] = "application/json" }
  if token then headers["Authorization"] = "Bearer " .. token end
  return wrk.format("POST", path, headers, body)
end

function common.get(path, token)
  local headers = {}
  if token then headers["Authorization"] = "Bearer " .. token end
  return wrk.format("GET", path, headers)
end

-- Pre-formatted requests, one per seeded user, served round-robin starting at a per-thread offset.
function common.rotation(build)
  local users = common.users()
  local requests = {}
  for i, user in ipairs(users) do requests[i] = build(user) end
  local n = #requests
  local i = ((thread_id or 1) * 7919) % n
  return function()
    i = i % n + 1
    return requests[i]
  end
end

function common.login_body(username)
  return string.format('{"account":"%s","password":"%s"}', username, common.env("BENCH_PASSWORD"))
end

-- A new user per call: unique username, email and phone (E.164, Vietnamese mobile range +843x).
function common.registrations()
  local tag = common.env("BENCH_TAG")
  local block = (tonumber(common.env("BENCH_BLOCK")) + (thread_id or 1) - 1) % 1000
  local password = common.env("BENCH_PASSWORD")
  local n = 0
  return function()
    n = n + 1
    local username = string.format("%st%dn%d", tag, thread_id or 1, n)
    local phone = string.format("+84%d", 300000000 + block * 100000 + n % 100000)
    return string.format('{"fullname":"Bench User","email":"%s@example.com","username":"%s",'
      .. '"phone":"%s","password":"%s","birthday":"1990-01-01"}', username, username, phone, password)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,'
      .. '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},'
      .. '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"p99_9":%d,"max":%d,"mean":%.1f,"stdev":%.1f},'
      .. '"statuses":%s}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean, latency.stdev, statuses_json()))
end

return common
