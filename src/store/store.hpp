#pragma once
// The one storage interface. Handlers and jobs talk to a Store; SqliteStore (default)
// and PostgresStore (scale-out) implement it. No SQL and no JSON bodies cross it.
//
// Writes are asynchronous: the store batches many writes into one transaction (group
// commit) and calls each write's callback only after that transaction is durable.
// Callbacks run on a store thread; callers hop back to their own executor
// (see store/await.hpp). Reads are synchronous and cheap (per-thread connections).
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/account_types.hpp"
#include "store/analytics_types.hpp"
#include "store/report_types.hpp"
#include "store/store_error.hpp"
#include "util/unavailable.hpp"

namespace jm::store {

// Thrown by reads when the database cannot be opened, read or locked right now
// (→ 503). Other read failures stay plain std::runtime_error (→ 500).
struct StoreUnavailable : DependencyUnavailable {
  using DependencyUnavailable::DependencyUnavailable;
};

// A validated game result, ready to persist. Built by the domain layer.
struct NewGame {
  std::string session_id;  // idempotency key; unique across games
  std::string player_name;
  std::string email;      // trimmed, lower-cased
  std::string game_type;  // "journeyman"
  std::string mode;       // easy | challenge | daily | practice
  std::optional<int> duration_seconds;
  std::optional<int> correct_count;
  int guess_count = 0;
  bool shared_on_social = false;
  bool completed = false;            // the player reached the end (not quit/abandoned)
  std::string guesses_json = "[]";   // JSON array of strings, already bounded
  std::string metadata_json = "{}";  // bounded client metadata (gameSpecificData, ...)
  // Set for client reports: what to store instead of metadata_json (and no user agent)
  // when the player's latest analytics consent is not "granted". The store decides inside
  // the write's own transaction, so a withdrawal committed before the write always
  // applies and the request path needs no consent read of its own.
  std::optional<std::string> metadata_json_without_analytics;
  std::string source = "client";  // "client" (reported) | "server" (judged)
  int score = 0;                  // server-judged score; 0 for client reports
  std::string ip;
  std::string user_agent;
  std::int64_t created_at_ms = 0;
};

struct SavedGame {
  std::int64_t game_id = 0;
  std::string player_id;  // users.public_id (UUID)
  std::string session_id;
  std::int64_t saved_at_ms = 0;
  bool duplicate = false;  // sessionId seen before: this is the first stored result
  std::optional<int> correct_count;
  std::string game_type;
};

// One item of a batch write: either saved or refused with a reason.
struct SaveOutcome {
  std::optional<SavedGame> saved;
  StoreError error;
};

struct Health {
  bool ok = false;
  std::string detail;
};

// ---- NFL facts (seeded from data/nfl, extended by `journeyman import careers`) ----

struct TeamRow {
  std::string code;  // modern franchise code, primary key
  std::string name, city, nickname, conference, division;
  std::string primary_color, secondary_color, trim_color;
  std::string data_json;  // the whole team record as in teams.json (eras, former names)
};

struct StintRow {
  int seq = 0;  // 0-based position in the career
  std::string team_code, team_name;
  int from_year = 0, to_year = 0;
  std::optional<int> number;
  std::string stats_json = "{}", awards_json = "{}";
};

struct CareerRow {
  std::string name;  // unique
  std::string position, college, height;
  std::optional<int> draft_year, draft_round, draft_pick;
  std::string accolades_json = "[]";
  std::string career_json;  // the canonical career record (what the game engine loads)
  std::vector<StintRow> stints;
};

struct SeedCounts {
  int teams_added = 0, teams_updated = 0;
  int careers_added = 0, careers_updated = 0, unchanged = 0;
};

// ---- Server-judged games (state kept in the database so any instance continues) ----

struct RoundRow {
  int round_index = 0;
  std::string career_name;  // → nfl_players.id
  std::string status;       // playing | solved | failed
  int teams_revealed = 0, hints_used = 0, guess_count = 0, points = 0;
  std::string guesses_json = "[]";  // [{guess, verdict}]
  std::int64_t started_at_ms = 0;
  std::optional<std::int64_t> ended_at_ms;
};

struct StoredGameState {
  std::int64_t game_id = 0;
  std::string session_id;  // the public game id
  std::string player_id;
  std::string player_name;
  std::string status;  // active | finished
  std::string state_json;
  int version = 0;  // bumped by every update (optimistic concurrency)
};

struct GameStateUpdate {
  std::string session_id;
  int expected_version = 0;  // the update fails with `conflict` if the row moved on
  std::string state_json;
  std::vector<RoundRow> rounds;  // upserted by (game, round_index)
  // When set, the game is finished and its games row takes these result fields
  // (duration, correct/guess counts, score, guesses, metadata, completed).
  std::optional<NewGame> finished;
};

struct LeaderboardQuery {
  std::string mode;           // empty = all modes
  std::int64_t since_ms = 0;  // games finished at or after
  int limit = 10, offset = 0;
};

struct LeaderboardRow {
  std::string player_id;
  std::string name;
  std::int64_t score = 0;  // sum of scores in the period
  int games = 0;
  std::optional<int> best_time_seconds;
};

// One finished server-judged game in a player's history.
struct HistoryRow {
  std::string game_id;  // session_id
  std::string mode;
  int score = 0;
  std::optional<int> solved;  // rounds solved (correct_count)
  std::optional<int> duration_seconds;
  std::optional<int> puzzle_number;
  std::int64_t finished_at_ms = 0;
};

struct DailyStats {
  int players = 0;  // finished games of that puzzle (not archive replays)
  int solved = 0;
  std::vector<std::pair<int, int>> solved_by_teams;  // (teams shown, games)
};

class Store {
 public:
  using SaveCallback = std::function<void(SaveOutcome)>;
  using BatchCallback = std::function<void(std::vector<SaveOutcome>)>;

