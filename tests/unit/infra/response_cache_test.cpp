// The response cache: hits and misses, tags, TTL (ManualClock), the LRU bound, the
// stampede guard and invalidations racing computations.
#include "infra/response_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "../infra/prometheus_parser.hpp"

namespace jm::infra {
namespace {

using namespace std::chrono_literals;

CachedResponsePtr body(std::string text) {
  auto r = std::make_shared<CachedResponse>();
  r->body = std::move(text);
  r->etag = "\"" + r->body + "\"";
  r->content_type = "application/json";
  return r;
}

CachePolicy board_policy(std::int64_t ttl_ms = 0, bool stale_ok = false) {
  return {"leaderboard", {std::string(cache_tags::kLeaderboard)}, ttl_ms, stale_ok};
}

class ResponseCacheTest : public ::testing::Test {
 protected:
  double metric(const char* name, const char* cache = "leaderboard") {
    return metric_in(registry, name, cache);
  }
  static double metric_in(const Registry& registry, const char* name, const char* cache) {
    auto parsed = test::parse_prometheus_text(registry.render());
    return parsed.value(name, {{"cache", cache}}).value_or(-1);
  }

  // Computes "v<n>" and counts the computations.
  ResponseCache::Compute counting(std::string prefix = "v") {
    return [this, prefix] { return body(prefix + std::to_string(++computed)); };
  }

  Registry registry;
  ManualClock clock{1'000'000};
  ResponseCache cache{clock, {}, registry};
  std::atomic<int> computed{0};
};

TEST_F(ResponseCacheTest, ComputesOnceThenServesTheStoredEntry) {
  auto first = cache.get_or_compute("k", board_policy(), counting());
  auto second = cache.get_or_compute("k", board_policy(), counting());
  EXPECT_EQ(first->body, "v1");
  EXPECT_EQ(second.get(), first.get());  // the same shared, immutable object
  EXPECT_EQ(computed, 1);
  EXPECT_EQ(metric("journeyman_cache_hits_total"), 1);
  EXPECT_EQ(metric("journeyman_cache_misses_total"), 1);
  EXPECT_EQ(cache.size(), 1u);
  auto parsed = test::parse_prometheus_text(registry.render());
  EXPECT_EQ(parsed.value("journeyman_cache_entries"), 1);
  EXPECT_GT(parsed.value("journeyman_cache_bytes").value_or(0), 0);
}

TEST_F(ResponseCacheTest, InvalidatingATagDropsOnlyItsEntries) {
  CachePolicy daily{"daily", {std::string(cache_tags::kDaily)}};
  cache.get_or_compute("board", board_policy(), counting("board"));
  cache.get_or_compute("daily", daily, counting("daily"));
  cache.invalidate(cache_tags::kLeaderboard);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.get_or_compute("board", board_policy(), counting("board"))->body, "board3");
  EXPECT_EQ(cache.get_or_compute("daily", daily, counting("daily"))->body, "daily2");
  EXPECT_EQ(computed, 3);
  cache.invalidate("a tag nobody uses");  // harmless
  EXPECT_EQ(cache.size(), 2u);
}

TEST_F(ResponseCacheTest, AnEntryWithTwoTagsGoesWithEither) {
  CachePolicy both{"leaderboard", {"leaderboard", "analytics"}};
  cache.get_or_compute("k", both, counting());
  cache.invalidate(cache_tags::kAnalytics);
  EXPECT_EQ(cache.size(), 0u);
  cache.get_or_compute("k", both, counting());
  cache.invalidate(cache_tags::kLeaderboard);
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(computed, 2);
}

TEST_F(ResponseCacheTest, TtlExpiresEntriesOnTheInjectedClock) {
  cache.get_or_compute("k", board_policy(1000), counting());
  clock.advance(999);
  EXPECT_EQ(cache.get_or_compute("k", board_policy(1000), counting())->body, "v1");
  clock.advance(1);
  EXPECT_EQ(cache.get_or_compute("k", board_policy(1000), counting())->body, "v2");
  // Without a TTL an entry lives until invalidated, however much time passes.
  cache.get_or_compute("forever", board_policy(), counting());
  clock.advance(365LL * 86'400'000);
  EXPECT_EQ(cache.get_or_compute("forever", board_policy(), counting())->body, "v3");
}

TEST_F(ResponseCacheTest, LeastRecentlyUsedEntriesAreEvictedBeyondTheEntryCap) {
  Registry own;  // one cache per registry (its gauges are callbacks)
  ResponseCache small(clock, {3, 1 << 20}, own);
  small.get_or_compute("a", board_policy(), counting());
  small.get_or_compute("b", board_policy(), counting());
  small.get_or_compute("c", board_policy(), counting());
  small.get_or_compute("a", board_policy(), counting());  // a is now the most recent
  small.get_or_compute("d", board_policy(), counting());  // evicts b
  EXPECT_EQ(small.size(), 3u);
  EXPECT_EQ(computed, 4);
  small.get_or_compute("a", board_policy(), counting());
  small.get_or_compute("c", board_policy(), counting());
  EXPECT_EQ(computed, 4);
  small.get_or_compute("b", board_policy(), counting());  // recomputed
  EXPECT_EQ(computed, 5);
  EXPECT_EQ(metric_in(own, "journeyman_cache_evictions_total", "leaderboard"), 2);  // b, then d
}

TEST_F(ResponseCacheTest, TheByteBoundEvictsToo) {
  Registry own;
  ResponseCache small(clock, {100, 10}, own);
  small.get_or_compute("a", board_policy(), [] { return body("12345"); });  // 1 + 5 bytes
  small.get_or_compute("b", board_policy(), [] { return body("12345"); });  // 12 > 10: a goes
  EXPECT_EQ(small.size(), 1u);
  EXPECT_LE(small.bytes(), 10u);
  // One entry larger than the bound is still kept: it was just computed.
  small.get_or_compute("big", board_policy(), [] { return body(std::string(64, 'x')); });
  EXPECT_EQ(small.size(), 1u);
}

TEST_F(ResponseCacheTest, ConcurrentMissesOfOneKeyComputeOnce) {
  std::promise<void> release;
  auto gate = release.get_future().share();
  std::atomic<int> entered{0};
  auto slow = [&] {
    ++entered;
    gate.wait();
    return body("v" + std::to_string(++computed));
  };
  std::vector<std::future<std::string>> readers;
  for (int i = 0; i < 8; ++i) {
    readers.push_back(std::async(
        std::launch::async, [&] { return cache.get_or_compute("k", board_policy(), slow)->body; }));
  }
  while (entered == 0) std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(50ms);  // the others are queued behind the one computing
  EXPECT_EQ(entered, 1);
  release.set_value();
  for (auto& r : readers) EXPECT_EQ(r.get(), "v1");
  EXPECT_EQ(computed, 1);
  EXPECT_EQ(metric("journeyman_cache_misses_total"), 1);
  EXPECT_EQ(metric("journeyman_cache_hits_total"), 7);
}

TEST_F(ResponseCacheTest, AnExpiredStaleOkEntryIsServedWhileOneCallerRefreshes) {
  cache.get_or_compute("k", board_policy(1000, true), counting());
  clock.advance(1000);
  std::promise<void> release;
  auto gate = release.get_future().share();
  std::atomic<bool> entered{false};
  auto refresher = std::async(std::launch::async, [&] {
    return cache
        .get_or_compute("k", board_policy(1000, true),
                        [&] {
                          entered = true;
                          gate.wait();
                          return body("fresh");
                        })
        ->body;
  });
  while (!entered) std::this_thread::sleep_for(1ms);
  // Meanwhile: the stale value, at once, without a second computation.
  EXPECT_EQ(cache.get_or_compute("k", board_policy(1000, true), counting())->body, "v1");
  release.set_value();
  EXPECT_EQ(refresher.get(), "fresh");
  EXPECT_EQ(cache.get_or_compute("k", board_policy(1000, true), counting())->body, "fresh");
  EXPECT_EQ(computed, 1);
}

TEST_F(ResponseCacheTest, AComputationOvertakenByAnInvalidationIsNotStored) {
  std::promise<void> release;
  auto gate = release.get_future().share();
  std::atomic<bool> entered{false};
  auto old_read = std::async(std::launch::async, [&] {
    return cache
        .get_or_compute("k", board_policy(),
                        [&] {
                          entered = true;
                          gate.wait();
                          return body("before the write");
                        })
        ->body;
  });
  while (!entered) std::this_thread::sleep_for(1ms);
  cache.invalidate(cache_tags::kLeaderboard);  // a game finished meanwhile
  // A reader after the write does not wait for (or take) the outdated computation.
  EXPECT_EQ(cache.get_or_compute("k", board_policy(), [] { return body("after"); })->body, "after");
  release.set_value();
  EXPECT_EQ(old_read.get(), "before the write");  // its own caller still gets it
  EXPECT_EQ(cache.get_or_compute("k", board_policy(), counting())->body, "after");
  EXPECT_EQ(computed, 0);
}

TEST_F(ResponseCacheTest, AFailedComputationPropagatesAndIsNotStored) {
  EXPECT_THROW(cache.get_or_compute("k", board_policy(),
                                    []() -> CachedResponsePtr { throw std::runtime_error("db"); }),
               std::runtime_error);
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.get_or_compute("k", board_policy(), counting())->body, "v1");
}

