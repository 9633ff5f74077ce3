-- wrk script: POST /api/game-data with valid bodies and a unique sessionId per request
-- (run id from the command line + wrk thread number + per-thread counter).
--   wrk -t2 -c64 -d10s --latency -s bench/post_game.lua http://127.0.0.1:PORT/api/game-data -- RUNID

local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
end

local run_id = "run"
local counter = 0

function init(args)
  if args[1] ~= nil and args[1] ~= "" then run_id = args[1] end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
end

local modes = { "daily", "easy", "challenge", "practice" }

function request()
  counter = counter + 1
  local session = string.format("bench-%s-%d-%d", run_id, tid or 0, counter)
  local body = string.format(
    '{"name":"Bench Player","email":"bench%d@example.com","gameType":"journeyman","mode":"%s",' ..
    '"durationInSeconds":%d,"guesses":["Josh McCown","Ryan Fitzpatrick","Tom Brady"],' ..
    '"correctCount":%d,"sharedOnSocial":false,"sessionId":"%s",' ..
    '"gameSpecificData":{"puzzle":412,"teamsRevealed":3},"browserInfo":{"ua":"wrk"}}',
    counter % 1000, modes[counter % 4 + 1], 30 + counter % 600, counter % 4, session)
  return wrk.format(nil, nil, nil, body)
end
