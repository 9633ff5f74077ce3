#include "infra/metric_hooks.hpp"

#include <gtest/gtest.h>

#include "infra/process_metrics.hpp"
#include "prometheus_parser.hpp"
#include "util/clock.hpp"

namespace jm::infra {
namespace {

TEST(MetricHooks, RegisteredFamiliesShowEverySeriesAtZero) {
  Registry r;
  register_hook_metrics({"general", "auth"}, r);
  auto parsed = test::parse_prometheus_text(r.render());
  ASSERT_TRUE(parsed.errors.empty()) << parsed.errors.front();
  EXPECT_EQ(parsed.value("journeyman_rate_limit_rejections_total", {{"class", "general"}}), 0);
  EXPECT_EQ(parsed.value("journeyman_rate_limit_rejections_total", {{"class", "auth"}}), 0);
  for (auto severity : kSuspiciousSeverities) {
    EXPECT_EQ(
        parsed.value("journeyman_suspicious_requests_total", {{"severity", std::string(severity)}}),
        0)
        << severity;
  }
  for (auto cache : kCachedResources) {
    for (const char* name : {"journeyman_cache_hits_total", "journeyman_cache_misses_total",
                             "journeyman_cache_evictions_total"}) {
      EXPECT_EQ(parsed.value(name, {{"cache", std::string(cache)}}), 0) << name << " " << cache;
    }
  }
  for (const char* name :
       {"journeyman_websocket_clients", "journeyman_websocket_dropped_messages_total",
        "journeyman_jobs_queue_depth", "journeyman_jobs_failed_total"}) {
    EXPECT_EQ(parsed.value(name), 0) << name;
  }
}

TEST(MetricHooks, HooksBumpTheRegisteredSeries) {
  Registry r;
  register_hook_metrics({"general"}, r);
  rate_limit_rejections("general", r).inc();
  rate_limit_rejections("auth", r).inc(2);  // a class no route declared yet: still counted
  suspicious_requests("high", r).inc();
  cache_hits("leaderboard", r).inc(3);
  cache_misses("leaderboard", r).inc();
  cache_evictions("daily", r).inc(2);
  websocket_clients(r).set(4);
  websocket_dropped_messages(r).inc();
  jobs_queue_depth(r).set(2);
  jobs_failed(r).inc();
  auto parsed = test::parse_prometheus_text(r.render());
  ASSERT_TRUE(parsed.errors.empty()) << parsed.errors.front();
  EXPECT_EQ(parsed.value("journeyman_rate_limit_rejections_total", {{"class", "general"}}), 1);
  EXPECT_EQ(parsed.value("journeyman_rate_limit_rejections_total", {{"class", "auth"}}), 2);
  EXPECT_EQ(parsed.value("journeyman_suspicious_requests_total", {{"severity", "high"}}), 1);
  EXPECT_EQ(parsed.value("journeyman_cache_hits_total", {{"cache", "leaderboard"}}), 3);
  EXPECT_EQ(parsed.value("journeyman_cache_misses_total", {{"cache", "leaderboard"}}), 1);
  EXPECT_EQ(parsed.value("journeyman_cache_evictions_total", {{"cache", "daily"}}), 2);
  EXPECT_EQ(parsed.value("journeyman_cache_hits_total", {{"cache", "daily"}}), 0);
  EXPECT_EQ(parsed.value("journeyman_websocket_clients"), 4);
  EXPECT_EQ(parsed.value("journeyman_websocket_dropped_messages_total"), 1);
  EXPECT_EQ(parsed.value("journeyman_jobs_queue_depth"), 2);
  EXPECT_EQ(parsed.value("journeyman_jobs_failed_total"), 1);
}

TEST(ProcessMetrics, BuildInfoStartTimeUptimeAndResidentMemory) {
  Registry r;
  ManualClock clock(1'700'000'000'000);
  {
    auto callbacks = register_process_metrics(clock, clock.now_ms(), r);
    clock.advance(90'500);
    auto parsed = test::parse_prometheus_text(r.render());
    ASSERT_TRUE(parsed.errors.empty()) << parsed.errors.front();
    EXPECT_EQ(parsed.value("journeyman_build_info", {{"version", JOURNEYMAN_VERSION}}), 1);
    EXPECT_EQ(parsed.value("journeyman_process_start_time_seconds"), 1'700'000'000);
    EXPECT_EQ(parsed.value("journeyman_uptime_seconds"), 90.5);
    auto rss = parsed.value("journeyman_process_resident_memory_bytes");
    ASSERT_TRUE(rss.has_value());
    EXPECT_GT(*rss, 1024 * 1024);  // this test binary is certainly over 1 MiB resident
    EXPECT_LT(*rss, 64.0 * 1024 * 1024 * 1024);
  }
  EXPECT_EQ(r.render().find("journeyman_uptime_seconds"), std::string::npos);  // unregistered
}

TEST(ProcessMetrics, ResidentMemoryGrowsWithTouchedPages) {
  auto before = resident_memory_bytes();
  ASSERT_TRUE(before.has_value());
  std::vector<char> block(64 * 1024 * 1024, 1);  // written, so resident
  auto after = resident_memory_bytes();
  ASSERT_TRUE(after.has_value());
  EXPECT_GE(*after, *before + 32 * 1024 * 1024) << static_cast<int>(block[12345]);
}

}  // namespace
}  // namespace jm::infra
