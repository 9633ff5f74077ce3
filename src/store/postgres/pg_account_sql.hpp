#pragma once
// SQL for accounts, API keys, refresh sessions, consents and the audit log (PostgreSQL).
// Semantics follow the SQLite store statement for statement.
#include "store/postgres/pg_connection.hpp"
#include "store/postgres/pg_users.hpp"

namespace jm::store::postgres::sql {

inline const Sql kUserByPublicId{
    "jm_user_by_public_id", "SELECT " JM_PG_USER_COLUMNS " FROM users u WHERE u.public_id = $1"};

// `password_hash IS NULL` again here: only a visitor row may be adopted (a concurrent
// adoption elsewhere makes this match nothing → conflict).
inline const Sql kAdoptVisitor{
    "jm_adopt_visitor",
    "UPDATE users SET name = CASE WHEN $2::text <> '' THEN $2::text ELSE name END,"
    " password_hash = $3, role = $4, account_created_at = $5, updated_at = $5"
    " WHERE id = $1 AND password_hash IS NULL"};

inline const Sql kInsertAccount{
    "jm_insert_account",
    "INSERT INTO users(public_id, name, email, email_index, password_hash, role, created_at,"
    " updated_at, account_created_at) VALUES($1, $2, $3, $4, $5, $6, $7, $7, $7) RETURNING id"};

inline const Sql kUpdateCredentials{
    "jm_update_credentials",
    "UPDATE users SET password_hash = coalesce($2, password_hash), role = coalesce($3, role),"
    " updated_at = $4 WHERE id = $1"};

// One statement, so concurrent failures (and other instances) count together: the row
// lock serialises them. A window that has run out starts again with this failure;
// reaching the limit locks. SET expressions see the old row.
inline const Sql kLoginFailure{
    "jm_login_failure",
    "UPDATE users SET"
    " failed_logins = CASE WHEN failed_window_start IS NULL"
    "   OR failed_window_start + $2::bigint <= $3::bigint THEN 1 ELSE failed_logins + 1 END,"
    " failed_window_start = CASE WHEN failed_window_start IS NULL"
    "   OR failed_window_start + $2::bigint <= $3::bigint THEN $3::bigint"
    "   ELSE failed_window_start END,"
    " locked_until = CASE WHEN (CASE WHEN failed_window_start IS NULL"
    "   OR failed_window_start + $2::bigint <= $3::bigint THEN 1 ELSE failed_logins + 1 END)"
    "   >= $4::int THEN $3::bigint + $5::bigint ELSE locked_until END"
    " WHERE id = $1 RETURNING failed_logins, locked_until"};

inline const Sql kLoginSuccess{
    "jm_login_success",
    "UPDATE users SET failed_logins = 0, failed_window_start = NULL, locked_until = NULL,"
    " last_login_at = $2 WHERE id = $1"};

#define JM_PG_API_KEY_COLUMNS \
  "k.key_id, k.name, k.role, k.secret_hash, k.created_at, k.last_used_at, k.revoked_at"

inline const Sql kInsertApiKey{
    "jm_insert_api_key",
    "INSERT INTO api_keys(key_id, name, role, secret_hash, created_at, last_used_at, revoked_at)"
    " VALUES($1, $2, $3, $4, $5, $6, $7)"};
inline const Sql kApiKey{"jm_api_key",
                         "SELECT " JM_PG_API_KEY_COLUMNS " FROM api_keys k WHERE k.key_id = $1"};
inline const Sql kApiKeys{"jm_api_keys", "SELECT " JM_PG_API_KEY_COLUMNS
                                         " FROM api_keys k ORDER BY k.created_at, k.key_id"};
// Revoking twice keeps the first time.
inline const Sql kRevokeApiKey{
    "jm_revoke_api_key",
    "UPDATE api_keys SET revoked_at = coalesce(revoked_at, $2) WHERE key_id = $1"};
// GREATEST: touches arrive throttled and batched, possibly out of order.
inline const Sql kTouchApiKey{
    "jm_touch_api_key",
    "UPDATE api_keys SET last_used_at = GREATEST(coalesce(last_used_at, 0), $2::bigint)"
    " WHERE key_id = $1"};

inline const Sql kInsertSession{
    "jm_insert_session",
    "INSERT INTO sessions(token_hash, family_id, user_id, status, created_at, expires_at, ip,"
    " user_agent) VALUES($1, $2, $3, 'active', $4, $5, $6, $7)"};
// FOR UPDATE: two instances rotating one token serialise here; the second then sees
// it rotated, which is exactly a reuse.
inline const Sql kLockSession{
    "jm_lock_session",
    "SELECT id, family_id, user_id, status, expires_at FROM sessions WHERE token_hash = $1"
    " FOR UPDATE"};
inline const Sql kMarkRotated{
    "jm_mark_rotated", "UPDATE sessions SET status = 'rotated', rotated_at = $2 WHERE id = $1"};
inline const Sql kRevokeFamily{
    "jm_revoke_family",
    "UPDATE sessions SET status = 'revoked' WHERE family_id = $1 AND status <> 'revoked'"};
inline const Sql kRevokeFamilyOf{
    "jm_revoke_family_of",
    "UPDATE sessions SET status = 'revoked' WHERE status <> 'revoked'"
    " AND family_id = (SELECT family_id FROM sessions WHERE token_hash = $1)"};
inline const Sql kCountSessions{"jm_count_sessions",
                                "SELECT count(*) FROM sessions WHERE user_id = $1"};

#define JM_PG_CONSENT_COLUMNS                                                         \
  "c.id, u.public_id, c.consent_type, c.status, c.recorded_at, c.withdrawn_at, c.ip," \
  " c.user_agent"

inline const Sql kInsertConsent{
    "jm_insert_consent",
    "INSERT INTO user_consents(user_id, consent_type, status, recorded_at, ip, user_agent)"
    " VALUES($1, $2, $3, $4, $5, $6) RETURNING id"};
inline const Sql kCloseGrant{
    "jm_close_grant",
    "UPDATE user_consents SET withdrawn_at = $3 WHERE id = ("
    " SELECT id FROM user_consents WHERE user_id = $1 AND consent_type = $2"
    "  AND status = 'granted' AND withdrawn_at IS NULL"
    " ORDER BY recorded_at DESC, id DESC LIMIT 1)"};
// The latest change of each type: the highest id, since rows are only appended.
inline const Sql kLatestConsents{
    "jm_latest_consents",
    "SELECT DISTINCT ON (c.consent_type) " JM_PG_CONSENT_COLUMNS
    " FROM user_consents c JOIN users u ON u.id = c.user_id WHERE u.public_id = $1"
    " ORDER BY c.consent_type, c.id DESC"};
inline const Sql kConsentHistory{
    "jm_consent_history",
    "SELECT " JM_PG_CONSENT_COLUMNS
    " FROM user_consents c JOIN users u ON u.id = c.user_id WHERE u.public_id = $1"
    " ORDER BY c.recorded_at, c.id"};

#define JM_PG_AUDIT_COLUMNS                                                                    \
  "a.id, a.actor, a.actor_role, a.action, a.resource_type, a.resource_id, a.ip, a.user_agent," \
  " a.http_status, a.request_id, a.details_json, a.created_at"

// Audit entries, many in one statement (a MergedRowOp per entry): each parameter is an
// array with one element per entry, in this order: $1 actor, $2 role, $3 action,
// $4 resource type, $5 resource id, $6 ip, $7 user agent, $8 HTTP status, $9 request id,
// $10 details, $11 created_at. Every mutating request writes one, so a batch's entries
// share one statement instead of paying parse, bind and executor start-up each.
// The text `status` column predates http_status and is kept in step with it.
inline const Sql kInsertAudits{
    "jm_insert_audits",
    "INSERT INTO audit_logs(actor, actor_role, action, resource_type, resource_id, ip,"
    " user_agent, http_status, status, request_id, details_json, created_at)"
    " SELECT actor, role, action, rtype, rid, ip, ua, http,"
    "  CASE WHEN http >= 400 THEN 'failure' ELSE 'success' END, request, details::json, created"
    " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],"
    "  $7::text[], $8::int[], $9::text[], $10::text[], $11::bigint[]) WITH ORDINALITY"
    "  AS t(actor, role, action, rtype, rid, ip, ua, http, request, details, created, ord)"
    " ORDER BY ord"};

// One statement, one snapshot: the total and the page describe the same rows. Empty
// filters match everything; both ends of the time range are inclusive. When the page
// is empty the single row carries only the total (id NULL).
inline const Sql kAuditPage{
    "jm_audit_page",
    "WITH m AS (SELECT " JM_PG_AUDIT_COLUMNS
    " FROM audit_logs a"
    "  WHERE ($1 = '' OR a.actor = $1) AND ($2 = '' OR a.action = $2)"
    "   AND ($3 = '' OR a.resource_type = $3) AND ($4 = '' OR a.resource_id = $4)"
    "   AND ($5::bigint <= 0 OR a.created_at >= $5::bigint)"
    "   AND ($6::bigint <= 0 OR a.created_at <= $6::bigint)),"
    " page AS (SELECT * FROM m ORDER BY created_at DESC, id DESC LIMIT $7 OFFSET $8)"
    " SELECT page.*, (SELECT count(*) FROM m) FROM (SELECT 1) one LEFT JOIN page ON true"
    " ORDER BY page.created_at DESC, page.id DESC"};

inline const Sql kAuditAbout{"jm_audit_about",
                             "SELECT " JM_PG_AUDIT_COLUMNS
                             " FROM audit_logs a WHERE a.actor = $1 OR a.resource_id = $1"
                             " ORDER BY a.created_at, a.id"};

}  // namespace jm::store::postgres::sql
