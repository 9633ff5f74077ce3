// SqliteStore: opening, migrations, save/find semantics, durability across reopen,
// health and drain. Group-commit behaviour lives in sqlite_group_commit_test.cpp.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "sqlite_test_support.hpp"
#include "store/migrations.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace jm::store {
namespace {

using testing::make_game;
using testing::RawDb;
using testing::save_many_sync;
using testing::save_sync;
using testing::TempDir;

std::vector<int> all_versions() {
  std::vector<int> v;
  for (const auto& m : migrations_for("sqlite")) v.push_back(m.version);
  return v;
}

TEST(SqliteMigrations, AppliedOnceAndRecorded) {
  TempDir dir;
  auto store = open_sqlite_store(dir.file("j.db"));
  EXPECT_EQ(store->applied_migrations(), all_versions());
  EXPECT_TRUE(store->migrate().empty()) << "second migrate must be a no-op";

  RawDb raw(dir.file("j.db"));
  EXPECT_EQ(raw.scalar("SELECT count(*) FROM schema_migrations"),
            std::to_string(all_versions().size()));
  EXPECT_EQ(raw.scalar("SELECT name FROM schema_migrations WHERE version = 1"), "001_init");
  EXPECT_GT(std::stoll(raw.scalar("SELECT min(applied_at) FROM schema_migrations")), 0);
}

TEST(SqliteMigrations, ReopenIsIdempotent) {
  TempDir dir;
  { auto first = open_sqlite_store(dir.file("j.db")); }
  SqliteStore again(dir.file("j.db"));
  EXPECT_TRUE(again.migrate().empty());
  EXPECT_EQ(again.applied_migrations(), all_versions());
}

TEST(SqliteMigrations, FreshStoreReportsWhatItApplied) {
  TempDir dir;
  SqliteStore store(dir.file("j.db"));
  EXPECT_TRUE(store.applied_migrations().empty());
  EXPECT_EQ(store.migrate(), all_versions());
  EXPECT_EQ(store.applied_migrations(), all_versions());
}

TEST(SqliteMigrations, SchemaAndPragmas) {
  TempDir dir;
  auto store = open_sqlite_store(dir.file("j.db"));
  RawDb raw(dir.file("j.db"));
  auto tables = raw.column("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name");
  for (const char* t :
       {"api_keys", "audit_logs", "data_deletions", "game_rounds", "games", "jobs", "nfl_players",
        "schema_migrations", "sessions", "stints", "teams", "user_consents", "users"}) {
    EXPECT_NE(std::find(tables.begin(), tables.end(), t), tables.end()) << t;
  }
  EXPECT_EQ(raw.scalar("PRAGMA journal_mode"), "wal");  // persistent, set by the store
  EXPECT_TRUE(raw.column("PRAGMA foreign_key_check").empty());
  auto indexes = raw.column("SELECT name FROM sqlite_master WHERE type='index'");
  for (const char* i :
       {"games_created_at", "games_user_id", "games_mode_created_at", "audit_logs_created_at",
        "jobs_status_run_after", "audit_logs_actor", "audit_logs_resource", "audit_logs_action",
        "jobs_public_id", "sessions_family_id", "sessions_user_id"}) {
    EXPECT_NE(std::find(indexes.begin(), indexes.end(), i), indexes.end()) << i;
  }
}

TEST(SqliteStoreTest, SaveThenFind) {
  TempDir dir;
  auto store = open_sqlite_store(dir.file("j.db"));
  auto out = save_sync(*store, make_game("s-1"));
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

  auto found = store->find_game_by_session("s-1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->game_id, out.saved->game_id);
  EXPECT_EQ(found->player_id, out.saved->player_id);
  EXPECT_EQ(found->saved_at_ms, out.saved->saved_at_ms);
  EXPECT_FALSE(store->find_game_by_session("nope"));
  EXPECT_EQ(store->count_games(), 1);

  RawDb raw(dir.file("j.db"));
  EXPECT_EQ(raw.scalar("SELECT mode || '|' || source || '|' || status || '|' || completed"
                       " FROM games"),
            "easy|client|finished|1");
}

TEST(SqliteStoreTest, MissingCreatedAtUsesTheClock) {
  TempDir dir;
  ManualClock clock(1'234'567);
  SqliteStore::Options opts;
  opts.clock = &clock;
  auto store = open_sqlite_store(dir.file("j.db"), opts);
  auto g = make_game("s-clock");
  g.created_at_ms = 0;
  auto out = save_sync(*store, g);
  ASSERT_TRUE(out.saved) << out.error.message;
  EXPECT_EQ(out.saved->saved_at_ms, 1'234'567);
}

TEST(SqliteStoreTest, SameEmailIsOneUserAndLatestNameWins) {
  TempDir dir;
  auto store = open_sqlite_store(dir.file("j.db"));
  auto a = save_sync(*store, make_game("s-a", "ann@example.com", "Ann"));
  auto b = save_sync(*store, make_game("s-b", "ANN@example.com", "Annie"));
  auto c = save_sync(*store, make_game("s-c", "bob@example.com", "Bob"));
  ASSERT_TRUE(a.saved && b.saved && c.saved);
  EXPECT_EQ(a.saved->player_id, b.saved->player_id);
  EXPECT_NE(a.saved->player_id, c.saved->player_id);

  RawDb raw(dir.file("j.db"));
  EXPECT_EQ(raw.scalar("SELECT count(*) FROM users"), "2");
  EXPECT_EQ(raw.scalar("SELECT name FROM users WHERE email = 'ann@example.com'"), "Annie");
  EXPECT_EQ(raw.scalar("SELECT count(*) FROM users WHERE password_hash IS NULL"
                       " AND role = 'player'"),
            "2");
}

TEST(SqliteStoreTest, DuplicateSessionReturnsFirstResult) {
  TempDir dir;
  auto store = open_sqlite_store(dir.file("j.db"));
  auto first = save_sync(*store, make_game("s-dup", "ann@example.com", "Ann"));
  auto retry = make_game("s-dup", "eve@example.com", "Eve");
  retry.correct_count = 9;
  auto second = save_sync(*store, retry);
  ASSERT_TRUE(first.saved && second.saved) << second.error.message;
  EXPECT_FALSE(first.saved->duplicate);
  EXPECT_TRUE(second.saved->duplicate);
  EXPECT_EQ(second.saved->game_id, first.saved->game_id);
  EXPECT_EQ(second.saved->player_id, first.saved->player_id);
  EXPECT_EQ(second.saved->correct_count, 3);  // the first stored result wins
  EXPECT_EQ(store->count_games(), 1);

  // The retry's user upsert was rolled back with it: no stray "Eve" user.
  RawDb raw(dir.file("j.db"));
  EXPECT_EQ(raw.scalar("SELECT count(*) FROM users"), "1");
}

TEST(SqliteStoreTest, SaveGamesGivesOneOutcomePerGameInOrder) {
  TempDir dir;
  auto store = open_sqlite_store(dir.file("j.db"));
  auto bogus = make_game("s-2");
  bogus.mode = "bogus";  // violates the CHECK constraint
  auto outs = save_many_sync(*store, {make_game("s-1"), bogus, make_game("s-3"), make_game("s-1")});
  ASSERT_EQ(outs.size(), 4u);
  EXPECT_TRUE(outs[0].saved && !outs[0].saved->duplicate);
  EXPECT_FALSE(outs[1].saved);
  EXPECT_EQ(outs[1].error.kind, ErrorKind::invalid) << outs[1].error.message;
  EXPECT_TRUE(outs[2].saved && !outs[2].saved->duplicate);
  ASSERT_TRUE(outs[3].saved);
  EXPECT_TRUE(outs[3].saved->duplicate);
  EXPECT_EQ(outs[3].saved->game_id, outs[0].saved->game_id);
  EXPECT_EQ(store->count_games(), 2);
  EXPECT_TRUE(save_many_sync(*store, {}).empty());
}

TEST(SqliteStoreTest, DataSurvivesCloseAndReopen) {
  TempDir dir;
  std::int64_t id = 0;
  {
    auto store = open_sqlite_store(dir.file("j.db"));
    for (int i = 0; i < 10; ++i) {
      auto out = save_sync(*store, make_game("s-" + std::to_string(i)));
      ASSERT_TRUE(out.saved);
      if (i == 7) id = out.saved->game_id;
    }
  }
  auto store = open_sqlite_store(dir.file("j.db"));
  EXPECT_EQ(store->count_games(), 10);
  auto found = store->find_game_by_session("s-7");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->game_id, id);
}

TEST(SqliteStoreTest, HealthOkThenNotOkWhenTheFileIsDeleted) {
  TempDir dir;
  auto store = open_sqlite_store(dir.file("j.db"));
  auto h = store->health();
  EXPECT_TRUE(h.ok) << h.detail;
  std::filesystem::remove(dir.file("j.db"));
  h = store->health();
  EXPECT_FALSE(h.ok);
  EXPECT_NE(h.detail.find("moved or deleted"), std::string::npos) << h.detail;
  // A thread that never read before cannot even open the file.
  std::thread([&] {
    auto h2 = store->health();
    EXPECT_FALSE(h2.ok);
    EXPECT_NE(h2.detail.find("j.db"), std::string::npos) << h2.detail;
  }).join();
}

TEST(SqliteStoreTest, DrainRefusesLaterWritesAndTurnsHealthRed) {
  TempDir dir;
  auto store = open_sqlite_store(dir.file("j.db"));
  ASSERT_TRUE(save_sync(*store, make_game("before")).saved);
  store->drain();
  store->drain();  // idempotent
  EXPECT_FALSE(store->health().ok);

  bool called = false;
  store->save_game(make_game("after"), [&](SaveOutcome o) {
    called = true;
    EXPECT_EQ(o.error.kind, ErrorKind::unavailable);
  });
  EXPECT_TRUE(called) << "refusal must be immediate";
  std::vector<SaveOutcome> many;
  store->save_games({make_game("a1"), make_game("a2")},
                    [&](std::vector<SaveOutcome> o) { many = std::move(o); });
  ASSERT_EQ(many.size(), 2u);
  EXPECT_EQ(many[1].error.kind, ErrorKind::unavailable);
  EXPECT_EQ(store->count_games(), 1);  // reads keep working after drain
}

TEST(SqliteStoreTest, CreatesMissingParentDirectory) {
  TempDir dir;
  auto store = open_sqlite_store(dir.file("a/b/c/j.db"));
  EXPECT_TRUE(std::filesystem::exists(dir.file("a/b/c/j.db")));
  EXPECT_TRUE(store->health().ok);
}

TEST(SqliteStoreTest, ConstructorThrowsAClearMessage) {
  TempDir dir;
  std::ofstream(dir.file("plain")) << "x";
  const std::string bad = dir.file("plain") + "/j.db";  // parent is a regular file
  try {
    SqliteStore store(bad);
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot open database '" + bad + "'"), std::string::npos)
        << e.what();
  }
  std::ofstream(dir.file("garbage.db")) << std::string(4096, 'g');
  EXPECT_THROW(SqliteStore(dir.file("garbage.db")), std::runtime_error);
  EXPECT_THROW(SqliteStore(":memory:"), std::runtime_error);
}

TEST(SqliteStoreTest, UnmigratedStoreRefusesWritesUntilMigrated) {
  TempDir dir;
  SqliteStore store(dir.file("j.db"));
  auto out = save_sync(store, make_game("s-1"));
  EXPECT_FALSE(out.saved);
  EXPECT_EQ(out.error.kind, ErrorKind::unavailable);
  store.migrate();
  out = save_sync(store, make_game("s-1"));
  EXPECT_TRUE(out.saved) << out.error.message;
}

TEST(SqliteStoreTest, SeveralStoresInOneProcessStaySeparate) {
  TempDir dir;
  auto a = open_sqlite_store(dir.file("a.db"));
  auto b = open_sqlite_store(dir.file("b.db"));
  ASSERT_TRUE(save_sync(*a, make_game("only-in-a")).saved);
  EXPECT_EQ(a->count_games(), 1);
  EXPECT_EQ(b->count_games(), 0);  // same thread, different store → different connection
  EXPECT_FALSE(b->find_game_by_session("only-in-a"));
  a.reset();
  EXPECT_EQ(b->count_games(), 0);
  EXPECT_TRUE(b->health().ok);
}

}  // namespace
}  // namespace jm::store
