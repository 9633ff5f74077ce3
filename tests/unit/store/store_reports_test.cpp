// Reads behind the original's analytics pages and /api/admin/stats on both dialects:
// report game pages (period, mode, player, finished only, walked by for_each_report_game),
// the compatible leaderboard
// (server-judged, best score then fastest), per-player summaries and operator stats.
#include <gtest/gtest.h>

#include <future>

#include "sqlite_server_support.hpp"
#include "sqlite_test_support.hpp"
#include "store/report_pages.hpp"
#include "store_factory_for_tests.hpp"

namespace jm::store {
namespace {

using testing::create_sync;
using testing::make_game;
using testing::make_server_game;
using testing::play;
using testing::PlayedGame;
using testing::save_sync;
using testing::seed_small_catalog;

template <typename T>
constexpr bool has_email = requires(T t) {
  t.email;
};
static_assert(!has_email<CompatLeaderboardRow>, "the public leaderboard never carries e-mails");

constexpr std::int64_t kDay = 86'400'000;

// Every game of `query`, walked two at a time so that most reads cross a page boundary.
std::vector<ReportGame> report_games(Store& store, const ReportQuery& query, int page_size = 2) {
  std::vector<ReportGame> out;
  for_each_report_game(
      store, query, [&](const ReportGame& g) { out.push_back(g); }, page_size);
  return out;
}

NewGame reported(const std::string& id, const std::string& email, std::int64_t at,
                 const std::string& mode = "easy", int correct = 1) {
  NewGame g = make_game(id, email, email.substr(0, email.find('@')));
  g.created_at_ms = at;
  g.mode = mode;
  g.correct_count = correct;
  return g;
}

PlayedGame served(const std::string& id, const std::string& name, int score, int correct,
                  int duration, const std::string& mode = "easy") {
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

class StoreReports : public testing::DialectTest {
 protected:
  void SetUp() override {
    DialectTest::SetUp();
    if (IsSkipped()) return;
    seed_small_catalog(store());
  }
};

TEST_P(StoreReports, ReportGamesFiltersPeriodModeAndPlayerOldestFirst) {
  ASSERT_TRUE(save_sync(store(), reported("r2", "bea@x.io", kT0 + 2 * kDay, "challenge")).saved);
  ASSERT_TRUE(save_sync(store(), reported("r1", "ann@x.io", kT0 + kDay)).saved);
  ASSERT_TRUE(save_sync(store(), reported("r0", "ann@x.io", kT0 - kDay)).saved);
  ASSERT_TRUE(create_sync(store(), make_server_game("open", "cy@x.io", "Cy", "easy")).saved);

  ReportQuery q;
  q.since_ms = kT0;
  EXPECT_EQ(report_games(store(), q).at(0).email, "") << "opened only when asked for";
  q.with_email = true;
  auto rows = report_games(store(), q);
  ASSERT_EQ(rows.size(), 2u) << "the older game and the active game are left out";
  EXPECT_EQ(rows[0].created_at_ms, kT0 + kDay);
  EXPECT_EQ(rows[0].email, "ann@x.io") << "opened for the pseudonym";
  EXPECT_EQ(rows[0].player_name, "ann");
  EXPECT_EQ(rows[0].player_id.size(), 36u);
  EXPECT_EQ(rows[0].mode, "easy");
  EXPECT_EQ(rows[0].source, "client");
  EXPECT_EQ(rows[0].duration_seconds, 42);
  EXPECT_EQ(rows[0].correct_count, 1);
  EXPECT_EQ(rows[0].guess_count, 5);
  EXPECT_TRUE(rows[0].completed);
  EXPECT_GT(rows[0].player_since_ms, 0);
  EXPECT_EQ(rows[1].mode, "challenge");

  q.until_ms = kT0 + 2 * kDay;
  EXPECT_EQ(report_games(store(), q).size(), 1u) << "until is exclusive";
  q = {};
  q.mode = "challenge";
  EXPECT_EQ(report_games(store(), q).size(), 1u);
  q = {};
  q.player_id = rows[0].player_id;
  auto anns = report_games(store(), q);
  ASSERT_EQ(anns.size(), 2u);
  EXPECT_EQ(anns[0].created_at_ms, kT0 - kDay);
  q.player_id = "no-such-player";
  EXPECT_TRUE(report_games(store(), q).empty());
}

TEST_P(StoreReports, ReportGamesKeepErasedPlayersGamesWithoutThePlayer) {
  ASSERT_TRUE(save_sync(store(), reported("g1", "gone@x.io", kT0)).saved);
  if (GetParam() == testing::Dialect::sqlite) db().exec("PRAGMA foreign_keys=ON");
  db().exec("DELETE FROM users WHERE name = 'gone'");
  ReportQuery q;
  q.with_email = true;
  auto rows = report_games(store(), q);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].player_id, "");
  EXPECT_EQ(rows[0].email, "");
}

TEST_P(StoreReports, ReportPagesVisitEveryGameOnceAcrossTiesOnCreatedAt) {
  // Seven games at one instant and two around it: every page boundary but one falls
  // between games with the same created_at, where only the id orders them.
  for (int i = 0; i < 7; ++i) {
    const auto mode = i % 3 == 0 ? "challenge" : "easy";
    ASSERT_TRUE(save_sync(store(), reported("tie" + std::to_string(i), "p@x.io", kT0, mode)).saved);
  }
  ASSERT_TRUE(save_sync(store(), reported("late", "p@x.io", kT0 + 1)).saved);
  ASSERT_TRUE(save_sync(store(), reported("early", "p@x.io", kT0 - 1)).saved);

  ReportQuery q;
  q.since_ms = kT0;
  for (int page_size : {1, 2, 3, 7, 8, 100}) {
    const auto rows = report_games(store(), q, page_size);
    ASSERT_EQ(rows.size(), 8u) << "page size " << page_size;
    for (std::size_t i = 1; i < rows.size(); ++i) {
      const bool in_order = rows[i - 1].created_at_ms < rows[i].created_at_ms ||
                            (rows[i - 1].created_at_ms == rows[i].created_at_ms &&
                             rows[i - 1].game_id < rows[i].game_id);
      EXPECT_TRUE(in_order) << "page size " << page_size << ", row " << i;
    }
    EXPECT_EQ(rows.back().created_at_ms, kT0 + 1);
  }
  q.mode = "challenge";
  EXPECT_EQ(report_games(store(), q, 1).size(), 3u) << "the mode filter holds on every page";
  q.mode = "";
  q.until_ms = kT0 + 1;
  EXPECT_EQ(report_games(store(), q, 3).size(), 7u) << "until holds on every page";
  q.player_id = report_games(store(), q).front().player_id;
  q.since_ms = 0;
  EXPECT_EQ(report_games(store(), q, 2).size(), 8u) << "one player's games, paged the same way";
}

TEST_P(StoreReports, CompatLeaderboardRanksServerGamesByBestScoreThenFastest) {
  play(store(), served("a1", "Ann", 300, 1, 80));
  play(store(), served("a2", "Ann", 100, 1, 20));
  play(store(), served("b1", "Bea", 300, 1, 50));
  play(store(), served("c1", "Cy", 300, 0, 5));
  play(store(), served("d1", "Dee", 50, 1, 10, "challenge"));
  auto cheat = reported("client", "eve@x.io", kT0);
  cheat.score = 9999;
  ASSERT_TRUE(save_sync(store(), cheat).saved);

  auto rows = store().compat_leaderboard({});
  ASSERT_EQ(rows.size(), 4u) << "client-reported games are not ranked";
  EXPECT_EQ(rows[0].name, "Ann") << "300, fastest 20 (its other game)";
  EXPECT_EQ(rows[0].best_score, 300);
  EXPECT_EQ(rows[0].fastest_time_seconds, 20);
  EXPECT_EQ(rows[0].games_played, 2);
  EXPECT_EQ(rows[0].last_played_ms, kT0);
  EXPECT_EQ(rows[1].name, "Bea");
  EXPECT_EQ(rows[2].name, "Cy");
  EXPECT_FALSE(rows[2].fastest_time_seconds) << "no solved game, no fastest time: last";
  EXPECT_EQ(rows[3].name, "Dee");

  CompatLeaderboardQuery q;
  q.limit = 2;
  q.offset = 1;
  auto page = store().compat_leaderboard(q);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].name, "Bea");
  q = {};
  q.mode = "challenge";
  ASSERT_EQ(store().compat_leaderboard(q).size(), 1u);
  q = {};
  q.since_ms = kT0 + 1;
  EXPECT_TRUE(store().compat_leaderboard(q).empty());
}

