#include "infra/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace jm::infra {
namespace {

constexpr std::int64_t kT0 = 1'700'000'000'000;

TEST(LocalRateLimiter, BurstsToCapacityThenRefuses) {
  LocalRateLimiter limiter;
  RateRule rule{5, 60'000};
  for (int i = 0; i < 5; ++i) {
    auto d = limiter.take("ip:1", rule, kT0);
    ASSERT_TRUE(d.allowed) << i;
    EXPECT_EQ(d.limit, 5);
    EXPECT_EQ(d.remaining, 4 - i);
    EXPECT_EQ(d.retry_after_ms, 0);
  }
  auto refused = limiter.take("ip:1", rule, kT0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0);
  EXPECT_EQ(refused.limit, 5);
}

TEST(LocalRateLimiter, RefillsContinuouslyWithInjectedTime) {
  LocalRateLimiter limiter;
  RateRule rule{10, 10'000};  // one token per second
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(limiter.take("k", rule, kT0).allowed);
  EXPECT_FALSE(limiter.take("k", rule, kT0 + 999).allowed);
  auto after_one_second = limiter.take("k", rule, kT0 + 1000);
  EXPECT_TRUE(after_one_second.allowed);
  EXPECT_EQ(after_one_second.remaining, 0);
  // 3.5 s later: 3 whole tokens (and half of a fourth).
  auto later = limiter.take("k", rule, kT0 + 4500);
  EXPECT_TRUE(later.allowed);
  EXPECT_EQ(later.remaining, 2);
  // Never more than capacity, however long the pause.
  auto much_later = limiter.take("k", rule, kT0 + 10'000'000);
  EXPECT_EQ(much_later.remaining, 9);
  EXPECT_EQ(much_later.reset_ms, 1000);
}

TEST(LocalRateLimiter, RetryAfterIsExact) {
  LocalRateLimiter limiter;
  RateRule rule{3, 2000};  // one token per 666.67 ms
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter.take("k", rule, kT0).allowed);
  auto refused = limiter.take("k", rule, kT0);
  ASSERT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_ms, 667);  // ceil(2000 / 3)
  EXPECT_EQ(refused.reset_ms, 2000);
  // One ms before the promised time: still refused; at it: admitted.
  EXPECT_FALSE(limiter.take("k", rule, kT0 + 666).allowed);
  auto retry = limiter.take("k", rule, kT0 + 667);
  EXPECT_TRUE(retry.allowed);
  // Refused right after: the wait is measured from the new state, exactly.
  auto again = limiter.take("k", rule, kT0 + 667);
  EXPECT_FALSE(again.allowed);
  EXPECT_EQ(again.retry_after_ms, 667);  // ceil((2000 - 1 leftover unit) / 3)
}

TEST(LocalRateLimiter, ResetCountsTimeUntilFull) {
  LocalRateLimiter limiter;
  RateRule rule{100, 15 * 60'000};
  auto first = limiter.take("k", rule, kT0);
  EXPECT_EQ(first.remaining, 99);
  EXPECT_EQ(first.reset_ms, 9000);  // one token per 9 s
}

TEST(LocalRateLimiter, SeparateKeysAreIndependent) {
  LocalRateLimiter limiter;
  RateRule rule{2, 60'000};
  EXPECT_TRUE(limiter.take("general:10.0.0.1", rule, kT0).allowed);
  EXPECT_TRUE(limiter.take("general:10.0.0.1", rule, kT0).allowed);
  EXPECT_FALSE(limiter.take("general:10.0.0.1", rule, kT0).allowed);
  EXPECT_TRUE(limiter.take("general:10.0.0.2", rule, kT0).allowed);
  EXPECT_TRUE(limiter.take("auth:10.0.0.1", rule, kT0).allowed);
}

TEST(LocalRateLimiter, ClockSteppingBackRefillsNothing) {
  LocalRateLimiter limiter;
  RateRule rule{1, 1000};
  ASSERT_TRUE(limiter.take("k", rule, kT0).allowed);
  EXPECT_FALSE(limiter.take("k", rule, kT0 - 50'000).allowed);
  EXPECT_TRUE(limiter.take("k", rule, kT0 + 1000).allowed);
}

TEST(LocalRateLimiter, RejectsNonsenseRules) {
  LocalRateLimiter limiter;
  EXPECT_THROW(limiter.take("k", RateRule{0, 1000}, kT0), std::invalid_argument);
  EXPECT_THROW(limiter.take("k", RateRule{1, 0}, kT0), std::invalid_argument);
}

TEST(LocalRateLimiter, ManyThreadsOnOneKeyNeverOverAdmit) {
  LocalRateLimiter limiter;
  RateRule rule{1000, 3'600'000};  // refills ~0.28 tokens per second of the test: none at kT0
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        if (limiter.take("hot", rule, kT0).allowed) admitted.fetch_add(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(admitted.load(), 1000);  // 4000 attempts, exactly capacity admitted
}

TEST(LocalRateLimiter, ManyThreadsOnManyKeysStayIndependent) {
  LocalRateLimiter limiter;
  RateRule rule{10, 60'000};
  std::vector<std::thread> threads;
  std::vector<int> admitted(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        if (limiter.take("ip:" + std::to_string(t), rule, kT0 + i).allowed) ++admitted[t];
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int t = 0; t < 8; ++t) EXPECT_EQ(admitted[t], 10) << t;
}

TEST(LocalRateLimiter, MemoryIsBounded) {
  LocalRateLimiter limiter(1600, 16);
  RateRule rule{5, 60'000};
  for (int i = 0; i < 50'000; ++i) limiter.take("ip:" + std::to_string(i), rule, kT0 + i);
  EXPECT_LE(limiter.size(), limiter.max_buckets());
  EXPECT_GT(limiter.size(), limiter.max_buckets() / 2);
}

TEST(LocalRateLimiter, FullBucketsAreDroppedBeforeBusyOnes) {
  // One shard so the order is observable: 8 slots.
  LocalRateLimiter limiter(8, 1);
  RateRule rule{2, 1000};
  // A busy client empties its bucket at the end of the run.
  for (int i = 0; i < 7; ++i) limiter.take("idle:" + std::to_string(i), rule, kT0);
  ASSERT_TRUE(limiter.take("busy", rule, kT0 + 5000).allowed);
  ASSERT_TRUE(limiter.take("busy", rule, kT0 + 5000).allowed);
  // The idle buckets are full again by now; new keys push them out, not the busy one.
  for (int i = 0; i < 20; ++i) limiter.take("new:" + std::to_string(i), rule, kT0 + 5000);
  EXPECT_FALSE(limiter.take("busy", rule, kT0 + 5000).allowed);
}

}  // namespace
}  // namespace jm::infra
