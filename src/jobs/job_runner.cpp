#include "jobs/job_runner.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

#include "infra/metric_hooks.hpp"
#include "security/hmac.hpp"
#include "store/blocking.hpp"
#include "util/log.hpp"

namespace jm::jobs {

namespace {
constexpr auto kPollInterval = std::chrono::seconds(1);
}

std::string period_job_id(const std::string& kind, std::int64_t period) {
  auto h = security::sha256_hex(kind + "@" + std::to_string(period));
  // Shaped as a UUID (version nibble 5-like), so it fits the public id column.
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-5" + h.substr(13, 3) + "-a" + h.substr(17, 3) +
         "-" + h.substr(20, 12);
}

std::int64_t retry_backoff_ms(int attempts) {
  return std::min<std::int64_t>(1000LL << std::clamp(attempts, 1, 20), JobRunner::kMaxBackoffMs);
}

JobRunner::JobRunner(store::Store& store, const Clock& clock, std::string worker_id,
                     std::int64_t lease_ms)
    : store_(store),
      clock_(clock),
      worker_id_(std::move(worker_id)),
      lease_ms_(std::max<std::int64_t>(lease_ms, 300)) {}

JobRunner::~JobRunner() {
  stop();
}

void JobRunner::on(std::string kind, Handler handler) {
  handlers_[std::move(kind)] = std::move(handler);
}

void JobRunner::every(std::string kind, std::int64_t every_ms, std::string payload_json) {
  periodic_.push_back(
      {std::move(kind), std::move(payload_json), std::max<std::int64_t>(every_ms, 1000)});
}

void JobRunner::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void JobRunner::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void JobRunner::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void JobRunner::loop() {
  while (true) {
    try {
      run_due();
      static infra::Gauge& depth = infra::jobs_queue_depth();
      depth.set(static_cast<double>(store_.count_queued_jobs()));
    } catch (const std::exception& e) {
      // The database may be down: try again at the next poll.
      log::warn("jobs_poll_failed", {{"what", e.what()}});
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, kPollInterval, [this] { return stopping_ || woken_; });
    woken_ = false;
    if (stopping_) return;
  }
}

void JobRunner::enqueue_periodic(std::int64_t now) {
  for (auto& p : periodic_) {
    auto period = now / p.every_ms;
    if (period == p.last_period) continue;
    store::JobRecord job;
    job.public_id = period_job_id(p.kind, period);
    job.kind = p.kind;
    job.payload_json = p.payload_json;
    job.run_after_ms = now;
    job.created_at_ms = now;
    using Result = std::pair<store::JobRecord, store::StoreError>;
    auto [queued, error] = store::wait_for<Result>([&](auto done) {
      store_.enqueue_job(job, [done](store::JobRecord j, store::StoreError e) {
        done(Result{std::move(j), e});
      });
    });
    // A conflict means another instance (or an earlier run) queued this period already.
    if (!error || error.kind == store::ErrorKind::conflict) p.last_period = period;
  }
}

int JobRunner::run_due() {
  enqueue_periodic(clock_.now_ms());
  int ran = 0;
  while (auto job = store_.claim_job(worker_id_, clock_.now_ms(), lease_ms_)) {
    run(*job);
    ++ran;
    std::lock_guard lock(mutex_);
    if (stopping_) break;
  }
  return ran;
}

// Runs the handler while a second thread renews the lease every lease_ms / 3.
JobResult JobRunner::run_handler(const store::JobRecord& job, const store::JobLease& lease) {
  auto handler = handlers_.find(job.kind);
  if (handler == handlers_.end()) {
    return {false, "", "no handler for job kind '" + job.kind + "'", std::nullopt};
  }
  std::jthread renewer([this, &lease](std::stop_token stop) {
    std::mutex mu;
    std::condition_variable_any cv;
    std::unique_lock lock(mu);
    while (!cv.wait_for(lock, stop, std::chrono::milliseconds(lease_ms_ / 3),
                        [&stop] { return stop.stop_requested(); })) {
      try {
        const auto now = clock_.now_ms();
        if (!store_.renew_job_lease(lease, now + lease_ms_, now)) {
          ++leases_lost_;
          log::warn("job_lease_lost", {{"jobId", lease.job_id}, {"attempt", lease.attempt}});
          return;  // another worker has it now; our finish will be refused
        }
      } catch (const std::exception& e) {
        log::warn("job_lease_renew_failed", {{"jobId", lease.job_id}, {"what", e.what()}});
      }
    }
  });
  try {
    return handler->second(job);
  } catch (const std::exception& e) {
    return {false, "", e.what(), std::nullopt};
  }
}

void JobRunner::run(const store::JobRecord& job) {
  const store::JobLease lease{job.id, worker_id_, job.attempts};
  JobResult result;
  const bool known = handlers_.count(job.kind) > 0;
  if (job.attempts > kMaxAttempts) {
    // Claimed again after its lease ran out kMaxAttempts times: its runs keep dying.
    result = {false, "",
              "abandoned after " + std::to_string(kMaxAttempts) +
                  " attempts (last: " + job.last_error + ")",
              std::nullopt};
  } else {
    result = run_handler(job, lease);
  }
  auto now = clock_.now_ms();
  std::optional<std::int64_t> retry_at;
  if (!result.ok && known && job.attempts < kMaxAttempts) {
    retry_at = now + retry_backoff_ms(job.attempts);
  }
  ++jobs_run_;
  if (!result.ok) {
    ++jobs_failed_;
    infra::jobs_failed().inc();
  }
  log::info(result.ok ? "job_done" : "job_failed", {{"job", job.public_id},
                                                    {"kind", job.kind},
                                                    {"attempt", job.attempts},
                                                    {"error", result.error},
                                                    {"retryAt", retry_at ? *retry_at : 0}});
  auto error = store::wait_for<store::StoreError>([&](auto done) {
    store_.finish_job(lease, result.ok, std::move(result.result_json), result.error, retry_at,
                      result.expires_at_ms, now, std::move(done));
  });
  if (error) log::warn("job_finish_not_saved", {{"job", job.public_id}, {"what", error.message}});
}

}  // namespace jm::jobs
