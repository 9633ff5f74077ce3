// Server-judged games on both dialects: create → load → update under optimistic
// concurrency, rounds upserted, the result written when the game finishes.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "sqlite_server_support.hpp"
#include "sqlite_test_support.hpp"
#include "store_factory_for_tests.hpp"
#include "util/clock.hpp"

namespace jm::store {
namespace {

using testing::create_sync;
using testing::make_game;
using testing::make_round;
using testing::make_server_game;
using testing::save_sync;
using testing::seed_small_catalog;
using testing::update_sync;

class StoreServerGame : public testing::DialectTest {
 protected:
  void SetUp() override {
    DialectTest::SetUp();
    if (IsSkipped()) return;
    clock_.set(1'700'000'100'000);
    seed_small_catalog(store());
  }

  GameStateUpdate update(int expected_version, const std::string& state) {
    GameStateUpdate u;
    u.session_id = "g-1";
    u.expected_version = expected_version;
    u.state_json = state;
    return u;
  }
};

TEST_P(StoreServerGame, CreateThenLoad) {
  const auto created =
      create_sync(store(), make_server_game("g-1", "ann@example.com", "Ann"), R"({"v":0})", 12);
  ASSERT_TRUE(created.saved) << created.error.message;
  EXPECT_EQ(created.saved->session_id, "g-1");
  EXPECT_EQ(created.saved->player_id.size(), 36u);
  EXPECT_FALSE(created.saved->duplicate);

  const auto state = store().load_game_state("g-1");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->game_id, created.saved->game_id);
  EXPECT_EQ(state->session_id, "g-1");
  EXPECT_EQ(state->player_id, created.saved->player_id);
  EXPECT_EQ(state->player_name, "Ann");
  EXPECT_EQ(state->status, "active");
  EXPECT_EQ(state->state_json, R"({"v":0})");
  EXPECT_EQ(state->version, 0);

