#pragma once
// Group commit for PostgreSQL: a writer thread takes everything queued since its last
// commit and writes it in one transaction on a primary-pool connection. With several
// writer threads (`writers`), a batch is being written while the previous one waits for
// its COMMIT, so PostgreSQL's work overlaps journeyman's and another backend's; batches
// lock their shared rows (players by e-mail index, aggregates by key) in one order, so
// concurrent batches wait on each other; the rare deadlock (two batches racing to insert
// the same new sessionIds) fails one pipelined attempt, whose ops then run one by one
// (below). When every op is a single statement the whole batch goes out in libpq pipeline
// mode in two round trips: BEGIN and the statements, where ops that write one row each
// share one multi-row statement (client game saves, audit entries); then the batch's
// analytics aggregates, summed per key (aggregate_batch.hpp) and written by one
// statement, and COMMIT (one WAL flush for the lot). If any statement fails, that
// transaction is rolled back and the batch runs again with a SAVEPOINT per op, so only
// the bad op fails. Callbacks run after COMMIT returned: an acknowledged write is
// durable (synchronous_commit as the server is configured).
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "store/postgres/pg_pool.hpp"
#include "store/postgres/pg_write_op.hpp"

namespace jm::store::postgres {

// One caller's request; its ops always share a transaction.
using Request = std::vector<std::unique_ptr<WriteOp>>;

struct WriterStats {
  std::uint64_t batches = 0, failed_batches = 0, ops = 0, pipelined_batches = 0;
  std::uint64_t last_batch_size = 0, max_batch_size = 0, queue_depth = 0;
};

class Writer {
 public:
  Writer(Pool& pool, std::size_t max_batch, bool pipeline, int writers = 1);
  ~Writer();  // drains
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Queues the request; false (request untouched) once draining has begun.
  bool submit(Request& request);
  // Refuses new requests, commits everything queued, joins the threads. Idempotent.
  void drain();

  bool accepting() const { return accepting_.load(std::memory_order_acquire); }
  bool on_writer_thread() const;
  WriterStats stats() const;
  std::string last_error() const;

 private:
  void run();
  void execute(std::vector<WriteOp*>& ops);
  // One statement of a pipelined batch: a single op's, or the merged one of several ops
  // (WriteOp::merge_sql), whose answer rows are handed out by input position.
  struct Planned {
    Call call;
    std::vector<std::size_t> ops;  // indexes into the batch, in input order
    bool merged = false;
  };
  // The batch as pipelined statements; nullopt if an op needs several round trips.
  static std::optional<std::vector<Planned>> plan_pipeline(const std::vector<WriteOp*>& ops);
  // Pipelined attempt; true if it committed, false if a statement failed (rolled back).
  bool try_pipelined(Connection& conn, std::vector<WriteOp*>& ops, const std::vector<Planned>& plan,
                     std::vector<StoreError>& errors, bool& commit_sent);
  static void take_results(const Planned& p, const Result& result, std::vector<WriteOp*>& ops,
                           std::vector<StoreError>& errors);
  void run_with_savepoints(Connection& conn, std::vector<WriteOp*>& ops,
                           std::vector<StoreError>& errors, bool& commit_sent);

  Pool& pool_;
  const std::size_t max_batch_;
  const bool pipeline_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Request> queue_;  // guarded by mu_
  std::size_t queued_ops_ = 0;
  bool stopping_ = false;
  std::string last_error_;

  std::atomic<bool> accepting_{true};
  std::atomic<std::uint64_t> batches_{0}, failed_batches_{0}, ops_{0}, pipelined_{0};
  std::atomic<std::uint64_t> last_batch_size_{0}, max_batch_size_{0}, queue_depth_{0};
  std::mutex join_mu_;
  std::vector<std::thread> threads_;  // last member
};

}  // namespace jm::store::postgres
