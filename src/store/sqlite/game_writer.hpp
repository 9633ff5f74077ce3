#pragma once
// The SQL side of the group-commit writer: transaction control and "save one game",
// with every statement prepared once and reused for the life of the connection.
// Used only from the writer thread.
#include "store/aggregate_batch.hpp"
#include "store/sqlite/aggregate_writer.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace jm::store::sqlite {

class GameWriter {
 public:
  GameWriter(Connection& conn, const Clock& clock, const PiiCodec& pii)
      : conn_(conn), clock_(clock), pii_(pii) {}

  // Prepares the statements on first call. Lazy because a store may be opened before
  // its schema is migrated; a failure here fails one batch, and the next batch retries.
  void prepare();

  void begin();   // BEGIN IMMEDIATE: take the write lock before doing any work
  void commit();  // writes the batch's summed client-game aggregates, then COMMIT
  void rollback() noexcept;

  // Saves one game inside its own SAVEPOINT, so a bad game is undone alone and its
  // batch neighbours still commit. A problem with this game comes back as the
  // outcome's error; its analytics aggregates are added to the batch's totals once its
  // savepoint is released, and written by commit(). SqliteError escapes only
  // when the enclosing transaction is broken and the whole batch has to fail.
  SaveOutcome save(const NewGame& game);

  // The per-op savepoint, for other writes sharing the batch (see WriteOp).
  void savepoint();       // SAVEPOINT op; throws if the transaction is gone
  void release();         // RELEASE op: keep the op's changes
  void undo_savepoint();  // ROLLBACK TO + RELEASE: drop them

 private:
  SavedGame load_existing(const std::string& session_id);
  bool analytics_withdrawn(std::int64_t user_id);
  void require_transaction(const char* where) const;

  Connection& conn_;
  const Clock& clock_;
  const PiiCodec& pii_;
  bool prepared_ = false;
  Statement begin_;
  Statement commit_;
  Statement rollback_;
  Statement savepoint_;
  Statement release_;
  Statement rollback_to_;
  Statement upsert_user_;
  Statement insert_game_;
  Statement analytics_withdrawn_;
  Statement find_game_;
  AggregateWriter aggregates_{conn_};
  // The client games' aggregate moves of the open transaction, written once per key by
  // commit() (a batch of a day's games shares a handful of rows).
  aggregates::BatchTotals batch_aggregates_;
};

}  // namespace jm::store::sqlite
