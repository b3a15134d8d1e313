-- GET /promotions/eligibility: the seeded users' campaign eligibility and vouchers (PostgreSQL reads), rotating over
-- their tokens.
local common = dofile(os.getenv("BENCH_LIB") .. "/common.lua")
local next_request

function init(args)
  next_request = common.rotation(function(user) return common.get("/promotions/eligibility", user.token) end)
end

function request()
  return next_request()
end
