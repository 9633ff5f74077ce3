#pragma once
// Helpers for the SqliteStore tests: a private temp directory per test, game builders,
// synchronous wrappers over the callback API, and a raw connection that can hold the
// database's write lock to make batching deterministic.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/sqlite_store.hpp"

namespace jm::store::testing {

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("jm-sqlite-test-" + std::to_string(rd()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline NewGame make_game(const std::string& session_id,
                         const std::string& email = "ann@example.com",
                         const std::string& name = "Ann") {
  NewGame g;
  g.session_id = session_id;
  g.player_name = name;
  g.email = email;
  g.game_type = "journeyman";
  g.mode = "easy";
  g.duration_seconds = 42;
  g.correct_count = 3;
  g.guess_count = 5;
  g.completed = true;
  g.guesses_json = R"(["Tom Brady","Adrian Peterson"])";
  g.metadata_json = R"({"gameSpecificData":{"round":1}})";
  g.ip = "203.0.113.7";
  g.user_agent = "test";
  g.created_at_ms = 1'700'000'000'000;
  return g;
}

inline SaveOutcome save_sync(Store& store, NewGame game) {
  std::promise<SaveOutcome> p;
  auto f = p.get_future();
  store.save_game(std::move(game), [&p](SaveOutcome o) { p.set_value(std::move(o)); });
  return f.get();
}

inline std::vector<SaveOutcome> save_many_sync(Store& store, std::vector<NewGame> games) {
  std::promise<std::vector<SaveOutcome>> p;
  auto f = p.get_future();
  store.save_games(std::move(games),
                   [&p](std::vector<SaveOutcome> o) { p.set_value(std::move(o)); });
  return f.get();
}

// A separate raw connection to the same file, for checks the Store API does not offer.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "cannot open " << path << ": " << sqlite3_errmsg(db_);
    }
    sqlite3_busy_timeout(db_, 10'000);
  }
  ~RawDb() { sqlite3_close_v2(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  void exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << (err ? err : "?");
    }
    sqlite3_free(err);
  }

  // First column of every row, as text.
  std::vector<std::string> column(const std::string& sql) {
    std::vector<std::string> out;
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
      return out;
    }
    while (sqlite3_step(s) == SQLITE_ROW) {
      const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
      out.emplace_back(t ? t : "NULL");
    }
    sqlite3_finalize(s);
    return out;
  }

  std::string scalar(const std::string& sql) {
    auto c = column(sql);
    return c.empty() ? std::string{} : c.front();
  }

 private:
  sqlite3* db_ = nullptr;
};

// Holds the write lock (BEGIN IMMEDIATE) so the store's writer blocks at its next
// BEGIN; everything submitted meanwhile piles up into the following batch.
class WriteLockHolder {
 public:
  explicit WriteLockHolder(const std::string& path) : db_(path) { db_.exec("BEGIN IMMEDIATE"); }
  ~WriteLockHolder() { release(); }
  void release() {
    if (held_) db_.exec("ROLLBACK");
    held_ = false;
  }

 private:
  RawDb db_;
  bool held_ = true;
};

// Waits (bounded) until pred() holds; returns whether it did.
template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace jm::store::testing
