#pragma once
// Hands a WriteOp to the group-commit writer, answering it at once when the writer is
// draining or queuing fails, and the blocking variant for calls that return a value.
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "store/sqlite/group_commit_writer.hpp"
#include "store/sqlite/write_op.hpp"

namespace jm::store::sqlite {

inline const StoreError kDraining{ErrorKind::unavailable,
                                  "sqlite store is shutting down; write refused"};

// Queues the op; if the writer refuses (draining) or queuing fails, settles it here.
inline void submit_op(GroupCommitWriter& writer, std::unique_ptr<WriteOp> op) {
  WriteOp* raw = op.get();
  WriteRequest req;
  req.op = std::move(op);
  try {
    if (writer.submit(req)) return;
    raw->settle(kDraining);
  } catch (const std::exception& e) {  // allocation failure: still answer, never throw
    raw->settle({ErrorKind::internal, e.what()});
  }
}

// Runs `apply` as one op and waits for its COMMIT. Throws StoreUnavailable when it
// could not be written, std::runtime_error("<what> failed: ...") for other errors, and
// std::logic_error when called on the writer thread (it would wait for itself).
template <class Result>
Result run_op_sync(GroupCommitWriter& writer, const char* what,
                   typename FunctionOp<Result>::Apply apply) {
  if (writer.on_writer_thread()) {
    throw std::logic_error(std::string(what) + " called from a store write callback");
  }
  std::promise<std::pair<Result, StoreError>> promise;
  auto done = promise.get_future();
  submit_op(writer, std::make_unique<FunctionOp<Result>>(
                        std::move(apply), [&promise](Result result, StoreError error) {
                          promise.set_value({std::move(result), std::move(error)});
                        }));
  auto [result, error] = done.get();
  if (!error) return std::move(result);
  if (error.kind == ErrorKind::unavailable) throw StoreUnavailable(error.message);
  throw std::runtime_error(std::string(what) + " failed: " + error.message);
}

}  // namespace jm::store::sqlite
