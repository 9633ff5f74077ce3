// ETags, If-None-Match (weak comparison), 304s, gzip variants and cache keys.
#include "http/cached_response.hpp"

#include <gtest/gtest.h>

namespace jm::http {
namespace {

Request get(std::vector<std::pair<std::string, std::string>> headers = {}) {
  Request req;
  req.raw.method(Verb::get);
  req.raw.version(11);
  for (auto& [k, v] : headers) req.raw.set(k, v);
  return req;
}

TEST(IfNoneMatch, UsesTheWeakComparison) {
  EXPECT_TRUE(if_none_match_matches("\"abc\"", "\"abc\""));
  EXPECT_TRUE(if_none_match_matches("W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(if_none_match_matches("\"abc\"", "W/\"abc\""));
  EXPECT_TRUE(if_none_match_matches("\"x\", W/\"abc\" ,\"y\"", "\"abc\""));
  EXPECT_TRUE(if_none_match_matches("*", "\"abc\""));
  EXPECT_FALSE(if_none_match_matches("\"abcd\"", "\"abc\""));
  EXPECT_FALSE(if_none_match_matches("abc", "\"abc\""));  // unquoted: malformed
  EXPECT_FALSE(if_none_match_matches("", "\"abc\""));
  EXPECT_FALSE(if_none_match_matches("w/\"abc\"", "\"abc\""));  // W is case-sensitive
}

TEST(CachedResponse, StrongEtagIsAHashOfTheBody) {
  auto a = make_cached_response("{\"a\":1}");
  auto b = make_cached_response("{\"a\":1}");
  auto c = make_cached_response("{\"a\":2}");
  EXPECT_EQ(a->etag, b->etag);  // the same on every instance
  EXPECT_NE(a->etag, c->etag);
  EXPECT_EQ(a->etag.size(), 34u);
  EXPECT_EQ(a->etag.front(), '"');
  EXPECT_EQ(a->etag.back(), '"');
  EXPECT_TRUE(a->gzip_body.empty());  // small: not worth compressing
  EXPECT_EQ(a->content_type, "application/json");
}

TEST(CachedResponse, AnswersWithBodyEtagAndCacheControl) {
  auto cached = make_cached_response("{\"a\":1}");
  auto res = cached_answer(get(), *cached, "public, no-cache");
  EXPECT_EQ(res.result(), Status::ok);
  EXPECT_EQ(res.body(), "{\"a\":1}");
  EXPECT_EQ(res[beast_http::field::etag], cached->etag);
  EXPECT_EQ(res[beast_http::field::cache_control], "public, no-cache");
  EXPECT_EQ(res[beast_http::field::content_type], "application/json");
}

TEST(CachedResponse, MatchingIfNoneMatchGetsA304WithoutBody) {
  auto cached = make_cached_response("{\"a\":1}");
  auto res = cached_answer(get({{"If-None-Match", "W/" + cached->etag}}), *cached, "no-cache");
  EXPECT_EQ(res.result(), Status::not_modified);
  EXPECT_TRUE(res.body().empty());
  EXPECT_EQ(res[beast_http::field::etag], cached->etag);
  EXPECT_EQ(res[beast_http::field::cache_control], "no-cache");
  auto other = cached_answer(get({{"If-None-Match", "\"stale\""}}), *cached, "no-cache");
  EXPECT_EQ(other.result(), Status::ok);
  EXPECT_EQ(other.body(), cached->body);
}

TEST(CachedResponse, LargeBodiesCarryAGzipVariantWithItsOwnEtag) {
  std::string body = "[";
  for (int i = 0; i < 200; ++i) body += "{\"name\":\"player\",\"score\":1},";
  body.back() = ']';
  auto cached = make_cached_response(body);
  ASSERT_FALSE(cached->gzip_body.empty());
  EXPECT_LT(cached->gzip_body.size(), body.size());

  auto plain = cached_answer(get(), *cached, "no-cache");
  EXPECT_EQ(plain.body(), body);
  EXPECT_EQ(plain[beast_http::field::vary], "Accept-Encoding");
  EXPECT_EQ(plain.find(beast_http::field::content_encoding), plain.end());

  auto zipped = cached_answer(get({{"Accept-Encoding", "gzip, br"}}), *cached, "no-cache");
  EXPECT_EQ(zipped.body(), cached->gzip_body);
  EXPECT_EQ(zipped[beast_http::field::content_encoding], "gzip");
  EXPECT_EQ(zipped[beast_http::field::vary], "Accept-Encoding");
  std::string gz_etag(zipped[beast_http::field::etag]);
  EXPECT_NE(gz_etag, cached->etag);

  // Either representation's tag revalidates.
  auto revalidated =
      cached_answer(get({{"Accept-Encoding", "gzip"}, {"If-None-Match", gz_etag}}), *cached, "x");
  EXPECT_EQ(revalidated.result(), Status::not_modified);
  EXPECT_EQ(revalidated[beast_http::field::etag], gz_etag);
  EXPECT_EQ(revalidated[beast_http::field::vary], "Accept-Encoding");
}

TEST(CacheKey, NormalisesTheQuery) {
  EXPECT_EQ(cache_key("/r", ""), "/r");
  EXPECT_EQ(cache_key("/r", "b=2&a=1"), cache_key("/r", "a=1&b=2"));
  EXPECT_EQ(cache_key("/r", "a=x%20y"), cache_key("/r", "a=x+y"));
  EXPECT_EQ(cache_key("/r", "a=1&&"), cache_key("/r", "a=1"));
  EXPECT_NE(cache_key("/r", "a=1"), cache_key("/r", "a=2"));
  EXPECT_NE(cache_key("/r", "a=1&b=2"), cache_key("/r", "a=1%26b%3D2"));  // no smuggling
  EXPECT_NE(cache_key("/r", "a=1"), cache_key("/s", "a=1"));
}

}  // namespace
}  // namespace jm::http
