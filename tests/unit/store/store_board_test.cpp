// Reads behind the public pages on both dialects: leaderboard, solved dailies,
// per-puzzle stats (server-judged finished games only), and StoreUnavailable on read
// failures.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "sqlite_server_support.hpp"
#include "sqlite_test_support.hpp"
#include "store_factory_for_tests.hpp"
#include "util/clock.hpp"

namespace jm::store {
namespace {

using testing::create_sync;
using testing::make_game;
using testing::make_server_game;
using testing::play;
using testing::PlayedGame;
using testing::save_sync;
using testing::seed_small_catalog;

// Compile-time proof that no leaderboard row can leak an address.
template <typename T>
constexpr bool has_email = requires(T t) {
  t.email;
};
static_assert(!has_email<LeaderboardRow>);

// Builders instead of designated initialisers: GCC warns about every field left out.
PlayedGame by(const std::string& id, const std::string& name, int score, int correct,
              int duration = 60, const std::string& mode = "daily") {
  PlayedGame g;
  g.id = id;
  g.name = name;
  g.email = name + "@x.io";
  g.score = score;
  g.correct = correct;
  g.duration = duration;
  g.mode = mode;
  return g;
}

PlayedGame daily(const std::string& id, std::optional<int> puzzle, int correct,
                 int teams_revealed = 1, const std::string& name = "Ann") {
  PlayedGame g = by(id, name, correct > 0 ? 1 : 0, correct);
  g.puzzle = puzzle;
  g.teams_revealed = teams_revealed;
  return g;
}

LeaderboardQuery query(const std::string& mode, std::int64_t since_ms, int limit = 10,
                       int offset = 0) {
  LeaderboardQuery q;
  q.mode = mode;
  q.since_ms = since_ms;
  q.limit = limit;
  q.offset = offset;
  return q;
}

constexpr std::int64_t kDay = 86'400'000;

class StoreBoard : public testing::DialectTest {
 protected:
  void SetUp() override {
    DialectTest::SetUp();
    if (IsSkipped()) return;
    seed_small_catalog(store());
  }

  std::vector<std::string> names(const LeaderboardQuery& q) {
    std::vector<std::string> out;
    for (const auto& r : store().leaderboard(q)) out.push_back(r.name);
    return out;
  }
};

TEST_P(StoreBoard, LeaderboardOrdersByScoreThenBestTimeThenName) {
  // Ann 30 (best 50), Bea 30 (best 40), Cy 30 (nothing solved), Dee 30 (best 40), Eve 10.
  play(store(), by("a1", "Ann", 20, 1, 50));
  play(store(), by("a2", "Ann", 10, 1, 90));
  play(store(), by("b1", "Bea", 30, 1, 40));
  play(store(), by("c1", "Cy", 30, 0, 5));
  play(store(), by("d1", "Dee", 30, 1, 40));
  play(store(), by("e1", "Eve", 10, 1, 1));

  const auto rows = store().leaderboard({});
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(names({}), (std::vector<std::string>{"Bea", "Dee", "Ann", "Cy", "Eve"}));
  EXPECT_EQ(rows[2].score, 30);
  EXPECT_EQ(rows[2].games, 2);
  EXPECT_EQ(rows[2].best_time_seconds, 50);
  EXPECT_FALSE(rows[3].best_time_seconds) << "a fast failed game is no best time";
  EXPECT_EQ(rows[0].player_id.size(), 36u);
  for (const auto& r : rows) {
    EXPECT_EQ(r.name.find('@'), std::string::npos);
    EXPECT_EQ(r.player_id.find('@'), std::string::npos);
  }

  EXPECT_EQ(names(query("", 0, 2)), (std::vector<std::string>{"Bea", "Dee"}));
  EXPECT_EQ(names(query("", 0, 2, 3)), (std::vector<std::string>{"Cy", "Eve"}));
  EXPECT_TRUE(names(query("", 0, 10, 10)).empty());
}

TEST_P(StoreBoard, LeaderboardFiltersPeriodAndMode) {
  play(store(), by("old", "Old", 99, 1));
  clock_.set(kT0 + 7 * kDay);
  play(store(), by("d", "Ann", 5, 1, 60, "daily"));
  play(store(), by("e", "Bea", 7, 1, 60, "easy"));

  EXPECT_EQ(names({}), (std::vector<std::string>{"Old", "Bea", "Ann"}));
  EXPECT_EQ(names(query("", kT0 + 7 * kDay)), (std::vector<std::string>{"Bea", "Ann"}));
  EXPECT_EQ(names(query("", kT0 + 7 * kDay + 1)), std::vector<std::string>{});
  EXPECT_EQ(names(query("daily", kT0 + kDay)), std::vector<std::string>{"Ann"});
  EXPECT_EQ(names(query("easy", 0)), std::vector<std::string>{"Bea"});
  EXPECT_TRUE(names(query("challenge", 0)).empty());
}

TEST_P(StoreBoard, LeaderboardIgnoresClientActiveAndErasedGames) {
  auto reported = make_game("client-1", "cli@x.io", "Client");
  reported.score = 1000;  // whatever a client claims
  ASSERT_TRUE(save_sync(store(), reported).saved);
  ASSERT_TRUE(create_sync(store(), make_server_game("active-1", "act@x.io", "Active")).saved);
  play(store(), by("gone", "Gone", 500, 1));
  play(store(), by("ok", "Ann", 1, 1));
  auto& raw = db();
  if (GetParam() == testing::Dialect::sqlite) raw.exec("PRAGMA foreign_keys=ON");
  raw.exec("DELETE FROM users WHERE name = 'Gone'");  // erased: user_id → NULL

  EXPECT_EQ(names({}), std::vector<std::string>{"Ann"});
}

TEST_P(StoreBoard, SolvedDailyNumbers) {
  play(store(), daily("p5", 5, 1));
  play(store(), daily("p3", 3, 1));
  play(store(), daily("p5b", 5, 1));                // solved twice: listed once
  play(store(), daily("p4", 4, 0));                 // failed
  play(store(), daily("replay", std::nullopt, 1));  // archive replay
  auto easy = daily("easy", 8, 1);
  easy.mode = "easy";
  play(store(), easy);
  ASSERT_TRUE(create_sync(store(), make_server_game("open", "Ann@x.io"), "{}", 9).saved);
  play(store(), daily("bea", 6, 1, 1, "Bea"));
  auto reported = make_game("client-1", "Ann@x.io");  // Ann's client-reported daily
  reported.mode = "daily";
  const auto saved = save_sync(store(), reported);
  ASSERT_TRUE(saved.saved);

  EXPECT_EQ(store().solved_daily_numbers(saved.saved->player_id), (std::vector<int>{3, 5}));
  EXPECT_TRUE(store().solved_daily_numbers("no-such-player").empty());
}

TEST_P(StoreBoard, PlayerHistoryListsFinishedServerGamesOnly) {
  auto easy = daily("h-easy", std::nullopt, 1);
  easy.mode = "easy";
  easy.score = 700;
  play(store(), easy);
  play(store(), daily("h-daily", 7, 1));
  ASSERT_TRUE(create_sync(store(), make_server_game("h-open", "Ann@x.io"), "{}", 9).saved);
  auto reported = make_game("h-client", "Ann@x.io");
  const auto saved = save_sync(store(), reported);
  ASSERT_TRUE(saved.saved);

  auto rows = store().player_history(saved.saved->player_id, 10);
  ASSERT_EQ(rows.size(), 2u);  // not the active game, not the client report
  std::vector<std::string> ids{rows[0].game_id, rows[1].game_id};
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"h-daily", "h-easy"}));
  for (const auto& r : rows) {
    if (r.game_id == "h-daily") {
      EXPECT_EQ(r.puzzle_number, 7);
    } else {
      EXPECT_EQ(r.score, 700);
    }
  }
  EXPECT_EQ(store().player_history(saved.saved->player_id, 1).size(), 1u);
  EXPECT_TRUE(store().player_history("no-such-player", 10).empty());
}

