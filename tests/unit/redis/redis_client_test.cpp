// The hiredis + Asio client against real redis-servers: commands, timeouts, and
// reconnection after the server goes away and comes back.
#include "infra/redis/redis_client.hpp"

#include <gtest/gtest.h>

#include <future>

#include "redis_test_server.hpp"

namespace jm::infra {
namespace {

using jm::testing::eventually;

RedisResult run(RedisClient& client, std::vector<std::string> args) {
  std::promise<RedisResult> promise;
  auto future = promise.get_future();
  client.command(std::move(args), [&promise](RedisResult r) { promise.set_value(std::move(r)); });
  return future.get();
}

RedisClientOptions fast(RedisUrl url) {
  RedisClientOptions o;
  o.url = std::move(url);
  o.connect_timeout = std::chrono::milliseconds(500);
  o.command_timeout = std::chrono::milliseconds(500);
  o.backoff_initial = std::chrono::milliseconds(20);
  o.backoff_max = std::chrono::milliseconds(200);
  return o;
}

TEST(RedisClient, CommandsAgainstTheTestServer) {
  auto text = jm::testing::test_redis_url();
  if (text.empty()) GTEST_SKIP() << "JOURNEYMAN_TEST_REDIS_URL is not set";
  RedisClient client(fast(*parse_redis_url(text).url));
  client.start();
  ASSERT_TRUE(eventually([&] { return client.up(); }));

  auto key = "jm:test:client:" + std::to_string(getpid());
  EXPECT_TRUE(run(client, {"SET", key, std::string("a\0b", 3), "PX", "10000"}).ok());
  auto got = run(client, {"GET", key});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got.reply.str, std::string("a\0b", 3));  // binary-safe
  auto error = run(client, {"INCR", key});
  EXPECT_EQ(error.outcome, RedisResult::Outcome::reply);
  EXPECT_EQ(error.reply.type, RedisReply::Type::error);
  auto list = run(client, {"MGET", key, key + ":missing"});
  ASSERT_EQ(list.reply.elements.size(), 2u);
  EXPECT_EQ(list.reply.elements[1].type, RedisReply::Type::nil);
  run(client, {"DEL", key});
  EXPECT_EQ(client.connects(), 1u);
}

TEST(RedisClient, DownIsUnavailableAtOnceAndComesBackByItself) {
  if (!jm::testing::have_redis_server()) GTEST_SKIP() << "redis-server is not installed";
  jm::testing::PrivateRedis server;
  int errors = 0;
  RedisClient client(fast(server.url()));
  client.on_error([&errors] { ++errors; });  // only touched on the client's thread
  client.start();
  // Nothing listens yet: connects fail, commands fail fast instead of queueing.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(client.up());
  EXPECT_EQ(run(client, {"PING"}).outcome, RedisResult::Outcome::unavailable);

  server.start();
  ASSERT_TRUE(eventually([&] { return client.up(); })) << "connected once the server is up";
  EXPECT_TRUE(run(client, {"PING"}).ok());

  server.stop();  // SIGKILL
  ASSERT_TRUE(eventually([&] { return !client.up(); })) << "noticed the server died";
  server.start();
  ASSERT_TRUE(eventually([&] { return client.up(); })) << "reconnected by itself";
  EXPECT_TRUE(run(client, {"PING"}).ok());
  EXPECT_GE(client.connects(), 2u);
  client.stop();
  EXPECT_GT(errors, 0);
}

TEST(RedisClient, ACommandThatTimesOutDropsTheConnection) {
  if (!jm::testing::have_redis_server()) GTEST_SKIP() << "redis-server is not installed";
  jm::testing::PrivateRedis server;
  server.start();
  auto options = fast(server.url());
  options.command_timeout = std::chrono::milliseconds(100);
  RedisClient client(options);
  client.start();
  ASSERT_TRUE(eventually([&] { return client.up(); }));
  auto start = std::chrono::steady_clock::now();
  auto slow = run(client, {"DEBUG", "SLEEP", "0.5"});
  EXPECT_EQ(slow.outcome, RedisResult::Outcome::timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(400));
  // The reconnect may land while the server still sleeps (it is single-threaded), so the
  // first PINGs on the new connection can time out too; the client must recover by itself.
  EXPECT_TRUE(eventually([&] { return client.up() && run(client, {"PING"}).ok(); }))
      << "reconnected and serving after the timeout";
}

TEST(RedisClient, SubscriberGetsMessagesAgainAfterAReconnect) {
  if (!jm::testing::have_redis_server()) GTEST_SKIP() << "redis-server is not installed";
  jm::testing::PrivateRedis server;
  server.start();
  std::mutex mutex;
  std::vector<std::string> got;
  RedisClient publisher(fast(server.url()));
  RedisClient subscriber(fast(server.url()));
  subscriber.subscribe({"ch"}, [&](const std::string& channel, std::string payload) {
    std::lock_guard lock(mutex);
    got.push_back(channel + "=" + payload);
  });
  publisher.start();
  subscriber.start();
  auto count = [&] {
    std::lock_guard lock(mutex);
    return got.size();
  };
  auto publish_until_seen = [&](const std::string& text, std::size_t n) {
    return eventually([&] {
      run(publisher, {"PUBLISH", "ch", text});  // repeated: the SUBSCRIBE may still be in flight
      return count() >= n;
    });
  };
  ASSERT_TRUE(eventually([&] { return publisher.up() && subscriber.up(); }));
  ASSERT_TRUE(publish_until_seen("one", 1));
  server.stop();
  server.start();
  ASSERT_TRUE(eventually([&] { return publisher.up() && subscriber.up(); }));
  auto before = count();
  ASSERT_TRUE(publish_until_seen("two", before + 1));
  std::lock_guard lock(mutex);
  EXPECT_EQ(got.front(), "ch=one");
  EXPECT_EQ(got.back(), "ch=two");
}

}  // namespace
}  // namespace jm::infra
