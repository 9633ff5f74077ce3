#pragma once
// SqliteStore: the embedded default Store. One writer thread commits queued saves in
// groups (see group_commit_writer.hpp); reads use a read-only connection per calling
// thread. The database runs in WAL mode with synchronous=FULL, so a save callback
// reporting success means the game is on disk.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "store/store.hpp"
#include "util/clock.hpp"

namespace jm::store {

namespace sqlite {
class GroupCommitWriter;
class ReaderPool;
struct WriterStats;
}  // namespace sqlite

struct SqliteOptions {
  std::size_t max_batch = 1024;  // most games committed in one transaction
  int busy_timeout_ms = 5000;    // how long to wait for a lock held by another process
  const Clock* clock = nullptr;  // not owned; the system clock when null
};

class SqliteStore final : public Store {
 public:
  using Options = SqliteOptions;

  // Opens (creating the file and its parent directory if needed) and starts the writer
  // thread. Does not migrate; open_sqlite_store does. Throws std::runtime_error
  // ("cannot open database '<path>': <reason>") when the file cannot be used.
  explicit SqliteStore(std::string path, Options options = {});
  ~SqliteStore() override;  // drains
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  // Store. Write callbacks run on the writer thread after COMMIT; after drain() they
  // run at once, on the caller's thread, with ErrorKind::unavailable. Reads throw
  // StoreUnavailable when the database cannot be opened, read or locked, and
  // std::runtime_error for other failures; health() never throws.
  void save_game(NewGame game, SaveCallback done) override;
  void save_games(std::vector<NewGame> games, BatchCallback done) override;
  std::optional<SavedGame> find_game_by_session(const std::string& session_id) override;
  std::int64_t count_games() override;
  Health health() override;
  std::vector<int> migrate() override;  // throws std::runtime_error naming the migration
  std::vector<int> applied_migrations() override;
  void drain() override;

  // Runs as one op of the group-commit writer and waits for its COMMIT. Throws
  // StoreUnavailable if it could not be written, std::runtime_error for bad rows
  // (nothing of the call is stored then), std::logic_error from a write callback.
  SeedCounts upsert_nfl(const std::vector<TeamRow>& teams,
                        const std::vector<CareerRow>& careers) override;
  std::vector<TeamRow> load_teams() override;
  std::vector<CareerRow> load_careers() override;
  void create_server_game(NewGame game, std::string state_json, std::optional<int> puzzle_number,
                          SaveCallback done) override;
  std::optional<StoredGameState> load_game_state(const std::string& session_id) override;
  void update_game_state(GameStateUpdate update, std::function<void(StoreError)> done) override;
  std::vector<LeaderboardRow> leaderboard(const LeaderboardQuery& query) override;
  std::vector<int> solved_daily_numbers(const std::string& player_id) override;
  std::vector<HistoryRow> player_history(const std::string& player_id, int limit) override;
  DailyStats daily_stats(int puzzle_number) override;
  std::int64_t count_finished_games(std::int64_t since_ms) override;

  // Group-commit counters, for /metrics. Ops are games (a save_games of n is n ops).
  std::uint64_t total_batches() const;
  std::uint64_t failed_batches() const;
  std::uint64_t total_ops() const;
  std::uint64_t last_batch_size() const;
  std::uint64_t max_batch_size() const;
  std::uint64_t queue_depth() const;
  // Why the most recent batch failed; empty when it committed.
  std::string last_write_error() const;

  const std::string& path() const { return path_; }

 private:
  const std::string path_;
  const Options options_;
  const Clock& clock_;
  std::unique_ptr<sqlite::ReaderPool> readers_;
  std::unique_ptr<sqlite::GroupCommitWriter> writer_;  // after readers_: stops first
};

// Opens the store and applies pending migrations. Throws std::runtime_error.
// Returns the concrete type (converts to std::unique_ptr<Store>) so the caller can
// also wire the counters into metrics.
std::unique_ptr<SqliteStore> open_sqlite_store(const std::string& path,
                                               SqliteStore::Options options = {});

}  // namespace jm::store
