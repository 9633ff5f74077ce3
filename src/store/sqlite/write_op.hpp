#pragma once
// Writes other than "save a finished game" (server-judged games, NFL seeding) ride the
// same group-commit writer, so exactly one thread ever writes and they share its fsync.
#include "store/store.hpp"

namespace jm::store::sqlite {

class ServerGameWriter;
class NflWriter;

// The writer thread's statement sets an op may use (all on the write connection).
struct OpWriters {
  ServerGameWriter& games;
  NflWriter& nfl;
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

}  // namespace jm::store::sqlite
