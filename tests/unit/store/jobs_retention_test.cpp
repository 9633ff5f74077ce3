// The jobs queue (claim, retry, concurrent claimers), retention (dry run == real run)
// and re-sealing after a codec switch.
#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "store_fixture.hpp"

namespace jm::store::testing {
namespace {

class StoreJobsRetention : public StoreSuite {
 protected:
  RetentionReport retention_sync(const RetentionPolicy& policy, std::int64_t now, bool dry) {
    return await_one<RetentionReport>(
        [&](auto cb) { store().apply_retention(policy, now, dry, cb); });
  }
};
JM_STORE_SUITE(StoreJobsRetention);

TEST_P(StoreJobsRetention, EnqueueClaimAndFinish) {
  const auto [later, e1] = enqueue_sync(store(), "stats", kT0 + 60'000);
  const auto [first, e2] = enqueue_sync(store(), "gdpr.export", 0, "owner-1", R"({"userId":"u"})");
  ASSERT_FALSE(e1);
  ASSERT_FALSE(e2);
  EXPECT_EQ(first.status, "queued");
  EXPECT_EQ(first.run_after_ms, kT0);  // 0 = now
  EXPECT_EQ(first.owner_public_id, "owner-1");
  EXPECT_EQ(first.payload_json, R"({"userId":"u"})");
  EXPECT_EQ(first.attempts, 0);
  EXPECT_EQ(first.public_id.size(), 36u);
  EXPECT_NE(first.public_id, later.public_id);
  EXPECT_EQ(store().count_queued_jobs(), 2) << "due or not, both wait";

  const auto claimed = store().claim_job("worker-a", kT0 + 1, kTestLeaseMs);
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->id, first.id);  // the other one is not due yet
  EXPECT_EQ(claimed->status, "running");
  EXPECT_EQ(claimed->attempts, 1);
  EXPECT_EQ(db().scalar("SELECT locked_by FROM jobs WHERE id = " + std::to_string(first.id)),
            "worker-a");
  EXPECT_FALSE(store().claim_job("worker-b", kT0 + 2, kTestLeaseMs));
  EXPECT_EQ(store().count_queued_jobs(), 1) << "a running job no longer waits";

  ASSERT_FALSE(finish_sync(store(), lease_of(*claimed, "worker-a"), true, R"({"doc":1})", "",
                           std::nullopt, kT0 + 86'400'000, kT0 + 3));
  const auto done = store().find_job(first.public_id);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, "done");
  EXPECT_EQ(done->result_json, R"({"doc":1})");
  EXPECT_EQ(done->expires_at_ms, kT0 + 86'400'000);
  EXPECT_EQ(done->updated_at_ms, kT0 + 3);
  EXPECT_EQ(db().scalar("SELECT locked_by FROM jobs WHERE id = " + std::to_string(first.id)),
            "NULL");
  EXPECT_FALSE(store().find_job("00000000-0000-4000-8000-000000000000"));

