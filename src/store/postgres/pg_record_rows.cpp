#include "store/postgres/pg_record_rows.hpp"

namespace jm::store::postgres {

ApiKeyRecord api_key_from(const Result& r, int i) {
  ApiKeyRecord k;
  k.key_id = r.text(i, 0);
  k.name = r.text(i, 1);
  k.role = r.text(i, 2);
  k.secret_hash = r.text(i, 3);
  k.created_at_ms = r.int64(i, 4);
  k.last_used_at_ms = r.opt_int64(i, 5);
  k.revoked_at_ms = r.opt_int64(i, 6);
  return k;
}

ConsentRecord consent_from(const Result& r, int i) {
  ConsentRecord c;
  c.id = r.int64(i, 0);
  c.user_public_id = r.text(i, 1);
  c.consent_type = r.text(i, 2);
  c.status = r.text(i, 3);
  c.recorded_at_ms = r.int64(i, 4);
  c.withdrawn_at_ms = r.opt_int64(i, 5);
  c.ip = r.text(i, 6);
  c.user_agent = r.text(i, 7);
  return c;
}

AuditEntry audit_from(const Result& r, int i) {
  AuditEntry a;
  a.id = r.int64(i, 0);
  a.actor = r.text(i, 1);
  a.actor_role = r.text(i, 2);
  a.action = r.text(i, 3);
  a.resource_type = r.text(i, 4);
  a.resource_id = r.text(i, 5);
  a.ip = r.text(i, 6);
  a.user_agent = r.text(i, 7);
  a.status = r.int32(i, 8);
  a.request_id = r.text(i, 9);
  a.details_json = r.text(i, 10);
  a.created_at_ms = r.int64(i, 11);
  return a;
}

JobRecord job_from(const Result& r, int i) {
  JobRecord j;
  j.id = r.int64(i, 0);
  j.public_id = r.text(i, 1);
  j.kind = r.text(i, 2);
  j.payload_json = r.text(i, 3);
  j.status = r.text(i, 4);
  j.attempts = r.int32(i, 5);
  j.run_after_ms = r.int64(i, 6);
  j.result_json = r.text(i, 7);
  j.last_error = r.text(i, 8);
  j.owner_public_id = r.text(i, 9);
  j.expires_at_ms = r.opt_int64(i, 10);
  j.created_at_ms = r.int64(i, 11);
  j.updated_at_ms = r.int64(i, 12);
  j.lease_until_ms = r.opt_int64(i, 13);
  return j;
}

}  // namespace jm::store::postgres
