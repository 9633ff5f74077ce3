#pragma once
// A writer op made of a function: `body` runs inside the batch transaction (in its own
// savepoint) and fills a value; `done` receives it after COMMIT, or a default value with
// the error when the op or its batch failed (nothing of it is durable then).
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "store/postgres/pg_write_op.hpp"
#include "store/sqlite/call_safely.hpp"

namespace jm::store::postgres {

template <typename T>
class FunctionOp final : public WriteOp {
 public:
  using Body = std::function<StoreError(Connection&, T&)>;
  FunctionOp(Body body, std::function<void(T, StoreError)> done)
      : body_(std::move(body)), done_(std::move(done)) {}

  StoreError apply(Connection& conn) override {
    value_ = T{};
    return body_(conn, value_);
  }
  void settle(StoreError error) override {
    if (error) value_ = T{};
    sqlite::call_safely(done_, std::move(value_), std::move(error));
  }

 private:
  Body body_;
  std::function<void(T, StoreError)> done_;
  T value_{};
};

// A single-statement op (rides the pipelined fast path); `done` gets the error only.
class StatementOp final : public WriteOp {
 public:
  StatementOp(Call call, std::function<StoreError(const Result&)> check,
              std::function<void(StoreError)> done)
      : call_(std::move(call)), check_(std::move(check)), done_(std::move(done)) {}

  std::optional<Call> statement() override { return call_; }
  StoreError take(const Result& r) override { return check_ ? check_(r) : StoreError{}; }
  void settle(StoreError error) override { sqlite::call_safely(done_, std::move(error)); }

 private:
  Call call_;
  std::function<StoreError(const Result&)> check_;
  std::function<void(StoreError)> done_;
};

// One row of a multi-row statement with no answer (an `INSERT … SELECT … FROM unnest(…)`
// without RETURNING): the writer merges a batch's rows into one call (see
// WriteOp::merge_sql). No row comes back for any input, so success is the statement's.
class MergedRowOp final : public WriteOp {
 public:
  MergedRowOp(const Sql& sql, Params row, std::function<void(StoreError)> done)
      : sql_(sql), row_(std::move(row)), done_(std::move(done)) {}

  const Sql* merge_sql() const override { return &sql_; }
  const Params* merge_row() const override { return &row_; }
  std::optional<Call> statement() override { return Call{&sql_, array_columns({&row_})}; }
  void settle(StoreError error) override { sqlite::call_safely(done_, std::move(error)); }

 private:
  const Sql& sql_;
  Params row_;
  std::function<void(StoreError)> done_;
};

// A batch of one op, as the writer's submit takes: one_op<FunctionOp<T>>(body, done).
using Ops = std::vector<std::unique_ptr<WriteOp>>;
template <typename Op, typename... Args>
Ops one_op(Args&&... args) {
  Ops ops;
  ops.push_back(std::make_unique<Op>(std::forward<Args>(args)...));
  return ops;
}

}  // namespace jm::store::postgres