TEST_F(ResponseCacheTest, TheListenerHearsLocalInvalidationsOnly) {
  std::vector<std::string> published;
  cache.set_invalidation_listener([&](const std::string& tag) { published.push_back(tag); });
  cache.get_or_compute("k", board_policy(), counting());
  cache.apply_remote_invalidation(cache_tags::kLeaderboard);  // from another instance
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_TRUE(published.empty());
  cache.invalidate(cache_tags::kDaily);
  EXPECT_EQ(published, std::vector<std::string>{"daily"});
}

TEST_F(ResponseCacheTest, ConcurrentReadsAndInvalidationsNeverServeDataOlderThanTheWrite) {
  // A writer bumps the data's version, then invalidates (the order of a store
  // acknowledgement and the route's invalidation), then publishes the version as done. A
  // reader that starts after that must see at least the published version.
  std::atomic<int> version{0};
  std::atomic<int> published{0};
  std::atomic<bool> stop{false};
  std::atomic<int> violations{0};
  std::atomic<long> reads{0};
  auto compute = [&] { return body(std::to_string(version.load())); };
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      while (!stop) {
        int floor = published.load();
        auto got = std::stoi(cache.get_or_compute("k", board_policy(), compute)->body);
        if (got < floor) ++violations;
        ++reads;
      }
    });
  }
  while (reads.load() == 0) std::this_thread::yield();
  for (int i = 1; i <= 2000; ++i) {
    if (i % 16 == 0) std::this_thread::yield();  // let readers in between writes
    version.store(i);
    cache.invalidate(cache_tags::kLeaderboard);
    published.store(i);
  }
  stop = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(violations, 0);
  EXPECT_GT(reads, 0);
}

}  // namespace
}  // namespace jm::infra
