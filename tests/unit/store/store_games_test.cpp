// Both dialects: migrations, save/find semantics, idempotency, durability across reopen
// and drain. Dialect-specific behaviour: sqlite_store_test.cpp, postgres_store_test.cpp.
#include <gtest/gtest.h>

#include <regex>

#include "store/migrations.hpp"
#include "store_factory_for_tests.hpp"

namespace jm::store {
namespace {

using testing::Dialect;
using testing::make_game;
using testing::save_many_sync;
using testing::save_sync;

class StoreGames : public testing::DialectTest {
 protected:
  std::vector<int> all_versions() const {
    std::vector<int> v;
    for (const auto& m : migrations_for(GetParam() == Dialect::sqlite ? "sqlite" : "postgres")) {
      v.push_back(m.version);
    }
    return v;
  }
};

TEST_P(StoreGames, MigrationsAppliedOnceAndRecorded) {
  EXPECT_EQ(store().applied_migrations(), all_versions());
  EXPECT_GE(all_versions().size(), 3u);
  EXPECT_TRUE(store().migrate().empty()) << "second migrate must be a no-op";
  EXPECT_EQ(db().scalar("SELECT count(*) FROM schema_migrations"),
            std::to_string(all_versions().size()));
  EXPECT_EQ(db().scalar("SELECT name FROM schema_migrations WHERE version = 1"), "001_init");
  EXPECT_GT(std::stoll(db().scalar("SELECT min(applied_at) FROM schema_migrations")), 0);
}

TEST_P(StoreGames, FreshStoreReportsWhatItApplied) {
  testing::TestDatabase fresh(GetParam());
  auto store = fresh.open(nullptr, /*migrate=*/false);
  EXPECT_TRUE(store->applied_migrations().empty());
  EXPECT_EQ(store->migrate(), all_versions());
  EXPECT_EQ(store->applied_migrations(), all_versions());
}

TEST_P(StoreGames, UnmigratedStoreRefusesWritesUntilMigrated) {
  testing::TestDatabase fresh(GetParam());
  auto store = fresh.open(nullptr, /*migrate=*/false);
  auto out = save_sync(*store, make_game("s-1"));
  EXPECT_FALSE(out.saved);
  EXPECT_EQ(out.error.kind, ErrorKind::unavailable) << out.error.message;
  store->migrate();
  out = save_sync(*store, make_game("s-1"));
  EXPECT_TRUE(out.saved) << out.error.message;
}

TEST_P(StoreGames, SaveThenFind) {
  auto out = save_sync(store(), make_game("s-1"));
  ASSERT_FALSE(out.error) << out.error.message;
  ASSERT_TRUE(out.saved);
  EXPECT_GT(out.saved->game_id, 0);
  EXPECT_FALSE(out.saved->duplicate);
  EXPECT_EQ(out.saved->session_id, "s-1");
  EXPECT_EQ(out.saved->saved_at_ms, 1'700'000'000'000);
  EXPECT_EQ(out.saved->correct_count, 3);
  EXPECT_EQ(out.saved->game_type, "journeyman");
  static const std::regex uuid_v4(
      "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  EXPECT_TRUE(std::regex_match(out.saved->player_id, uuid_v4)) << out.saved->player_id;

  auto found = store().find_game_by_session("s-1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->game_id, out.saved->game_id);
  EXPECT_EQ(found->player_id, out.saved->player_id);
  EXPECT_EQ(found->saved_at_ms, out.saved->saved_at_ms);
  EXPECT_FALSE(store().find_game_by_session("nope"));
  EXPECT_EQ(store().count_games(), 1);
  EXPECT_EQ(db().scalar("SELECT mode || '|' || source || '|' || status || '|' || completed"
                        " || '|' || guesses_json FROM games"),
            R"(easy|client|finished|1|["Tom Brady","Adrian Peterson"])");
}

TEST_P(StoreGames, MissingCreatedAtUsesTheClock) {
  clock_.set(1'234'567);
  auto g = make_game("s-clock");
  g.created_at_ms = 0;
  auto out = save_sync(store(), g);
  ASSERT_TRUE(out.saved) << out.error.message;
  EXPECT_EQ(out.saved->saved_at_ms, 1'234'567);
}

TEST_P(StoreGames, SameEmailIsOneUserAndLatestNameWins) {
  auto a = save_sync(store(), make_game("s-a", "ann@example.com", "Ann"));
  auto b = save_sync(store(), make_game("s-b", "ANN@example.com", "Annie"));
  auto c = save_sync(store(), make_game("s-c", "bob@example.com", "Bob"));
  ASSERT_TRUE(a.saved && b.saved && c.saved);
  EXPECT_EQ(a.saved->player_id, b.saved->player_id);
  EXPECT_NE(a.saved->player_id, c.saved->player_id);
  EXPECT_EQ(db().scalar("SELECT count(*) FROM users"), "2");
  EXPECT_EQ(db().scalar("SELECT name FROM users WHERE public_id = '" + a.saved->player_id + "'"),
            "Annie");
  EXPECT_EQ(db().scalar("SELECT count(*) FROM users WHERE password_hash IS NULL"
                        " AND role = 'player'"),
            "2");
  auto user = store().find_user_by_email("ann@example.com");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->public_id, a.saved->player_id);
  EXPECT_EQ(user->email, "ann@example.com");
}

TEST_P(StoreGames, DuplicateSessionReturnsFirstResult) {
  auto first = save_sync(store(), make_game("s-dup", "ann@example.com", "Ann"));
  auto retry = make_game("s-dup", "eve@example.com", "Eve");
  retry.correct_count = 9;
  auto second = save_sync(store(), retry);
  ASSERT_TRUE(first.saved && second.saved) << second.error.message;
  EXPECT_FALSE(first.saved->duplicate);
  EXPECT_TRUE(second.saved->duplicate);
  EXPECT_EQ(second.saved->game_id, first.saved->game_id);
  EXPECT_EQ(second.saved->player_id, first.saved->player_id);
  EXPECT_EQ(second.saved->correct_count, 3);  // the first stored result wins
  EXPECT_EQ(store().count_games(), 1);
  // The retry touched no user: no stray "Eve".
  EXPECT_EQ(db().scalar("SELECT count(*) FROM users"), "1");
}

TEST_P(StoreGames, SaveGamesGivesOneOutcomePerGameInOrder) {
  auto bogus = make_game("s-2");
  bogus.mode = "bogus";  // violates the CHECK constraint
  auto outs =
      save_many_sync(store(), {make_game("s-1"), bogus, make_game("s-3"), make_game("s-1")});
  ASSERT_EQ(outs.size(), 4u);
  EXPECT_TRUE(outs[0].saved && !outs[0].saved->duplicate);
  EXPECT_FALSE(outs[1].saved);
  EXPECT_EQ(outs[1].error.kind, ErrorKind::invalid) << outs[1].error.message;
  EXPECT_TRUE(outs[2].saved && !outs[2].saved->duplicate);
  ASSERT_TRUE(outs[3].saved);
  EXPECT_TRUE(outs[3].saved->duplicate);
  EXPECT_EQ(outs[3].saved->game_id, outs[0].saved->game_id);
  EXPECT_EQ(store().count_games(), 2);
  EXPECT_TRUE(save_many_sync(store(), {}).empty());
}

// All valid: on PostgreSQL the batch goes out as one multi-row statement, which must answer
// as one statement per game would, in order.
TEST_P(StoreGames, OneBatchAnswersAsGameByGameWould) {
  auto stored = save_sync(store(), make_game("s-0", "ann@example.com", "Ann"));
  ASSERT_TRUE(stored.saved);
  auto retry = make_game("s-1", "eve@example.com", "Eve");
  retry.correct_count = 9;
  auto outs = save_many_sync(
      store(),
      {make_game("s-1", "ann@example.com", "Ann"), make_game("s-2", "ann@example.com", ""),
       make_game("s-3", "bob@example.com", "Bob"), retry,
       make_game("s-0", "zed@example.com", "Zed"), make_game("s-4", "ann@example.com", "Annie"),
       make_game("s-5", "ann@example.com", "")});
  ASSERT_EQ(outs.size(), 7u);
  for (const auto& o : outs) ASSERT_TRUE(o.saved) << o.error.message;
  for (int i : {0, 1, 2, 5, 6}) EXPECT_FALSE(outs[i].saved->duplicate) << i;
  // A session_id seen earlier in the batch answers with that first result.
  EXPECT_TRUE(outs[3].saved->duplicate);
  EXPECT_EQ(outs[3].saved->game_id, outs[0].saved->game_id);
  EXPECT_EQ(outs[3].saved->player_id, outs[0].saved->player_id);
  EXPECT_EQ(outs[3].saved->correct_count, 3);
  // One stored before the batch too, and it touches no user.
  EXPECT_TRUE(outs[4].saved->duplicate);
  EXPECT_EQ(outs[4].saved->game_id, stored.saved->game_id);
  EXPECT_EQ(outs[4].saved->player_id, stored.saved->player_id);
  // Games get their ids in input order; one player per e-mail, the last non-empty name wins.
  EXPECT_LT(outs[0].saved->game_id, outs[1].saved->game_id);
  EXPECT_LT(outs[1].saved->game_id, outs[2].saved->game_id);
  EXPECT_LT(outs[2].saved->game_id, outs[5].saved->game_id);
  for (int i : {0, 1, 5, 6}) EXPECT_EQ(outs[i].saved->player_id, stored.saved->player_id) << i;
  EXPECT_NE(outs[2].saved->player_id, stored.saved->player_id);
  EXPECT_EQ(store().count_games(), 6);
  EXPECT_EQ(db().scalar("SELECT count(*) FROM users"), "2");  // ann and bob: no eve, no zed
  EXPECT_EQ(
      db().scalar("SELECT name FROM users WHERE public_id = '" + stored.saved->player_id + "'"),
      "Annie");
}

TEST_P(StoreGames, DataSurvivesCloseAndReopen) {
  std::int64_t id = 0;
  for (int i = 0; i < 10; ++i) {
    auto out = save_sync(store(), make_game("s-" + std::to_string(i)));
    ASSERT_TRUE(out.saved);
    if (i == 7) id = out.saved->game_id;
  }
  reopen();
  EXPECT_EQ(store().count_games(), 10);
  auto found = store().find_game_by_session("s-7");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->game_id, id);
  EXPECT_TRUE(store().migrate().empty());
}

TEST_P(StoreGames, DrainRefusesLaterWritesAndTurnsHealthRed) {
  EXPECT_TRUE(store().health().ok) << store().health().detail;
  ASSERT_TRUE(save_sync(store(), make_game("before")).saved);
  store().drain();
  store().drain();  // idempotent
  EXPECT_FALSE(store().health().ok);

  bool called = false;
  store().save_game(make_game("after"), [&](SaveOutcome o) {
    called = true;
    EXPECT_EQ(o.error.kind, ErrorKind::unavailable);
  });
  EXPECT_TRUE(called) << "refusal must be immediate";
  std::vector<SaveOutcome> many;
  store().save_games({make_game("a1"), make_game("a2")},
                     [&](std::vector<SaveOutcome> o) { many = std::move(o); });
  ASSERT_EQ(many.size(), 2u);
  EXPECT_EQ(many[1].error.kind, ErrorKind::unavailable);
  EXPECT_EQ(store().count_games(), 1);  // reads keep working after drain
}

TEST_P(StoreGames, SeveralStoresStaySeparate) {
  auto other = testing::make_test_store(GetParam());
  ASSERT_TRUE(save_sync(store(), make_game("only-in-a")).saved);
  EXPECT_EQ(store().count_games(), 1);
  EXPECT_EQ(other->count_games(), 0);
  EXPECT_FALSE(other->find_game_by_session("only-in-a"));
  store_.reset();
  EXPECT_EQ(other->count_games(), 0);
  EXPECT_TRUE(other->health().ok);
}

JM_STORE_DIALECTS(StoreGames);

}  // namespace
}  // namespace jm::store
