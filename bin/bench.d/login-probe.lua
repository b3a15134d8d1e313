-- The login-storm scenario's probe: ONE connection logging in without pause beside the storm, timing each answer by
-- its status (one connection, so each response belongs to the request sent just before it). wrk's own histogram
-- mixes the fast 503s with the slow 200s; this one keeps them apart. Prints "BENCH_PROBE {json}".
local common = dofile(os.getenv("BENCH_LIB") .. "/common.lua")
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } cake_probe_timespec;
int clock_gettime(int clk_id, cake_probe_timespec *tp);
]]
local ts = ffi.new("cake_probe_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3
end

local next_request, sent_at
-- one entry per answer, in two flat lists (wrk's thread:get copies flat tables; a nested one crashes it)
probe_status, probe_us = {}, {}

function init(args)
  next_request = common.rotation(function(user)
    return common.post_json("/auth/login", common.login_body(user.username))
  end)
end

function request()
  sent_at = now_us()
  return next_request()
end

function response(status, headers, body)
  if sent_at == nil then return end
  probe_status[#probe_status + 1] = status
  probe_us[#probe_us + 1] = math.floor(now_us() - sent_at)
  sent_at = nil
end

local function percentile(sorted, p)
  if #sorted == 0 then return 0 end
  local i = math.max(1, math.ceil(p / 100 * #sorted))
  return sorted[i]
end

function done(summary, latency, requests)
  local by_status, parts = {}, {}
  for _, thread in ipairs(PROBE_THREADS) do
    local statuses, micros = thread:get("probe_status") or {}, thread:get("probe_us") or {}
    for i, status in ipairs(statuses) do
      local key = tostring(status)
      by_status[key] = by_status[key] or {}
      table.insert(by_status[key], micros[i])
    end
  end
  for status, list in pairs(by_status) do
    table.sort(list)
    parts[#parts + 1] = string.format('"%s":{"count":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d}', status, #list,
      percentile(list, 50), percentile(list, 90), percentile(list, 99), list[#list])
  end
  table.sort(parts)
  io.write("BENCH_PROBE {" .. table.concat(parts, ",") .. "}\n")
end

-- common.lua's setup() numbers the threads; keep them for done()
PROBE_THREADS = {}
local numbered = setup
function setup(thread)
  numbered(thread)
  PROBE_THREADS[#PROBE_THREADS + 1] = thread
end
