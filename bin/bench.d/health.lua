-- GET /health: every dependency check (PostgreSQL SELECT 1, Redis PING, heap), as the original's suite.
local common = dofile(os.getenv("BENCH_LIB") .. "/common.lua")
wrk.method = "GET"
wrk.path = "/health"
