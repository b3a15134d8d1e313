-- The original's mix: 70 % login (pool, rotating), 20 % register (unique), 10 % profile (pool tokens).
local common = dofile(os.getenv("BENCH_LIB") .. "/common.lua")
common.count_statuses()
local next_login, next_profile, next_registration
local n = 0

function init(args)
  next_login = common.rotation(function(user)
    return common.post_json("/auth/login", common.login_body(user.username))
  end)
  next_profile = common.rotation(function(user) return common.get("/auth/profile", user.token) end)
  next_registration = common.registrations()
end

function request()
  n = n + 1
  local slot = n % 10
  if slot < 7 then return next_login() end
  if slot < 9 then return common.post_json("/auth/register", next_registration()) end
  return next_profile()
end
