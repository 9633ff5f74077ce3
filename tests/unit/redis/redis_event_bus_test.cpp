// Two "instances" (two buses with their own connections) sharing the test Redis: events
// reach both exactly once, invalidations reach only the others, revocations reach all.
#include "infra/redis/redis_event_bus.hpp"

#include <gtest/gtest.h>

#include <random>

#include "infra/redis/revocation_list.hpp"
#include "redis_test_server.hpp"
#include "util/clock.hpp"

namespace jm::infra {
namespace {

using jm::testing::eventually;

struct Instance {
  Instance(const RedisUrl& url, std::string id, const std::string& prefix, const Clock& clock)
      : commands(RedisClientOptions{url}),
        subscriber(RedisClientOptions{url}),
        bus(commands, subscriber, std::move(id), fallbacks, prefix),
        revocations(commands, subscriber, clock, fallbacks, prefix) {
    commands.start();
    subscriber.start();
  }
  // The clients' threads call into the bus and the list: stop them before those go.
  ~Instance() {
    subscriber.stop();
    commands.stop();
  }
  Registry registry;
  Counter& fallbacks = registry.counter("test_fallbacks_total", "t").get();
  RedisClient commands;
  RedisClient subscriber;
  RedisEventBus bus;
  RevocationList revocations;
};

class TwoInstances : public ::testing::Test {
 protected:
  void SetUp() override {
    auto text = jm::testing::test_redis_url();
    if (text.empty()) GTEST_SKIP() << "JOURNEYMAN_TEST_REDIS_URL is not set";
    auto url = *parse_redis_url(text).url;
    std::random_device rd;
    url_ = url;
    prefix_ = "jm:test:bus:" + std::to_string(getpid()) + ":" + std::to_string(rd()) + ":";
    a_ = std::make_unique<Instance>(url, "a", prefix_, clock_);
    b_ = std::make_unique<Instance>(url, "b", prefix_, clock_);
    ASSERT_TRUE(eventually([&] {
      return a_->commands.up() && a_->subscriber.up() && b_->commands.up() && b_->subscriber.up();
    }));
  }

  // Messages collected by a subscriber callback (called on another thread).
  struct Inbox {
    std::mutex mutex;
    std::vector<std::string> texts;
    void add(const std::string& t) {
      std::lock_guard lock(mutex);
      texts.push_back(t);
    }
    std::size_t size() {
      std::lock_guard lock(mutex);
      return texts.size();
    }
  };

  SystemClock clock_;
  RedisUrl url_;
  std::string prefix_;
  std::unique_ptr<Instance> a_, b_;
};

TEST_F(TwoInstances, EveryInstanceSeesEachEventOnce) {
  Inbox at_a, at_b;
  auto sa = a_->bus.subscribe(kPublicChannel, [&](const std::string& t) { at_a.add(t); });
  auto sb = b_->bus.subscribe(kPublicChannel, [&](const std::string& t) { at_b.add(t); });
  // The SUBSCRIBE of b's connection may still be in flight: wait until one gets through.
  ASSERT_TRUE(eventually([&] {
    a_->bus.publish(kPublicChannel, R"({"warmup":true})");
    return at_b.size() > 0;
  }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto a0 = at_a.size(), b0 = at_b.size();
  EXPECT_EQ(a0, b0) << "a delivered its own events locally, b once each via Redis";

  a_->bus.publish(kPublicChannel, R"({"n":1})");
  b_->bus.publish(kPublicChannel, R"({"n":2})");
  ASSERT_TRUE(eventually([&] { return at_a.size() == a0 + 2 && at_b.size() == b0 + 2; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(at_a.size(), a0 + 2) << "no event twice";
  EXPECT_EQ(at_b.size(), b0 + 2);
  EXPECT_EQ(a_->fallbacks.value(), 0);
}

TEST_F(TwoInstances, InvalidationsReachOnlyTheOtherInstances) {
  Inbox at_a, at_b;
  auto sa = a_->bus.on_remote_invalidation([&](const std::string& t) { at_a.add(t); });
  auto sb = b_->bus.on_remote_invalidation([&](const std::string& t) { at_b.add(t); });
  ASSERT_TRUE(eventually([&] {
    a_->bus.publish_invalidation("leaderboard");
    return at_b.size() > 0;
  }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(at_a.size(), 0u);
  std::lock_guard lock(at_b.mutex);
  EXPECT_EQ(at_b.texts.front(), "leaderboard");
}

TEST_F(TwoInstances, ARevocationIsSeenEverywhereAndReloadedAfterAReconnect) {
  auto now_s = clock_.now_ms() / 1000;
  security::AccessClaims token{"user-1", "player", "jti-1", now_s - 10, now_s + 600};
  security::AccessClaims other{"user-1", "player", "jti-2", now_s + 1, now_s + 600};
  ASSERT_TRUE(eventually([&] {
    a_->revocations.revoke_token("jti-1", now_s + 600);
    return b_->revocations.is_revoked(token);
  }));
  EXPECT_TRUE(a_->revocations.is_revoked(token));
  EXPECT_FALSE(b_->revocations.is_revoked(other));

  b_->revocations.revoke_user_before("user-1", now_s, now_s + 900);
  EXPECT_TRUE(b_->revocations.is_revoked({"user-1", "player", "x", now_s - 1, now_s + 600}));
  EXPECT_FALSE(b_->revocations.is_revoked(other)) << "issued after the cutoff";
  ASSERT_TRUE(eventually([&] {
    return a_->revocations.is_revoked({"user-1", "player", "x", now_s - 1, now_s + 600});
  }));

  // A third instance that starts later loads both from Redis (SCAN), not the channel.
  Instance c(url_, "c", prefix_, clock_);
  EXPECT_TRUE(eventually([&] {
    return c.revocations.is_revoked(token) &&
           c.revocations.is_revoked({"user-1", "player", "x", now_s - 1, now_s + 600});
  }));
  EXPECT_FALSE(c.revocations.is_revoked(other));
}

}  // namespace
}  // namespace jm::infra
