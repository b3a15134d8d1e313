-- POST /promotions/topup without a voucher, rotating over the seeded users; the simulated bank
-- transfer takes CAKE_PAYMENT_LATENCY_MS (bin/bench sets 100 ms, as the original).
local common = dofile(os.getenv("BENCH_LIB") .. "/common.lua")
common.count_statuses()
local next_request

function init(args)
  next_request = common.rotation(function(user)
    return common.post_json("/promotions/topup", '{"phoneNumber":"0912345678","amount":50000}', user.token)
  end)
end

function request()
  return next_request()
end
