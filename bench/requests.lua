-- wrk script: cycle through the requests of a file, one per line:
--   METHOD <tab> PATH <tab> HEADER: VALUE|HEADER: VALUE <tab> BODY
-- and print the latency percentiles and counts as one JSON line when done.

local requests = {}
local index = 0

local function split(text, separator)
  local parts = {}
  for part in (text .. separator):gmatch("(.-)" .. separator) do
    table.insert(parts, part)
  end
  return parts
end

function init(args)
  for line in io.lines(args[1]) do
    local fields = split(line, "\t")
    local headers = {}
    for header in (fields[3] or ""):gmatch("[^|]+") do
      local name, value = header:match("^([^:]+):%s*(.*)$")
      if name then headers[name] = value end
    end
    local body = fields[4]
    if body == "" then body = nil end
    table.insert(requests, wrk.format(fields[1], fields[2], headers, body))
  end
  -- Each connection starts at its own place in the mix.
  index = math.random(#requests) - 1
end

function request()
  index = index % #requests + 1
  return requests[index]
end

function done(summary, latency, requests_)
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "status_errors": %d, "socket_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout))
end
