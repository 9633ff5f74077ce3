#pragma once
// Runs background work stored as rows of the `jobs` table: claims the oldest due job,
// runs the handler registered for its kind, records the result, and retries failures
// with exponential backoff. Periodic work (retention) is enqueued with an id derived
// from its period, so however many instances share the database it runs once per
// period. A crash loses nothing: the row is still there.
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

  JobRunner(store::Store& store, const Clock& clock, std::string worker_id);
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

 private:
  struct Periodic {
    std::string kind, payload_json;
    std::int64_t every_ms = 0;
    std::int64_t last_period = -1;
  };

  void loop();
  void enqueue_periodic(std::int64_t now);
  void run(const store::JobRecord& job);

  store::Store& store_;
  const Clock& clock_;
  std::string worker_id_;
  std::map<std::string, Handler> handlers_;
  std::vector<Periodic> periodic_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false, woken_ = false;
  std::thread thread_;
  std::uint64_t jobs_run_ = 0, jobs_failed_ = 0;
};

// The deterministic job id of a period: the same on every instance.
std::string period_job_id(const std::string& kind, std::int64_t period);

}  // namespace jm::jobs
