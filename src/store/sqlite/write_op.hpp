#pragma once
// Writes other than "save a finished game" (server-judged games, NFL seeding, accounts,
// GDPR, jobs) ride the same group-commit writer, so exactly one thread ever writes and
// they share its fsync.
#include <functional>
#include <utility>

#include "store/sqlite/call_safely.hpp"
#include "store/store.hpp"

namespace jm::store::sqlite {

class ServerGameWriter;
class NflWriter;
class AccountWriter;
class CredentialWriter;
class RecordWriter;
class GdprWriter;
class JobWriter;
class RetentionWriter;

// The writer thread's statement sets an op may use (all on the write connection).
struct OpWriters {
  ServerGameWriter& games;
  NflWriter& nfl;
  AccountWriter& accounts;
  CredentialWriter& credentials;
  RecordWriter& records;
  GdprWriter& gdpr;
  JobWriter& jobs;
  RetentionWriter& retention;
};

class WriteOp {
 public:
  virtual ~WriteOp() = default;
  // Runs on the writer thread inside the batch transaction, in a savepoint of its own:
  // a returned error, or an SqliteError while the transaction survives, undoes this op
  // alone. Any other exception fails the whole batch.
  virtual StoreError apply(OpWriters& writers) = 0;
  // Runs once: after COMMIT with apply's result, with `unavailable` when the batch
  // failed or the writer refused the op (then on the submitting thread).
  virtual void settle(StoreError error) = 0;
};

// An op made of two functions: `apply` fills a Result on the writer thread; `settle`
// receives it after COMMIT. When the op or its batch failed, settle gets a
// default-constructed Result (nothing of it is durable) with the error.
template <class Result>
class FunctionOp final : public WriteOp {
 public:
  using Apply = std::function<StoreError(OpWriters&, Result&)>;
  using Settle = std::function<void(Result, StoreError)>;

  FunctionOp(Apply apply, Settle settle) : apply_(std::move(apply)), settle_(std::move(settle)) {}

  StoreError apply(OpWriters& writers) override {
    result_ = Result{};
    return apply_(writers, result_);
  }
  void settle(StoreError error) override {
    if (error) result_ = Result{};
    call_safely(settle_, std::move(result_), std::move(error));
  }

 private:
  Apply apply_;
  Settle settle_;
  Result result_{};
};

}  // namespace jm::store::sqlite
