#include "store/sqlite/account_writer.hpp"

#include <algorithm>

#include "store/sqlite/user_rows.hpp"
#include "util/random_id.hpp"

namespace jm::store::sqlite {
namespace {

const std::string kFindByIndex =
    std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.email_index = ?1";
const std::string kFindById =
    std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.id = ?1";

// `password_hash IS NULL` again here: only a visitor row may be adopted.
constexpr const char* kAdopt =
    "UPDATE users SET name = CASE WHEN ?2 <> '' THEN ?2 ELSE name END, password_hash = ?3,"
    " role = ?4, account_created_at = ?5, updated_at = ?5"
    " WHERE id = ?1 AND password_hash IS NULL";

constexpr const char* kInsert =
    "INSERT INTO users(public_id, name, email, email_index, password_hash, role, created_at,"
    " updated_at, account_created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?7) RETURNING id";

constexpr const char* kUpdateCredentials =
    "UPDATE users SET password_hash = coalesce(?2, password_hash), role = coalesce(?3, role),"
    " updated_at = ?4 WHERE id = ?1";

// One statement, so concurrent failures (and other instances) count together. A
// window that has run out starts again with this failure; reaching the limit locks.
// SET expressions see the old row, hence the repeated "window expired" test.
constexpr const char* kLoginFailure =
    "UPDATE users SET"
    " failed_logins = CASE WHEN failed_window_start IS NULL OR failed_window_start + ?2 <= ?3"
    "   THEN 1 ELSE failed_logins + 1 END,"
    " failed_window_start = CASE WHEN failed_window_start IS NULL"
    "   OR failed_window_start + ?2 <= ?3 THEN ?3 ELSE failed_window_start END,"
    " locked_until = CASE WHEN (CASE WHEN failed_window_start IS NULL"
    "   OR failed_window_start + ?2 <= ?3 THEN 1 ELSE failed_logins + 1 END) >= ?4"
    "   THEN ?3 + ?5 ELSE locked_until END"
    " WHERE id = ?1 RETURNING failed_logins, locked_until";

constexpr const char* kLoginSuccess =
    "UPDATE users SET failed_logins = 0, failed_window_start = NULL, locked_until = NULL,"
    " last_login_at = ?2 WHERE id = ?1";

StoreError no_user(std::int64_t user_id) {
  return {ErrorKind::invalid, "no user with id " + std::to_string(user_id)};
}

void bind_optional(Statement& s, int index, const std::optional<std::string>& value) {
  if (value) {
    s.bind(index, *value);
  } else {
    s.bind_null(index);
  }
}

}  // namespace

std::optional<UserRecord> AccountWriter::find_user(std::int64_t user_id) {
  Statement& s = prepare_once(conn_, find_by_id_, kFindById);
  ResetOnExit reset(s);
  s.bind(1, user_id);
  if (!s.step()) return std::nullopt;
  return user_from_row(s, pii_);
}

std::optional<std::int64_t> AccountWriter::find_user_id(const std::string& public_id) {
  Statement& s = prepare_once(conn_, find_id_, "SELECT id FROM users WHERE public_id = ?1");
  ResetOnExit reset(s);
  s.bind(1, public_id);
  if (!s.step()) return std::nullopt;
  return s.column_int64(0);
}

AccountOutcome AccountWriter::create_account(const NewAccount& account) {
  AccountOutcome out;
  const std::string email = normalise_email(account.email);
  const std::string index = pii_.blind_index(email);
  std::optional<UserRecord> existing;
  {
    Statement& s = prepare_once(conn_, find_by_index_, kFindByIndex);
    ResetOnExit reset(s);
    s.bind(1, index);
    if (s.step()) existing = user_from_row(s, pii_);
  }
  std::int64_t user_id = 0;
  if (existing) {
    if (existing->password_hash) {
      out.error = {ErrorKind::conflict, "an account with this e-mail already exists"};
      return out;
    }
    Statement& s = prepare_once(conn_, adopt_, kAdopt);
    s.bind(1, existing->id);
    s.bind(2, account.name);
    s.bind(3, account.password_hash);
    s.bind(4, account.role);
    s.bind(5, account.now_ms);
    s.run();
    user_id = existing->id;
    out.adopted_visitor = true;
  } else {
    Statement& s = prepare_once(conn_, insert_, kInsert);
    ResetOnExit reset(s);
    s.bind(1, random_uuid());
    s.bind(2, account.name);
    s.bind(3, pii_.seal(email));
    s.bind(4, index);
    s.bind(5, account.password_hash);
    s.bind(6, account.role);
    s.bind(7, account.now_ms);
    if (!s.step()) throw SqliteError(SQLITE_INTERNAL, "account insert returned no row");
    user_id = s.column_int64(0);
  }
  out.user = find_user(user_id);
  if (!out.user) throw SqliteError(SQLITE_INTERNAL, "account vanished after writing it");
  return out;
}

StoreError AccountWriter::update_credentials(std::int64_t user_id,
                                             const std::optional<std::string>& hash,
                                             const std::optional<std::string>& role,
                                             std::int64_t now_ms) {
  Statement& s = prepare_once(conn_, update_credentials_, kUpdateCredentials);
  s.bind(1, user_id);
  bind_optional(s, 2, hash);
  bind_optional(s, 3, role);
  s.bind(4, now_ms);
  s.run();
  return conn_.changes() == 0 ? no_user(user_id) : StoreError{};
}

StoreError AccountWriter::record_login_failure(std::int64_t user_id, const LockoutPolicy& policy,
                                               std::int64_t now_ms, LoginState& state) {
  // A limit below 1 would lock on the first failure; read it as 1 rather than guess.
  const int max_failures = std::max(1, policy.max_failures);
  Statement& s = prepare_once(conn_, login_failure_, kLoginFailure);
  ResetOnExit reset(s);
  s.bind(1, user_id);
  s.bind(2, policy.window_ms);
  s.bind(3, now_ms);
  s.bind(4, max_failures);
  s.bind(5, policy.lock_ms);
  if (!s.step()) return no_user(user_id);
  state.failures_in_window = static_cast<int>(s.column_int64(0));
  if (state.failures_in_window >= max_failures && !s.column_is_null(1)) {
    state.locked_until_ms = s.column_int64(1);
  }
  while (s.step()) {
  }
  return {};
}

StoreError AccountWriter::record_login_success(std::int64_t user_id, std::int64_t now_ms) {
  Statement& s = prepare_once(conn_, login_success_, kLoginSuccess);
  s.bind(1, user_id);
  s.bind(2, now_ms);
  s.run();
  return conn_.changes() == 0 ? no_user(user_id) : StoreError{};
}

}  // namespace jm::store::sqlite
