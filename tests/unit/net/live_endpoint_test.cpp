#include "net/live_endpoint.hpp"

#include <gtest/gtest.h>

namespace jm::net {
namespace {

http::Request upgrade(std::string query, std::string origin = {}, std::string host = "h:1") {
  http::Request req;
  req.raw.method(http::Verb::get);
  req.raw.target("/ws?" + query);
  req.path = "/ws";
  req.query = std::move(query);
  if (!origin.empty()) req.raw.set("Origin", origin);
  req.raw.set("Host", host);
  return req;
}

class LiveEndpointTest : public ::testing::Test {
 protected:
  LiveEndpointTest() {
    endpoint_.public_feed = &public_;
    endpoint_.analyst_feed = &analyst_;
    endpoint_.allowed_origins = {"https://journeyman.example"};
    endpoint_.check_token = [](std::string_view token) -> std::optional<std::string> {
      if (token == "analyst-token") return "analyst";
      if (token == "admin-token") return "admin";
      if (token == "player-token") return "player";
      return std::nullopt;
    };
  }
  infra::InProcessEventBus bus_;
  infra::LiveFeed public_{bus_, "public"};
  infra::LiveFeed analyst_{bus_, "analyst"};
  LiveEndpoint endpoint_;
};

TEST(OriginAllowed, AllowListSameHostOrNoOrigin) {
  std::vector<std::string> allowed = {"http://localhost:5173"};
  EXPECT_TRUE(origin_allowed("", "h:1", allowed)) << "not a browser";
  EXPECT_TRUE(origin_allowed("http://localhost:5173", "h:1", allowed));
  EXPECT_TRUE(origin_allowed("http://h:1", "h:1", allowed));
  EXPECT_TRUE(origin_allowed("https://h:1", "h:1", allowed));
  EXPECT_FALSE(origin_allowed("http://evil.example", "h:1", allowed));
  EXPECT_FALSE(origin_allowed("http://h:1.evil.example", "h:1", allowed));
  EXPECT_FALSE(origin_allowed("http://h:2", "h:1", allowed));
  EXPECT_FALSE(origin_allowed("http://", "", allowed));
}

TEST_F(LiveEndpointTest, PublicIsTheDefaultAndOpenToAnyone) {
  auto d = decide_upgrade(upgrade(""), endpoint_);
  EXPECT_FALSE(d.error);
  EXPECT_FALSE(d.refusal);
  EXPECT_EQ(d.channel, "public");
  EXPECT_EQ(d.feed, &public_);
  EXPECT_FALSE(d.since);
}

TEST_F(LiveEndpointTest, SinceIsParsedStrictly) {
  EXPECT_EQ(decide_upgrade(upgrade("since=42"), endpoint_).since, 42u);
  for (const char* bad :
       {"since=", "since=-1", "since=4x", "since=1e3", "since=99999999999999999999"}) {
    auto d = decide_upgrade(upgrade(bad), endpoint_);
    ASSERT_TRUE(d.error) << bad;
    EXPECT_EQ(d.error->field, "since");
  }
}

TEST_F(LiveEndpointTest, UnknownChannelAndForeignOriginAreHttpErrors) {
  auto d = decide_upgrade(upgrade("channel=secret"), endpoint_);
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->status, http::Status::bad_request);
  EXPECT_EQ(d.error->field, "channel");
  d = decide_upgrade(upgrade("", "http://evil.example"), endpoint_);
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->status, http::Status::forbidden);
  EXPECT_FALSE(decide_upgrade(upgrade("", "https://journeyman.example"), endpoint_).error);
}

TEST_F(LiveEndpointTest, AnalystNeedsAnAnalystOrAdminToken) {
  auto d = decide_upgrade(upgrade("channel=analyst&token=analyst-token"), endpoint_);
  EXPECT_FALSE(d.error);
  EXPECT_FALSE(d.refusal);
  EXPECT_EQ(d.feed, &analyst_);
  EXPECT_FALSE(decide_upgrade(upgrade("channel=analyst&token=admin-token"), endpoint_).refusal);
  for (const char* q : {"channel=analyst", "channel=analyst&token=player-token",
                        "channel=analyst&token=wrong", "channel=analyst&token="}) {
    auto refused = decide_upgrade(upgrade(q), endpoint_);
    EXPECT_FALSE(refused.error) << q << ": refused after the upgrade, with 1008";
    EXPECT_TRUE(refused.refusal) << q;
  }
  endpoint_.check_token = nullptr;
  EXPECT_TRUE(decide_upgrade(upgrade("channel=analyst&token=analyst-token"), endpoint_).refusal);
}

}  // namespace
}  // namespace jm::net