TEST_P(StoreReports, PlayerSummariesTotalsAndPages) {
  ASSERT_TRUE(save_sync(store(), reported("a1", "ann@x.io", kT0, "challenge", 2)).saved);
  ASSERT_TRUE(save_sync(store(), reported("a2", "ann@x.io", kT0 + kDay, "easy", 0)).saved);
  auto shared = reported("a3", "ann@x.io", kT0 + 2 * kDay, "challenge", 1);
  shared.shared_on_social = true;
  shared.duration_seconds.reset();
  ASSERT_TRUE(save_sync(store(), shared).saved);
  ASSERT_TRUE(save_sync(store(), reported("b1", "bea@x.io", kT0)).saved);
  ASSERT_TRUE(create_sync(store(), make_server_game("open", "cy@x.io", "Cy")).saved);

  auto page = store().player_summaries({});
  EXPECT_EQ(page.total, 2) << "Cy has no finished game";
  ASSERT_EQ(page.players.size(), 2u);
  const auto ann = page.players[0];  // a copy: `page` is reassigned below
  EXPECT_EQ(ann.email, "ann@x.io");
  EXPECT_EQ(ann.games, 3);
  EXPECT_EQ(ann.correct_total, 3);
  EXPECT_EQ(ann.guesses_total, 15);
  EXPECT_EQ(ann.duration_total, 84);
  EXPECT_EQ(ann.games_with_duration, 2);
  EXPECT_EQ(ann.challenge_games, 2);
  EXPECT_EQ(ann.easy_games, 1);
  EXPECT_EQ(ann.shares, 1);
  EXPECT_EQ(ann.first_played_ms, kT0);
  EXPECT_EQ(ann.last_played_ms, kT0 + 2 * kDay);

  PlayerSummaryQuery q;
  q.limit = 1;
  q.offset = 1;
  page = store().player_summaries(q);
  EXPECT_EQ(page.total, 2);
  ASSERT_EQ(page.players.size(), 1u);
  EXPECT_EQ(page.players[0].email, "bea@x.io");

  q = {};
  q.player_id = ann.player_id;
  page = store().player_summaries(q);
  ASSERT_EQ(page.players.size(), 1u);
  EXPECT_EQ(page.players[0].games, 3);
  q.player_id = "no-such-player";
  EXPECT_TRUE(store().player_summaries(q).players.empty());
}

