-- Spreads requests over many members: each request takes the next line of a file, either as a
-- Bearer token (mode "token") or as the last path segment (mode "path").
-- wrk -s rotate.lua <url> -- <file> <token|path> [prefix]
local lines, mode, prefix, i = {}, "token", "", 0

function init(args)
  for line in io.lines(args[1]) do lines[#lines + 1] = line end
  mode = args[2] or "token"
  prefix = args[3] or ""
  i = math.random(#lines)
end

function request()
  i = i % #lines + 1
  if mode == "token" then
    return wrk.format("GET", nil, { Authorization = "Bearer " .. lines[i] })
  end
  return wrk.format("GET", prefix .. lines[i])
end
