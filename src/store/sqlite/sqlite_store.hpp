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
  // Seals e-mails at rest and computes their blind index; a PlainPiiCodec when null.
  // Every process opening one database must use the same index key.
  std::shared_ptr<const PiiCodec> pii;
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

  // Analytics aggregates (sqlite_store_analytics.cpp).
  void rebuild_aggregates(std::function<void(AggregateRebuildReport, StoreError)> done) override;
  std::vector<DailyAggregate> daily_aggregates(const DailyQuery& query) override;
  std::int64_t count_active_players(const DailyQuery& query) override;
  std::vector<MonthlyAggregate> monthly_aggregates() override;
  CareerPage career_aggregates(const CareerQuery& query) override;

  // Accounts, credentials, consents, audit, GDPR, jobs, retention (see store.hpp).
  // claim_job waits for its COMMIT and throws like upsert_nfl.
  std::optional<UserRecord> find_user_by_email(const std::string& email) override;
  std::optional<UserRecord> find_user_by_public_id(const std::string& public_id) override;
  void create_account(NewAccount account, AccountCallback done) override;
  void update_credentials(std::int64_t user_id, std::optional<std::string> password_hash,
                          std::optional<std::string> role, std::int64_t now_ms,
                          ErrorCallback done) override;
  void record_login_failure(std::int64_t user_id, LockoutPolicy policy, std::int64_t now_ms,
                            std::function<void(LoginState, StoreError)> done) override;
  void record_login_success(std::int64_t user_id, std::int64_t now_ms, ErrorCallback done) override;
  void create_api_key(ApiKeyRecord key, ErrorCallback done) override;
  std::optional<ApiKeyRecord> find_api_key(const std::string& key_id) override;
  std::vector<ApiKeyRecord> list_api_keys() override;
  void revoke_api_key(const std::string& key_id, std::int64_t now_ms, ErrorCallback done) override;
  void touch_api_key(const std::string& key_id, std::int64_t now_ms) override;
  void create_refresh_session(RefreshSession session, ErrorCallback done) override;
  void rotate_refresh_session(std::string old_hash, RefreshSession next, std::int64_t now_ms,
                              std::function<void(RotateOutcome)> done) override;
  void revoke_refresh_family_of(std::string token_hash, std::int64_t now_ms,
                                ErrorCallback done) override;
  void record_consent(ConsentRecord consent,
                      std::function<void(ConsentRecord, StoreError)> done) override;
  std::vector<ConsentRecord> consents(const std::string& user_public_id, bool history) override;
  void append_audit(AuditEntry entry, ErrorCallback done) override;
  AuditPage audit_entries(const AuditQuery& query) override;
  std::optional<PersonalData> collect_personal_data(const std::string& user_public_id) override;
  void erase_user(ErasureRequest request, std::function<void(ErasureOutcome)> done) override;
  void enqueue_job(JobRecord job, std::function<void(JobRecord, StoreError)> done) override;
  std::optional<JobRecord> claim_job(const std::string& worker, std::int64_t now_ms,
                                     std::int64_t lease_ms) override;
  bool renew_job_lease(const JobLease& lease, std::int64_t lease_until_ms,
                       std::int64_t now_ms) override;
  void finish_job(JobLease lease, bool ok, std::string result_json, std::string error,
                  std::optional<std::int64_t> retry_at_ms,
                  std::optional<std::int64_t> expires_at_ms, std::int64_t now_ms,
                  ErrorCallback done) override;
  std::optional<JobRecord> find_job(const std::string& public_id) override;
  std::int64_t count_queued_jobs() override;
  void apply_retention(RetentionPolicy policy, std::int64_t now_ms, bool dry_run,
                       std::function<void(RetentionReport)> done) override;
  void reseal_personal_data(std::function<void(int, StoreError)> done) override;

  // Reports (report_types.hpp).
  std::vector<ReportGame> report_games_page(const ReportQuery& query, const ReportCursor& after,
                                            int limit) override;
  std::vector<CompatLeaderboardRow> compat_leaderboard(
      const CompatLeaderboardQuery& query) override;
  PlayerSummaryPage player_summaries(const PlayerSummaryQuery& query) override;
  OperatorStats operator_stats(std::int64_t day_start_ms) override;

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
  const std::shared_ptr<const PiiCodec> pii_;  // before readers_ and writer_: they use it
  std::unique_ptr<sqlite::ReaderPool> readers_;
  std::unique_ptr<sqlite::GroupCommitWriter> writer_;  // after readers_: stops first
};

// Opens the store and applies pending migrations. Throws std::runtime_error.
// Returns the concrete type (converts to std::unique_ptr<Store>) so the caller can
// also wire the counters into metrics.
std::unique_ptr<SqliteStore> open_sqlite_store(const std::string& path,
                                               SqliteStore::Options options = {});

}  // namespace jm::store
