-- GET $BENCH_PATH as the seeded users, rotating over their tokens: the profile (JWT verify + near cache; also the
-- "connections" scenario's 10,000 keep-alive connections), eligibility, my-vouchers and my-promotions scenarios
-- (per-user promotion views).
local common = dofile(os.getenv("BENCH_LIB") .. "/common.lua")
local path = os.getenv("BENCH_PATH")
local next_request

function init(args)
  next_request = common.rotation(function(user) return common.get(path, user.token) end)
end

function request()
  return next_request()
end
