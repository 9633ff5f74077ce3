#include "store/sqlite/retention_writer.hpp"

#include <string>
#include <utility>
#include <vector>

namespace jm::store::sqlite {
namespace {

// ?1 is a cutoff (or now): rows older than it go.
constexpr const char* kDeleteAudit = "DELETE FROM audit_logs WHERE created_at < ?1";
constexpr const char* kDeleteFinishedJobs =
    "DELETE FROM jobs WHERE status IN ('done', 'failed') AND updated_at < ?1";
// An expired download: the job row stays (its status is still worth showing), the
// document goes.
constexpr const char* kDropExpiredResults =
    "UPDATE jobs SET result_json = NULL"
    " WHERE expires_at IS NOT NULL AND expires_at <= ?1 AND result_json IS NOT NULL";
constexpr const char* kDeleteMarketing =
    "DELETE FROM user_consents WHERE consent_type = 'marketing' AND recorded_at < ?1";
// Visitors (no password) with nothing newer than the cutoff: no row change, no game,
// no consent. Accounts are never removed by retention.
constexpr const char* kFindInactive =
    "SELECT u.public_id FROM users u WHERE u.password_hash IS NULL"
    " AND u.created_at < ?1 AND u.updated_at < ?1"
    " AND NOT EXISTS (SELECT 1 FROM games g WHERE g.user_id = u.id"
    "  AND max(g.created_at, coalesce(g.finished_at, 0)) >= ?1)"
    " AND NOT EXISTS (SELECT 1 FROM user_consents c WHERE c.user_id = u.id"
    "  AND c.recorded_at >= ?1)"
    " ORDER BY u.id";
constexpr const char* kDeleteSessions = "DELETE FROM sessions WHERE expires_at <= ?1";

constexpr const char* kFindEmails = "SELECT id, email FROM users WHERE email IS NOT NULL";
constexpr const char* kUpdateEmail = "UPDATE users SET email = ?2 WHERE id = ?1";

}  // namespace

int RetentionWriter::run_counted(Statement& slot, const char* sql, std::int64_t at_ms) {
  Statement& s = prepare_once(conn_, slot, sql);
  s.bind(1, at_ms);
  s.run();
  return static_cast<int>(conn_.changes());
}

RetentionReport RetentionWriter::apply(const RetentionPolicy& policy, std::int64_t now_ms,
                                       bool dry_run) {
  RetentionReport report;
  report.dry_run = dry_run;
  if (!dry_run) {
    remove(report, policy, now_ms);
    return report;
  }
  conn_.exec("SAVEPOINT retention_dry_run");
  try {
    remove(report, policy, now_ms);
  } catch (...) {
    if (conn_.in_transaction()) {
      conn_.exec("ROLLBACK TO retention_dry_run");
      conn_.exec("RELEASE retention_dry_run");
    }
    throw;
  }
  conn_.exec("ROLLBACK TO retention_dry_run");
  conn_.exec("RELEASE retention_dry_run");
  return report;
}

void RetentionWriter::remove(RetentionReport& report, const RetentionPolicy& policy,
                             std::int64_t now_ms) {
  if (policy.audit_logs_ms > 0) {
    report.audit_logs = run_counted(delete_audit_, kDeleteAudit, now_ms - policy.audit_logs_ms);
  }
  if (policy.temporary_ms > 0) {
    report.temporary =
        run_counted(delete_finished_jobs_, kDeleteFinishedJobs, now_ms - policy.temporary_ms);
  }
  // An explicit expiry is the job's own deadline, not a policy period: always applied.
  report.expired_exports = run_counted(drop_expired_results_, kDropExpiredResults, now_ms);
  if (policy.marketing_ms > 0) {
    report.marketing_consents =
        run_counted(delete_marketing_, kDeleteMarketing, now_ms - policy.marketing_ms);
  }
  if (policy.inactive_profile_ms > 0) {
    report.inactive_profiles = erase_inactive_visitors(now_ms - policy.inactive_profile_ms, now_ms);
  }
  report.expired_sessions = run_counted(delete_sessions_, kDeleteSessions, now_ms);
}

int RetentionWriter::erase_inactive_visitors(std::int64_t cutoff_ms, std::int64_t now_ms) {
  std::vector<std::string> inactive;
  {
    Statement& s = prepare_once(conn_, find_inactive_, kFindInactive);
    ResetOnExit reset(s);
    s.bind(1, cutoff_ms);
    while (s.step()) inactive.push_back(s.column_text(0));
  }
  int erased = 0;
  for (const auto& public_id : inactive) {
    ErasureRequest request;
    request.user_public_id = public_id;
    request.requested_by = "retention";
    request.now_ms = now_ms;
    if (gdpr_.erase(request).found) ++erased;
  }
  return erased;
}

int RetentionWriter::reseal_personal_data() {
  std::vector<std::pair<std::int64_t, std::string>> stale;
  {
    Statement& s = prepare_once(conn_, find_emails_, kFindEmails);
    ResetOnExit reset(s);
    while (s.step()) {
      std::string stored = s.column_text(1);
      if (!pii_.is_current(stored)) stale.emplace_back(s.column_int64(0), std::move(stored));
    }
  }
  Statement& s = prepare_once(conn_, update_email_, kUpdateEmail);
  for (const auto& [id, stored] : stale) {
    s.bind(1, id);
    s.bind(2, pii_.seal(pii_.open(stored)));
    s.run();
  }
  return static_cast<int>(stale.size());
}

}  // namespace jm::store::sqlite
