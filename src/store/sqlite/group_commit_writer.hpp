#pragma once
// Group commit: one thread owns the write connection and turns everything queued since
// its last commit into one transaction. Many requests share one fsync, and each is
// answered only after the COMMIT that made it durable.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/account_writer.hpp"
#include "store/sqlite/credential_writer.hpp"
#include "store/sqlite/game_writer.hpp"
#include "store/sqlite/gdpr_writer.hpp"
#include "store/sqlite/job_writer.hpp"
#include "store/sqlite/nfl_writer.hpp"
#include "store/sqlite/record_writer.hpp"
#include "store/sqlite/retention_writer.hpp"
#include "store/sqlite/server_game_writer.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/write_op.hpp"
#include "store/store.hpp"

namespace jm::store::sqlite {

// One queued request: a single save_game (one set), a save_games (many set) or another
// write (op set). Each game in it, or the op, is one "op" for batching and the counters.
struct WriteRequest {
  std::vector<NewGame> games;
  Store::SaveCallback one;
  Store::BatchCallback many;
  std::unique_ptr<WriteOp> op;

  std::size_t ops() const { return games.size() + (op ? 1 : 0); }
};

struct WriterStats {
  std::uint64_t batches = 0;          // transactions attempted
  std::uint64_t failed_batches = 0;   // ...of which could not commit
  std::uint64_t ops = 0;              // games processed (saved, duplicate or refused)
  std::uint64_t last_batch_size = 0;  // ops in the most recent batch
  std::uint64_t max_batch_size = 0;
  std::uint64_t queue_depth = 0;  // ops waiting for the writer right now
};

class GroupCommitWriter {
 public:
  // Takes the connection; starts the writer thread. `pii` seals e-mails; it must
  // outlive the writer.
  GroupCommitWriter(std::unique_ptr<Connection> conn, std::size_t max_batch, const Clock& clock,
                    const PiiCodec& pii);
  ~GroupCommitWriter();  // drains
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Queues the request. Returns false (leaving `req` intact) once draining has begun;
  // the caller answers it then.
  bool submit(WriteRequest& req);

  // Refuses new requests, commits everything already queued, joins the thread.
  // Idempotent and safe to call from several threads.
  void drain();

  bool accepting() const { return accepting_.load(std::memory_order_acquire); }
  // True on the writer thread itself (where waiting for a write would deadlock).
  bool on_writer_thread() const { return writer_id_.load() == std::this_thread::get_id(); }
  WriterStats stats() const;
  // Message of the last failed batch, empty once a later batch commits.
  std::string last_error() const;

 private:
  void run();
  void execute(std::vector<WriteRequest>& batch, std::size_t ops);
  StoreError apply_op(WriteOp& op);
  static void deliver(std::vector<WriteRequest>& batch,
                      std::vector<std::vector<SaveOutcome>>& outcomes,
                      std::vector<StoreError>& op_errors);

  std::unique_ptr<Connection> conn_;
  GameWriter games_;
  ServerGameWriter server_games_;
  NflWriter nfl_;
  AccountWriter accounts_;
  CredentialWriter credentials_;
  RecordWriter records_;
  GdprWriter gdpr_;
  JobWriter jobs_;
  RetentionWriter retention_;
  const std::size_t max_batch_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<WriteRequest> queue_;  // guarded by mu_
  std::size_t queued_ops_ = 0;      // guarded by mu_
  bool stopping_ = false;           // guarded by mu_
  std::string last_error_;          // guarded by mu_

  std::atomic<bool> accepting_{true};
  std::atomic<std::uint64_t> batches_{0};
  std::atomic<std::uint64_t> failed_batches_{0};
  std::atomic<std::uint64_t> ops_{0};
  std::atomic<std::uint64_t> last_batch_size_{0};
  std::atomic<std::uint64_t> max_batch_size_{0};
  std::atomic<std::uint64_t> queue_depth_{0};

  std::atomic<std::thread::id> writer_id_{};  // set by the thread itself; see drain()
  std::mutex join_mu_;
  std::thread thread_;  // last member: started once everything above exists
};

}  // namespace jm::store::sqlite
