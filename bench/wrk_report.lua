-- wrk reporter: prints one JSON line with the figures bench.py reads.
-- Optional cookie: wrk ... -s wrk_report.lua URL -- "sessionid=..."
local cookie = nil

function init(args)
  if args[1] ~= nil and args[1] ~= "" then cookie = args[1] end
end

function request()
  local headers = { ["Accept-Language"] = "vi" }
  if cookie ~= nil then headers["Cookie"] = cookie end
  return wrk.format("GET", nil, headers)
end

function done(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "errors": %d, "non2xx": %d}\n',
    summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    non2xx))
end
