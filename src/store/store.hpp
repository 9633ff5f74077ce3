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
#include <string>
#include <vector>

namespace jm::store {

// Why a store call failed. `unavailable` means the database could not be reached or
// written (→ 503); `conflict` a uniqueness clash the caller can explain (→ 409).
enum class ErrorKind { none, unavailable, conflict, invalid, internal };

struct StoreError {
  ErrorKind kind = ErrorKind::none;
  std::string message;
  explicit operator bool() const { return kind != ErrorKind::none; }
};

// A validated game result, ready to persist. Built by the domain layer.
struct NewGame {
  std::string session_id;  // idempotency key; unique across games
  std::string player_name;
  std::string email;       // trimmed, lower-cased
  std::string game_type;   // "journeyman"
  std::string mode;        // easy | challenge | daily | practice
  std::optional<int> duration_seconds;
  std::optional<int> correct_count;
  int guess_count = 0;
  bool shared_on_social = false;
  bool completed = false;   // the player reached the end (not quit/abandoned)
  std::string guesses_json = "[]";   // JSON array of strings, already bounded
  std::string metadata_json = "{}";  // bounded client metadata (gameSpecificData, ...)
  std::string source = "client";     // "client" (reported) | "server" (judged)
  int score = 0;                     // server-judged score; 0 for client reports
  std::string ip;
  std::string user_agent;
  std::int64_t created_at_ms = 0;
};

struct SavedGame {
  std::int64_t game_id = 0;
  std::string player_id;   // users.public_id (UUID)
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

  // Stops accepting writes, commits everything queued, and joins store threads.
  virtual void drain() = 0;
};

}  // namespace jm::store
