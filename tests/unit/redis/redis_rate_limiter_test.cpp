// The Lua token bucket against a real Redis (JOURNEYMAN_TEST_REDIS_URL): it must decide
// exactly as the in-process LocalRateLimiter, and fall back to it, counted, when Redis
// cannot answer.
#include "infra/redis/redis_rate_limiter.hpp"

#include <gtest/gtest.h>

#include <future>
#include <random>

#include "redis_test_server.hpp"

namespace jm::infra {
namespace {

using jm::testing::eventually;

RedisRateLimiter::Outcome take(RedisRateLimiter& limiter, const std::string& key,
                               const RateRule& rule, std::int64_t now_ms) {
  std::promise<RedisRateLimiter::Outcome> promise;
  auto future = promise.get_future();
  limiter.take(key, rule, now_ms, [&promise](auto outcome) { promise.set_value(outcome); });
  return future.get();
}

std::string unique_prefix() {
  std::random_device rd;
  return "jm:test:rl:" + std::to_string(getpid()) + ":" + std::to_string(rd()) + ":";
}

class RedisBucket : public ::testing::Test {
 protected:
  void SetUp() override {
    auto text = jm::testing::test_redis_url();
    if (text.empty()) GTEST_SKIP() << "JOURNEYMAN_TEST_REDIS_URL is not set";
    RedisClientOptions options;
    options.url = *parse_redis_url(text).url;
    client_ = std::make_unique<RedisClient>(options);
    limiter_ = std::make_unique<RedisRateLimiter>(*client_, std::make_shared<LocalRateLimiter>(),
                                                  fallbacks_, unique_prefix());
    client_->start();
    ASSERT_TRUE(eventually([&] { return client_->up(); }));
  }
  void TearDown() override {
    if (client_) client_->stop();  // before the limiter its ready hook calls goes
  }

  Registry registry_;
  Counter& fallbacks_ = registry_.counter("test_fallbacks_total", "t").get();
  std::unique_ptr<RedisClient> client_;
  std::unique_ptr<RedisRateLimiter> limiter_;
};

void expect_same(const RateDecision& a, const RateDecision& b, const std::string& where) {
  EXPECT_EQ(a.allowed, b.allowed) << where;
  EXPECT_EQ(a.limit, b.limit) << where;
  EXPECT_EQ(a.remaining, b.remaining) << where;
  EXPECT_EQ(a.reset_ms, b.reset_ms) << where;
  EXPECT_EQ(a.retry_after_ms, b.retry_after_ms) << where;
}

TEST_F(RedisBucket, BurstRefillAndRetryAfterAsTheLocalLimiter) {
  LocalRateLimiter local;
  RateRule rule{3, 1000};
  std::int64_t t = 1'700'000'000'000;
  // Burst, refusals, partial refill, a full window idle, a clock that steps back.
  for (std::int64_t dt : {0, 0, 0, 0, 100, 233, 334, 1, 5000, 0, -700, 0, 0, 0, 1}) {
    t += dt;
    auto shared = take(*limiter_, "auth:10.0.0.1", rule, t);
    auto expected = local.take("auth:10.0.0.1", rule, t);
    EXPECT_TRUE(shared.shared);
    expect_same(shared.decision, expected, "t=" + std::to_string(t));
  }
  EXPECT_EQ(fallbacks_.value(), 0);
}

TEST_F(RedisBucket, RandomisedAgreementWithTheLocalLimiter) {
  LocalRateLimiter local;
  std::mt19937 rng(42);
  std::int64_t t = 1'700'000'000'000;
  RateRule rules[] = {{5, 60'000}, {100, 1000}, {1, 86'400'000}};
  for (int i = 0; i < 300; ++i) {
    t += std::uniform_int_distribution<int>(0, 400)(rng);
    const auto& rule = rules[i % 3];
    auto key = "k" + std::to_string(i % 3) + ":" + std::to_string(i % 2);
    auto shared = take(*limiter_, key, rule, t);
    expect_same(shared.decision, local.take(key, rule, t), "step " + std::to_string(i));
  }
}

TEST_F(RedisBucket, SurvivesAScriptFlush) {
  RateRule rule{2, 1000};
  ASSERT_TRUE(take(*limiter_, "x", rule, 1000).shared);
  std::promise<RedisResult> flushed;
  client_->command({"SCRIPT", "FLUSH"}, [&](RedisResult r) { flushed.set_value(r); });
  ASSERT_TRUE(flushed.get_future().get().ok());
  auto after = take(*limiter_, "x", rule, 1000);  // NOSCRIPT → EVAL
  EXPECT_TRUE(after.shared);
  EXPECT_EQ(after.decision.remaining, 0);
}

TEST_F(RedisBucket, TheBucketExpiresWhenFull) {
  RateRule rule{2, 300};
  take(*limiter_, "exp", rule, 1000);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  // The key is gone: a later check at an *earlier* time still finds a full bucket.
  auto again = take(*limiter_, "exp", rule, 900);
  EXPECT_EQ(again.decision.remaining, 1);
}

TEST(RedisRateLimiterFallback, RedisDownDecidesLocallyAndCountsIt) {
  Registry registry;
  auto& fallbacks = registry.counter("test_fallbacks_total", "t").get();
  RedisClientOptions options;
  options.url = {"127.0.0.1", jm::testing::free_port(), "", 0};  // nothing listens
  RedisClient client(options);
  client.start();
  RedisRateLimiter limiter(client, std::make_shared<LocalRateLimiter>(), fallbacks);
  RateRule rule{1, 60'000};
  auto first = take(limiter, "auth:1.2.3.4", rule, 0);
  auto second = take(limiter, "auth:1.2.3.4", rule, 1);
  EXPECT_FALSE(first.shared);
  EXPECT_TRUE(first.decision.allowed);
  EXPECT_FALSE(second.decision.allowed) << "the local limiter still limits";
  EXPECT_EQ(second.decision.retry_after_ms, 59'999);
  EXPECT_EQ(fallbacks.value(), 2);
  client.stop();
}

}  // namespace
}  // namespace jm::infra
