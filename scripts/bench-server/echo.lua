-- wrk script: POST a body of otp/generate's size to the bare JSON echo route.
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"identifierType":"MOBILE","identifierValue":"910000000000","deviceId":"bench-device","brand":"Bench","sessionId":"P-00000000-0000-0000-0000-000000000000"}'
wrk.path = "/echo"

if delay_ms > 0 then
  function delay() return delay_ms end
end

function done(summary, latency, requests)
  local ok = summary.requests - summary.errors.status - summary.errors.connect - summary.errors.read - summary.errors.write - summary.errors.timeout
  io.write(string.format("RESULT requests=%d ok=%d errors=%d seconds=%.3f p50_us=%d p99_us=%d\n",
    summary.requests, ok, summary.requests - ok, summary.duration / 1e6, latency:percentile(50), latency:percentile(99)))
end
