#include "store/sqlite/job_writer.hpp"

#include "store/sqlite/record_rows.hpp"
#include "util/random_id.hpp"

namespace jm::store::sqlite {
namespace {

constexpr const char* kInsert =
    "INSERT INTO jobs(public_id, kind, payload_json, status, attempts, run_after,"
    " owner_public_id, created_at, updated_at)"
    " VALUES(?1, ?2, ?3, 'queued', 0, ?4, ?5, ?6, ?6) RETURNING id";

const std::string kFind = std::string("SELECT ") + kJobColumns + " FROM jobs WHERE id = ?1";

// Oldest due first (a queued job whose time has come, or a running one whose lease ran
// out: its worker died); id breaks ties so the order is total. ?3 = lease_until.
const std::string kClaim =
    std::string(
        "UPDATE jobs SET status = 'running', attempts = attempts + 1,"
        " locked_by = ?1, locked_at = ?2, lease_until = ?3, updated_at = ?2"
        " WHERE id = (SELECT id FROM jobs WHERE (status = 'queued' AND run_after <= ?2)"
        " OR (status = 'running' AND lease_until < ?2)"
        " ORDER BY run_after, id LIMIT 1) RETURNING ") +
    kJobColumns;

// ?1 id, ?2 worker, ?3 attempt: the claim; ?4 new lease_until, ?5 now.
constexpr const char* kRenew =
    "UPDATE jobs SET lease_until = ?4, updated_at = ?5"
    " WHERE id = ?1 AND status = 'running' AND locked_by = ?2 AND attempts = ?3";

// ?2 status: done | queued (retry) | failed. A retry keeps run_after moving forward.
// Only the claim ?8 (worker) / ?9 (attempt) may finish the job.
constexpr const char* kFinish =
    "UPDATE jobs SET status = ?2, result_json = ?3, last_error = ?4,"
    " run_after = coalesce(?5, run_after), expires_at = ?6, locked_by = NULL, locked_at = NULL,"
    " lease_until = NULL, updated_at = ?7"
    " WHERE id = ?1 AND status = 'running' AND locked_by = ?8 AND attempts = ?9";

StoreError lease_lost(const JobLease& lease) {
  return {ErrorKind::conflict, "job " + std::to_string(lease.job_id) + " is not held by " +
                                   lease.worker + " (attempt " + std::to_string(lease.attempt) +
                                   "): its lease ran out or it does not exist"};
}

}  // namespace

JobRecord JobWriter::enqueue(const JobRecord& job, std::int64_t now_ms) {
  std::int64_t id = 0;
  {
    Statement& s = prepare_once(conn_, insert_, kInsert);
    ResetOnExit reset(s);
    s.bind(1, job.public_id.empty() ? random_uuid() : job.public_id);
    s.bind(2, job.kind);
    s.bind(3, job.payload_json.empty() ? std::string("{}") : job.payload_json);
    s.bind(4, job.run_after_ms > 0 ? job.run_after_ms : now_ms);
    s.bind_text_or_null(5, job.owner_public_id);
    s.bind(6, now_ms);
    if (!s.step()) throw SqliteError(SQLITE_INTERNAL, "job insert returned no row");
    id = s.column_int64(0);
  }
  Statement& s = prepare_once(conn_, find_, kFind);
  ResetOnExit reset(s);
  s.bind(1, id);
  if (!s.step()) throw SqliteError(SQLITE_INTERNAL, "job vanished after writing it");
  return job_from_row(s);
}

std::optional<JobRecord> JobWriter::claim(const std::string& worker, std::int64_t now_ms,
                                          std::int64_t lease_ms) {
  Statement& s = prepare_once(conn_, claim_, kClaim);
  ResetOnExit reset(s);
  s.bind(1, worker);
  s.bind(2, now_ms);
  s.bind(3, now_ms + lease_ms);
  if (!s.step()) return std::nullopt;
  JobRecord job = job_from_row(s);
  while (s.step()) {
  }
  return job;
}

bool JobWriter::renew(const JobLease& lease, std::int64_t lease_until_ms, std::int64_t now_ms) {
  Statement& s = prepare_once(conn_, renew_, kRenew);
  s.bind(1, lease.job_id);
  s.bind(2, lease.worker);
  s.bind(3, lease.attempt);
  s.bind(4, lease_until_ms);
  s.bind(5, now_ms);
  s.run();
  return conn_.changes() > 0;
}

StoreError JobWriter::finish(const JobFinish& f) {
  Statement& s = prepare_once(conn_, finish_, kFinish);
  const bool retry = !f.ok && f.retry_at_ms.has_value();
  s.bind(1, f.lease.job_id);
  s.bind(2, f.ok ? "done" : (retry ? "queued" : "failed"));
  s.bind_text_or_null(3, f.ok ? f.result_json : std::string());
  s.bind_text_or_null(4, f.ok ? std::string() : f.error);
  if (retry) {
    s.bind(5, *f.retry_at_ms);
  } else {
    s.bind_null(5);
  }
  if (f.ok && f.expires_at_ms) {
    s.bind(6, *f.expires_at_ms);
  } else {
    s.bind_null(6);
  }
  s.bind(7, f.now_ms);
  s.bind(8, f.lease.worker);
  s.bind(9, f.lease.attempt);
  s.run();
  if (conn_.changes() == 0) return lease_lost(f.lease);
  return {};
}

}  // namespace jm::store::sqlite
