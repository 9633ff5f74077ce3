// JobRunner on a real SqliteStore: a job orphaned by a dead worker is run by another
// once its lease runs out; a runner renews its lease while a long job works, so a second
// instance never takes the job from it; retries back off (capped); a job whose runs
// keep dying is given up after kMaxAttempts.
#include "jobs/job_runner.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "../store/sqlite_test_support.hpp"
#include "store/blocking.hpp"

namespace jm::jobs {
namespace {

using store::testing::TempDir;
constexpr std::int64_t kT0 = 1'700'000'000'000;

class JobRunnerTest : public ::testing::Test {
 protected:
  JobRunnerTest() {
    store::SqliteStore::Options options;
    options.clock = &clock_;
    store_ = store::open_sqlite_store(dir_.file("jobs.db"), options);
  }
  ~JobRunnerTest() override { store_->drain(); }

  store::JobRecord enqueue(const std::string& kind) {
    store::JobRecord job;
    job.kind = kind;
    using Result = std::pair<store::JobRecord, store::StoreError>;
    auto [stored, error] = store::wait_for<Result>([&](auto done) {
      store_->enqueue_job(job, [done](store::JobRecord j, store::StoreError e) {
        done(Result{std::move(j), e});
      });
    });
    EXPECT_FALSE(error) << error.message;
    return stored;
  }

  TempDir dir_;
  ManualClock clock_{kT0};
  std::unique_ptr<store::SqliteStore> store_;
};

TEST_F(JobRunnerTest, AnOrphanedJobRunsOnceItsLeaseRunsOut) {
  const auto job = enqueue("work");
  ASSERT_TRUE(store_->claim_job("died", kT0, 1'000));  // and never finished
  int runs = 0;
  JobRunner runner(*store_, clock_, "alive", 1'000);
  runner.on("work", [&](const store::JobRecord&) {
    ++runs;
    return JobResult{};
  });
  EXPECT_EQ(runner.run_due(), 0) << "the lease still holds";
  clock_.advance(1'001);
  EXPECT_EQ(runner.run_due(), 1);
  EXPECT_EQ(runs, 1);
  const auto done = store_->find_job(job.public_id);
  EXPECT_EQ(done->status, "done");
  EXPECT_EQ(done->attempts, 2);
}

TEST_F(JobRunnerTest, ALongJobKeepsItsLeaseAgainstAnotherInstance) {
  enqueue("slow");
  SystemClock real;  // the renewals happen in real time
  constexpr std::int64_t kLease = 400;
  JobRunner runner(*store_, real, "a", kLease);
  std::atomic<bool> started{false};
  runner.on("slow", [&](const store::JobRecord&) {
    started = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(4 * kLease));
    return JobResult{};
  });
  std::thread worker([&] { runner.run_due(); });
  while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  int stolen = 0;
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(3 * kLease);
  while (std::chrono::steady_clock::now() < until) {
    if (store_->claim_job("b", real.now_ms(), kLease)) ++stolen;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  worker.join();
  EXPECT_EQ(stolen, 0) << "the running job's lease was renewed";
  EXPECT_EQ(runner.leases_lost(), 0u);
  EXPECT_EQ(runner.jobs_failed(), 0u);
}

TEST_F(JobRunnerTest, FailuresBackOffWithACap) {
  EXPECT_EQ(retry_backoff_ms(1), 2'000);
  EXPECT_EQ(retry_backoff_ms(2), 4'000);
  EXPECT_EQ(retry_backoff_ms(4), 16'000);
  EXPECT_EQ(retry_backoff_ms(30), JobRunner::kMaxBackoffMs);

  const auto job = enqueue("flaky");
  JobRunner runner(*store_, clock_, "w", 60'000);
  runner.on("flaky", [](const store::JobRecord&) { return JobResult{false, "", "boom", {}}; });
  EXPECT_EQ(runner.run_due(), 1);
  auto stored = store_->find_job(job.public_id);
  EXPECT_EQ(stored->status, "queued");
  EXPECT_EQ(stored->run_after_ms, kT0 + 2'000);
  for (int attempt = 2; attempt <= JobRunner::kMaxAttempts; ++attempt) {
    clock_.advance(JobRunner::kMaxBackoffMs);
    EXPECT_EQ(runner.run_due(), 1);
  }
  stored = store_->find_job(job.public_id);
  EXPECT_EQ(stored->status, "failed");
  EXPECT_EQ(stored->attempts, JobRunner::kMaxAttempts);
}

TEST_F(JobRunnerTest, AJobWhoseRunsKeepDyingIsGivenUp) {
  const auto job = enqueue("crashy");
  for (int i = 0; i < JobRunner::kMaxAttempts; ++i) {
    ASSERT_TRUE(store_->claim_job("died-" + std::to_string(i), clock_.now_ms(), 1'000));
    clock_.advance(1'001);
  }
  int runs = 0;
  JobRunner runner(*store_, clock_, "w", 1'000);
  runner.on("crashy", [&](const store::JobRecord&) {
    ++runs;
    return JobResult{};
  });
  EXPECT_EQ(runner.run_due(), 1);
  EXPECT_EQ(runs, 0) << "not run a sixth time";
  const auto stored = store_->find_job(job.public_id);
  EXPECT_EQ(stored->status, "failed");
  EXPECT_NE(stored->last_error.find("abandoned"), std::string::npos) << stored->last_error;
}

}  // namespace
}  // namespace jm::jobs
