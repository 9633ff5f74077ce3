// The analytics aggregates (migration 004) on both dialects: the values after a known
// set of writes, idempotent retries, erasure, and incremental == rebuild after a
// concurrent write load.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "sqlite_server_support.hpp"
#include "store_fixture.hpp"
#include "util/civil_time.hpp"

namespace jm::store {
namespace {

using testing::create_sync;
using testing::kStoreBackends;
using testing::make_game;
using testing::make_round;
using testing::make_server_game;
using testing::save_sync;
using testing::seed_small_catalog;
using testing::update_sync;

constexpr std::int64_t kCreated = 1'700'000'000'000;  // 2023-11-14T22:13:20Z
const std::int64_t kDay = day_of(kCreated);

class StoreAnalytics : public testing::StoreSuite {
 protected:
  void SetUp() override {
    StoreSuite::SetUp();
    if (IsSkipped()) return;
    clock_.set(kCreated + 60'000);
    seed_small_catalog(store());
  }

  // Every aggregate row as text, zero rows left out (a decrement can leave one that a
  // rebuild does not write).
  std::vector<std::string> dump() {
    std::vector<std::string> all;
    const char* queries[] = {
        "SELECT 'd|' || day || '|' || mode || '|' || started || '|' || finished || '|' || solved"
        " || '|' || correct_sum || '|' || guess_sum || '|' || duration_sum || '|' ||"
        " duration_count || '|' || shares FROM agg_daily ORDER BY day, mode",
        "SELECT 'h|' || day || '|' || mode || '|' || bucket || '|' || games"
        " FROM agg_daily_duration WHERE games <> 0 ORDER BY day, mode, bucket",
        "SELECT 'm|' || game_type || '|' || month || '|' || games || '|' || players"
        " FROM agg_monthly ORDER BY game_type, month",
        "SELECT 'p|' || game_type || '|' || month || '|' || user_id FROM agg_month_players"
        " ORDER BY game_type, month, user_id",
        "SELECT 'c|' || nfl_player_id || '|' || shown || '|' || solved || '|' || guess_sum ||"
        " '|' || teams_solved_sum FROM agg_careers WHERE shown <> 0 ORDER BY nfl_player_id",
    };
    for (const char* q : queries) {
      for (auto& row : db().column(q)) all.push_back(std::move(row));
    }
    return all;
  }

  AggregateRebuildReport rebuild() {
    auto [report, error] = testing::await_two<AggregateRebuildReport, StoreError>(
        [&](auto cb) { store().rebuild_aggregates(cb); });
    EXPECT_FALSE(error) << error.message;
    return report;
  }

  GameStateUpdate finish(const std::string& id, int version, int correct, int duration,
                         bool shared = false) {
    GameStateUpdate u;
    u.session_id = id;
    u.expected_version = version;
    u.state_json = R"({"done":true})";
    NewGame result = make_server_game(id);
    result.correct_count = correct;
    result.duration_seconds = duration;
    result.guess_count = 3;
    result.shared_on_social = shared;
    result.completed = true;
    u.finished = result;
    return u;
  }

  DailyAggregate only_row(const std::string& mode) {
    const auto rows = store().daily_aggregates({kDay, kDay, mode});
    EXPECT_EQ(rows.size(), 1u);
    return rows.empty() ? DailyAggregate{} : rows.front();
  }
};
JM_STORE_SUITE(StoreAnalytics);

TEST_P(StoreAnalytics, KnownWritesGiveKnownAggregates) {
  // Client games: arrive finished, count as started and finished at once.
  ASSERT_TRUE(save_sync(store(), make_game("c-1")).saved);  // easy, 42 s, 3 of 5
  NewGame bob = make_game("c-2", "bob@example.com", "Bob");
  bob.duration_seconds = 100;
  bob.correct_count = 0;
  bob.guess_count = 4;
  bob.shared_on_social = true;
  ASSERT_TRUE(save_sync(store(), bob).saved);
  // Server games: started at create, finished by the update that finishes them.
  ASSERT_TRUE(create_sync(store(), make_server_game("s-1")).saved);
  ASSERT_TRUE(create_sync(store(), make_server_game("s-2", "bob@example.com", "Bob")).saved);
  GameStateUpdate u = finish("s-1", 0, 1, 60);
  RoundRow round = make_round(0, "Alpha One", "solved", 2);
  round.guess_count = 3;
  u.rounds.push_back(round);
  ASSERT_FALSE(update_sync(store(), u));
  GameStateUpdate playing;
  playing.session_id = "s-2";
  playing.state_json = "{}";
  playing.rounds.push_back(make_round(0, "Beta Two", "playing", 1));
  ASSERT_FALSE(update_sync(store(), playing));

  const DailyAggregate easy = only_row("easy");
  EXPECT_EQ(easy.started, 2);
  EXPECT_EQ(easy.finished, 2);
  EXPECT_EQ(easy.solved, 1);
  EXPECT_EQ(easy.correct_sum, 3);
  EXPECT_EQ(easy.guess_sum, 9);
  EXPECT_EQ(easy.duration_sum, 142);
  EXPECT_EQ(easy.duration_count, 2);
  EXPECT_EQ(easy.shares, 1);
  EXPECT_EQ(easy.duration_buckets[duration_bucket(42)], 1);
  EXPECT_EQ(easy.duration_buckets[duration_bucket(100)], 1);
  EXPECT_EQ(duration_bucket(42), 3);
  EXPECT_EQ(duration_bucket(100), 6);

  const DailyAggregate daily = only_row("daily");
  EXPECT_EQ(daily.started, 2);
  EXPECT_EQ(daily.finished, 1);
  EXPECT_EQ(daily.solved, 1);
  EXPECT_EQ(daily.guess_sum, 3);
  EXPECT_EQ(daily.duration_sum, 60);
  EXPECT_EQ(daily.duration_buckets[duration_bucket(60)], 1);
  EXPECT_EQ(store().daily_aggregates({kDay, kDay, ""}).size(), 2u);
  EXPECT_TRUE(store().daily_aggregates({kDay + 1, kDay + 5, ""}).empty());

  EXPECT_EQ(store().count_active_players({kDay, kDay, ""}), 2);
  EXPECT_EQ(store().count_active_players({kDay, kDay, "daily"}), 1);

  const auto months = store().monthly_aggregates();
  ASSERT_EQ(months.size(), 1u);
  EXPECT_EQ(months[0].game_type, "journeyman");
  EXPECT_EQ(months[0].month, "2023-11");
  EXPECT_EQ(months[0].games, 3);
  EXPECT_EQ(months[0].players, 2);

  CareerQuery q;
  q.min_shown = 1;
  const auto hardest = store().career_aggregates(q);
  EXPECT_EQ(hardest.total, 2);
  ASSERT_EQ(hardest.items.size(), 2u);
  EXPECT_EQ(hardest.items[0].name, "Beta Two");  // shown once, never solved
  EXPECT_EQ(hardest.items[0].solved, 0);
  EXPECT_EQ(hardest.items[1].name, "Alpha One");
  EXPECT_EQ(hardest.items[1].teams, 2);
  EXPECT_EQ(hardest.items[1].shown, 1);
  EXPECT_EQ(hardest.items[1].solved, 1);
  EXPECT_EQ(hardest.items[1].guess_sum, 3);
  EXPECT_EQ(hardest.items[1].teams_solved_sum, 2);
  q.sort = CareerSort::easiest;
  q.limit = 1;
  EXPECT_EQ(store().career_aggregates(q).items.at(0).name, "Alpha One");
  q.min_shown = 2;
  EXPECT_EQ(store().career_aggregates(q).total, 0);

  // Marking the finished game shared later moves shares only, on its finishing day.
  clock_.advance(3 * kMsPerDay);
  ASSERT_FALSE(update_sync(store(), finish("s-1", 1, 1, 60, true)));
  EXPECT_EQ(only_row("daily").shares, 1);
  EXPECT_EQ(only_row("daily").finished, 1);

  const auto before = dump();
  const auto report = rebuild();
  EXPECT_EQ(report.daily_rows, 2);
  EXPECT_EQ(report.monthly_rows, 1);
  EXPECT_EQ(report.member_rows, 2);
  EXPECT_EQ(report.career_rows, 2);
  EXPECT_EQ(dump(), before);
}

TEST_P(StoreAnalytics, ARetriedSubmissionCountsOnce) {
  ASSERT_TRUE(save_sync(store(), make_game("c-1")).saved);
  const auto retry = save_sync(store(), make_game("c-1"));
  ASSERT_TRUE(retry.saved);
  EXPECT_TRUE(retry.saved->duplicate);
  const auto batch = testing::await_one<std::vector<SaveOutcome>>([&](auto cb) {
    store().save_games({make_game("c-1"), make_game("c-2"), make_game("c-2")}, cb);
  });
  ASSERT_EQ(batch.size(), 3u);
  EXPECT_TRUE(batch[2].saved && batch[2].saved->duplicate);

  const DailyAggregate easy = only_row("easy");
  EXPECT_EQ(easy.started, 2);
  EXPECT_EQ(easy.finished, 2);
  EXPECT_EQ(easy.guess_sum, 10);
  EXPECT_EQ(store().monthly_aggregates().at(0).games, 2);
  EXPECT_EQ(store().monthly_aggregates().at(0).players, 1);
  const auto before = dump();
  rebuild();
  EXPECT_EQ(dump(), before);
}

TEST_P(StoreAnalytics, ErasureKeepsTheCountsButNoMembership) {
  const auto ann = save_sync(store(), make_game("c-1"));
  ASSERT_TRUE(ann.saved);
  ASSERT_TRUE(save_sync(store(), make_game("c-2", "bob@example.com", "Bob")).saved);
  const std::string ann_id =
      db().scalar("SELECT id FROM users WHERE public_id = '" + ann.saved->player_id + "'");
  ASSERT_EQ(db().scalar("SELECT count(*) FROM agg_month_players WHERE user_id = " + ann_id), "1");

  ErasureRequest r;
  r.user_public_id = ann.saved->player_id;
  r.requested_by = "admin-1";
  r.now_ms = kCreated;
  const auto out = testing::await_one<ErasureOutcome>([&](auto cb) { store().erase_user(r, cb); });
  ASSERT_TRUE(out.found);

  EXPECT_EQ(db().scalar("SELECT count(*) FROM agg_month_players WHERE user_id = " + ann_id), "0");
  EXPECT_EQ(db().scalar("SELECT count(*) FROM agg_month_players"), "1");  // Bob's
  const auto months = store().monthly_aggregates();
  ASSERT_EQ(months.size(), 1u);
  EXPECT_EQ(months[0].games, 2);
  EXPECT_EQ(months[0].players, 2);  // anonymised aggregates stay
  EXPECT_EQ(only_row("easy").finished, 2);
}

// Several threads write at once — client saves and batches with retries, server games
// created, played round by round, finished, shared later, and conflicting updates —
// while the clock crosses days. Afterwards a rebuild from raw rows must give exactly
// the rows the incremental path wrote.
TEST_P(StoreAnalytics, RebuildAgreesWithIncrementalAfterConcurrentWrites) {
  constexpr int kThreads = 4;
  constexpr int kRoundsPerThread = 12;
  const char* modes[] = {"easy", "challenge", "daily", "practice"};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRoundsPerThread; ++i) {
        const std::string tag = std::to_string(t) + "-" + std::to_string(i);
        const std::string email = "p" + std::to_string((t * 7 + i) % 5) + "@example.com";
        const std::string mode = modes[(t + i) % 4];
        // A client game, then its retry, and a batch with a duplicate inside.
        NewGame c = make_game("c-" + tag, email, "P");
        c.mode = mode;
        c.duration_seconds = (i % 3 == 0) ? std::nullopt : std::optional(10 * i + t);
        c.correct_count = i % 2;
        c.guess_count = i;
        c.shared_on_social = i % 4 == 0;
        c.created_at_ms = kCreated + i * kMsPerDay / 3;
        if (!save_sync(store(), c).saved) ++failures;
        if (!save_sync(store(), c).saved) ++failures;
        NewGame b1 = c;
        b1.session_id = "b-" + tag;
        const auto batch = testing::await_one<std::vector<SaveOutcome>>([&](auto cb) {
          store().save_games({b1, c, b1}, cb);
        });
        for (const auto& o : batch) {
          if (!o.saved) ++failures;
        }
        // A server game: created, a round in play, the round ended, finished.
        const std::string sid = "s-" + tag;
        NewGame s = make_server_game(sid, email, "P", mode);
        s.created_at_ms = 0;  // now, by the store clock
        if (!create_sync(store(), s).saved) {
          ++failures;
          continue;
        }
        GameStateUpdate step;
        step.session_id = sid;
        step.state_json = "{}";
        step.rounds.push_back(make_round(0, i % 2 ? "Alpha One" : "Beta Two", "playing", 1));
        if (update_sync(store(), step)) ++failures;
        // A stale version conflicts and must change nothing.
        if (!update_sync(store(), step)) ++failures;
        if (i % 5 == 4) continue;  // abandoned: started, never finished
        GameStateUpdate end = finish(sid, 1, i % 3 == 0 ? 0 : 1, 20 * i + 5);
        RoundRow r = make_round(0, i % 2 ? "Alpha One" : "Beta Two",
                                i % 3 == 0 ? "failed" : "solved", 1 + i % 3);
        r.guess_count = 1 + i % 4;
        end.rounds.push_back(r);
        end.rounds.push_back(make_round(1, i % 2 ? "Beta Two" : "Alpha One", "failed", 3));
        if (update_sync(store(), end)) ++failures;
        if (i % 3 == 1) {
          // Shared later, with a corrected duration (moves the histogram).
          if (update_sync(store(), finish(sid, 2, 1, 20 * i + 400, true))) ++failures;
        }
        if (t == 0) clock_.advance(kMsPerDay / 4);
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_EQ(failures.load(), 0);

  const auto incremental = dump();
  ASSERT_FALSE(incremental.empty());
  const std::string started = db().scalar("SELECT sum(started) FROM agg_daily");
  EXPECT_EQ(started, db().scalar("SELECT count(*) FROM games"));
  rebuild();
  EXPECT_EQ(dump(), incremental);
}

}  // namespace
}  // namespace jm::store
