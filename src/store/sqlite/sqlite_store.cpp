#include "store/sqlite/sqlite_store.hpp"

#include "store/sqlite/call_safely.hpp"

#include <filesystem>
#include <stdexcept>
#include <utility>

#include "store/migrations.hpp"
#include "store/plain_pii_codec.hpp"
#include "store/sqlite/group_commit_writer.hpp"
#include "store/sqlite/read_guard.hpp"
#include "store/sqlite/reader_pool.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/sqlite_migrator.hpp"
#include "store/sqlite/user_rows.hpp"
#include "util/log.hpp"

namespace jm::store {
namespace {

using sqlite::call_safely;

const Clock& system_clock() {
  static const SystemClock clock;
  return clock;
}

[[noreturn]] void cannot_open(const std::string& path, const std::string& reason) {
  throw std::runtime_error("cannot open database '" + path + "': " + reason);
}

// Durability settings for the connection that writes. WAL lets readers run beside the
// writer; synchronous=FULL fsyncs the WAL on every COMMIT, which is what makes an
// acknowledged save survive a power cut (group commit pays that fsync once per batch).
void configure_writer(sqlite::Connection& conn) {
  const std::string mode = conn.query_text("PRAGMA journal_mode=WAL");
  if (mode != "wal") cannot_open(conn.path(), "journal_mode=WAL refused (got '" + mode + "')");
  conn.exec("PRAGMA synchronous=FULL");
  conn.exec("PRAGMA foreign_keys=ON");
}

SaveOutcome refused_while_draining() {
  return SaveOutcome{std::nullopt,
                     {ErrorKind::unavailable, "sqlite store is shutting down; write refused"}};
}

}  // namespace

SqliteStore::SqliteStore(std::string path, Options options)
    : path_(std::move(path)),
      options_(options),
      clock_(options.clock ? *options.clock : system_clock()),
      pii_(options.pii ? options.pii : std::make_shared<PlainPiiCodec>()) {
  // Every thread opens its own connection to path_, so it must name one shared file.
  if (path_.empty() || path_ == ":memory:" || path_.rfind("file:", 0) == 0) {
    cannot_open(path_, "a plain file path is required (no :memory: or URI names)");
  }
  const auto parent = std::filesystem::path(path_).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec)
      cannot_open(path_, "cannot create directory '" + parent.string() + "': " + ec.message());
  }
  auto conn = std::make_unique<sqlite::Connection>(path_, sqlite::OpenMode::read_write_create,
                                                   options_.busy_timeout_ms);
  try {
    configure_writer(*conn);
  } catch (const sqlite::SqliteError& e) {
    cannot_open(path_, e.what());  // e.g. "file is not a database"
  }
  readers_ = std::make_unique<sqlite::ReaderPool>(path_, options_.busy_timeout_ms, *pii_);
  writer_ = std::make_unique<sqlite::GroupCommitWriter>(std::move(conn), options_.max_batch, clock_,
                                                        *pii_);
}

SqliteStore::~SqliteStore() {
  writer_->drain();
}

void SqliteStore::save_game(NewGame game, SaveCallback done) {
  sqlite::WriteRequest req;
  try {
    req.games.push_back(std::move(game));
    req.one = std::move(done);
    if (writer_->submit(req)) return;
    call_safely(req.one, refused_while_draining());
  } catch (const std::exception& e) {  // allocation failure: still answer, never throw
    SaveOutcome out{std::nullopt, {ErrorKind::internal, e.what()}};
    call_safely(req.one ? req.one : done, std::move(out));
  }
}

void SqliteStore::save_games(std::vector<NewGame> games, BatchCallback done) {
  sqlite::WriteRequest req;
  try {
    if (games.empty()) {
      call_safely(done, std::vector<SaveOutcome>{});
      return;
    }
    const std::size_t n = games.size();
    req.games = std::move(games);
    req.many = std::move(done);
    if (writer_->submit(req)) return;
    call_safely(req.many, std::vector<SaveOutcome>(n, refused_while_draining()));
  } catch (const std::exception& e) {
    const std::size_t n = req.games.empty() ? games.size() : req.games.size();
    std::vector<SaveOutcome> out(n, SaveOutcome{std::nullopt, {ErrorKind::internal, e.what()}});
    call_safely(req.many ? req.many : done, std::move(out));
  }
}

std::optional<SavedGame> SqliteStore::find_game_by_session(const std::string& session_id) {
  return sqlite::guarded_read(
      *readers_, [&](sqlite::ReadConnection& r) { return r.find_game_by_session(session_id); });
}

std::int64_t SqliteStore::count_games() {
  return sqlite::guarded_read(*readers_, [](sqlite::ReadConnection& r) { return r.count_games(); });
}

Health SqliteStore::health() {
  try {
    if (!writer_->accepting()) return {false, "sqlite store is drained; writes are refused"};
    auto& reader = readers_->local();
    // An open connection keeps reading a deleted file happily; ask SQLite whether the
    // path still leads to the file we opened.
    if (reader.connection().file_has_moved()) {
      return {false, "database file '" + path_ + "' was moved or deleted"};
    }
    const auto migrations = reader.count_migrations();
    return {true, "sqlite ok (" + std::to_string(migrations) + " migrations applied)"};
  } catch (const std::exception& e) {
    return {false, std::string("sqlite health check failed: ") + e.what()};
  } catch (...) {
    return {false, "sqlite health check failed"};
  }
}

std::vector<int> SqliteStore::migrate() {
  // A connection of its own: the write connection belongs to the writer thread.
  // BEGIN IMMEDIATE in the migrator serialises it against batches in flight.
  sqlite::Connection conn(path_, sqlite::OpenMode::read_write_create, options_.busy_timeout_ms);
  // OFF: a migration that rebuilds a table (SQLite's only way to change a constraint)
  // must not fire ON DELETE actions on the rows referencing it; the migrator runs
  // foreign_key_check before each COMMIT instead.
  conn.exec("PRAGMA foreign_keys=OFF");
  auto applied = sqlite::SqliteMigrator(conn).apply(migrations_for("sqlite"), clock_.now_ms());
  // Rows from before 003 need the codec for their e-mail index; SQL alone cannot.
  const int indexed = sqlite::index_legacy_emails(conn, *pii_);
  if (indexed > 0) log::info("sqlite_legacy_emails_indexed", {{"rows", indexed}});
  return applied;
}

std::vector<int> SqliteStore::applied_migrations() {
  return sqlite::guarded_read(*readers_,
                              [](sqlite::ReadConnection& r) { return r.applied_migrations(); });
}

void SqliteStore::drain() {
  writer_->drain();
}

std::uint64_t SqliteStore::total_batches() const {
  return writer_->stats().batches;
}
std::uint64_t SqliteStore::failed_batches() const {
  return writer_->stats().failed_batches;
}
std::uint64_t SqliteStore::total_ops() const {
  return writer_->stats().ops;
}
std::uint64_t SqliteStore::last_batch_size() const {
  return writer_->stats().last_batch_size;
}
std::uint64_t SqliteStore::max_batch_size() const {
  return writer_->stats().max_batch_size;
}
std::uint64_t SqliteStore::queue_depth() const {
  return writer_->stats().queue_depth;
}
std::string SqliteStore::last_write_error() const {
  return writer_->last_error();
}

std::unique_ptr<SqliteStore> open_sqlite_store(const std::string& path,
                                               SqliteStore::Options options) {
  auto store = std::make_unique<SqliteStore>(path, options);
  store->migrate();  // on failure the store is destroyed (drained) as the exception leaves
  return store;
}

}  // namespace jm::store
