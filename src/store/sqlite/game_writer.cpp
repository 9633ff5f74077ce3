#include "store/sqlite/game_writer.hpp"

#include <optional>

#include "store/sqlite/game_rows.hpp"
#include "store/sqlite/user_rows.hpp"

namespace jm::store::sqlite {
namespace {

// DO NOTHING on a known session_id: RETURNING then yields no row, which is how we
// tell a duplicate from a fresh insert. Other constraint failures still raise.
constexpr const char* kInsertGame =
    "INSERT INTO games(session_id, user_id, game_type, mode, source, status,"
    " duration_seconds, correct_count, guess_count, score, shared_on_social, completed,"
    " guesses_json, metadata_json, ip, user_agent, created_at, finished_at)"
    " VALUES(?1, ?2, ?3, ?4, ?5, 'finished', ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
    " ?16, ?16)"
    " ON CONFLICT(session_id) DO NOTHING RETURNING id";

// 1 when the player's latest analytics consent is not "granted"; no row when never asked
// (the original collected by default). Rows are only appended, so the highest id is the
// latest change.
constexpr const char* kAnalyticsWithdrawn =
    "SELECT status <> 'granted' FROM user_consents WHERE user_id = ?1"
    " AND consent_type = 'analytics' ORDER BY id DESC LIMIT 1";

}  // namespace

void GameWriter::prepare() {
  if (prepared_) return;
  sqlite3* db = conn_.get();
  begin_ = Statement(db, "BEGIN IMMEDIATE");
  commit_ = Statement(db, "COMMIT");
  rollback_ = Statement(db, "ROLLBACK");
  savepoint_ = Statement(db, "SAVEPOINT op");
  release_ = Statement(db, "RELEASE op");
  rollback_to_ = Statement(db, "ROLLBACK TO op");
  upsert_user_ = Statement(db, kUpsertVisitor);
  insert_game_ = Statement(db, kInsertGame);
  analytics_withdrawn_ = Statement(db, kAnalyticsWithdrawn);
  find_game_ = Statement(db, kSelectGameBySession);
  prepared_ = true;
}

void GameWriter::begin() {
  batch_aggregates_.clear();
  begin_.run();
}

void GameWriter::commit() {
  batch_aggregates_.flush_to(aggregates_);
  batch_aggregates_.clear();
  commit_.run();
}

void GameWriter::rollback() noexcept {
  batch_aggregates_.clear();
  if (!conn_.in_transaction()) return;
  try {
    if (rollback_) {
      rollback_.run();
    } else {
      conn_.exec("ROLLBACK");
    }
  } catch (const std::exception&) {
    // Nothing better to do: the batch is already reported as failed, and SQLite rolls
    // back a dangling transaction itself when the connection next begins one.
  }
}

void GameWriter::require_transaction(const char* where) const {
  if (!conn_.in_transaction()) {
    throw SqliteError(SQLITE_ABORT, std::string(where) + ": the transaction was rolled back");
  }
}

void GameWriter::savepoint() {
  require_transaction("savepoint");
  savepoint_.run();
}

void GameWriter::release() {
  release_.run();
}

void GameWriter::undo_savepoint() {
  rollback_to_.run();
  release_.run();
}

bool GameWriter::analytics_withdrawn(std::int64_t user_id) {
  Statement& s = analytics_withdrawn_;
  ResetOnExit reset(s);
  s.bind(1, user_id);
  return s.step() && s.column_int64(0) != 0;
}

SaveOutcome GameWriter::save(const NewGame& game) {
  require_transaction("save game");
  savepoint_.run();
  std::optional<SavedGame> inserted;
  std::int64_t user_id = 0;
  try {
    const std::int64_t now = clock_.now_ms();
    const std::int64_t created = game.created_at_ms > 0 ? game.created_at_ms : now;

    const UserRef user = upsert_visitor(upsert_user_, pii_, game.player_name, game.email, now);
    const bool withdrawn = game.metadata_json_without_analytics && analytics_withdrawn(user.id);
    {
      Statement& s = insert_game_;
      ResetOnExit reset(s);
      s.bind(1, std::string_view(game.session_id));
      s.bind(2, user.id);
      s.bind(3, std::string_view(game.game_type));
      s.bind(4, std::string_view(game.mode));
      s.bind(5, std::string_view(game.source));
      s.bind(6, game.duration_seconds);
      s.bind(7, game.correct_count);
      s.bind(8, game.guess_count);
      s.bind(9, game.score);
      s.bind(10, game.shared_on_social);
      s.bind(11, game.completed);
      s.bind(12, std::string_view(game.guesses_json));
      s.bind(13, std::string_view(withdrawn ? *game.metadata_json_without_analytics
                                            : game.metadata_json));
      s.bind_text_or_null(14, game.ip);
      s.bind_text_or_null(15, withdrawn ? std::string() : game.user_agent);
      s.bind(16, created);
      if (s.step()) {
        inserted = SavedGame{s.column_int64(0),  user.public_id, game.session_id, created, false,
                             game.correct_count, game.game_type};
        while (s.step()) {
        }
      }
    }
    if (inserted) user_id = user.id;
  } catch (const SqliteError& e) {
    // Some errors (disk full, I/O) make SQLite roll back the whole transaction; then
    // there is no savepoint left to undo and the batch as a whole has failed.
    if (!conn_.in_transaction()) {
      throw SqliteError(e.code(), std::string("transaction aborted: ") + e.what());
    }
    undo_savepoint();
    return SaveOutcome{std::nullopt, to_store_error(e)};
  }

  if (inserted) {
    release_.run();
    // Only a fresh insert counts: a retried sessionId must not count twice.
    aggregates::client_game_saved(batch_aggregates_, game, inserted->saved_at_ms, user_id);
    return SaveOutcome{std::move(inserted), {}};
  }
  // Duplicate session_id (stored earlier, or earlier in this very batch): undo our user
  // upsert too, so a retry cannot rename the player, and answer with the first result.
  undo_savepoint();
  try {
    SaveOutcome out{load_existing(game.session_id), {}};
    out.saved->duplicate = true;
    return out;
  } catch (const SqliteError& e) {
    require_transaction("load existing game");
    return SaveOutcome{std::nullopt, to_store_error(e)};
  }
}

SavedGame GameWriter::load_existing(const std::string& session_id) {
  ResetOnExit reset(find_game_);
  find_game_.bind(1, std::string_view(session_id));
  if (!find_game_.step()) {
    // ON CONFLICT fired but the row is not there: only possible if something other
    // than session_id clashed in a way SQLite routed to DO NOTHING. Report, don't guess.
    throw SqliteError(SQLITE_INTERNAL,
                      "game with session_id '" + session_id + "' conflicted but cannot be found");
  }
  return saved_game_from_row(find_game_);
}

}  // namespace jm::store::sqlite
