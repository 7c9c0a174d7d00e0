-- wrk script: POST otp/generate for the prepared sessions, one after another per thread,
-- optionally paced (DELAY_MS between a response and the next request on a connection).
local sessions = {}
for line in io.lines(os.getenv("SESSIONS_FILE")) do sessions[#sessions + 1] = line end
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
local counter = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function request()
  counter = counter + 1
  local session = sessions[(counter % #sessions) + 1]
  local body = '{"identifierType":"MOBILE","identifierValue":"' .. session:sub(1, 12) .. '","deviceId":"bench-device","brand":"Bench","sessionId":"' .. session:sub(14) .. '"}'
  return wrk.format(nil, "/auth/v1/otp/generate", nil, body)
end

if delay_ms > 0 then
  function delay() return delay_ms end
end

function done(summary, latency, requests)
  local ok = summary.requests - summary.errors.status - summary.errors.connect - summary.errors.read - summary.errors.write - summary.errors.timeout
  io.write(string.format("RESULT requests=%d ok=%d errors=%d seconds=%.3f p50_us=%d p99_us=%d\n",
    summary.requests, ok, summary.requests - ok, summary.duration / 1e6, latency:percentile(50), latency:percentile(99)))
end
