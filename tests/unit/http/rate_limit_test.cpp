#include "http/middleware/rate_limit.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "http/errors.hpp"
#include "http/middleware/standard.hpp"
#include "http/pipeline.hpp"

namespace jm::http {
namespace {

Response run(Pipeline& p, Request& req) {
  boost::asio::io_context ioc;
  Response out;
  boost::asio::co_spawn(
      ioc, [&]() -> boost::asio::awaitable<void> { out = co_await p.handle(req); },
      [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
      });
  ioc.run();
  return out;
}

Handler ok_handler() {
  return [](Request& req) -> boost::asio::awaitable<Response> {
    co_return json_response(req, Status::ok, {{"ok", true}});
  };
}

class RateLimitTest : public ::testing::Test {
 protected:
  void build(Config config) {
    router_.add(Verb::get, "/health", ok_handler(),
                {ErrorStyle::standard, Access::public_, "none"});
    router_.add(Verb::get, "/api/v1/things", ok_handler());  // default class: general
    router_.add(Verb::post, "/save-player", ok_handler(),
                {ErrorStyle::legacy, Access::public_, "submit"});
    RateLimit::check_routes(router_);
    auto rate_limit =
        std::make_unique<RateLimit>(infra::RateLimitTable::from_config(config),
                                    std::make_shared<infra::LocalRateLimiter>(), clock_);
    limiter_ = rate_limit.get();
    std::vector<std::unique_ptr<Middleware>> chain;
    chain.push_back(make_request_id_header());
    chain.push_back(make_security_headers());
    chain.push_back(std::move(rate_limit));
    pipeline_ = std::make_unique<Pipeline>(router_, std::move(chain));
  }

  Response call(Verb method, std::string path, std::string ip = "198.51.100.1") {
    Request req;
    req.raw.method(method);
    req.raw.target(path);
    req.raw.version(11);
    req.path = std::move(path);
    req.remote_ip = std::move(ip);
    return run(*pipeline_, req);
  }

  static Config tiny(std::string cls, std::string rule) {
    Config c;
    c.rate_rules[std::move(cls)] = std::move(rule);
    return c;
  }

