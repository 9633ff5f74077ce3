// SqliteStore only: opening files, pragmas, health on a deleted file. Save/find,
// migrations, reopen and drain run on both dialects in store_games_test.cpp;
// group-commit behaviour lives in sqlite_group_commit_test.cpp.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "sqlite_test_support.hpp"
#include "store/migrations.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace jm::store {
namespace {

using testing::make_game;
using testing::RawDb;
using testing::save_sync;
using testing::TempDir;

std::vector<int> all_versions() {
  std::vector<int> v;
  for (const auto& m : migrations_for("sqlite")) v.push_back(m.version);
  return v;
}

TEST(SqliteMigrations, ReopenIsIdempotent) {
  TempDir dir;
  { auto first = open_sqlite_store(dir.file("j.db")); }
  SqliteStore again(dir.file("j.db"));
  EXPECT_TRUE(again.migrate().empty());
  EXPECT_EQ(again.applied_migrations(), all_versions());
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
       {"games_created_at", "games_user_id", "games_server_status_finished_at",
        "games_server_mode_puzzle_number", "audit_logs_created_at", "jobs_status_run_after",
        "audit_logs_actor", "audit_logs_resource", "audit_logs_action", "jobs_public_id",
        "sessions_family_id", "sessions_user_id"}) {
    EXPECT_NE(std::find(indexes.begin(), indexes.end(), i), indexes.end()) << i;
  }
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

}  // namespace
}  // namespace jm::store
