-- Shared by the wrk scripts: optional pacing and one machine-readable result line.
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")

if delay_ms > 0 then
  function delay() return delay_ms end
end

function done(summary, latency, requests)
  local ok = summary.requests - summary.errors.status - summary.errors.connect - summary.errors.read - summary.errors.write - summary.errors.timeout
  io.write(string.format("RESULT requests=%d ok=%d errors=%d seconds=%.3f p50_us=%d p99_us=%d\n",
    summary.requests, ok, summary.requests - ok, summary.duration / 1e6, latency:percentile(50), latency:percentile(99)))
end
