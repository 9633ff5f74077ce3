// Job leases on both dialects: a live lease is not reclaimed, an expired one is (by
// exactly one of several workers), renewing keeps a job, and only the current claim may
// renew or finish it.
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "store_fixture.hpp"

namespace jm::store::testing {
namespace {

class StoreJobLeases : public StoreSuite {};
JM_STORE_SUITE(StoreJobLeases);

constexpr std::int64_t kLease = 1'000;

TEST_P(StoreJobLeases, ALiveLeaseIsNotReclaimedAnExpiredOneIs) {
  const auto job = enqueue_sync(store(), "work").first;
  const auto dead = store().claim_job("dead", kT0, kLease);
  ASSERT_TRUE(dead);
  EXPECT_EQ(dead->lease_until_ms, kT0 + kLease);
  EXPECT_FALSE(store().claim_job("b", kT0 + kLease - 1, kLease)) << "the lease still holds";
  EXPECT_FALSE(store().claim_job("b", kT0 + kLease, kLease)) << "held up to lease_until";

  const auto reclaimed = store().claim_job("b", kT0 + kLease + 1, kLease);
  ASSERT_TRUE(reclaimed);
  EXPECT_EQ(reclaimed->id, job.id);
  EXPECT_EQ(reclaimed->attempts, 2) << "the dead run counts as an attempt";
  EXPECT_EQ(reclaimed->lease_until_ms, kT0 + 2 * kLease + 1);
  EXPECT_EQ(db().scalar("SELECT locked_by FROM jobs WHERE id = " + std::to_string(job.id)), "b");

  // The first worker comes back to life: it can neither extend nor finish.
  EXPECT_FALSE(store().renew_job_lease(lease_of(*dead, "dead"), kT0 + 10 * kLease, kT0 + 1'500));
  EXPECT_EQ(finish_sync(store(), lease_of(*dead, "dead"), true, R"({"by":"dead"})", "",
                        std::nullopt, std::nullopt, kT0 + 1'500)
                .kind,
            ErrorKind::conflict);
  ASSERT_FALSE(finish_sync(store(), lease_of(*reclaimed, "b"), true, R"({"by":"b"})", "",
                           std::nullopt, std::nullopt, kT0 + 1'600));
  const auto done = store().find_job(job.public_id);
  EXPECT_EQ(done->status, "done");
  EXPECT_EQ(done->result_json, R"({"by":"b"})");
  EXPECT_FALSE(done->lease_until_ms);
  EXPECT_FALSE(store().claim_job("c", kT0 + 100 * kLease, kLease)) << "done is never reclaimed";
}

TEST_P(StoreJobLeases, RenewingKeepsTheJob) {
  enqueue_sync(store(), "work");
  const auto claimed = store().claim_job("a", kT0, kLease);
  ASSERT_TRUE(claimed);
  EXPECT_TRUE(store().renew_job_lease(lease_of(*claimed, "a"), kT0 + 900 + kLease, kT0 + 900));
  EXPECT_FALSE(store().claim_job("b", kT0 + 1'500, kLease)) << "renewed: still held";
  EXPECT_FALSE(
      store().renew_job_lease({claimed->id, "b", claimed->attempts}, kT0 + 5'000, kT0 + 1'500))
      << "another worker cannot renew it";
  EXPECT_TRUE(store().claim_job("b", kT0 + 1'901, kLease)) << "not renewed again: reclaimed";
}

TEST_P(StoreJobLeases, ConcurrentWorkersClaimEachQueuedOrExpiredJobOnce) {
  constexpr int kJobs = 40;
  for (int i = 0; i < kJobs; ++i) ASSERT_FALSE(enqueue_sync(store(), "work").second);
  // Half of them were running on a worker that died (leases out at kT0 + kLease).
  for (int i = 0; i < kJobs / 2; ++i) ASSERT_TRUE(store().claim_job("dead", kT0, kLease));

  std::mutex mu;
  std::map<std::int64_t, int> claims;
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      const std::string me = "worker-" + std::to_string(w);
      while (auto job = store().claim_job(me, kT0 + 2 * kLease, kLease)) {
        std::lock_guard lock(mu);
        ++claims[job->id];
      }
    });
  }
  for (auto& t : workers) t.join();
  EXPECT_EQ(claims.size(), static_cast<std::size_t>(kJobs));
  for (const auto& [id, n] : claims)
    EXPECT_EQ(n, 1) << "job " << id << " claimed " << n << " times";
  EXPECT_EQ(db().scalar("SELECT count(*) FROM jobs WHERE status = 'running' AND locked_by LIKE "
                        "'worker-%'"),
            std::to_string(kJobs));
  EXPECT_EQ(db().scalar("SELECT count(*) FROM jobs WHERE attempts = 2"), std::to_string(kJobs / 2));
}

}  // namespace
}  // namespace jm::store::testing
