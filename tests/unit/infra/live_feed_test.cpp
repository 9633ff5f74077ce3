#include "infra/live_feed.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace jm::infra {
namespace {

using json = nlohmann::json;

json parse(const FeedEvent& e) {
  return json::parse(*e.text);
}

std::string game(int n) {
  return json({{"type", "game_finished"}, {"n", n}}).dump();
}

TEST(LiveFeed, StampsIncreasingSeqAndFansOut) {
  InProcessEventBus bus;
  LiveFeed feed(bus, "public", 4);
  std::vector<FeedEvent> a, b;
  auto ja = feed.join(std::nullopt, [&](const FeedEvent& e) { a.push_back(e); });
  feed.join(std::nullopt, [&](const FeedEvent& e) { b.push_back(e); });
  EXPECT_TRUE(ja.backlog.empty());
  EXPECT_EQ(ja.latest_seq, 0u);
  bus.publish("public", game(1));
  bus.publish("analyst", game(99));  // another channel
  bus.publish("public", game(2));
  ASSERT_EQ(a.size(), 2u);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(parse(a[0])["seq"], 1);
  EXPECT_EQ(parse(a[0])["n"], 1);
  EXPECT_EQ(parse(a[1])["seq"], 2);
  EXPECT_EQ(a[1].seq, 2u);
  EXPECT_EQ(a[0].text, b[0].text) << "one text shared by every listener";
  EXPECT_EQ(feed.listeners(), 2u);
  feed.leave(ja.listener_id);
  bus.publish("public", game(3));
  EXPECT_EQ(a.size(), 2u);
  EXPECT_EQ(b.size(), 3u);
}

TEST(LiveFeed, ResumeReplaysWhatTheRingStillHolds) {
  InProcessEventBus bus;
  LiveFeed feed(bus, "public", 3);
  for (int i = 1; i <= 5; ++i) bus.publish("public", game(i));  // ring holds 3, 4, 5

  auto full = feed.join(3, [](const FeedEvent&) {});
  ASSERT_EQ(full.backlog.size(), 2u);
  EXPECT_EQ(full.backlog[0].seq, 4u);
  EXPECT_EQ(full.backlog[1].seq, 5u);
  EXPECT_TRUE(full.complete);

  auto edge = feed.join(2, [](const FeedEvent&) {});
  EXPECT_EQ(edge.backlog.size(), 3u);
  EXPECT_TRUE(edge.complete) << "seq 3 onwards is all still held";

  auto gap = feed.join(1, [](const FeedEvent&) {});
  EXPECT_EQ(gap.backlog.size(), 3u);
  EXPECT_FALSE(gap.complete) << "seq 2 is gone";

  auto current = feed.join(5, [](const FeedEvent&) {});
  EXPECT_TRUE(current.backlog.empty());
  EXPECT_TRUE(current.complete);

  auto foreign = feed.join(42, [](const FeedEvent&) {});
  EXPECT_TRUE(foreign.backlog.empty());
  EXPECT_FALSE(foreign.complete) << "a seq from another instance or run";
  EXPECT_EQ(foreign.latest_seq, 5u);
}

TEST(LiveFeed, SnapshotsCarryTheLatestSeqAndAreNotReplayed) {
  InProcessEventBus bus;
  LiveFeed feed(bus, "public", 8);
  feed.broadcast_snapshot(R"({"type":"counters"})");  // nobody listens: nothing happens
  bus.publish("public", game(1));
  std::vector<FeedEvent> got;
  feed.join(std::nullopt, [&](const FeedEvent& e) { got.push_back(e); });
  feed.broadcast_snapshot(R"({"type":"counters","gamesFinishedToday":1})");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(parse(got[0])["seq"], 1);
  EXPECT_EQ(parse(got[0])["gamesFinishedToday"], 1);
  EXPECT_EQ(feed.latest_seq(), 1u);
  EXPECT_EQ(feed.join(0, [](const FeedEvent&) {}).backlog.size(), 1u) << "only the game";
}

TEST(LiveFeed, IgnoresTextThatIsNotAJsonObject) {
  InProcessEventBus bus;
  LiveFeed feed(bus, "public", 8);
  std::vector<FeedEvent> got;
  feed.join(std::nullopt, [&](const FeedEvent& e) { got.push_back(e); });
  bus.publish("public", "not json");
  bus.publish("public", "[1,2]");
  EXPECT_TRUE(got.empty());
  EXPECT_EQ(feed.latest_seq(), 0u);
}

}  // namespace
}  // namespace jm::infra
