#include "http/router.hpp"

#include <gtest/gtest.h>

namespace jm::http {
namespace {

Handler noop() {
  return [](Request&) -> boost::asio::awaitable<Response> { co_return Response{}; };
}

TEST(Router, MatchesLiteralAndCapturesParams) {
  Router r;
  r.add(Verb::get, "/health", noop());
  r.add(Verb::post, "/api/v1/games/:id/guesses", noop());
  auto m = r.match(Verb::post, "/api/v1/games/abc-123/guesses");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/games/:id/guesses");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].first, "id");
  EXPECT_EQ(m.params[0].second, "abc-123");
  EXPECT_NE(r.match(Verb::get, "/health").route, nullptr);
}

TEST(Router, UnknownPathIsNotFoundWithoutAllowList) {
  Router r;
  r.add(Verb::get, "/health", noop());
  auto m = r.match(Verb::get, "/nope");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.allowed.empty());
  EXPECT_EQ(r.match(Verb::get, "/health/extra").route, nullptr);
}

TEST(Router, WrongMethodListsAllowedMethods) {
  Router r;
  r.add(Verb::post, "/save-player", noop());
  r.add(Verb::get, "/api/consent/:user", noop());
  r.add(Verb::post, "/api/consent/:user", noop());
  auto m = r.match(Verb::put, "/save-player");
  EXPECT_EQ(m.route, nullptr);
  ASSERT_EQ(m.allowed.size(), 1u);
  EXPECT_EQ(allow_header(m.allowed), "POST, OPTIONS");
  auto c = r.match(Verb::delete_, "/api/consent/42");
  EXPECT_EQ(allow_header(c.allowed), "GET, POST, HEAD, OPTIONS");
}

TEST(Router, HeadIsAnsweredByGet) {
  Router r;
  r.add(Verb::get, "/health", noop());
  EXPECT_NE(r.match(Verb::head, "/health").route, nullptr);
}

TEST(Router, EmptyParamSegmentDoesNotMatch) {
  Router r;
  r.add(Verb::get, "/analytics/:type", noop());
  EXPECT_EQ(r.match(Verb::get, "/analytics/").route, nullptr);
  EXPECT_NE(r.match(Verb::get, "/analytics/journeyman").route, nullptr);
}

TEST(PercentDecode, DecodesAndRejectsMalformedEscapes) {
  EXPECT_EQ(percent_decode("/a%20b", false).value(), "/a b");
  EXPECT_EQ(percent_decode("a+b", true).value(), "a b");
  EXPECT_EQ(percent_decode("a+b", false).value(), "a+b");
  EXPECT_FALSE(percent_decode("%2", false).has_value());
  EXPECT_FALSE(percent_decode("%zz", false).has_value());
  EXPECT_FALSE(percent_decode("abc%", false).has_value());
}

TEST(RequestQuery, FindsDecodedParameters) {
  Request req;
  req.query = "q=fitz%20pat&limit=10&flag";
  EXPECT_EQ(req.query_param("q").value(), "fitz pat");
  EXPECT_EQ(req.query_param("limit").value(), "10");
  EXPECT_EQ(req.query_param("flag").value(), "");
  EXPECT_FALSE(req.query_param("missing").has_value());
}

}  // namespace
}  // namespace jm::http
