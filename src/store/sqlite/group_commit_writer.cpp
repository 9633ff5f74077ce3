#include "store/sqlite/group_commit_writer.hpp"

#include "store/sqlite/call_safely.hpp"

#include <optional>
#include <utility>

namespace jm::store::sqlite {

GroupCommitWriter::GroupCommitWriter(std::unique_ptr<Connection> conn, std::size_t max_batch,
                                     const Clock& clock, const PiiCodec& pii)
    : conn_(std::move(conn)),
      games_(*conn_, clock, pii),
      server_games_(*conn_, clock, pii),
      nfl_(*conn_),
      accounts_(*conn_, pii),
      credentials_(*conn_, accounts_),
      records_(*conn_, accounts_),
      gdpr_(*conn_, accounts_, pii),
      jobs_(*conn_),
      retention_(*conn_, gdpr_, pii),
      max_batch_(max_batch == 0 ? 1 : max_batch),
      thread_([this] { run(); }) {}

GroupCommitWriter::~GroupCommitWriter() {
  drain();
}

bool GroupCommitWriter::submit(WriteRequest& req) {
  const std::size_t n = req.ops();
  {
    std::lock_guard lock(mu_);
    if (stopping_) return false;
    queue_.push_back(std::move(req));
    queued_ops_ += n;
    queue_depth_.store(queued_ops_, std::memory_order_relaxed);
  }
  cv_.notify_one();
  return true;
}

void GroupCommitWriter::drain() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    accepting_.store(false, std::memory_order_release);
  }
  cv_.notify_all();
  // A callback calling drain() runs on the writer thread, which cannot join itself; it
  // has stopped intake, and the thread ends once the queue is empty.
  if (writer_id_.load() == std::this_thread::get_id()) return;
  std::lock_guard join_lock(join_mu_);
  if (thread_.joinable()) thread_.join();
}

WriterStats GroupCommitWriter::stats() const {
  WriterStats s;
  s.batches = batches_.load(std::memory_order_relaxed);
  s.failed_batches = failed_batches_.load(std::memory_order_relaxed);
  s.ops = ops_.load(std::memory_order_relaxed);
  s.last_batch_size = last_batch_size_.load(std::memory_order_relaxed);
  s.max_batch_size = max_batch_size_.load(std::memory_order_relaxed);
  s.queue_depth = queue_depth_.load(std::memory_order_relaxed);
  return s;
}

std::string GroupCommitWriter::last_error() const {
  std::lock_guard lock(mu_);
  return last_error_;
}

void GroupCommitWriter::run() {
  writer_id_.store(std::this_thread::get_id());
  std::vector<WriteRequest> batch;
  for (;;) {
    std::size_t ops = 0;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping, and everything queued is committed
      // Take whole requests up to max_batch ops. A save_games larger than max_batch
      // still goes alone: its games must share one transaction.
      while (!queue_.empty()) {
        const std::size_t n = queue_.front().ops();
        if (!batch.empty() && ops + n > max_batch_) break;
        ops += n;
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      queued_ops_ -= ops;
      queue_depth_.store(queued_ops_, std::memory_order_relaxed);
    }
    execute(batch, ops);
    batch.clear();
  }
}

void GroupCommitWriter::execute(std::vector<WriteRequest>& batch, std::size_t ops) {
  std::vector<std::vector<SaveOutcome>> outcomes(batch.size());
  std::vector<StoreError> op_errors(batch.size());
  std::string failure;
  try {
    games_.prepare();
    games_.begin();
    for (std::size_t i = 0; i < batch.size(); ++i) {
      outcomes[i].reserve(batch[i].games.size());
      for (const auto& game : batch[i].games) outcomes[i].push_back(games_.save(game));
      if (batch[i].op) op_errors[i] = apply_op(*batch[i].op);
    }
    games_.commit();
  } catch (const std::exception& e) {
    failure = e.what();
  }

  if (!failure.empty()) {
    games_.rollback();
    // Nothing in a failed transaction is durable, so nobody may be told "saved".
    const SaveOutcome refused{std::nullopt,
                              {ErrorKind::unavailable, "database write failed: " + failure}};
    for (std::size_t i = 0; i < batch.size(); ++i) {
      outcomes[i].assign(batch[i].games.size(), refused);
      op_errors[i] = refused.error;
    }
    failed_batches_.fetch_add(1, std::memory_order_relaxed);
    log::error("group_commit_failed", {{"ops", ops}, {"error", failure}});
  }
  {
    std::lock_guard lock(mu_);
    last_error_ = failure;
  }
  // Counters move before the callbacks run, so whoever is woken by a callback sees them.
  batches_.fetch_add(1, std::memory_order_relaxed);
  ops_.fetch_add(ops, std::memory_order_relaxed);
  last_batch_size_.store(ops, std::memory_order_relaxed);
  if (ops > max_batch_size_.load(std::memory_order_relaxed)) {
    max_batch_size_.store(ops, std::memory_order_relaxed);  // only this thread writes it
  }
  deliver(batch, outcomes, op_errors);
}

StoreError GroupCommitWriter::apply_op(WriteOp& op) {
  games_.savepoint();
  StoreError error;
  try {
    OpWriters writers{server_games_, nfl_,  accounts_, credentials_,
                      records_,      gdpr_, jobs_,     retention_};
    error = op.apply(writers);
  } catch (const SqliteError& e) {
    // As in GameWriter::save: without a transaction there is no savepoint to undo, and
    // the whole batch has failed.
    if (!conn_->in_transaction()) {
      throw SqliteError(e.code(), std::string("transaction aborted: ") + e.what());
    }
    error = to_store_error(e);
  }
  if (error) {
    games_.undo_savepoint();
  } else {
    games_.release();
  }
  return error;
}

void GroupCommitWriter::deliver(std::vector<WriteRequest>& batch,
                                std::vector<std::vector<SaveOutcome>>& outcomes,
                                std::vector<StoreError>& op_errors) {
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (batch[i].op) {
      auto settle = [&] { batch[i].op->settle(std::move(op_errors[i])); };
      call_safely(settle);
    } else if (batch[i].one) {
      call_safely(batch[i].one, std::move(outcomes[i].front()));
    } else if (batch[i].many) {
      call_safely(batch[i].many, std::move(outcomes[i]));
    }
  }
}

}  // namespace jm::store::sqlite
