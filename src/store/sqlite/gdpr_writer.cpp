#include "store/sqlite/gdpr_writer.hpp"

#include "util/random_id.hpp"

namespace jm::store::sqlite {
namespace {

// Every statement takes ?1 = users.id, ?2 = public id, ?3 = the "erased:<ref>" marker
// (unused parameters are harmless). The games stay for the anonymous aggregates;
// metadata_json goes because clients put browser details in it.
constexpr const char* kAnonymiseGames =
    "UPDATE games SET user_id = NULL, ip = NULL, user_agent = NULL, metadata_json = '{}'"
    " WHERE user_id = ?1";
constexpr const char* kDeleteConsents = "DELETE FROM user_consents WHERE user_id = ?1";
constexpr const char* kDeleteSessions = "DELETE FROM sessions WHERE user_id = ?1";
// Jobs owned by the person (their exports), and any other job whose payload or result
// names them (an admin's export of this person). A running job is left to finish: its
// worker still holds it, and deleting it under the worker would lose the job.
constexpr const char* kDeleteJobs =
    "DELETE FROM jobs WHERE owner_public_id = ?2 OR (status <> 'running'"
    " AND (instr(payload_json, ?2) > 0 OR instr(coalesce(result_json, ''), ?2) > 0))";
// The audit trail keeps what happened, not to whom.
constexpr const char* kScrubAudit =
    "UPDATE audit_logs SET actor = CASE WHEN actor = ?2 THEN ?3 ELSE actor END,"
    " resource_id = CASE WHEN resource_id = ?2 THEN ?3 ELSE resource_id END,"
    " ip = NULL, user_agent = NULL, details_json = '{}'"
    " WHERE actor = ?2 OR resource_id = ?2";
constexpr const char* kDeleteUser = "DELETE FROM users WHERE id = ?1";
constexpr const char* kRecordDeletion =
    "INSERT INTO data_deletions(public_id, subject_ref, requested_by, request_id, counts_json,"
    " created_at) VALUES(?1, ?2, ?3, ?4,"
    " json_object('games', ?5, 'consents', ?6, 'audit', ?7, 'sessions', ?8, 'exports', ?9), ?10)";

}  // namespace

int GdprWriter::run_counted(Statement& slot, const char* sql, std::int64_t user_id,
                            const std::string& public_id, const std::string& replacement) {
  Statement& s = prepare_once(conn_, slot, sql);
  // Not every statement names every parameter; bind only those it has.
  const int params = s.parameter_count();
  if (params >= 1) s.bind(1, user_id);
  if (params >= 2) s.bind(2, public_id);
  if (params >= 3) s.bind(3, replacement);
  s.run();
  return static_cast<int>(conn_.changes());
}

ErasureOutcome GdprWriter::erase(const ErasureRequest& request) {
  ErasureOutcome out;
  const auto user_id = accounts_.find_user_id(request.user_public_id);
  if (!user_id) return out;
  out.found = true;
  const std::string& pid = request.user_public_id;
  const std::string subject_ref =
      request.subject_ref.empty() ? pii_.blind_index(pid) : request.subject_ref;
  const std::string marker = "erased:" + subject_ref;

  out.games_anonymised = run_counted(anonymise_games_, kAnonymiseGames, *user_id, pid, marker);
  out.consents_deleted = run_counted(delete_consents_, kDeleteConsents, *user_id, pid, marker);
  out.sessions_deleted = run_counted(delete_sessions_, kDeleteSessions, *user_id, pid, marker);
  out.exports_deleted = run_counted(delete_jobs_, kDeleteJobs, *user_id, pid, marker);
  out.audit_scrubbed = run_counted(scrub_audit_, kScrubAudit, *user_id, pid, marker);
  run_counted(delete_user_, kDeleteUser, *user_id, pid, marker);

  out.deletion_id = random_uuid();
  Statement& s = prepare_once(conn_, record_deletion_, kRecordDeletion);
  s.bind(1, out.deletion_id);
  s.bind(2, subject_ref);
  // Someone erasing themselves must not leave their id behind as the requester.
  s.bind(3, request.requested_by == pid ? marker : request.requested_by);
  s.bind_text_or_null(4, request.request_id);
  s.bind(5, out.games_anonymised);
  s.bind(6, out.consents_deleted);
  s.bind(7, out.audit_scrubbed);
  s.bind(8, out.sessions_deleted);
  s.bind(9, out.exports_deleted);
  s.bind(10, request.now_ms);
  s.run();
  return out;
}

}  // namespace jm::store::sqlite
