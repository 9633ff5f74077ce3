#include "store/sqlite/reader_pool.hpp"

#include "store/sqlite/game_rows.hpp"
#include "store/sqlite/sqlite_migrator.hpp"

namespace jm::store::sqlite {

ReadConnection::ReadConnection(const std::string& path, int busy_timeout_ms, const PiiCodec& pii)
    : conn_(path, OpenMode::read_only, busy_timeout_ms),
      accounts_(conn_, pii),
      reports_(conn_, pii) {
  // Nothing is written through this connection; the pragma only keeps the same
  // settings on every connection, as DESIGN §6 asks.
  conn_.exec("PRAGMA foreign_keys=ON");
}

Statement& ReadConnection::prepared(Statement& s, const char* sql) {
  if (!s) s = conn_.prepare(sql);
  return s;
}

std::optional<SavedGame> ReadConnection::find_game_by_session(const std::string& session_id) {
  Statement& s = prepared(find_game_, kSelectGameBySession);
  ResetOnExit reset(s);
  s.bind(1, session_id);
  if (!s.step()) return std::nullopt;
  return saved_game_from_row(s);
}

std::int64_t ReadConnection::count_games() {
  Statement& s = prepared(count_games_, "SELECT count(*) FROM games");
  ResetOnExit reset(s);
  return s.step() ? s.column_int64(0) : 0;
}

std::int64_t ReadConnection::count_migrations() {
  Statement& s = prepared(count_migrations_, "SELECT count(*) FROM schema_migrations");
  ResetOnExit reset(s);
  return s.step() ? s.column_int64(0) : 0;
}

std::vector<int> ReadConnection::applied_migrations() {
  return SqliteMigrator(conn_).applied();  // read-only: applied() never writes
}

ReadConnection& ReaderPool::local() {
  const auto id = std::this_thread::get_id();
  {
    std::lock_guard lock(mu_);
    if (auto it = conns_.find(id); it != conns_.end()) return *it->second;
  }
  // Open outside the lock: opening touches the file system and may wait on a lock.
  // Only this thread inserts under its own id, so nobody can race us to it.
  auto conn = std::make_unique<ReadConnection>(path_, busy_timeout_ms_, pii_);
  std::lock_guard lock(mu_);
  auto& slot = conns_[id];
  slot = std::move(conn);
  return *slot;
}

}  // namespace jm::store::sqlite
