#pragma once
// The SQL of server-judged games on the write connection: create a game with its engine
// state, and move that state on under optimistic concurrency (games.version), with the
// game's rounds and, at the end, its result. Used only from the writer thread, inside
// the batch transaction and a per-op savepoint (see WriteOp).
#include <cstdint>
#include <optional>
#include <string>

#include "store/sqlite/aggregate_writer.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace jm::store::sqlite {

class ServerGameWriter {
 public:
  ServerGameWriter(Connection& conn, const Clock& clock, const PiiCodec& pii)
      : conn_(conn), clock_(clock), pii_(pii) {}

  // Inserts an active 'server' game (session_id = the game id) for the user with
  // game.email, creating or renaming that user. Throws SqliteError (an id seen before
  // is a UNIQUE clash → conflict).
  SavedGame create(const NewGame& game, const std::string& state_json,
                   std::optional<int> puzzle_number);

  // Applies the update if the row is still at expected_version. Returns `conflict` when
  // it is not (or the game does not exist) and `invalid` for a round naming an unknown
  // career; the caller then undoes the savepoint. Throws SqliteError.
  StoreError update(const GameStateUpdate& update);

  // Both keep the analytics aggregates current in the same savepoint; this recomputes
  // them from raw rows (rebuild_aggregates), in the caller's transaction.
  AggregateRebuildReport rebuild_aggregates();

 private:
  void prepare();  // lazily, like GameWriter: the schema may be migrated after opening
  StoreError upsert_round(std::int64_t game_id, const RoundRow& round);
  void write_result(std::int64_t game_id, const NewGame& result, std::int64_t now_ms);

  Connection& conn_;
  const Clock& clock_;
  const PiiCodec& pii_;
  bool prepared_ = false;
  Statement upsert_user_;
  Statement insert_game_;
  Statement bump_state_;
  Statement find_career_;
  Statement upsert_round_;
  Statement finish_game_;
  Statement find_round_;
  AggregateWriter aggregates_{conn_};
};

}  // namespace jm::store::sqlite
