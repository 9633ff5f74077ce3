// SqliteStore: GDPR export and erasure, the jobs queue, retention and re-sealing.
// Writes are FunctionOps of the group-commit writer; reads use guarded_read.

#include <utility>

#include "store/sqlite/gdpr_writer.hpp"
#include "store/sqlite/job_writer.hpp"
#include "store/sqlite/read_guard.hpp"
#include "store/sqlite/reader_pool.hpp"
#include "store/sqlite/retention_writer.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/submit_op.hpp"

namespace jm::store {
namespace {

using sqlite::FunctionOp;
using sqlite::OpWriters;
using sqlite::ReadConnection;
using sqlite::submit_op;

}  // namespace

std::optional<PersonalData> SqliteStore::collect_personal_data(const std::string& user_public_id) {
  return sqlite::guarded_read(
      *readers_, [&](ReadConnection& r) { return r.personal_data().collect(user_public_id); });
}

void SqliteStore::erase_user(ErasureRequest request, std::function<void(ErasureOutcome)> done) {
  if (request.now_ms == 0) request.now_ms = clock_.now_ms();
  submit_op(*writer_, std::make_unique<FunctionOp<ErasureOutcome>>(
                          [request = std::move(request)](OpWriters& w, ErasureOutcome& out) {
                            out = w.gdpr.erase(request);
                            return StoreError{};
                          },
                          [done = std::move(done)](ErasureOutcome out, StoreError error) {
                            out.error = std::move(error);
                            if (done) done(std::move(out));
                          }));
}

void SqliteStore::enqueue_job(JobRecord job, std::function<void(JobRecord, StoreError)> done) {
  const std::int64_t now = clock_.now_ms();
  submit_op(*writer_, std::make_unique<FunctionOp<JobRecord>>(
                          [job = std::move(job), now](OpWriters& w, JobRecord& stored) {
                            stored = w.jobs.enqueue(job, now);
                            return StoreError{};
                          },
                          std::move(done)));
}

std::optional<JobRecord> SqliteStore::claim_job(const std::string& worker, std::int64_t now_ms,
                                                std::int64_t lease_ms) {
  return sqlite::run_op_sync<std::optional<JobRecord>>(
      *writer_, "claim_job",
      [worker, now_ms, lease_ms](OpWriters& w, std::optional<JobRecord>& claimed) {
        claimed = w.jobs.claim(worker, now_ms, lease_ms);
        return StoreError{};
      });
}

bool SqliteStore::renew_job_lease(const JobLease& lease, std::int64_t lease_until_ms,
                                  std::int64_t now_ms) {
  return sqlite::run_op_sync<bool>(*writer_, "renew_job_lease",
                                   [lease, lease_until_ms, now_ms](OpWriters& w, bool& held) {
                                     held = w.jobs.renew(lease, lease_until_ms, now_ms);
                                     return StoreError{};
                                   });
}

void SqliteStore::finish_job(JobLease lease, bool ok, std::string result_json, std::string error,
                             std::optional<std::int64_t> retry_at_ms,
                             std::optional<std::int64_t> expires_at_ms, std::int64_t now_ms,
                             ErrorCallback done) {
  sqlite::JobFinish finish{
      std::move(lease), ok,    std::move(result_json), std::move(error), retry_at_ms,
      expires_at_ms,    now_ms};
  submit_op(*writer_,
            std::make_unique<FunctionOp<bool>>(
                [finish = std::move(finish)](OpWriters& w, bool&) { return w.jobs.finish(finish); },
                [done = std::move(done)](bool, StoreError e) {
                  if (done) done(std::move(e));
                }));
}

std::optional<JobRecord> SqliteStore::find_job(const std::string& public_id) {
  return sqlite::guarded_read(*readers_,
                              [&](ReadConnection& r) { return r.jobs().find(public_id); });
}

std::int64_t SqliteStore::count_queued_jobs() {
  return sqlite::guarded_read(*readers_, [](ReadConnection& r) { return r.jobs().count_queued(); });
}

void SqliteStore::apply_retention(RetentionPolicy policy, std::int64_t now_ms, bool dry_run,
                                  std::function<void(RetentionReport)> done) {
  submit_op(*writer_,
            std::make_unique<FunctionOp<RetentionReport>>(
                [policy, now_ms, dry_run](OpWriters& w, RetentionReport& report) {
                  report = w.retention.apply(policy, now_ms, dry_run);
                  return StoreError{};
                },
                [done = std::move(done), dry_run](RetentionReport report, StoreError error) {
                  report.dry_run = dry_run;
                  report.error = std::move(error);
                  if (done) done(std::move(report));
                }));
}

void SqliteStore::reseal_personal_data(std::function<void(int, StoreError)> done) {
  submit_op(*writer_, std::make_unique<FunctionOp<int>>(
                          [](OpWriters& w, int& changed) {
                            changed = w.retention.reseal_personal_data();
                            return StoreError{};
                          },
                          std::move(done)));
}

}  // namespace jm::store
