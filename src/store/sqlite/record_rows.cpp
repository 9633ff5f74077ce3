#include "store/sqlite/record_rows.hpp"

namespace jm::store::sqlite {

std::optional<std::int64_t> column_optional_int64(const Statement& s, int col) {
  if (s.column_is_null(col)) return std::nullopt;
  return s.column_int64(col);
}

ApiKeyRecord api_key_from_row(const Statement& s) {
  ApiKeyRecord k;
  k.key_id = s.column_text(0);
  k.name = s.column_text(1);
  k.role = s.column_text(2);
  k.secret_hash = s.column_text(3);
  k.created_at_ms = s.column_int64(4);
  k.last_used_at_ms = column_optional_int64(s, 5);
  k.revoked_at_ms = column_optional_int64(s, 6);
  return k;
}

ConsentRecord consent_from_row(const Statement& s) {
  ConsentRecord c;
  c.id = s.column_int64(0);
  c.user_public_id = s.column_text(1);
  c.consent_type = s.column_text(2);
  c.status = s.column_text(3);
  c.recorded_at_ms = s.column_int64(4);
  c.withdrawn_at_ms = column_optional_int64(s, 5);
  c.ip = s.column_text(6);
  c.user_agent = s.column_text(7);
  return c;
}

AuditEntry audit_from_row(const Statement& s) {
  AuditEntry a;
  a.id = s.column_int64(0);
  a.actor = s.column_text(1);
  a.actor_role = s.column_text(2);
  a.action = s.column_text(3);
  a.resource_type = s.column_text(4);
  a.resource_id = s.column_text(5);
  a.ip = s.column_text(6);
  a.user_agent = s.column_text(7);
  a.status = static_cast<int>(s.column_int64(8));
  a.request_id = s.column_text(9);
  a.details_json = s.column_text(10);
  a.created_at_ms = s.column_int64(11);
  return a;
}

JobRecord job_from_row(const Statement& s) {
  JobRecord j;
  j.id = s.column_int64(0);
  j.public_id = s.column_text(1);
  j.kind = s.column_text(2);
  j.payload_json = s.column_text(3);
  j.status = s.column_text(4);
  j.attempts = static_cast<int>(s.column_int64(5));
  j.run_after_ms = s.column_int64(6);
  j.result_json = s.column_text(7);
  j.last_error = s.column_text(8);
  j.owner_public_id = s.column_text(9);
  j.expires_at_ms = column_optional_int64(s, 10);
  j.created_at_ms = s.column_int64(11);
  j.updated_at_ms = s.column_int64(12);
  j.lease_until_ms = column_optional_int64(s, 13);
  return j;
}

}  // namespace jm::store::sqlite
