-- wrk script for the benchmarks: sends WRK_METHOD (default POST) with WRK_BODY (default a small
-- JSON object) and prints one line "WRKJSON {...}" with the figures bench/lib/wrk.ts reads.
wrk.method = os.getenv("WRK_METHOD") or "POST"
wrk.body = os.getenv("WRK_BODY") or '{"name":"bench","value":1}'
wrk.headers["Content-Type"] = "application/json"

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"mean_us":%.1f,"p50_us":%d,"p90_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max))
end
