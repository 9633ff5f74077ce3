#include "http/pipeline.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "http/middleware/standard.hpp"
#include "util/unavailable.hpp"

namespace jm::http {
namespace {

// Runs one request through a pipeline synchronously.
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

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest() {
    router_.add(Verb::post, "/echo", [](Request& req) -> boost::asio::awaitable<Response> {
      co_return json_response(req, Status::ok, {{"got", req.json.value_or(nullptr)}});
    });
    router_.add(Verb::get, "/boom", [](Request&) -> boost::asio::awaitable<Response> {
      throw std::runtime_error("secret detail");
      co_return Response{};
    });
    router_.add(Verb::get, "/down", [](Request&) -> boost::asio::awaitable<Response> {
      throw DependencyUnavailable("database is locked");
      co_return Response{};
    });
    router_.add(Verb::get, "/big", [](Request& req) -> boost::asio::awaitable<Response> {
      co_return json_response(req, Status::ok, {{"text", std::string(4000, 'x')}});
    });
    std::vector<std::unique_ptr<Middleware>> chain;
    chain.push_back(make_request_id_header());
    chain.push_back(make_security_headers());
    chain.push_back(make_cors({"http://allowed.test"}));
    chain.push_back(make_gzip());
    chain.push_back(make_body_checks());
    pipeline_ = std::make_unique<Pipeline>(router_, std::move(chain));
  }
  Router router_;
  std::unique_ptr<Pipeline> pipeline_;
};

TEST_F(PipelineTest, MintsRequestIdAndSetsSecurityHeadersOnErrors) {
  auto req = make_request(Verb::get, "/missing");
  auto res = run(*pipeline_, req);
  EXPECT_EQ(res.result(), Status::not_found);
  EXPECT_FALSE(res["X-Request-Id"].empty());
  EXPECT_EQ(res["X-Frame-Options"], "SAMEORIGIN");
  EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
  auto body = nlohmann::json::parse(res.body());
  EXPECT_EQ(body["error"]["code"], "not_found");
  EXPECT_EQ(body["requestId"], std::string(res["X-Request-Id"]));
}

TEST_F(PipelineTest, HonoursSaneIncomingRequestIdOnly) {
  auto req = make_request(Verb::get, "/missing");
  req.raw.set("X-Request-Id", "client-id.42:abc");
  EXPECT_EQ(run(*pipeline_, req)["X-Request-Id"], "client-id.42:abc");
  auto bad = make_request(Verb::get, "/missing");
  bad.raw.set("X-Request-Id", "<script>");
  EXPECT_NE(run(*pipeline_, bad)["X-Request-Id"], "<script>");
}

TEST_F(PipelineTest, RejectsWrongContentTypeAndBadJson) {
  auto wrong = make_request(Verb::post, "/echo", "{}", "text/plain");
  EXPECT_EQ(run(*pipeline_, wrong).result(), Status::unsupported_media_type);
  auto bad = make_request(Verb::post, "/echo", "{nope", "application/json");
  auto res = run(*pipeline_, bad);
  EXPECT_EQ(res.result(), Status::bad_request);
  EXPECT_EQ(nlohmann::json::parse(res.body())["error"]["code"], "invalid_json");
  auto ok = make_request(Verb::post, "/echo", R"({"a":1})", "application/json; charset=utf-8");
  EXPECT_EQ(nlohmann::json::parse(run(*pipeline_, ok).body())["got"]["a"], 1);
}

TEST_F(PipelineTest, HandlerExceptionBecomes500WithoutDetails) {
  auto req = make_request(Verb::get, "/boom");
  auto res = run(*pipeline_, req);
  EXPECT_EQ(res.result(), Status::internal_server_error);
  EXPECT_EQ(res.body().find("secret detail"), std::string::npos);
}

TEST_F(PipelineTest, UnavailableDependencyBecomes503WithRetryAfter) {
  auto req = make_request(Verb::get, "/down");
  auto res = run(*pipeline_, req);
  EXPECT_EQ(res.result(), Status::service_unavailable);
  EXPECT_EQ(res[boost::beast::http::field::retry_after], "1");
  EXPECT_EQ(res.body().find("locked"), std::string::npos);
}

TEST_F(PipelineTest, VaryKeepsAcceptEncodingWhenCorsAddsOrigin) {
  auto req = make_request(Verb::get, "/big");
  req.raw.set("Origin", "http://allowed.test");
  auto res = run(*pipeline_, req);
  EXPECT_EQ(res[boost::beast::http::field::vary], "Accept-Encoding, Origin");
  auto small = make_request(Verb::get, "/health");
  small.raw.set("Origin", "http://elsewhere.test");
  EXPECT_EQ(run(*pipeline_, small)[boost::beast::http::field::vary], "Origin");
}

TEST_F(PipelineTest, GzipsLargeBodiesOnlyWhenAccepted) {
  auto plain = make_request(Verb::get, "/big");
  auto res = run(*pipeline_, plain);
  EXPECT_TRUE(res[boost::beast::http::field::content_encoding].empty());
  EXPECT_EQ(res[boost::beast::http::field::vary], "Accept-Encoding");
  auto gz = make_request(Verb::get, "/big");
  gz.raw.set("Accept-Encoding", "br, gzip;q=0.8");
  auto zres = run(*pipeline_, gz);
  EXPECT_EQ(zres[boost::beast::http::field::content_encoding], "gzip");
  EXPECT_LT(zres.body().size(), 1000u);
  auto refused = make_request(Verb::get, "/big");
  refused.raw.set("Accept-Encoding", "gzip;q=0");
  EXPECT_TRUE(run(*pipeline_, refused)[boost::beast::http::field::content_encoding].empty());
}

TEST_F(PipelineTest, CorsOnlyForAllowedOrigins) {
  auto allowed = make_request(Verb::options, "/echo");
  allowed.raw.set("Origin", "http://allowed.test");
  auto res = run(*pipeline_, allowed);
  EXPECT_EQ(res.result(), Status::no_content);
  EXPECT_EQ(res["Access-Control-Allow-Origin"], "http://allowed.test");
  auto other = make_request(Verb::options, "/echo");
  other.raw.set("Origin", "http://evil.test");
  auto res2 = run(*pipeline_, other);
  EXPECT_EQ(res2.result(), Status::no_content);
  EXPECT_TRUE(res2["Access-Control-Allow-Origin"].empty());
}

TEST(RequestId, SanityRules) {
  EXPECT_TRUE(is_sane_request_id("abc-123_x.y:z"));
  EXPECT_FALSE(is_sane_request_id(""));
  EXPECT_FALSE(is_sane_request_id(std::string(129, 'a')));
  EXPECT_FALSE(is_sane_request_id("a b"));
}

}  // namespace
}  // namespace jm::http
