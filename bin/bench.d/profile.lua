-- GET /auth/profile: a cached read (JWT verify + Redis GET), rotating over the seeded users' tokens.
-- Also used by the "connections" scenario with 10,000 keep-alive connections.
local common = dofile(os.getenv("BENCH_LIB") .. "/common.lua")
local next_request

function init(args)
  next_request = common.rotation(function(user) return common.get("/auth/profile", user.token) end)
end

function request()
  return next_request()
end
