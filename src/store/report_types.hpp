#pragma once
// Rows behind the original service's analytics pages (/analytics, /leaderboard, /trends,
// /advanced-analytics, /player-progression, /player-profile), /api/admin/stats and the
// analytics export. Read from the raw games table; the domain (domain/reports) turns
// them into the original's shapes.
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace jm::store {

// Finished games created in [since_ms, until_ms), oldest first (created_at, then id).
struct ReportQuery {
  std::int64_t since_ms = 0;
  std::int64_t until_ms = std::numeric_limits<std::int64_t>::max();
  std::string mode;         // "" = every mode
  std::string player_id;    // users.public_id; "" = every player
  bool with_email = false;  // open each player's e-mail (the export's pseudonyms need it)
};

// Where a page of report games ended: the next page starts after this game. The first
// page starts after {since_ms, 0} (game ids start at 1).
struct ReportCursor {
  std::int64_t created_at_ms = 0;
  std::int64_t game_id = 0;
};

// One finished game as the reports read it. `email` is opened (with_email) so the caller
// can derive the analytics pseudonym; it must never reach a response (exports: admins
// only).
struct ReportGame {
  std::int64_t game_id = 0;  // games.id: with created_at_ms, the paging key
  std::string player_id;     // users.public_id; "" once the player was erased
  std::string player_name;
  std::string email;  // "" once the player was erased, or without with_email
  std::string game_type, mode, source;
  std::optional<int> duration_seconds, correct_count;
  int guess_count = 0;
  int score = 0;
  bool shared_on_social = false;
  bool completed = false;
  std::int64_t created_at_ms = 0;
  std::int64_t player_since_ms = 0;  // users.created_at: when the player was first seen
};

// The original's leaderboard: server-judged finished games since `since_ms`, grouped by
// player, best score first, then fastest solved time (none last).
struct CompatLeaderboardQuery {
  std::int64_t since_ms = 0;
  std::string mode;  // "" = every mode
  int limit = 10, offset = 0;
};

struct CompatLeaderboardRow {
  std::string name;  // never an e-mail or a hash
  int best_score = 0;
  std::optional<int> fastest_time_seconds;  // fastest game with a correct answer
  int games_played = 0;
  std::int64_t last_played_ms = 0;
};

// Lifetime per-player figures (finished games), for /player-profile.
struct PlayerSummaryQuery {
  std::string player_id;  // "" = every player with games, by most games
  int limit = 50, offset = 0;
};

struct PlayerSummary {
  std::string player_id;
  std::string email;  // opened, for the pseudonym only
  int games = 0;
  // Sums; the domain divides (games with a duration are counted apart: it is optional).
  std::int64_t correct_total = 0, guesses_total = 0, duration_total = 0;
  int games_with_duration = 0;
  int challenge_games = 0, easy_games = 0, shares = 0;
  std::int64_t first_played_ms = 0, last_played_ms = 0;
};

struct PlayerSummaryPage {
  std::vector<PlayerSummary> players;
  std::int64_t total = 0;  // players with games (before limit/offset)
};

// The operator's numbers for GET /api/admin/stats.
struct OperatorStats {
  std::int64_t games_total = 0;                          // every games row
  std::int64_t games_today = 0;                          // created since the start of the UTC day
  std::int64_t games_finished = 0;                       // status finished
  std::int64_t games_active = 0;                         // server games in progress
  std::int64_t players = 0;                              // users with at least one game
  std::map<std::string, std::int64_t> accounts_by_role;  // users with a password, by role
  std::int64_t jobs_queued = 0, jobs_running = 0, jobs_failed = 0;
};

}  // namespace jm::store
