#pragma once
// Column lists and row mappings for api_keys, user_consents, audit_logs and jobs,
// shared by the writer (which answers with the stored row) and the readers.
#include <cstdint>
#include <optional>

#include "store/account_types.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace jm::store::sqlite {

// Columns of api_key_from_row (api_keys under the alias k).
inline constexpr const char* kApiKeyColumns =
    "k.key_id, k.name, k.role, k.secret_hash, k.created_at, k.last_used_at, k.revoked_at";
ApiKeyRecord api_key_from_row(const Statement& s);

// Columns of consent_from_row (user_consents c joined with users u).
inline constexpr const char* kConsentColumns =
    "c.id, u.public_id, c.consent_type, c.status, c.recorded_at, c.withdrawn_at, c.ip,"
    " c.user_agent";
ConsentRecord consent_from_row(const Statement& s);

// Columns of audit_from_row (audit_logs under the alias a).
inline constexpr const char* kAuditColumns =
    "a.id, a.actor, a.actor_role, a.action, a.resource_type, a.resource_id, a.ip,"
    " a.user_agent, a.http_status, a.request_id, a.details_json, a.created_at";
AuditEntry audit_from_row(const Statement& s);

// Columns of job_from_row, unqualified: UPDATE ... RETURNING cannot name an alias.
inline constexpr const char* kJobColumns =
    "id, public_id, kind, payload_json, status, attempts, run_after, result_json,"
    " last_error, owner_public_id, expires_at, created_at, updated_at, lease_until";
JobRecord job_from_row(const Statement& s);

std::optional<std::int64_t> column_optional_int64(const Statement& s, int col);

}  // namespace jm::store::sqlite
