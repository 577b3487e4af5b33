-- Spreads requests over many members: each request takes the next line of a file, either as a
-- Bearer token (mode "token") or as the last path segment (mode "path"); mode "none" sends the URL as is.
--   wrk -s rotate.lua <url> -- <file|-> <token|path|none> [prefix]
-- With TIMELINE=<file> in the environment it also counts responses per second since wrk started
-- (one run, so no gaps between seconds) and writes "second responses errors" lines to that file.
local lines, mode, prefix, i = {}, "token", "", 0

function init(args)
  mode = args[2] or "token"
  prefix = args[3] or ""
  if mode ~= "none" then
    for line in io.lines(args[1]) do lines[#lines + 1] = line end
    assert(#lines > 0, args[1] .. " is empty")
    i = math.random(#lines)
  end
end

function request()
  if mode == "none" then return wrk.format() end
  i = i % #lines + 1
  if mode == "token" then
    return wrk.format("GET", nil, { Authorization = "Bearer " .. lines[i] })
  end
  return wrk.format("GET", prefix .. lines[i])
end

local timeline = os.getenv("TIMELINE")
if timeline and timeline ~= "" then
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock, bench_timespec *ts);
  ]]
  local ts = ffi.new("bench_timespec")
  local function now() -- CLOCK_MONOTONIC, shared by all of wrk's threads
    ffi.C.clock_gettime(1, ts)
    return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
  end

  local threads = {}
  function setup(thread)
    thread:set("t0", now()) -- just before the threads start: second 1 begins with the first request
    threads[#threads + 1] = thread
  end

  counts, errors = {}, {}
  function response(status)
    local s = math.floor(now() - t0) + 1
    counts[s] = (counts[s] or 0) + 1
    if status >= 400 then errors[s] = (errors[s] or 0) + 1 end
  end

  function done()
    local total, bad, last = {}, {}, 0
    for _, thread in ipairs(threads) do
      for s, n in pairs(thread:get("counts")) do total[s] = (total[s] or 0) + n; if s > last then last = s end end
      for s, n in pairs(thread:get("errors")) do bad[s] = (bad[s] or 0) + n end
    end
    local out = io.open(timeline, "w")
    for s = 1, last do out:write(string.format("%d %d %d\n", s, total[s] or 0, bad[s] or 0)) end
    out:close()
  end
end
