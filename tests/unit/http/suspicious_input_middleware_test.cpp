#include "http/middleware/suspicious_input.hpp"

#include <gtest/gtest.h>

#include "http/router.hpp"

namespace jm::http {
namespace {

Request make(std::string path, std::string query = {}, std::string user_agent = {}) {
  Request req;
  req.raw.method(Verb::post);
  req.raw.version(11);
  req.path = std::move(path);
  req.query = std::move(query);
  if (!user_agent.empty()) req.raw.set("User-Agent", user_agent);
  req.request_id = "test-1";
  return req;
}

using infra::Severity;

TEST(SuspiciousInputMiddleware, CleanRequestsPassUncounted) {
  SuspiciousInput mw;
  auto req = make("/save-player", "mode=daily", "Mozilla/5.0");
  req.json =
      nlohmann::json{{"name", "Tom O'Brien"}, {"guesses", {"D'Andre Swift", "Union Station"}}};
  EXPECT_FALSE(mw.before(req));
  for (auto s : {Severity::low, Severity::medium, Severity::high, Severity::critical}) {
    EXPECT_EQ(mw.findings(s), 0u);
  }
}

TEST(SuspiciousInputMiddleware, BlocksHighFindingsAnywhere) {
  SuspiciousInput mw;
  auto ua = make("/api/v1/puzzles/daily", {}, "sqlmap/1.7");
  auto res = mw.before(ua);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result(), Status::bad_request);
  auto body = nlohmann::json::parse(res->body());
  EXPECT_EQ(body["error"]["code"], "request_blocked");
  EXPECT_EQ(body["error"]["message"], "Request blocked");
  EXPECT_EQ(body["requestId"], "test-1");

  auto query = make("/api/v1/players/search", "q=1%20UNION%20SELECT%201");  // decoded first
  EXPECT_TRUE(mw.before(query));
  auto plus = make("/api/v1/players/search", "q=1+union+select+1");
  EXPECT_TRUE(mw.before(plus));

  EXPECT_EQ(mw.findings(Severity::high), 1u);
  EXPECT_EQ(mw.findings(Severity::critical), 2u);
  EXPECT_EQ(mw.blocked(), 3u);
}

TEST(SuspiciousInputMiddleware, ScansJsonValuesAndKeysSeparately) {
  SuspiciousInput mw;
  auto value = make("/x");
  value.json = nlohmann::json{{"deep", {{"list", {1, "<script>x"}}}}};
  EXPECT_TRUE(mw.before(value));

  auto key = make("/x");
  key.json = nlohmann::json{{"a' or 'b'='b", 1}};
  EXPECT_TRUE(mw.before(key));

  // Two innocent fields never combine: "union" in one, "select" in the next.
  auto split = make("/x");
  split.json = nlohmann::json::array({"union", "select"});
  EXPECT_FALSE(mw.before(split));
}

TEST(SuspiciousInputMiddleware, RawBodyScannedWhenNotJson) {
  SuspiciousInput mw;
  auto req = make("/nowhere");
  req.raw.body() = "a=1&b=<iframe src=x>";
  EXPECT_TRUE(mw.before(req));
}

TEST(SuspiciousInputMiddleware, OnlyTheFirst64KiBOfABodyIsScanned) {
  SuspiciousInput mw;
  auto late = make("/x");
  late.json = nlohmann::json{{"pad", std::string(70 * 1024, 'a')}, {"z", "<script>"}};
  EXPECT_FALSE(mw.before(late));  // "pad" is scanned first and uses up the budget
  auto early = make("/x");
  early.raw.body() = "<script>" + std::string(70 * 1024, 'a');
  EXPECT_TRUE(mw.before(early));
}

TEST(SuspiciousInputMiddleware, LowAndMediumAreCountedNotBlocked) {
  SuspiciousInput mw;
  auto burp = make("/api/v1/puzzles/daily", {}, "Burp Suite");
  EXPECT_FALSE(mw.before(burp));
  auto nmap = make("/api/v1/puzzles/daily", {}, "Nmap Scripting Engine");
  EXPECT_FALSE(mw.before(nmap));
  EXPECT_EQ(mw.findings(Severity::low), 1u);
  EXPECT_EQ(mw.findings(Severity::medium), 1u);
  EXPECT_EQ(mw.blocked(), 0u);
}

}  // namespace
}  // namespace jm::http