  ManualClock clock_{1'700'000'000'000};
  Router router_;
  RateLimit* limiter_ = nullptr;
  std::unique_ptr<Pipeline> pipeline_;
};

TEST_F(RateLimitTest, AllowedResponsesCarryRateLimitHeaders) {
  build(Config{});
  auto res = call(Verb::get, "/api/v1/things");
  EXPECT_EQ(res.result(), Status::ok);
  EXPECT_EQ(res["RateLimit-Limit"], "100");
  EXPECT_EQ(res["RateLimit-Remaining"], "99");
  EXPECT_EQ(res["RateLimit-Reset"], "9");  // one token refills every 9 s
  EXPECT_EQ(res["RateLimit-Policy"], "100;w=900");
}

TEST_F(RateLimitTest, RefusesWith429RetryAfterAndTheStandardError) {
  build(tiny("general", "3/2s"));
  for (int i = 0; i < 3; ++i) ASSERT_EQ(call(Verb::get, "/api/v1/things").result(), Status::ok);
  auto res = call(Verb::get, "/api/v1/things");
  EXPECT_EQ(res.result(), Status::too_many_requests);
  EXPECT_EQ(res["Retry-After"], "1");  // 667 ms, rounded up
  EXPECT_EQ(res["RateLimit-Remaining"], "0");
  EXPECT_EQ(res["RateLimit-Policy"], "3;w=2");
  EXPECT_EQ(res["X-Frame-Options"], "SAMEORIGIN");
  EXPECT_FALSE(res["X-Request-Id"].empty());
  auto body = nlohmann::json::parse(res.body());
  EXPECT_EQ(body["error"]["code"], "rate_limited");
  EXPECT_EQ(body["error"]["message"], "Too many requests, retry in 1 s");
  EXPECT_EQ(limiter_->rejected("general"), 1u);
  EXPECT_EQ(limiter_->rejected("submit"), 0u);

  clock_.advance(667);
  EXPECT_EQ(call(Verb::get, "/api/v1/things").result(), Status::ok);
}

TEST_F(RateLimitTest, RetryAfterRoundsUpWholeSeconds) {
  build(tiny("general", "1/1h"));
  call(Verb::get, "/api/v1/things");
  auto res = call(Verb::get, "/api/v1/things");
  EXPECT_EQ(res["Retry-After"], "3600");
  clock_.advance(1500);
  EXPECT_EQ(call(Verb::get, "/api/v1/things")["Retry-After"], "3599");  // 3598.5 s → 3599
}

TEST_F(RateLimitTest, LegacyRoutesGetTheOriginalShape) {
  build(tiny("submit", "1/1m"));
  call(Verb::post, "/save-player");
  auto res = call(Verb::post, "/save-player");
  ASSERT_EQ(res.result(), Status::too_many_requests);
  auto body = nlohmann::json::parse(res.body());
  EXPECT_EQ(body["success"], false);
  EXPECT_EQ(body["error"], "Rate limit exceeded");
  EXPECT_EQ(body["message"], "Too many requests, retry in 60 s");
  EXPECT_EQ(body["code"], "rate_limited");
}

TEST_F(RateLimitTest, LimitsArePerClassAndPerIp) {
  build(tiny("general", "1/1m"));
  EXPECT_EQ(call(Verb::get, "/api/v1/things", "198.51.100.1").result(), Status::ok);
  EXPECT_EQ(call(Verb::get, "/api/v1/things", "198.51.100.1").result(), Status::too_many_requests);
  EXPECT_EQ(call(Verb::get, "/api/v1/things", "198.51.100.2").result(), Status::ok);
  EXPECT_EQ(call(Verb::post, "/save-player", "198.51.100.1").result(), Status::ok);
}

TEST_F(RateLimitTest, HealthAndTheWebAppAreNeverLimited) {
  build(tiny("general", "1/1m"));
  for (int i = 0; i < 5; ++i) {
    auto health = call(Verb::get, "/health");
    EXPECT_EQ(health.result(), Status::ok);
    EXPECT_TRUE(health["RateLimit-Limit"].empty());
    auto page = call(Verb::get, "/play/daily");  // no route: the web app's (404 here)
    EXPECT_EQ(page.result(), Status::not_found);
    EXPECT_TRUE(page["RateLimit-Limit"].empty());
  }
}

TEST_F(RateLimitTest, UnknownApiPathsCountAsGeneral) {
  build(tiny("general", "2/1m"));
  EXPECT_EQ(call(Verb::get, "/api/nope").result(), Status::not_found);
  EXPECT_EQ(call(Verb::get, "/admin/security-logs").result(), Status::not_found);
  auto res = call(Verb::get, "/api/v1/things");
  EXPECT_EQ(res.result(), Status::too_many_requests);
  // A wrong method on a known path is counted too.
  EXPECT_EQ(call(Verb::put, "/save-player", "198.51.100.9")["RateLimit-Limit"], "2");
}

TEST_F(RateLimitTest, OffDisablesEveryClass) {
  Config c = tiny("general", "1/1m");
  c.rate_limits = false;
  build(c);
  for (int i = 0; i < 5; ++i) {
    auto res = call(Verb::get, "/api/v1/things");
    EXPECT_EQ(res.result(), Status::ok);
    EXPECT_TRUE(res["RateLimit-Limit"].empty());
  }
}

TEST(RateLimitRoutes, UnknownClassFailsAtStart) {
  Router router;
  router.add(Verb::get, "/x", ok_handler(), {ErrorStyle::standard, Access::public_, "genral"});
  EXPECT_THROW(RateLimit::check_routes(router), std::invalid_argument);
}

}  // namespace
}  // namespace jm::http
