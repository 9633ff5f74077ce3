#include "api/live_events.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace jm::api {
namespace {

domain::GameState solved_daily() {
  domain::GameState s;
  s.id = "game-123";
  s.mode = domain::Mode::daily;
  s.finished = true;
  s.puzzle_number = 412;
  domain::RoundState r;
  r.career_name = "Ryan Fitzpatrick";
  r.status = domain::RoundStatus::solved;
  r.revealed = 3;
  s.rounds.push_back(r);
  return s;
}

domain::GameResult result() {
  domain::GameResult r;
  r.score = 870;
  r.solved = 1;
  r.rounds = 1;
  r.duration_seconds = 95;
  r.share_text = "Journeyman #412 🟩";
  return r;
}

TEST(LiveEvents, PublicEventIsAnonymous) {
  auto events = finished_game_events(solved_daily(), result(), "Jane O'Neil", 1'700'000'000'000);
  const auto& e = events.public_event;
  EXPECT_EQ(e["type"], "game_finished");
  EXPECT_EQ(e["mode"], "daily");
  EXPECT_EQ(e["score"], 870);
  EXPECT_EQ(e["solved"], 1);
  EXPECT_EQ(e["teamsRevealed"], 3);
  EXPECT_EQ(e["durationSeconds"], 95);
  EXPECT_EQ(e["puzzleNumber"], 412);
  EXPECT_EQ(e["archive"], false);
  EXPECT_EQ(e["at"], "2023-11-14T22:13:20.000Z");
  const auto text = e.dump();
  for (const char* secret : {"game-123", "Jane", "Fitzpatrick", "gameId", "playerName", "@"}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret;
  }
}

TEST(LiveEvents, AnalystEventAddsTheGameAndPlayer) {
  auto events = finished_game_events(solved_daily(), result(), "Jane O'Neil", 0);
  const auto& e = events.analyst_event;
  EXPECT_EQ(e["gameId"], "game-123");
  EXPECT_EQ(e["playerName"], "Jane O'Neil");
  EXPECT_EQ(e["score"], 870);
  EXPECT_EQ(e.dump().find("Fitzpatrick"), std::string::npos) << "never the answer";
}

TEST(LiveEvents, TeamsRevealedOnlyForASolvedOneRoundGame) {
  auto state = solved_daily();
  state.rounds[0].status = domain::RoundStatus::failed;
  EXPECT_TRUE(
      finished_game_events(state, result(), "x", 0).public_event["teamsRevealed"].is_null());
  state = solved_daily();
  state.mode = domain::Mode::easy;
  state.puzzle_number.reset();
  state.rounds.push_back(state.rounds[0]);
  auto e = finished_game_events(state, result(), "x", 0).public_event;
  EXPECT_TRUE(e["teamsRevealed"].is_null());
  EXPECT_TRUE(e["puzzleNumber"].is_null());
}

TEST(LiveEvents, PublishSendsEachVersionOnItsChannel) {
  infra::InProcessEventBus bus;
  std::vector<std::string> pub, analyst;
  auto a = bus.subscribe("public", [&](const std::string& t) { pub.push_back(t); });
  auto b = bus.subscribe("analyst", [&](const std::string& t) { analyst.push_back(t); });
  publish_game_finished(bus, solved_daily(), result(), "Jane", 0);
  ASSERT_EQ(pub.size(), 1u);
  ASSERT_EQ(analyst.size(), 1u);
  EXPECT_EQ(pub[0].find("Jane"), std::string::npos);
  EXPECT_NE(analyst[0].find("Jane"), std::string::npos);
}

}  // namespace
}  // namespace jm::api
