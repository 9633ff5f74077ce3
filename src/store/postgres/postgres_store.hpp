#pragma once
// PostgresStore: the Store on PostgreSQL 15 (libpq), for running several instances on
// one database. Writes go through one group-commit writer thread (pg_writer.hpp) on a
// primary-pool connection and are answered after COMMIT. Reads borrow pool connections;
// with a read replica configured, reads that tolerate replication lag go there and
// fall back to the primary while the replica is down.
//
// When PostgreSQL is unreachable, writes answer ErrorKind::unavailable and reads throw
// StoreUnavailable within bounded time (connect_timeout, statement_timeout + margin, a
// reconnect backoff); the pools reconnect by themselves once the server is back.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "store/postgres/pg_connection.hpp"
#include "store/postgres/pg_pool.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace jm::store {

namespace postgres {
class Writer;
class WriteOp;
struct WriterStats;
struct GameOpContext;
}  // namespace postgres

struct PostgresOptions {
  postgres::ConnectionSettings connection;  // url, application_name, timeouts, prepared
  std::string read_url;                     // optional replica (DATABASE_READ_URL)
  postgres::PoolSettings pool;              // primary pool; the replica pool gets the same
  std::size_t max_batch = 1024;             // most ops committed in one transaction
  int writers = 1;                          // group-commit writer threads (pg_writer.hpp)
  bool pipeline = true;                     // libpq pipeline mode for single-statement batches
  const Clock* clock = nullptr;             // not owned; the system clock when null
  // Seals e-mails at rest and computes their blind index; a PlainPiiCodec when null.
  // Every instance on one database must use the same index key.
  std::shared_ptr<const PiiCodec> pii;
};

class PostgresStore final : public Store {
 public:
  using Options = PostgresOptions;

  // Starts the pools and the writer. Does not connect eagerly (the pool's maintenance
  // thread warms up) and does not migrate; open_postgres_store does both.
  explicit PostgresStore(Options options);
  ~PostgresStore() override;  // drains
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;

  void save_game(NewGame game, SaveCallback done) override;
  void save_games(std::vector<NewGame> games, BatchCallback done) override;
  std::optional<SavedGame> find_game_by_session(const std::string& session_id) override;
  std::int64_t count_games() override;
  std::int64_t count_finished_games(std::int64_t since_ms) override;

  // Analytics aggregates (postgres_store_analytics.cpp).
  void rebuild_aggregates(std::function<void(AggregateRebuildReport, StoreError)> done) override;
  std::vector<DailyAggregate> daily_aggregates(const DailyQuery& query) override;
  std::int64_t count_active_players(const DailyQuery& query) override;
  std::vector<MonthlyAggregate> monthly_aggregates() override;
  CareerPage career_aggregates(const CareerQuery& query) override;
  Health health() override;
  std::vector<int> migrate() override;  // throws std::runtime_error / StoreUnavailable
  std::vector<int> applied_migrations() override;
  void drain() override;

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

  // Accounts, credentials, consents, audit, GDPR, jobs, retention (see store.hpp).
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
  // Claims on a primary connection of its own (FOR UPDATE SKIP LOCKED), so instances
  // never hand out one job twice; does not queue behind the writer.
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

  // Group-commit and pool counters, for /metrics.
  postgres::WriterStats writer_stats() const;
  postgres::PoolStats primary_pool_stats() const;
  std::string last_write_error() const;

 private:
  // Queues the ops of one request; settles them `unavailable` when draining.
  void submit(std::vector<std::unique_ptr<postgres::WriteOp>> ops);
  template <typename F>
  auto read(bool replica_ok, F&& f);  // pg_store_read.hpp
  postgres::GameOpContext game_context() const;

  const Options options_;
  const Clock& clock_;
  const std::shared_ptr<const PiiCodec> pii_;
  std::unique_ptr<postgres::Pool> primary_;
  std::unique_ptr<postgres::Pool> replica_;   // null without DATABASE_READ_URL
  std::unique_ptr<postgres::Writer> writer_;  // last: stops before the pools close
};

// Opens the store and applies pending migrations. Throws std::runtime_error (bad
// migration) or StoreUnavailable (server unreachable).
std::unique_ptr<PostgresStore> open_postgres_store(PostgresStore::Options options);

}  // namespace jm::store
