-- POST /auth/login: existing users (the seeded pool, rotating), each a bcrypt verification.
local common = dofile(os.getenv("BENCH_LIB") .. "/common.lua")
common.count_statuses()
local next_request

function init(args)
  next_request = common.rotation(function(user)
    return common.post_json("/auth/login", common.login_body(user.username))
  end)
end

function request()
  return next_request()
end
