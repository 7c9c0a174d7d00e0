-- wrk script: POST echo.lua's body to otp/generate, for servers whose handler answers a fixed success.
dofile("scripts/bench-server/report.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"identifierType":"MOBILE","identifierValue":"910000000000","deviceId":"bench-device","brand":"Bench","sessionId":"P-00000000-0000-0000-0000-000000000000"}'
wrk.path = "/auth/v1/otp/generate"
