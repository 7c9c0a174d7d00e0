-- wrk script: POST a body of otp/generate's size to the bare JSON echo route.
dofile("scripts/bench-server/report.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"identifierType":"MOBILE","identifierValue":"910000000000","deviceId":"bench-device","brand":"Bench","sessionId":"P-00000000-0000-0000-0000-000000000000"}'
wrk.path = "/echo"