  virtual ~Store() = default;

  // Stores one game (idempotent by session_id). `done` runs after the commit.
  virtual void save_game(NewGame game, SaveCallback done) = 0;
  // Stores many games in the same transaction; one outcome per input, same order.
  virtual void save_games(std::vector<NewGame> games, BatchCallback done) = 0;

  // Reads.
  virtual std::optional<SavedGame> find_game_by_session(const std::string& session_id) = 0;
  virtual std::int64_t count_games() = 0;
  virtual Health health() = 0;

  // Applies pending migrations; returns the versions applied now.
  virtual std::vector<int> migrate() = 0;
  virtual std::vector<int> applied_migrations() = 0;

  // NFL facts. upsert_nfl leaves identical rows untouched, so a second seed changes nothing.
  virtual SeedCounts upsert_nfl(const std::vector<TeamRow>& teams,
                                const std::vector<CareerRow>& careers) = 0;
  virtual std::vector<TeamRow> load_teams() = 0;
  virtual std::vector<CareerRow> load_careers() = 0;  // by name, stints in order

  // Server-judged games. `game` has source "server", status active; the callback
  // runs after commit. `state_json` is the engine's serialised GameState.
  virtual void create_server_game(NewGame game, std::string state_json,
                                  std::optional<int> puzzle_number, SaveCallback done) = 0;
  virtual std::optional<StoredGameState> load_game_state(const std::string& session_id) = 0;
  virtual void update_game_state(GameStateUpdate update, std::function<void(StoreError)> done) = 0;

  // Reads for the game's public pages (server-judged, finished games only).
  virtual std::vector<LeaderboardRow> leaderboard(const LeaderboardQuery& query) = 0;
  virtual std::vector<int> solved_daily_numbers(const std::string& player_id) = 0;
  // The player's finished server-judged games, newest first.
  virtual std::vector<HistoryRow> player_history(const std::string& player_id, int limit) = 0;
  virtual DailyStats daily_stats(int puzzle_number) = 0;
  // Server-judged games finished at or after `since_ms` (the live feed's counters).
  virtual std::int64_t count_finished_games(std::int64_t since_ms) = 0;

  // ---- Accounts (see account_types.hpp). Writes answer after COMMIT. ----
  using AccountCallback = std::function<void(AccountOutcome)>;
  using ErrorCallback = std::function<void(StoreError)>;

  virtual std::optional<UserRecord> find_user_by_email(const std::string& email) = 0;
  virtual std::optional<UserRecord> find_user_by_public_id(const std::string& public_id) = 0;
  virtual void create_account(NewAccount account, AccountCallback done) = 0;
  // Replaces the password hash (rehash on login, password change) and/or role.
  virtual void update_credentials(std::int64_t user_id, std::optional<std::string> password_hash,
                                  std::optional<std::string> role, std::int64_t now_ms,
                                  ErrorCallback done) = 0;
  // A failed login: counts it in the policy's window and locks when it reaches the limit.
  virtual void record_login_failure(std::int64_t user_id, LockoutPolicy policy, std::int64_t now_ms,
                                    std::function<void(LoginState, StoreError)> done) = 0;
  // A successful login: clears failures and the lock, sets last_login_at.
  virtual void record_login_success(std::int64_t user_id, std::int64_t now_ms,
                                    ErrorCallback done) = 0;

  // API keys.
  virtual void create_api_key(ApiKeyRecord key, ErrorCallback done) = 0;
  virtual std::optional<ApiKeyRecord> find_api_key(const std::string& key_id) = 0;
  virtual std::vector<ApiKeyRecord> list_api_keys() = 0;
  // found=false in the callback's error (ErrorKind::invalid) when no such key.
  virtual void revoke_api_key(const std::string& key_id, std::int64_t now_ms,
                              ErrorCallback done) = 0;
  // Best effort, batched: callers throttle it (once a minute per key).
  virtual void touch_api_key(const std::string& key_id, std::int64_t now_ms) = 0;

