-- GET /promotions/campaigns: the public list of active campaigns (served from a 1-second snapshot).
local common = dofile(os.getenv("BENCH_LIB") .. "/common.lua")
wrk.method = "GET"
wrk.path = "/promotions/campaigns"
