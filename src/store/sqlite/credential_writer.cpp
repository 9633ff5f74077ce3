#include "store/sqlite/credential_writer.hpp"

#include <utility>

namespace jm::store::sqlite {
namespace {

constexpr const char* kInsertKey =
    "INSERT INTO api_keys(key_id, name, role, secret_hash, created_at, last_used_at, revoked_at)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";
// Revoking twice keeps the first time.
constexpr const char* kRevokeKey =
    "UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?2) WHERE key_id = ?1";
// max(): touches arrive throttled and batched, possibly out of order.
constexpr const char* kTouchKey =
    "UPDATE api_keys SET last_used_at = max(coalesce(last_used_at, 0), ?2) WHERE key_id = ?1";

constexpr const char* kInsertSession =
    "INSERT INTO sessions(token_hash, family_id, user_id, status, created_at, expires_at, ip,"
    " user_agent) VALUES(?1, ?2, ?3, 'active', ?4, ?5, ?6, ?7)";
constexpr const char* kFindSession =
    "SELECT id, family_id, user_id, status, expires_at FROM sessions WHERE token_hash = ?1";
constexpr const char* kMarkRotated =
    "UPDATE sessions SET status = 'rotated', rotated_at = ?2 WHERE id = ?1";
constexpr const char* kRevokeFamily =
    "UPDATE sessions SET status = 'revoked' WHERE family_id = ?1 AND status <> 'revoked'";

void bind_optional(Statement& s, int index, const std::optional<std::int64_t>& value) {
  if (value) {
    s.bind(index, *value);
  } else {
    s.bind_null(index);
  }
}

}  // namespace

void CredentialWriter::create_api_key(const ApiKeyRecord& key) {
  Statement& s = prepare_once(conn_, insert_key_, kInsertKey);
  s.bind(1, key.key_id);
  s.bind(2, key.name);
  s.bind(3, key.role);
  s.bind(4, key.secret_hash);
  s.bind(5, key.created_at_ms);
  bind_optional(s, 6, key.last_used_at_ms);
  bind_optional(s, 7, key.revoked_at_ms);
  s.run();
}

StoreError CredentialWriter::revoke_api_key(const std::string& key_id, std::int64_t now_ms) {
  Statement& s = prepare_once(conn_, revoke_key_, kRevokeKey);
  s.bind(1, key_id);
  s.bind(2, now_ms);
  s.run();
  if (conn_.changes() == 0) return {ErrorKind::invalid, "no API key '" + key_id + "'"};
  return {};
}

void CredentialWriter::touch_api_key(const std::string& key_id, std::int64_t now_ms) {
  Statement& s = prepare_once(conn_, touch_key_, kTouchKey);
  s.bind(1, key_id);
  s.bind(2, now_ms);
  s.run();
}

void CredentialWriter::create_session(const RefreshSession& session) {
  Statement& s = prepare_once(conn_, insert_session_, kInsertSession);
  s.bind(1, session.token_hash);
  s.bind(2, session.family_id);
  s.bind(3, session.user_id);
  s.bind(4, session.created_at_ms);
  s.bind(5, session.expires_at_ms);
  s.bind_text_or_null(6, session.ip);
  s.bind_text_or_null(7, session.user_agent);
  s.run();
}

RotateOutcome CredentialWriter::rotate_session(const std::string& old_hash, RefreshSession next,
                                               std::int64_t now_ms) {
  RotateOutcome out;
  std::int64_t id = 0, user_id = 0, expires_at = 0;
  std::string family, status;
  {
    Statement& s = prepare_once(conn_, find_session_, kFindSession);
    ResetOnExit reset(s);
    s.bind(1, old_hash);
    if (!s.step()) {
      out.result = RotateResult::unknown;
      return out;
    }
    id = s.column_int64(0);
    family = s.column_text(1);
    user_id = s.column_int64(2);
    status = s.column_text(3);
    expires_at = s.column_int64(4);
  }
  if (status != "active") {
    // A retired token came back: it was stolen, or its rotation was. Either way no
    // token of this login may be trusted any more.
    revoke_family(family);
    out.result = RotateResult::reused;
    return out;
  }
  if (expires_at <= now_ms) {
    out.result = RotateResult::expired;
    return out;
  }
  {
    Statement& s = prepare_once(conn_, mark_rotated_, kMarkRotated);
    s.bind(1, id);
    s.bind(2, now_ms);
    s.run();
  }
  // The successor belongs to the same login, whatever the caller filled in.
  next.family_id = family;
  next.user_id = user_id;
  if (next.created_at_ms == 0) next.created_at_ms = now_ms;
  create_session(next);
  out.user = accounts_.find_user(user_id);
  if (!out.user) throw SqliteError(SQLITE_INTERNAL, "session user vanished");
  out.result = RotateResult::rotated;
  return out;
}

void CredentialWriter::revoke_family_of(const std::string& token_hash) {
  std::string family;
  {
    Statement& s = prepare_once(conn_, find_session_, kFindSession);
    ResetOnExit reset(s);
    s.bind(1, token_hash);
    if (!s.step()) return;
    family = s.column_text(1);
  }
  revoke_family(family);
}

void CredentialWriter::revoke_family(const std::string& family_id) {
  Statement& s = prepare_once(conn_, revoke_family_, kRevokeFamily);
  s.bind(1, family_id);
  s.run();
}

}  // namespace jm::store::sqlite