  auto& raw = db();
  EXPECT_EQ(
      raw.scalar(
          "SELECT source || ' ' || puzzle_number || ' ' || coalesce(CAST(finished_at AS TEXT), '-')"
          " FROM games WHERE session_id = 'g-1'"),
      "server 12 -");
  // The same e-mail later is the same player.
  const auto again = create_sync(store(), make_server_game("g-2", "ann@example.com", ""));
  ASSERT_TRUE(again.saved);
  EXPECT_EQ(again.saved->player_id, created.saved->player_id);
  EXPECT_EQ(create_sync(store(), make_server_game("g-2")).error.kind, ErrorKind::conflict);
}

TEST_P(StoreServerGame, LoadIsEmptyForUnknownAndClientReportedGames) {
  ASSERT_TRUE(save_sync(store(), make_game("client-1")).saved);
  EXPECT_FALSE(store().load_game_state("client-1"));
  EXPECT_FALSE(store().load_game_state("nope"));
}

TEST_P(StoreServerGame, UpdateMovesVersionAndUpsertsRounds) {
  ASSERT_TRUE(create_sync(store(), make_server_game("g-1"), R"({"v":0})").saved);
  auto u1 = update(0, R"({"v":1})");
  u1.rounds.push_back(make_round(0, "Alpha One", "playing", 1));
  ASSERT_FALSE(update_sync(store(), u1));
  EXPECT_EQ(store().load_game_state("g-1")->version, 1);

  // A stale version changes nothing: not the state, not the rounds.
  auto stale = update(0, R"({"v":"stale"})");
  stale.rounds.push_back(make_round(0, "Alpha One", "failed", 4));
  EXPECT_EQ(update_sync(store(), stale).kind, ErrorKind::conflict);
  auto state = store().load_game_state("g-1");
  EXPECT_EQ(state->version, 1);
  EXPECT_EQ(state->state_json, R"({"v":1})");

  auto u2 = update(1, R"({"v":2})");
  u2.rounds.push_back(make_round(0, "Alpha One", "solved", 2));
  u2.rounds.push_back(make_round(1, "Beta Two", "playing", 1));
  ASSERT_FALSE(update_sync(store(), u2));
  state = store().load_game_state("g-1");
  EXPECT_EQ(state->version, 2);
  EXPECT_EQ(state->state_json, R"({"v":2})");
  EXPECT_EQ(state->status, "active");

  auto& raw = db();
  EXPECT_EQ(
      raw.column("SELECT r.round_index || ' ' || p.name || ' ' || r.status || ' '"
                 " || r.teams_revealed || ' ' || coalesce(CAST(r.ended_at AS TEXT), '-')"
                 " FROM game_rounds r JOIN nfl_players p ON p.id = r.nfl_player_id"
                 " ORDER BY r.round_index"),
      (std::vector<std::string>{"0 Alpha One solved 2 1700000060000", "1 Beta Two playing 1 -"}));
}

TEST_P(StoreServerGame, FinishWritesTheResult) {
  ASSERT_TRUE(create_sync(store(), make_server_game("g-1"), R"({"v":0})", 3).saved);
  clock_.set(1'700'000'500'000);
  auto u = update(0, R"({"v":"end"})");
  u.rounds.push_back(make_round(0, "Alpha One", "solved", 2));
  NewGame result = make_server_game("g-1");
  result.duration_seconds = 75;
  result.correct_count = 1;
  result.guess_count = 3;
  result.score = 420;
  result.guesses_json = R"(["X","Alpha One"])";
  result.metadata_json = R"({"hints":1})";
  result.completed = true;
  result.shared_on_social = true;
  u.finished = result;
  ASSERT_FALSE(update_sync(store(), u));

  EXPECT_EQ(store().load_game_state("g-1")->status, "finished");
  auto& raw = db();
  EXPECT_EQ(raw.scalar("SELECT status || '|' || finished_at || '|' || duration_seconds || '|'"
                       " || correct_count || '|' || guess_count || '|' || score || '|'"
                       " || guesses_json || '|' || metadata_json || '|' || completed || '|'"
                       " || shared_on_social || '|' || version || '|' || puzzle_number"
                       " FROM games WHERE session_id = 'g-1'"),
            R"(finished|1700000500000|75|1|3|420|["X","Alpha One"]|{"hints":1}|1|1|1|3)");
}

TEST_P(StoreServerGame, UnknownCareerIsInvalidAndChangesNothing) {
  ASSERT_TRUE(create_sync(store(), make_server_game("g-1"), R"({"v":0})").saved);
  auto u = update(0, R"({"v":1})");
  u.rounds.push_back(make_round(0, "Alpha One", "solved"));
  u.rounds.push_back(make_round(1, "Nobody Atall", "playing"));
  const auto error = update_sync(store(), u);
  EXPECT_EQ(error.kind, ErrorKind::invalid);
  EXPECT_NE(error.message.find("Nobody Atall"), std::string::npos) << error.message;
  const auto state = store().load_game_state("g-1");
  EXPECT_EQ(state->version, 0);
  EXPECT_EQ(state->state_json, R"({"v":0})");
  auto& raw = db();
  EXPECT_EQ(raw.scalar("SELECT count(*) FROM game_rounds"), "0");
}

TEST_P(StoreServerGame, UnknownGameIsAConflict) {
  EXPECT_EQ(update_sync(store(), update(0, "{}")).kind, ErrorKind::conflict);
}

TEST_P(StoreServerGame, ConcurrentUpdatesOfOneVersionHaveOneWinner) {
  ASSERT_TRUE(create_sync(store(), make_server_game("g-1"), R"({"v":0})").saved);
  constexpr int kThreads = 8;
  std::atomic<int> wins{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto u = update(0, R"({"by":)" + std::to_string(t) + "}");
      u.rounds.push_back(make_round(0, "Alpha One", "solved", t));
      const auto e = update_sync(store(), u);
      if (!e) ++wins;
      if (e.kind == ErrorKind::conflict) ++conflicts;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(conflicts.load(), kThreads - 1);
  const auto state = store().load_game_state("g-1");
  EXPECT_EQ(state->version, 1);
  // The winner's state and round went in together.
  auto& raw = db();
  EXPECT_EQ(state->state_json,
            R"({"by":)" + raw.scalar("SELECT teams_revealed FROM game_rounds") + "}");
}

TEST_P(StoreServerGame, ErasedPlayerLoadsWithoutPlayerId) {
  ASSERT_TRUE(create_sync(store(), make_server_game("g-1"), R"({"v":0})").saved);
  auto& raw = db();
  if (GetParam() == testing::Dialect::sqlite) raw.exec("PRAGMA foreign_keys=ON");
  raw.exec("DELETE FROM users");
  const auto state = store().load_game_state("g-1");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->player_id, "");
  EXPECT_EQ(state->player_name, "");
}

TEST_P(StoreServerGame, WritesAfterDrainAreRefused) {
  store().drain();
  EXPECT_EQ(create_sync(store(), make_server_game("g-9")).error.kind, ErrorKind::unavailable);
  EXPECT_EQ(update_sync(store(), update(0, "{}")).kind, ErrorKind::unavailable);
}

JM_STORE_DIALECTS(StoreServerGame);

}  // namespace
}  // namespace jm::store
