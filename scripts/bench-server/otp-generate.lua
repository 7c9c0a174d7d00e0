-- wrk script: POST otp/generate for the prepared sessions (SESSIONS_FILE), one after another.
dofile("scripts/bench-server/report.lua")

local sessions = {}
for line in io.lines(os.getenv("SESSIONS_FILE")) do sessions[#sessions + 1] = line end
local counter = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function request()
  counter = counter + 1
  local session = sessions[(counter % #sessions) + 1]
  local body = '{"identifierType":"MOBILE","identifierValue":"' .. session:sub(1, 12) .. '","deviceId":"bench-device","brand":"Bench","sessionId":"' .. session:sub(14) .. '"}'
  return wrk.format(nil, "/auth/v1/otp/generate", nil, body)
end
