-- wrk script: every request is a distinct Withings notification (form-urlencoded, as Withings sends them).
local thread_no = 0
function setup(thread)
  thread:set("tid", thread_no)
  thread_no = thread_no + 1
end
local n = 0
function request()
  n = n + 1
  local body = "userid=" .. (100000000 * (tid + 1) + n) .. "&appli=1&startdate=1795000000&enddate=1795000060"
  return wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