TEST_P(StoreReports, OperatorStatsCountsGamesPlayersAccountsAndJobs) {
  ASSERT_TRUE(save_sync(store(), reported("old", "ann@x.io", kT0 - kDay)).saved);
  ASSERT_TRUE(save_sync(store(), reported("new", "bea@x.io", kT0 + 10)).saved);
  ASSERT_TRUE(create_sync(store(), make_server_game("open", "cy@x.io", "Cy")).saved);
  NewAccount account;
  account.name = "Ana Lyst";
  account.email = "ana@x.io";
  account.password_hash = "argon2id$hash";
  account.role = "analyst";
  account.now_ms = kT0;
  std::promise<AccountOutcome> created;
  store().create_account(account, [&](AccountOutcome o) { created.set_value(std::move(o)); });
  const auto outcome = created.get_future().get();
  ASSERT_TRUE(outcome.user) << outcome.error.message;
  JobRecord job;
  job.kind = "analytics.export";
  job.run_after_ms = kT0 + kDay;  // not due: stays queued
  job.created_at_ms = kT0;
  std::promise<StoreError> queued;
  store().enqueue_job(job, [&](JobRecord, StoreError e) { queued.set_value(e); });
  const auto error = queued.get_future().get();
  ASSERT_FALSE(error) << error.message;

  auto stats = store().operator_stats(kT0);
  EXPECT_EQ(stats.games_total, 3);
  EXPECT_EQ(stats.games_today, 2) << "the new report and the server game created at kT0";
  EXPECT_EQ(stats.games_finished, 2);
  EXPECT_EQ(stats.games_active, 1);
  EXPECT_EQ(stats.players, 3);
  EXPECT_EQ(stats.accounts_by_role["analyst"], 1);
  EXPECT_EQ(stats.accounts_by_role.count("player"), 0u) << "visitors are not accounts";
  EXPECT_EQ(stats.jobs_queued, 1);
  EXPECT_EQ(stats.jobs_failed, 0);
}

JM_STORE_DIALECTS(StoreReports);

}  // namespace
}  // namespace jm::store
