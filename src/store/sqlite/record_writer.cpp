#include "store/sqlite/record_writer.hpp"

namespace jm::store::sqlite {
namespace {

constexpr const char* kCloseGrant =
    "UPDATE user_consents SET withdrawn_at = ?3 WHERE id = ("
    " SELECT id FROM user_consents WHERE user_id = ?1 AND consent_type = ?2"
    "  AND status = 'granted' AND withdrawn_at IS NULL"
    " ORDER BY recorded_at DESC, id DESC LIMIT 1)";

constexpr const char* kInsertConsent =
    "INSERT INTO user_consents(user_id, consent_type, status, recorded_at, ip, user_agent)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6) RETURNING id";

// The text `status` column predates http_status and is kept in step with it.
constexpr const char* kInsertAudit =
    "INSERT INTO audit_logs(actor, actor_role, action, resource_type, resource_id, ip,"
    " user_agent, http_status, status, request_id, details_json, created_at)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
    " CASE WHEN ?8 >= 400 THEN 'failure' ELSE 'success' END, ?9, ?10, ?11)";

}  // namespace

StoreError RecordWriter::record_consent(const ConsentRecord& consent, ConsentRecord& stored) {
  const auto user_id = accounts_.find_user_id(consent.user_public_id);
  if (!user_id) return {ErrorKind::invalid, "no user '" + consent.user_public_id + "'"};
  stored = consent;
  stored.withdrawn_at_ms.reset();
  {
    Statement& s = prepare_once(conn_, insert_consent_, kInsertConsent);
    ResetOnExit reset(s);
    s.bind(1, *user_id);
    s.bind(2, consent.consent_type);
    s.bind(3, consent.status);
    s.bind(4, consent.recorded_at_ms);
    s.bind_text_or_null(5, consent.ip);
    s.bind_text_or_null(6, consent.user_agent);
    if (!s.step()) throw SqliteError(SQLITE_INTERNAL, "consent insert returned no row");
    stored.id = s.column_int64(0);
  }
  if (consent.status == "revoked") {
    Statement& s = prepare_once(conn_, close_grant_, kCloseGrant);
    s.bind(1, *user_id);
    s.bind(2, consent.consent_type);
    s.bind(3, consent.recorded_at_ms);
    s.run();
  }
  return {};
}

void RecordWriter::append_audit(const AuditEntry& entry) {
  Statement& s = prepare_once(conn_, insert_audit_, kInsertAudit);
  s.bind(1, entry.actor);
  s.bind_text_or_null(2, entry.actor_role);
  s.bind(3, entry.action);
  s.bind_text_or_null(4, entry.resource_type);
  s.bind_text_or_null(5, entry.resource_id);
  s.bind_text_or_null(6, entry.ip);
  s.bind_text_or_null(7, entry.user_agent);
  s.bind(8, entry.status);
  s.bind_text_or_null(9, entry.request_id);
  s.bind(10, entry.details_json.empty() ? std::string("{}") : entry.details_json);
  s.bind(11, entry.created_at_ms);
  s.run();
}

}  // namespace jm::store::sqlite
