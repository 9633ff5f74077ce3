#include "store/postgres/pg_writer.hpp"

#include <algorithm>
#include <utility>

#include "store/postgres/pg_aggregates.hpp"

#include "store/sqlite/call_safely.hpp"  // the one "run a callback, log what it throws"
#include "util/log.hpp"

namespace jm::store::postgres {

namespace {
// How often an op that lost a deadlock or serialization clash runs before it fails.
constexpr int kClashAttempts = 3;
// The writer whose thread this is, if any (callbacks run there; see on_writer_thread).
thread_local const Writer* current_writer = nullptr;
}  // namespace

Writer::Writer(Pool& pool, std::size_t max_batch, bool pipeline, int writers)
    : pool_(pool), max_batch_(max_batch == 0 ? 1 : max_batch), pipeline_(pipeline) {
  try {
    for (int i = 0; i < std::max(writers, 1); ++i) threads_.emplace_back([this] { run(); });
  } catch (...) {
    drain();  // the threads already running stop before the members they use go
    throw;
  }
}

Writer::~Writer() {
  drain();
}

bool Writer::submit(Request& request) {
  const std::size_t n = request.size();
  {
    std::lock_guard lock(mu_);
    if (stopping_) return false;
    queue_.push_back(std::move(request));
    queued_ops_ += n;
    queue_depth_.store(queued_ops_, std::memory_order_relaxed);
  }
  cv_.notify_one();
  return true;
}

void Writer::drain() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    accepting_.store(false, std::memory_order_release);
  }
  cv_.notify_all();
  if (on_writer_thread()) return;  // a callback draining: its thread cannot join itself
  std::lock_guard join_lock(join_mu_);
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

bool Writer::on_writer_thread() const {
  return current_writer == this;
}

WriterStats Writer::stats() const {
  WriterStats s;
  s.batches = batches_.load(std::memory_order_relaxed);
  s.failed_batches = failed_batches_.load(std::memory_order_relaxed);
  s.ops = ops_.load(std::memory_order_relaxed);
  s.pipelined_batches = pipelined_.load(std::memory_order_relaxed);
  s.last_batch_size = last_batch_size_.load(std::memory_order_relaxed);
  s.max_batch_size = max_batch_size_.load(std::memory_order_relaxed);
  s.queue_depth = queue_depth_.load(std::memory_order_relaxed);
  return s;
}

std::string Writer::last_error() const {
  std::lock_guard lock(mu_);
  return last_error_;
}

void Writer::run() {
  current_writer = this;
  for (;;) {
    std::vector<Request> batch;
    std::size_t n = 0;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;
      // Whole requests up to max_batch ops; a bigger request still goes alone.
      while (!queue_.empty()) {
        const std::size_t size = queue_.front().size();
        if (!batch.empty() && n + size > max_batch_) break;
        n += size;
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      queued_ops_ -= n;
      queue_depth_.store(queued_ops_, std::memory_order_relaxed);
    }
    std::vector<WriteOp*> ops;
    ops.reserve(n);
    for (auto& request : batch) {
      for (auto& op : request) ops.push_back(op.get());
    }
    execute(ops);
  }
}

void Writer::execute(std::vector<WriteOp*>& ops) {
  std::vector<StoreError> errors(ops.size());
  std::string failure;
  bool pipelined = false;
  // A connection that died while idle is usually caught by the pool's socket check;
  // one that fails before COMMIT was sent is retried once on a fresh connection, since
  // nothing of the batch can have been committed.
  for (int attempt = 0;; ++attempt) {
    bool commit_sent = false;
    errors.assign(ops.size(), StoreError{});
    try {
      auto conn = pool_.acquire();
      std::optional<std::vector<Planned>> plan;
      if (pipeline_) plan = plan_pipeline(ops);
      pipelined = plan && try_pipelined(*conn, ops, *plan, errors, commit_sent);
      if (!pipelined) run_with_savepoints(*conn, ops, errors, commit_sent);
      for (std::size_t i = 0; i < ops.size(); ++i) {
        if (errors[i]) continue;
        try {
          errors[i] = ops[i]->after_commit(*conn);
        } catch (const PgError& e) {
          errors[i] = to_store_error(e);
        }
      }
      failure.clear();
      break;
    } catch (const PgError& e) {
      failure = e.what();
      if (e.broken() && !commit_sent && attempt == 0) continue;
      const StoreError error =
          is_unavailable(e)
              ? StoreError{ErrorKind::unavailable, "database write failed: " + failure}
              : StoreError{ErrorKind::internal, "database write failed: " + failure};
      errors.assign(ops.size(), error);
      break;
    } catch (const std::exception& e) {
      failure = e.what();
      errors.assign(ops.size(),
                    StoreError{ErrorKind::internal, "database write failed: " + failure});
      break;
    }
  }
  if (!failure.empty()) {
    failed_batches_.fetch_add(1, std::memory_order_relaxed);
    log::error("group_commit_failed", {{"ops", ops.size()}, {"error", failure}});
  }
  {
    std::lock_guard lock(mu_);
    last_error_ = failure;
  }
  batches_.fetch_add(1, std::memory_order_relaxed);
  if (pipelined) pipelined_.fetch_add(1, std::memory_order_relaxed);
  ops_.fetch_add(ops.size(), std::memory_order_relaxed);
  last_batch_size_.store(ops.size(), std::memory_order_relaxed);
  if (ops.size() > max_batch_size_.load(std::memory_order_relaxed)) {
    max_batch_size_.store(ops.size(), std::memory_order_relaxed);
  }
  for (std::size_t i = 0; i < ops.size(); ++i) {
    auto settle = [&] { ops[i]->settle(std::move(errors[i])); };
    sqlite::call_safely(settle);
  }
}