TEST_P(StoreBoard, CountFinishedGamesSinceAnInstant) {
  EXPECT_EQ(store().count_finished_games(0), 0);
  play(store(), by("old", "Old", 1, 1));
  clock_.set(kT0 + kDay);
  play(store(), by("new1", "Ann", 1, 1));
  play(store(), by("new2", "Bea", 1, 0));
  ASSERT_TRUE(create_sync(store(), make_server_game("active", "act@x.io", "Act")).saved);
  ASSERT_TRUE(save_sync(store(), make_game("client-1", "cli@x.io", "Client")).saved);

  EXPECT_EQ(store().count_finished_games(0), 3) << "active and client-reported games do not count";
  EXPECT_EQ(store().count_finished_games(kT0 + kDay), 2);
  EXPECT_EQ(store().count_finished_games(kT0 + kDay + 1), 0);
}

TEST_P(StoreBoard, DailyStats) {
  play(store(), daily("s1", 7, 1, 1, "A"));
  play(store(), daily("s2", 7, 1, 3, "B"));
  play(store(), daily("s3", 7, 1, 1, "C"));
  play(store(), daily("f1", 7, 0, 4, "D"));
  play(store(), daily("r1", std::nullopt, 1, 2, "E"));  // archive replay
  play(store(), daily("o1", 8, 1, 2, "F"));             // another day
  ASSERT_TRUE(create_sync(store(), make_server_game("open", "g@x.io"), "{}", 7).saved);

  const auto stats = store().daily_stats(7);
  EXPECT_EQ(stats.players, 4);
  EXPECT_EQ(stats.solved, 3);
  EXPECT_EQ(stats.solved_by_teams, (std::vector<std::pair<int, int>>{{1, 2}, {3, 1}}));

  const auto none = store().daily_stats(99);
  EXPECT_EQ(none.players, 0);
  EXPECT_EQ(none.solved, 0);
  EXPECT_TRUE(none.solved_by_teams.empty());
}

TEST_P(StoreBoard, ReadsThrowStoreUnavailableWhenTheFileIsGone) {
  // PostgreSQL's outage behaviour: postgres_store_test.cpp (an unreachable server).
  if (GetParam() != testing::Dialect::sqlite) GTEST_SKIP() << "SQLite files only";
  // A thread's first read opens its connection; with the files removed it cannot.
  store().drain();
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(db().sqlite_path() + suffix);
  }
  std::thread([&] {
    EXPECT_THROW(store().leaderboard({}), StoreUnavailable);
    EXPECT_THROW(store().load_teams(), StoreUnavailable);
    EXPECT_THROW(store().load_careers(), StoreUnavailable);
    EXPECT_THROW(store().load_game_state("x"), StoreUnavailable);
    EXPECT_THROW(store().solved_daily_numbers("x"), StoreUnavailable);
    EXPECT_THROW(store().daily_stats(1), StoreUnavailable);
    EXPECT_THROW(store().find_game_by_session("x"), StoreUnavailable);
    EXPECT_THROW(store().count_games(), StoreUnavailable);
  }).join();
}

JM_STORE_DIALECTS(StoreBoard);

}  // namespace
}  // namespace jm::store
