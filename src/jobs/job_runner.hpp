#pragma once
// Runs background work stored as rows of the `jobs` table: claims the oldest due job,
// runs the handler registered for its kind, records the result, and retries failures
// with capped exponential backoff up to kMaxAttempts. Periodic work (retention, backup)
// is enqueued with an id derived from its period, so however many instances share the
// database it runs once per period.
//
// Across instances a claim is a lease: the job is held until now + lease_ms, renewed
// every lease_ms / 3 while the handler works. If the worker dies, the lease runs out
// and any instance claims the job again (as another attempt). Finishing names the
// claim (worker + attempt), so a worker that lost its lease cannot record a result over
// the new owner's: a job's recorded outcome is that of exactly one run. Handlers must
// be idempotent (an export rebuilds the same document, retention deletes by cut-off, a
// backup rewrites the same file) because a run whose worker stalled past its lease may
// overlap the next one.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "store/store.hpp"
#include "util/clock.hpp"

namespace jm::jobs {

struct JobResult {
  bool ok = true;
  std::string result_json = "{}";
  std::string error;
  std::optional<std::int64_t> expires_at_ms;  // for downloadable results
};

class JobRunner {
 public:
  using Handler = std::function<JobResult(const store::JobRecord&)>;

  static constexpr int kMaxAttempts = 5;
  static constexpr std::int64_t kDefaultLeaseMs = 60'000;
  static constexpr std::int64_t kMaxBackoffMs = 5 * 60'000;

  JobRunner(store::Store& store, const Clock& clock, std::string worker_id,
            std::int64_t lease_ms = kDefaultLeaseMs);
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  void on(std::string kind, Handler handler);
  // Enqueues `kind` once per `every_ms` period (cluster-wide).
  void every(std::string kind, std::int64_t every_ms, std::string payload_json = "{}");

  void start();
  void stop();  // finishes the job in hand, then returns
  void wake();  // a job was queued: look now rather than at the next poll

  // One pass: enqueues due periodic jobs, then runs every due job. Returns jobs run.
  int run_due();

  std::uint64_t jobs_run() const { return jobs_run_; }
  std::uint64_t jobs_failed() const { return jobs_failed_; }
  std::uint64_t leases_lost() const { return leases_lost_; }

 private:
  struct Periodic {
    std::string kind, payload_json;
    std::int64_t every_ms = 0;
    std::int64_t last_period = -1;
  };

  void loop();
  void enqueue_periodic(std::int64_t now);
  void run(const store::JobRecord& job);
  JobResult run_handler(const store::JobRecord& job, const store::JobLease& lease);

  store::Store& store_;
  const Clock& clock_;
  std::string worker_id_;
  std::int64_t lease_ms_;
  std::map<std::string, Handler> handlers_;
  std::vector<Periodic> periodic_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false, woken_ = false;
  std::thread thread_;
  std::atomic<std::uint64_t> jobs_run_{0}, jobs_failed_{0}, leases_lost_{0};
};

// The wait before retry number `attempts` + 1: 2 s, 4 s, 8 s, ... capped at kMaxBackoffMs.
std::int64_t retry_backoff_ms(int attempts);

// The deterministic job id of a period: the same on every instance.
std::string period_job_id(const std::string& kind, std::int64_t period);

}  // namespace jm::jobs
