-- wrk reporter for scripts/bench_run.py: one machine-readable line with percentiles (ms).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50=%.3f p95=%.3f p99=%.3f errors=%d non2xx=%d bytes=%d\n",
    summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status, summary.bytes))
end
