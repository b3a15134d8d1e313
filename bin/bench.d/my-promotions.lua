-- GET /promotions/my-promotions: the seeded users' own promotions (per-user promotion views), rotating over their tokens.
local common = dofile(os.getenv("BENCH_LIB") .. "/common.lua")
local next_request

function init(args)
  next_request = common.rotation(function(user) return common.get("/promotions/my-promotions", user.token) end)
end

function request()
  return next_request()
end