  const auto due_later = store().claim_job("worker-b", kT0 + 60'000, kTestLeaseMs);
  ASSERT_TRUE(due_later);
  EXPECT_EQ(due_later->public_id, later.public_id);
}

TEST_P(StoreJobsRetention, FailuresRetryOrFailForGood) {
  const auto job = enqueue_sync(store(), "backup").first;
  const auto first = store().claim_job("w", kT0, kTestLeaseMs);
  ASSERT_TRUE(first);
  ASSERT_FALSE(finish_sync(store(), lease_of(*first, "w"), false, "", "disk full", kT0 + 5'000,
                           std::nullopt, kT0 + 1));
  auto stored = store().find_job(job.public_id);
  EXPECT_EQ(stored->status, "queued");
  EXPECT_EQ(stored->last_error, "disk full");
  EXPECT_EQ(stored->run_after_ms, kT0 + 5'000);
  EXPECT_FALSE(store().claim_job("w", kT0 + 4'999, kTestLeaseMs));
  const auto again = store().claim_job("w", kT0 + 5'000, kTestLeaseMs);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->attempts, 2);
  ASSERT_FALSE(finish_sync(store(), lease_of(*again, "w"), false, "", "still full", std::nullopt,
                           std::nullopt, kT0 + 6'000));
  stored = store().find_job(job.public_id);
  EXPECT_EQ(stored->status, "failed");
  EXPECT_EQ(stored->last_error, "still full");
  EXPECT_FALSE(store().claim_job("w", kT0 + 10'000'000, kTestLeaseMs));

  EXPECT_EQ(
      finish_sync(store(), {987654, "w", 1}, true, "{}", "", std::nullopt, std::nullopt, kT0).kind,
      ErrorKind::conflict)
      << "no such job";
  const auto third = enqueue_sync(store(), "backup").first;
  const auto claimed = store().claim_job("w", kT0 + 10'000'000, kTestLeaseMs);
  ASSERT_TRUE(claimed);
  ASSERT_EQ(claimed->id, third.id);
  EXPECT_EQ(finish_sync(store(), lease_of(*claimed, "w"), true, "not json", "", std::nullopt,
                        std::nullopt, kT0 + 10'000'001)
                .kind,
            ErrorKind::invalid);
}

TEST_P(StoreJobsRetention, ConcurrentClaimersNeverGetTheSameJob) {
  constexpr int kJobs = 60;
  for (int i = 0; i < kJobs; ++i) ASSERT_FALSE(enqueue_sync(store(), "work").second);
  std::mutex mu;
  std::vector<std::int64_t> seen;
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      while (auto job = store().claim_job("worker-" + std::to_string(w), kT0 + 1, kTestLeaseMs)) {
        std::lock_guard lock(mu);
        seen.push_back(job->id);
      }
    });
  }
  for (auto& t : workers) t.join();
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kJobs));
  EXPECT_EQ(std::set<std::int64_t>(seen.begin(), seen.end()).size(), seen.size());
  EXPECT_EQ(db().scalar("SELECT count(*) FROM jobs WHERE status = 'running' AND attempts = 1"),
            std::to_string(kJobs));
}

TEST_P(StoreJobsRetention, DryRunCountsExactlyWhatTheRealRunRemoves) {
  constexpr std::int64_t kDay = 86'400'000;
  const std::int64_t now = kT0 + 1000 * kDay;
  RetentionPolicy policy;
  policy.audit_logs_ms = 90 * kDay;
  policy.temporary_ms = 30 * kDay;
  policy.marketing_ms = 365 * kDay;
  policy.inactive_profile_ms = 500 * kDay;

  // Audit: two old, one recent.
  for (std::int64_t at : {now - 100 * kDay, now - 91 * kDay, now - kDay}) {
    AuditEntry e;
    e.actor = "system";
    e.action = "x";
    e.created_at_ms = at;
    ASSERT_FALSE(append_audit_sync(store(), e));
  }
  // Jobs: one finished long ago, one finished recently with an expired result, one
  // queued (never removed).
  clock_.set(now - 40 * kDay);
  const auto old_job = enqueue_sync(store(), "old").first;
  const auto old_claim = store().claim_job("w", now - 40 * kDay, kTestLeaseMs);
  ASSERT_TRUE(old_claim);
  ASSERT_EQ(old_claim->id, old_job.id);
  ASSERT_FALSE(finish_sync(store(), lease_of(*old_claim, "w"), true, "{}", "", std::nullopt,
                           std::nullopt, now - 40 * kDay));
  const auto export_job = enqueue_sync(store(), "gdpr.export").first;
  const auto export_claim = store().claim_job("w", now - 2 * kDay, kTestLeaseMs);
  ASSERT_TRUE(export_claim);
  ASSERT_EQ(export_claim->id, export_job.id);
  ASSERT_FALSE(finish_sync(store(), lease_of(*export_claim, "w"), true, R"({"doc":1})", "",
                           std::nullopt, now - kDay, now - 2 * kDay));
  ASSERT_TRUE(enqueue_sync(store(), "pending", now + kDay).first.id);

  // People: an inactive visitor (old game), an active visitor, an old account.
  clock_.set(now - 600 * kDay);
  auto stale_game = make_game("stale-1", "stale@example.com", "Stale");
  stale_game.created_at_ms = now - 600 * kDay;
  ASSERT_TRUE(save_sync(store(), stale_game).saved);
  const auto account = create_account_sync(store(), "acct@example.com", "Acct", "h").user;
  auto fresh_game = make_game("fresh-1", "fresh@example.com", "Fresh");
  fresh_game.created_at_ms = now - 600 * kDay;
  ASSERT_TRUE(save_sync(store(), fresh_game).saved);
  clock_.set(now - kDay);
  fresh_game.session_id = "fresh-2";
  fresh_game.created_at_ms = now - kDay;
  ASSERT_TRUE(save_sync(store(), fresh_game).saved);
  const auto stale_pid = store().find_user_by_email("stale@example.com")->public_id;

  // Consents: an old marketing grant (goes), a recent one and an old analytics one (stay).
  ASSERT_FALSE(record_consent_sync(
                   store(), consent(account->public_id, "marketing", "granted", now - 400 * kDay))
                   .second);
  ASSERT_FALSE(record_consent_sync(
                   store(), consent(account->public_id, "marketing", "denied", now - 10 * kDay))
                   .second);
  ASSERT_FALSE(record_consent_sync(
                   store(), consent(account->public_id, "analytics", "granted", now - 400 * kDay))
                   .second);
  // Sessions: one expired, one live.
  ASSERT_FALSE(create_session_sync(store(), refresh("dead", "f1", account->id, now - 1)));
  ASSERT_FALSE(create_session_sync(store(), refresh("live", "f2", account->id, now + kDay)));
  clock_.set(now);

  auto snapshot = [&] {
    return db().column(
        "SELECT (SELECT count(*) FROM audit_logs) || '|' || (SELECT count(*) FROM jobs) || '|' ||"
        " (SELECT count(*) FROM jobs WHERE result_json IS NOT NULL) || '|' ||"
        " (SELECT count(*) FROM user_consents) || '|' || (SELECT count(*) FROM users) || '|' ||"
        " (SELECT count(*) FROM sessions) || '|' || (SELECT count(*) FROM data_deletions)");
  };
  const auto before = snapshot();
  const auto dry = retention_sync(policy, now, true);
  ASSERT_FALSE(dry.error) << dry.error.message;
  EXPECT_TRUE(dry.dry_run);
  EXPECT_EQ(snapshot(), before);  // nothing changed

  EXPECT_EQ(dry.audit_logs, 2);
  EXPECT_EQ(dry.temporary, 1);
  EXPECT_EQ(dry.expired_exports, 1);
  EXPECT_EQ(dry.marketing_consents, 1);
  EXPECT_EQ(dry.inactive_profiles, 1);
  EXPECT_EQ(dry.expired_sessions, 1);

  const auto real = retention_sync(policy, now, false);
  ASSERT_FALSE(real.error) << real.error.message;
  EXPECT_FALSE(real.dry_run);
  EXPECT_EQ(real.audit_logs, dry.audit_logs);
  EXPECT_EQ(real.temporary, dry.temporary);
  EXPECT_EQ(real.expired_exports, dry.expired_exports);
  EXPECT_EQ(real.marketing_consents, dry.marketing_consents);
  EXPECT_EQ(real.inactive_profiles, dry.inactive_profiles);
  EXPECT_EQ(real.expired_sessions, dry.expired_sessions);

  EXPECT_FALSE(store().find_user_by_public_id(stale_pid));
  EXPECT_TRUE(store().find_user_by_email("fresh@example.com"));
  EXPECT_TRUE(store().find_user_by_email("acct@example.com"));
  EXPECT_EQ(db().scalar("SELECT requested_by FROM data_deletions"), "retention");
  EXPECT_EQ(store().find_job(export_job.public_id)->result_json, "");
  EXPECT_FALSE(store().find_job(old_job.public_id));
  EXPECT_EQ(store().consents(account->public_id, true).size(), 2u);
  EXPECT_EQ(db().scalar("SELECT group_concat(token_hash) FROM sessions"), "live");

  // Nothing is left to remove.
  const auto after = retention_sync(policy, now, true);
  EXPECT_EQ(after.audit_logs + after.temporary + after.expired_exports + after.marketing_consents +
                after.inactive_profiles + after.expired_sessions,
            0);
}

TEST_P(StoreJobsRetention, ZeroPeriodsDisableTheirKind) {
  AuditEntry e;
  e.actor = "system";
  e.action = "x";
  e.created_at_ms = 1;
  ASSERT_FALSE(append_audit_sync(store(), e));
  RetentionPolicy off{0, 0, 0, 0};
  const auto report = retention_sync(off, kT0, false);
  EXPECT_EQ(report.audit_logs, 0);
  EXPECT_EQ(db().scalar("SELECT count(*) FROM audit_logs"), "1");
}

TEST_P(StoreJobsRetention, ResealAfterSwitchingFromPlainToSealingCodec) {
  db().reopen(nullptr);  // the plain codec: e-mails at rest as they are
  ASSERT_TRUE(save_sync(store(), make_game("p-1", "one@example.com", "One")).saved);
  ASSERT_TRUE(create_account_sync(store(), "two@example.com", "Two").user);
  EXPECT_EQ(db().scalar(
                "SELECT group_concat(email, ',') FROM (SELECT email FROM users ORDER BY id) AS u"),
            "one@example.com,two@example.com");

  db().reopen(pii_);
  ASSERT_TRUE(store().find_user_by_email("one@example.com"));  // plain rows still open
  const auto [changed, error] =
      await_two<int, StoreError>([&](auto cb) { store().reseal_personal_data(cb); });
  ASSERT_FALSE(error) << error.message;
  EXPECT_EQ(changed, 2);
  EXPECT_EQ(db().scalar(
                "SELECT group_concat(email, ',') FROM (SELECT email FROM users ORDER BY id) AS u"),
            "enc:moc.elpmaxe@eno,enc:moc.elpmaxe@owt");
  EXPECT_EQ(store().find_user_by_email("two@example.com")->email, "two@example.com");
  EXPECT_EQ((await_two<int, StoreError>([&](auto cb) { store().reseal_personal_data(cb); }).first),
            0);
}

}  // namespace
}  // namespace jm::store::testing
