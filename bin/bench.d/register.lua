-- POST /auth/register: a new, unique user per request (bcrypt hash + insert + tokens).
local common = dofile(os.getenv("BENCH_LIB") .. "/common.lua")
common.count_statuses()
local next_body

function init(args)
  next_body = common.registrations()
end

function request()
  return common.post_json("/auth/register", next_body())
end