  // Refresh tokens. rotate: atomically retires `old_hash` and stores `next` in the same
  // family, or revokes the family when `old_hash` was already rotated (reuse).
  virtual void create_refresh_session(RefreshSession session, ErrorCallback done) = 0;
  virtual void rotate_refresh_session(std::string old_hash, RefreshSession next,
                                      std::int64_t now_ms,
                                      std::function<void(RotateOutcome)> done) = 0;
  // Logout: revokes the family of this token (no-op when unknown).
  virtual void revoke_refresh_family_of(std::string token_hash, std::int64_t now_ms,
                                        ErrorCallback done) = 0;

  // Consents: every change appends a row; a revoke also closes the open grant.
  virtual void record_consent(ConsentRecord consent,
                              std::function<void(ConsentRecord, StoreError)> done) = 0;
  // Latest record per type (current=true) or the whole history, oldest first.
  virtual std::vector<ConsentRecord> consents(const std::string& user_public_id, bool history) = 0;

  // Audit log. Entries are batched with other writes; `done` may be null.
  virtual void append_audit(AuditEntry entry, ErrorCallback done) = 0;
  virtual AuditPage audit_entries(const AuditQuery& query) = 0;

  // GDPR. collect: everything about one person (nullopt: unknown id). erase: in one
  // transaction, leaves no row that points at the person and records data_deletions.
  virtual std::optional<PersonalData> collect_personal_data(const std::string& user_public_id) = 0;
  virtual void erase_user(ErasureRequest request, std::function<void(ErasureOutcome)> done) = 0;

  // Jobs (the `jobs` table). claim: the oldest due queued job, or a running one whose
  // lease ran out (its worker died), now running, owned by `worker` and leased until
  // now + lease_ms; nullopt when none is due. Concurrent claimers never get the same job.
  virtual void enqueue_job(JobRecord job, std::function<void(JobRecord, StoreError)> done) = 0;
  virtual std::optional<JobRecord> claim_job(const std::string& worker, std::int64_t now_ms,
                                             std::int64_t lease_ms) = 0;
  // Extends the lease to lease_until_ms; false when `lease` no longer holds the job.
  virtual bool renew_job_lease(const JobLease& lease, std::int64_t lease_until_ms,
                               std::int64_t now_ms) = 0;
  // done → status done with result; failed with retry_at → queued again at that time;
  // failed without → failed for good. Only the current claim may finish a job: any
  // other (an expired lease, an unknown job) gets conflict and changes nothing.
  virtual void finish_job(JobLease lease, bool ok, std::string result_json, std::string error,
                          std::optional<std::int64_t> retry_at_ms,
                          std::optional<std::int64_t> expires_at_ms, std::int64_t now_ms,
                          ErrorCallback done) = 0;
  virtual std::optional<JobRecord> find_job(const std::string& public_id) = 0;
  // Jobs waiting to run (due or scheduled), for the job-queue gauge.
  virtual std::int64_t count_queued_jobs() = 0;

  // Retention: deletes (or, dry-run, counts) what is past its period.
  virtual void apply_retention(RetentionPolicy policy, std::int64_t now_ms, bool dry_run,
                               std::function<void(RetentionReport)> done) = 0;
  // Re-seals personal fields not yet sealed with the current key; returns rows changed.
  virtual void reseal_personal_data(std::function<void(int, StoreError)> done) = 0;

  // ---- Reports of the original's analytics pages and admin stats (report_types.hpp) ----
  // Raw-row reads over indexed columns (games_created_at, games_user_id); replica-tolerant.
  // One page: up to `limit` games of `query` after `after`, oldest first. Callers walk a
  // period with for_each_report_game (report_pages.hpp), never holding all of it.
  virtual std::vector<ReportGame> report_games_page(const ReportQuery& query,
                                                    const ReportCursor& after, int limit) = 0;
  virtual std::vector<CompatLeaderboardRow> compat_leaderboard(
      const CompatLeaderboardQuery& query) = 0;
  virtual PlayerSummaryPage player_summaries(const PlayerSummaryQuery& query) = 0;
  virtual OperatorStats operator_stats(std::int64_t day_start_ms) = 0;

  // ---- Analytics aggregates (analytics_types.hpp; migration 004). save_game(s),
  // create_server_game and update_game_state keep them current in their own transaction.
  // Recomputes every aggregate table from games and game_rounds in one transaction.
  virtual void rebuild_aggregates(std::function<void(AggregateRebuildReport, StoreError)> done) = 0;
  // agg_daily rows (with histograms) of the days and mode, by day then mode.
  virtual std::vector<DailyAggregate> daily_aggregates(const DailyQuery& query) = 0;
  // Distinct players who finished a game in [from_day, to_day]: raw games by index.
  virtual std::int64_t count_active_players(const DailyQuery& query) = 0;
  virtual std::vector<MonthlyAggregate> monthly_aggregates() = 0;
  virtual CareerPage career_aggregates(const CareerQuery& query) = 0;

  // Stops accepting writes, commits everything queued, and joins store threads.
  virtual void drain() = 0;
};

}  // namespace jm::store
