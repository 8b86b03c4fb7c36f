-- wrk script for edgefeed's bench and load test. Environment:
--   WRK_PATHS="/a /b"   cycle through these paths (default: the URL's)
--   WRK_RANDOM_HOST=1   send each request with a new Host header (each one a new origin for the Worker)
--   WRK_COUNT_STATUSES=1 count every response's status (makes wrk parse each response: load test only)
-- done() prints the run's figures as one JSON line.
local threads = {}
local paths = {}
for path in string.gmatch(os.getenv("WRK_PATHS") or "", "%S+") do
  table.insert(paths, path)
end
local random_host = os.getenv("WRK_RANDOM_HOST") == "1"
local sent = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

if #paths > 0 or random_host then
  function request()
    sent = sent + 1
    local headers = {}
    for name, value in pairs(wrk.headers) do
      headers[name] = value
    end
    if random_host then
      headers["Host"] = "h" .. math.random(1, 1000000000) .. ".example"
    end
    return wrk.format(nil, #paths > 0 and paths[(sent % #paths) + 1] or nil, headers)
  end
end

if os.getenv("WRK_COUNT_STATUSES") == "1" then
  function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      merged[status] = (merged[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(merged) do
    table.insert(parts, string.format('"%d":%d', status, count))
  end
  local e = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"meanUs":%f,' ..
      '"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d,"statuses":{%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.mean,
    e.connect, e.read, e.write, e.timeout, e.status, table.concat(parts, ",")))
end
