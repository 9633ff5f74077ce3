// The request-metrics middleware in a real pipeline: route labels are patterns (never raw
// paths), early errors, static files and transport rejects are all counted, and every
// response is timed.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <fstream>

#include "../infra/prometheus_parser.hpp"
#include "http/errors.hpp"
#include "http/middleware/standard.hpp"
#include "http/middleware/static_files.hpp"
#include "http/pipeline.hpp"
#include "infra/metrics.hpp"

namespace jm::http {
namespace {

namespace fs = std::filesystem;

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

Request make_request(Verb method, std::string path, std::string body = {},
                     std::string content_type = {}) {
  Request req;
  req.raw.method(method);
  req.raw.target(path);
  req.raw.version(11);
  req.path = std::move(path);
  if (!content_type.empty()) req.raw.set("Content-Type", content_type);
  req.raw.body() = std::move(body);
  return req;
}

class MetricsMiddlewareTest : public ::testing::Test {
 protected:
  MetricsMiddlewareTest() {
    web_root_ =
        fs::temp_directory_path() /
        ("jm-metrics-web-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(web_root_);
    std::ofstream(web_root_ / "index.html") << "<!doctype html><title>app</title>";

    router_.add(Verb::get, "/api/v1/games/:id",
                [](Request& req) -> boost::asio::awaitable<Response> {
                  co_return json_response(req, Status::ok, {{"id", req.param("id")}});
                });
    router_.add(Verb::post, "/api/v1/games", [](Request& req) -> boost::asio::awaitable<Response> {
      co_return json_response(req, Status::created, {{"ok", true}});
    });
    std::vector<std::unique_ptr<Middleware>> chain;
    chain.push_back(make_request_metrics(router_, registry_));
    chain.push_back(make_body_checks());
    chain.push_back(make_static_files(web_root_.string()));
    pipeline_ = std::make_unique<Pipeline>(router_, std::move(chain));
  }
  ~MetricsMiddlewareTest() override {
    std::error_code ec;
    fs::remove_all(web_root_, ec);
  }

  test::PromParse scrape() {
    auto parsed = test::parse_prometheus_text(registry_.render());
    for (const auto& e : parsed.errors) ADD_FAILURE() << e;
    return parsed;
  }
  double requests(const std::string& route, const std::string& method, const std::string& status) {
    return scrape()
        .value("journeyman_http_requests_total",
               {{"route", route}, {"method", method}, {"status", status}})
        .value_or(0);
  }
  double timed(const std::string& route) {
    return scrape()
        .value("journeyman_http_request_duration_seconds_count", {{"route", route}})
        .value_or(-1);
  }
  Response send(Verb method, std::string path, std::string body = {}, std::string type = {}) {
    auto req = make_request(method, std::move(path), std::move(body), std::move(type));
    return run(*pipeline_, req);
  }

  fs::path web_root_;
  infra::Registry registry_;
  Router router_;
  std::unique_ptr<Pipeline> pipeline_;
};

TEST_F(MetricsMiddlewareTest, CountsByRoutePatternNotRawPath) {
  for (int i = 0; i < 3; ++i) send(Verb::get, "/api/v1/games/g" + std::to_string(i));
  send(Verb::head, "/api/v1/games/g9");
  EXPECT_EQ(requests("/api/v1/games/:id", "GET", "200"), 3);
  EXPECT_EQ(requests("/api/v1/games/:id", "HEAD", "200"), 1);
  EXPECT_EQ(timed("/api/v1/games/:id"), 4);
  EXPECT_EQ(registry_.render().find("/api/v1/games/g1"), std::string::npos);
}

TEST_F(MetricsMiddlewareTest, CountsEarlyErrorsUnderTheirRoute) {
  auto res = send(Verb::post, "/api/v1/games", "{}", "text/plain");
  ASSERT_EQ(res.result(), Status::unsupported_media_type);
  EXPECT_EQ(requests("/api/v1/games", "POST", "415"), 1);
  send(Verb::post, "/api/v1/games", "{}", "application/json");
  EXPECT_EQ(requests("/api/v1/games", "POST", "201"), 1);
  EXPECT_EQ(timed("/api/v1/games"), 2);
}

TEST_F(MetricsMiddlewareTest, UnmatchedAndStaticHaveTheirOwnBoundedLabels) {
  EXPECT_EQ(send(Verb::get, "/api/nothing/here").result(), Status::not_found);
  EXPECT_EQ(send(Verb::delete_, "/api/v1/games/x").result(), Status::method_not_allowed);
  EXPECT_EQ(send(Verb::get, "/play/daily").result(), Status::ok);  // the app's index.html
  EXPECT_EQ(send(Verb::get, "/missing.js").result(), Status::not_found);
  EXPECT_EQ(requests("unmatched", "GET", "404"), 2);
  EXPECT_EQ(requests("unmatched", "DELETE", "405"), 1);
  EXPECT_EQ(requests("static", "GET", "200"), 1);
  EXPECT_EQ(timed("unmatched"), 3);
  EXPECT_EQ(timed("static"), 1);
  EXPECT_EQ(registry_.render().find("/play/daily"), std::string::npos);
}

TEST_F(MetricsMiddlewareTest, CountsTransportRejects) {
  Request req;  // as after a header-size failure: nothing parsed
  auto res = pipeline_->reject(req, {Status::request_header_fields_too_large, "x", "y", {}});
  EXPECT_EQ(res.result(), Status::request_header_fields_too_large);
  EXPECT_EQ(requests("unmatched", "OTHER", "431"), 1);
}

TEST_F(MetricsMiddlewareTest, ManyStatusesPerRouteStayCorrectBeyondTheCache) {
  // More (method, status) pairs than the lock-free cache holds: the rest take the slow path.
  Router router;
  int next_status = 200;
  router.add(Verb::get, "/s", [&](Request& req) -> boost::asio::awaitable<Response> {
    co_return json_response(req, static_cast<Status>(next_status), {});
  });
  infra::Registry registry;
  std::vector<std::unique_ptr<Middleware>> chain;
  chain.push_back(make_request_metrics(router, registry));
  Pipeline pipeline(router, std::move(chain));
  for (int round = 0; round < 2; ++round) {
    for (int s = 200; s < 230; ++s) {
      next_status = s;
      auto req = make_request(Verb::get, "/s");
      run(pipeline, req);
    }
  }
  auto parsed = test::parse_prometheus_text(registry.render());
  ASSERT_TRUE(parsed.errors.empty()) << parsed.errors.front();
  for (int s = 200; s < 230; ++s) {
    EXPECT_EQ(parsed.value("journeyman_http_requests_total",
                           {{"route", "/s"}, {"method", "GET"}, {"status", std::to_string(s)}}),
              2)
        << s;
  }
  EXPECT_EQ(parsed.value("journeyman_http_request_duration_seconds_count", {{"route", "/s"}}), 60);
}

}  // namespace
}  // namespace jm::http
