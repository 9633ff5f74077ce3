#include "store/sqlite/server_game_writer.hpp"

#include "store/sqlite/user_rows.hpp"

namespace jm::store::sqlite {
namespace {

// The game is 'active' with no finished_at until update() writes its result; the
// result columns take whatever the caller already knows (normally the defaults).
constexpr const char* kInsertServerGame =
    "INSERT INTO games(session_id, user_id, game_type, mode, source, status,"
    " duration_seconds, correct_count, guess_count, score, shared_on_social, completed,"
    " guesses_json, metadata_json, ip, user_agent, created_at, state_json, version,"
    " puzzle_number)"
    " VALUES(?1, ?2, ?3, ?4, 'server', 'active', ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
    " ?14, ?15, ?16, 0, ?17)"
    " RETURNING id";

// The version test is the whole concurrency story: two requests that read version N
// both try this; the first moves the row to N+1 and the second matches no row.
constexpr const char* kBumpState =
    "UPDATE games SET state_json = ?1, version = version + 1"
    " WHERE session_id = ?2 AND version = ?3"
    // The row as it was (the bump touches none of these), for the aggregates.
    " RETURNING id, status, mode, game_type, user_id, finished_at, correct_count,"
    "  duration_seconds, guess_count, shared_on_social";

constexpr const char* kFindCareer = "SELECT id FROM nfl_players WHERE name = ?1";

// The round as it was before an upsert, for the per-career aggregates.
constexpr const char* kFindRound =
    "SELECT nfl_player_id, status, guess_count, teams_revealed FROM game_rounds"
    " WHERE game_id = ?1 AND round_index = ?2";

constexpr const char* kUpsertRound =
    "INSERT INTO game_rounds(game_id, round_index, nfl_player_id, status, teams_revealed,"
    " hints_used, guess_count, points, guesses_json, started_at, ended_at)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
    " ON CONFLICT(game_id, round_index) DO UPDATE SET"
    "  nfl_player_id = excluded.nfl_player_id, status = excluded.status,"
    "  teams_revealed = excluded.teams_revealed, hints_used = excluded.hints_used,"
    "  guess_count = excluded.guess_count, points = excluded.points,"
    "  guesses_json = excluded.guesses_json, started_at = excluded.started_at,"
    "  ended_at = excluded.ended_at";

constexpr const char* kFinishGame =
    // A finished game keeps its first finished_at: marking it shared later must not
    // move it into a newer leaderboard period.
    "UPDATE games SET status = 'finished', finished_at = COALESCE(finished_at, ?2),"
    " duration_seconds = ?3,"
    " correct_count = ?4, guess_count = ?5, score = ?6, guesses_json = ?7,"
    " metadata_json = ?8, completed = ?9, shared_on_social = MAX(shared_on_social, ?10)"
    " WHERE id = ?1";

}  // namespace

void ServerGameWriter::prepare() {
  if (prepared_) return;
  sqlite3* db = conn_.get();
  upsert_user_ = Statement(db, kUpsertVisitor);
  insert_game_ = Statement(db, kInsertServerGame);
  bump_state_ = Statement(db, kBumpState);
  find_career_ = Statement(db, kFindCareer);
  find_round_ = Statement(db, kFindRound);
  upsert_round_ = Statement(db, kUpsertRound);
  finish_game_ = Statement(db, kFinishGame);
  prepared_ = true;
}

SavedGame ServerGameWriter::create(const NewGame& game, const std::string& state_json,
                                   std::optional<int> puzzle_number) {
  prepare();
  const std::int64_t now = clock_.now_ms();
  const std::int64_t created = game.created_at_ms > 0 ? game.created_at_ms : now;

  const UserRef user = upsert_visitor(upsert_user_, pii_, game.player_name, game.email, now);

  Statement& s = insert_game_;
  ResetOnExit reset(s);
  s.bind(1, game.session_id);
  s.bind(2, user.id);
  s.bind(3, game.game_type);
  s.bind(4, game.mode);
  s.bind(5, game.duration_seconds);
  s.bind(6, game.correct_count);
  s.bind(7, game.guess_count);
  s.bind(8, game.score);
  s.bind(9, game.shared_on_social);
  s.bind(10, game.completed);
  s.bind(11, game.guesses_json);
  s.bind(12, game.metadata_json);
  s.bind_text_or_null(13, game.ip);
  s.bind_text_or_null(14, game.user_agent);
  s.bind(15, created);
  s.bind(16, state_json);
  s.bind(17, puzzle_number);
  if (!s.step()) throw SqliteError(SQLITE_INTERNAL, "game insert returned no row");
  SavedGame saved{s.column_int64(0),  user.public_id, game.session_id, created, false,
                  game.correct_count, game.game_type};
  s.run();
  aggregates::server_game_started(aggregates_, game.mode, created);
  return saved;
}

StoreError ServerGameWriter::update(const GameStateUpdate& update) {
  prepare();
  std::int64_t game_id = 0;
  aggregates::PriorGame prior;
  {
    ResetOnExit reset(bump_state_);
    bump_state_.bind(1, update.state_json);
    bump_state_.bind(2, update.session_id);
    bump_state_.bind(3, update.expected_version);
    if (!bump_state_.step()) {
      return {ErrorKind::conflict, "game '" + update.session_id + "' is not at version " +
                                       std::to_string(update.expected_version) +
                                       " (updated concurrently, or unknown)"};
    }
    const Statement& row = bump_state_;
    game_id = row.column_int64(0);
    prior.finished = row.column_text(1) == "finished";
    prior.mode = row.column_text(2);
    prior.game_type = row.column_text(3);
    if (!row.column_is_null(4)) prior.user_id = row.column_int64(4);
    if (!row.column_is_null(5)) prior.finished_at_ms = row.column_int64(5);
    prior.result = {row.column_optional_int(6), row.column_optional_int(7),
                    static_cast<int>(row.column_int64(8)), row.column_int64(9) != 0};
    bump_state_.run();
  }
  for (const auto& round : update.rounds) {
    if (auto error = upsert_round(game_id, round)) return error;
  }
  if (update.finished) {
    const std::int64_t now = clock_.now_ms();
    write_result(game_id, *update.finished, now);
    aggregates::server_game_finished(aggregates_, prior, *update.finished, now);
  }
  return {};
}

StoreError ServerGameWriter::upsert_round(std::int64_t game_id, const RoundRow& round) {
  std::int64_t career_id = 0;
  {
    ResetOnExit reset(find_career_);
    find_career_.bind(1, round.career_name);
    if (!find_career_.step()) {
      return {ErrorKind::invalid, "round " + std::to_string(round.round_index) +
                                      ": unknown career '" + round.career_name + "'"};
    }
    career_id = find_career_.column_int64(0);
  }
  std::optional<aggregates::RoundFacts> prior;
  {
    ResetOnExit reset(find_round_);
    find_round_.bind(1, game_id);
    find_round_.bind(2, round.round_index);
    if (find_round_.step()) {
      prior = aggregates::RoundFacts{find_round_.column_int64(0),
                                     find_round_.column_text(1) == "solved",
                                     static_cast<int>(find_round_.column_int64(2)),
                                     static_cast<int>(find_round_.column_int64(3))};
    }
  }
  Statement& s = upsert_round_;
  ResetOnExit reset(s);
  s.bind(1, game_id);
  s.bind(2, round.round_index);
  s.bind(3, career_id);
  s.bind(4, round.status);
  s.bind(5, round.teams_revealed);
  s.bind(6, round.hints_used);
  s.bind(7, round.guess_count);
  s.bind(8, round.points);
  s.bind(9, round.guesses_json);
  s.bind(10, round.started_at_ms);
  if (round.ended_at_ms) {
    s.bind(11, *round.ended_at_ms);
  } else {
    s.bind_null(11);
  }
  try {
    s.run();
  } catch (const SqliteError& e) {
    // A bad status, or a career played twice in one game: the caller's data is wrong,
    // which must not read as a version conflict (UNIQUE would map to `conflict`).
    if (e.primary_code() != SQLITE_CONSTRAINT) throw;
    return {ErrorKind::invalid, "round " + std::to_string(round.round_index) + ": " + e.what()};
  }
  aggregates::round_written(
      aggregates_, prior,
      {career_id, round.status == "solved", round.guess_count, round.teams_revealed});
  return {};
}

void ServerGameWriter::write_result(std::int64_t game_id, const NewGame& result,
                                    std::int64_t now_ms) {
  Statement& s = finish_game_;
  ResetOnExit reset(s);
  s.bind(1, game_id);
  s.bind(2, now_ms);
  s.bind(3, result.duration_seconds);
  s.bind(4, result.correct_count);
  s.bind(5, result.guess_count);
  s.bind(6, result.score);
  s.bind(7, result.guesses_json);
  s.bind(8, result.metadata_json);
  s.bind(9, result.completed);
  s.bind(10, result.shared_on_social);
  s.run();
}

}  // namespace jm::store::sqlite

namespace jm::store::sqlite {

AggregateRebuildReport ServerGameWriter::rebuild_aggregates() {
  return aggregates_.rebuild();
}

}  // namespace jm::store::sqlite