std::optional<std::vector<Writer::Planned>> Writer::plan_pipeline(
    const std::vector<WriteOp*>& ops) {
  std::vector<Planned> plan;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (const Sql* merged = ops[i]->merge_sql()) {
      // The group of this statement, placed where its first op was.
      std::size_t g = 0;
      while (g < plan.size() && !(plan[g].merged && plan[g].call.sql == merged)) ++g;
      if (g == plan.size()) plan.push_back({{merged, {}}, {}, true});
      plan[g].ops.push_back(i);
      continue;
    }
    auto call = ops[i]->statement();
    if (!call) return std::nullopt;  // several round trips: the savepoint path
    plan.push_back({std::move(*call), {i}, false});
  }
  for (auto& p : plan) {
    if (!p.merged) continue;
    std::vector<const Params*> rows;
    rows.reserve(p.ops.size());
    for (const std::size_t i : p.ops) rows.push_back(ops[i]->merge_row());
    p.call.params = array_columns(rows);
  }
  return plan;
}

bool Writer::try_pipelined(Connection& conn, std::vector<WriteOp*>& ops,
                           const std::vector<Planned>& plan, std::vector<StoreError>& errors,
                           bool& commit_sent) {
  // Round trip 1: BEGIN and the planned statements.
  conn.pipeline_begin();
  conn.pipeline_send_text("BEGIN");
  for (const auto& p : plan) conn.pipeline_send(*p.call.sql, p.call.params);
  conn.pipeline_flush();
  bool ok = conn.pipeline_next().status() == PGRES_COMMAND_OK;
  std::vector<Result> results;
  results.reserve(plan.size());
  for (std::size_t i = 0; i < plan.size(); ++i) {
    results.push_back(conn.pipeline_next());
    const auto st = results.back().status();
    ok = ok && (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK);
  }
  // Round trip 2 (only if all of them ran): the batch's aggregates, summed per key, in one
  // statement, and COMMIT. After a failed statement the server skips everything up to the
  // sync.
  if (ok) {
    for (std::size_t g = 0; g < plan.size(); ++g) take_results(plan[g], results[g], ops, errors);
    AggregateSink aggregates(conn);
    for (std::size_t i = 0; i < ops.size(); ++i) {
      if (!errors[i]) ops[i]->report_aggregates(aggregates);
    }
    const bool queued = aggregates.queue();
    conn.pipeline_send_text("COMMIT");
    commit_sent = true;
    conn.pipeline_sync();
    if (queued) ok = conn.pipeline_next().status() == PGRES_TUPLES_OK;
    ok = conn.pipeline_next().status() == PGRES_COMMAND_OK && ok;
  } else {
    conn.pipeline_sync();
  }
  conn.pipeline_end();
  if (!ok) {
    if (conn.in_transaction()) conn.exec("ROLLBACK");
    commit_sent = false;  // nothing committed: the slow path may run the batch again
    return false;
  }
  return true;
}

void Writer::take_results(const Planned& p, const Result& result, std::vector<WriteOp*>& ops,
                          std::vector<StoreError>& errors) {
  auto take = [&](std::size_t i, auto&& read) {
    try {
      errors[i] = read(*ops[i]);
    } catch (const std::exception& e) {
      errors[i] = {ErrorKind::internal, e.what()};
    }
  };
  if (!p.merged) {
    take(p.ops.front(), [&](WriteOp& op) { return op.take(result); });
    return;
  }
  // Each answer row names its input (1-based) in the last column.
  std::vector<std::optional<int>> row_of(p.ops.size());
  const int last = PQnfields(result.get()) - 1;
  for (int r = 0; r < result.rows(); ++r) {
    const auto input = result.int64(r, last);
    if (input >= 1 && static_cast<std::size_t>(input) <= row_of.size()) {
      row_of[static_cast<std::size_t>(input - 1)] = r;
    }
  }
  for (std::size_t k = 0; k < p.ops.size(); ++k) {
    take(p.ops[k], [&](WriteOp& op) { return op.take_row(result, row_of[k]); });
  }
}

void Writer::run_with_savepoints(Connection& conn, std::vector<WriteOp*>& ops,
                                 std::vector<StoreError>& errors, bool& commit_sent) {
  conn.exec("BEGIN");
  for (std::size_t i = 0; i < ops.size(); ++i) {
    conn.exec("SAVEPOINT op");
    StoreError error;
    // A deadlock victim's savepoint is rolled back, which releases what it locked, so
    // the op runs again a few times before it fails with "unavailable" (503).
    for (int attempt = 1;; ++attempt) {
      try {
        error = ops[i]->apply(conn);
      } catch (const PgError& e) {
        if (e.broken()) throw;
        error = to_store_error(e);
        if (is_retryable_clash(e) && attempt < kClashAttempts) {
          conn.exec("ROLLBACK TO SAVEPOINT op");
          log::warn("pg_write_clash_retry", {{"attempt", attempt}, {"sqlstate", e.sqlstate()}});
          continue;
        }
      }
      break;
    }
    if (error) conn.exec("ROLLBACK TO SAVEPOINT op");
    conn.exec("RELEASE SAVEPOINT op");
    errors[i] = std::move(error);
  }
  commit_sent = true;
  try {
    conn.exec("COMMIT");
  } catch (const PgError& e) {
    if (e.broken()) throw;
    // COMMIT refused (a deferred check, a serialization failure): nothing is stored.
    errors.assign(ops.size(), to_store_error(e));
  }
}

}  // namespace jm::store::postgres
