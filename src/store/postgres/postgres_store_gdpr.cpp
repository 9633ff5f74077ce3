// PostgresStore: GDPR export and erasure, the jobs queue, retention and re-sealing.
#include <utility>

#include "store/postgres/pg_account_sql.hpp"
#include "store/postgres/pg_function_op.hpp"
#include "store/postgres/pg_gdpr_sql.hpp"
#include "store/postgres/pg_record_rows.hpp"
#include "store/postgres/pg_store_read.hpp"
#include "store/postgres/pg_users.hpp"
#include "store/postgres/pg_writer.hpp"
#include "util/random_id.hpp"

namespace jm::store {
namespace {

using postgres::Connection;
using postgres::FunctionOp;
using postgres::Params;
using postgres::Result;
using postgres::StatementOp;
using postgres::WriteOp;
namespace sql = postgres::sql;

using postgres::one_op;

int changed(Connection& c, const postgres::Sql& statement, Params params) {
  return static_cast<int>(c.run(statement, params).affected());
}

// Inside the writer's transaction: leaves no row that points at the person.
ErasureOutcome erase(Connection& c, const PiiCodec& pii, const ErasureRequest& request) {
  ErasureOutcome out;
  const auto user_id = postgres::find_user_id(c, request.user_public_id);
  if (!user_id) return out;
  out.found = true;
  const std::string& pid = request.user_public_id;
  const std::string subject_ref =
      request.subject_ref.empty() ? pii.blind_index(pid) : request.subject_ref;
  const std::string marker = "erased:" + subject_ref;

  out.games_anonymised = changed(c, sql::kAnonymiseGames, Params().add(*user_id));
  out.consents_deleted = changed(c, sql::kDeleteConsents, Params().add(*user_id));
  out.sessions_deleted = changed(c, sql::kDeleteSessions, Params().add(*user_id));
  out.exports_deleted = changed(c, sql::kDeleteJobsOf, Params().add(pid));
  out.audit_scrubbed = changed(c, sql::kScrubAudit, Params().add(pid).add(marker));
  changed(c, sql::kDeleteUser, Params().add(*user_id));

  out.deletion_id = random_uuid();
  c.run(sql::kRecordDeletion,
        Params()
            .add(out.deletion_id)
            .add(subject_ref)
            // Someone erasing themselves must not leave their id behind as the requester.
            .add(request.requested_by == pid ? marker : request.requested_by)
            .add_text_or_null(request.request_id)
            .add(out.games_anonymised)
            .add(out.consents_deleted)
            .add(out.audit_scrubbed)
            .add(out.sessions_deleted)
            .add(out.exports_deleted)
            .add(request.now_ms));
  return out;
}

void remove_expired(Connection& c, const PiiCodec& pii, const RetentionPolicy& policy,
                    std::int64_t now_ms, RetentionReport& report) {
  if (policy.audit_logs_ms > 0) {
    report.audit_logs = changed(c, sql::kRetainAudit, Params().add(now_ms - policy.audit_logs_ms));
  }
  if (policy.temporary_ms > 0) {
    report.temporary = changed(c, sql::kRetainJobs, Params().add(now_ms - policy.temporary_ms));
  }
  // An explicit expiry is the job's own deadline, not a policy period: always applied.
  report.expired_exports = changed(c, sql::kRetainResults, Params().add(now_ms));
  if (policy.marketing_ms > 0) {
    report.marketing_consents =
        changed(c, sql::kRetainMarketing, Params().add(now_ms - policy.marketing_ms));
  }
  if (policy.inactive_profile_ms > 0) {
    const Result inactive =
        c.run(sql::kInactiveVisitors, Params().add(now_ms - policy.inactive_profile_ms));
    for (int i = 0; i < inactive.rows(); ++i) {
      ErasureRequest request;
      request.user_public_id = inactive.text(i, 0);
      request.requested_by = "retention";
      request.now_ms = now_ms;
      if (erase(c, pii, request).found) ++report.inactive_profiles;
    }
  }
  report.expired_sessions = changed(c, sql::kRetainSessions, Params().add(now_ms));
}

}  // namespace

std::optional<PersonalData> PostgresStore::collect_personal_data(
    const std::string& user_public_id) {
  return read(false, [&](Connection& c) -> std::optional<PersonalData> {
    // One snapshot for the whole export.
    c.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    std::optional<PersonalData> data;
    const Result user = c.run(sql::kUserByPublicId, Params().add(user_public_id));
    if (user.rows() > 0) {
      data.emplace();
      data->user = postgres::user_from(user, 0, *pii_);
      const Result games = c.run(sql::kPersonalGames, Params().add(data->user.id));
      for (int i = 0; i < games.rows(); ++i) {
        PersonalGame g;
        g.session_id = games.text(i, 0);
        g.mode = games.text(i, 1);
        g.game_type = games.text(i, 2);
        g.source = games.text(i, 3);
        g.status = games.text(i, 4);
        g.duration_seconds = games.opt_int(i, 5);
        g.correct_count = games.opt_int(i, 6);
        g.guess_count = games.int32(i, 7);
        g.score = games.int32(i, 8);
        g.shared_on_social = games.flag(i, 9);
        g.guesses_json = games.text(i, 10);
        g.metadata_json = games.text(i, 11);
        g.ip = games.text(i, 12);
        g.user_agent = games.text(i, 13);
        g.created_at_ms = games.int64(i, 14);
        g.finished_at_ms = games.opt_int64(i, 15);
        g.rounds_json = games.text(i, 16);
        data->games.push_back(std::move(g));
      }
      const Result consents = c.run(sql::kConsentHistory, Params().add(user_public_id));
      for (int i = 0; i < consents.rows(); ++i) {
        data->consents.push_back(postgres::consent_from(consents, i));
      }
      const Result audit = c.run(sql::kAuditAbout, Params().add(user_public_id));
      for (int i = 0; i < audit.rows(); ++i) data->audit.push_back(postgres::audit_from(audit, i));
      data->refresh_sessions = c.run(sql::kCountSessions, Params().add(data->user.id)).int32(0, 0);
    }
    c.exec("COMMIT");
    return data;
  });
}

void PostgresStore::erase_user(ErasureRequest request, std::function<void(ErasureOutcome)> done) {
  auto pii = pii_;
  auto body = [request = std::move(request), pii](Connection& c, ErasureOutcome& out) {
    out = erase(c, *pii, request);
    return StoreError{};
  };
  submit(one_op<FunctionOp<ErasureOutcome>>(
      std::move(body), [done = std::move(done)](ErasureOutcome o, StoreError e) {
        o.error = std::move(e);
        sqlite::call_safely(done, std::move(o));
      }));
}

void PostgresStore::enqueue_job(JobRecord job, std::function<void(JobRecord, StoreError)> done) {
  const std::int64_t now = clock_.now_ms();
  auto body = [job = std::move(job), now](Connection& c, JobRecord& stored) {
    const Result r = c.run(sql::kInsertJob,
                           Params()
                               .add(job.public_id.empty() ? random_uuid() : job.public_id)
                               .add(job.kind)
                               .add(job.payload_json.empty() ? std::string("{}") : job.payload_json)
                               .add(job.run_after_ms > 0 ? job.run_after_ms : now)
                               .add_text_or_null(job.owner_public_id)
                               .add(now));
    stored = postgres::job_from(r, 0);
    return StoreError{};
  };
  submit(one_op<FunctionOp<JobRecord>>(std::move(body), std::move(done)));
}

std::optional<JobRecord> PostgresStore::claim_job(const std::string& worker, std::int64_t now_ms,
                                                  std::int64_t lease_ms) {
  // One autocommitted statement on a primary connection: durable when it returns. Not
  // retried after a lost connection, which may have claimed the job already (its lease
  // then runs out and the job is claimed again).
  auto claim = [&](Connection& c) -> std::optional<JobRecord> {
    const Result r = c.run(sql::kClaimJob, Params().add(worker).add(now_ms).add(now_ms + lease_ms));
    if (r.rows() == 0) return std::nullopt;
    return postgres::job_from(r, 0);
  };
  return postgres::read_on(*primary_, claim, /*idempotent=*/false);
}

bool PostgresStore::renew_job_lease(const JobLease& lease, std::int64_t lease_until_ms,
                                    std::int64_t now_ms) {
  // Autocommitted, like the claim; repeating it is harmless.
  auto renew = [&](Connection& c) {
    return c.run(sql::kRenewJobLease, Params()
                                          .add(lease.job_id)
                                          .add(lease.worker)
                                          .add(lease.attempt)
                                          .add(lease_until_ms)
                                          .add(now_ms))
               .affected() > 0;
  };
  return postgres::read_on(*primary_, renew);
}

void PostgresStore::finish_job(JobLease lease, bool ok, std::string result_json, std::string error,
                               std::optional<std::int64_t> retry_at_ms,
                               std::optional<std::int64_t> expires_at_ms, std::int64_t now_ms,
                               ErrorCallback done) {
  const bool retry = !ok && retry_at_ms.has_value();
  Params params;
  params.add(lease.job_id).add(ok ? "done" : (retry ? "queued" : "failed"));
  params.add_text_or_null(ok ? result_json : std::string());
  params.add_text_or_null(ok ? std::string() : error);
  params.add(retry ? retry_at_ms : std::nullopt);
  params.add(ok ? expires_at_ms : std::nullopt);
  params.add(now_ms).add(lease.worker).add(lease.attempt);
  submit(one_op<StatementOp>(
      postgres::Call{&sql::kFinishJob, std::move(params)},
      [lease](const Result& r) {
        return r.affected() == 0
                   ? StoreError{ErrorKind::conflict,
                                "job " + std::to_string(lease.job_id) + " is not held by " +
                                    lease.worker + " (attempt " + std::to_string(lease.attempt) +
                                    "): its lease ran out or it does not exist"}
                   : StoreError{};
      },
      std::move(done)));
}

std::optional<JobRecord> PostgresStore::find_job(const std::string& public_id) {
  return read(false, [&](Connection& c) -> std::optional<JobRecord> {
    const Result r = c.run(sql::kFindJob, Params().add(public_id));
    if (r.rows() == 0) return std::nullopt;
    return postgres::job_from(r, 0);
  });
}

std::int64_t PostgresStore::count_queued_jobs() {
  return read(false, [](Connection& c) { return c.run(sql::kCountQueuedJobs).int64(0, 0); });
}

void PostgresStore::apply_retention(RetentionPolicy policy, std::int64_t now_ms, bool dry_run,
                                    std::function<void(RetentionReport)> done) {
  auto pii = pii_;
  auto body = [=](Connection& c, RetentionReport& report) {
    report.dry_run = dry_run;
    if (!dry_run) {
      remove_expired(c, *pii, policy, now_ms, report);
      return StoreError{};
    }
    // A dry run does the work and undoes it, so the counts are exactly what a real run
    // would remove at this moment.
    c.exec("SAVEPOINT retention_dry_run");
    try {
      remove_expired(c, *pii, policy, now_ms, report);
    } catch (const postgres::PgError& e) {
      if (!e.broken()) c.exec("ROLLBACK TO SAVEPOINT retention_dry_run");
      throw;
    }
    c.exec("ROLLBACK TO SAVEPOINT retention_dry_run");
    c.exec("RELEASE SAVEPOINT retention_dry_run");
    return StoreError{};
  };
  submit(one_op<FunctionOp<RetentionReport>>(
      std::move(body), [done = std::move(done), dry_run](RetentionReport r, StoreError e) {
        r.dry_run = dry_run;
        r.error = std::move(e);
        sqlite::call_safely(done, std::move(r));
      }));
}

void PostgresStore::reseal_personal_data(std::function<void(int, StoreError)> done) {
  auto pii = pii_;
  auto body = [pii](Connection& c, int& resealed) {
    const Result stored = c.run(sql::kSealedEmails);
    for (int i = 0; i < stored.rows(); ++i) {
      const std::string email = stored.text(i, 1);
      if (pii->is_current(email)) continue;
      c.run(sql::kResealEmail, Params().add(stored.int64(i, 0)).add(pii->seal(pii->open(email))));
      ++resealed;
    }
    return StoreError{};
  };
  submit(one_op<FunctionOp<int>>(std::move(body), std::move(done)));
}

}  // namespace jm::store
