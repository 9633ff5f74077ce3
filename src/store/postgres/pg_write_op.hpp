#pragma once
// One write of the PostgreSQL group-commit writer (see pg_writer.hpp).
#include <optional>

#include "store/postgres/pg_aggregates.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/store.hpp"

namespace jm::store::postgres {

// A statement with its parameters.
struct Call {
  const Sql* sql = nullptr;
  Params params;
};

class WriteOp {
 public:
  virtual ~WriteOp() = default;

  // An op that is exactly one statement returns it, and then can ride the pipelined
  // fast path; `take` reads its result. Ops that need several round trips return
  // nullopt and implement apply().
  virtual std::optional<Call> statement() { return std::nullopt; }
  virtual StoreError take(const Result& /*result*/) { return {}; }
  // Ops that write one row each can share one multi-row statement per batch: such an op
  // returns that statement here and its parameters as one row (merge_row; position i of
  // every op's row becomes the array parameter $i+1, see array_columns). The statement
  // answers with each input's 1-based position in its last column, and the writer hands
  // every op its row with take_row (nullopt: none came back for it). statement() must
  // then be the same statement with a single row, for the savepoint path.
  virtual const Sql* merge_sql() const { return nullptr; }
  virtual const Params* merge_row() const { return nullptr; }
  virtual StoreError take_row(const Result& /*result*/, std::optional<int> /*row*/) { return {}; }

  // The analytics aggregates moved by what take() saw (aggregate_events.hpp). The
  // pipelined path sums these over the batch and writes them with one statement before
  // COMMIT.
  virtual void report_aggregates(aggregates::AggregateSink& /*sink*/) {}

  // Runs inside the batch transaction, in a savepoint of its own: a returned error or a
  // PgError undoes this op alone (a broken connection fails the whole batch). The
  // default runs statement() and take(), then writes the op's aggregates.
  virtual StoreError apply(Connection& conn) {
    auto call = statement();
    auto error = take(conn.run(*call->sql, call->params));
    if (!error) {
      AggregateSink aggregates(conn);
      report_aggregates(aggregates);
      aggregates.write();
    }
    return error;
  }

  // After COMMIT, on the same connection, before settle (e.g. to read back a row a
  // concurrent instance wrote). Exceptions here turn into the op's error.
  virtual StoreError after_commit(Connection& /*conn*/) { return {}; }

  // Runs once, after COMMIT, with the op's result, or `unavailable` when the batch
  // failed or was refused (then on the submitting thread).
  virtual void settle(StoreError error) = 0;
};

}  // namespace jm::store::postgres
