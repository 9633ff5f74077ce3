#pragma once
// The users table as the PostgreSQL store's writers and readers see it: the columns
// behind a UserRecord, the row → record mapping (which opens the sealed e-mail), the
// e-mail normalisation the blind index is computed on, and the legacy-index repair.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/account_types.hpp"
#include "store/postgres/pg_connection.hpp"

namespace jm::store::postgres {

// For the users table under the alias `u`; user_from reads them from column `first`.
#define JM_PG_USER_COLUMNS                                                         \
  "u.id, u.public_id, u.name, u.email, u.role, u.password_hash, u.email_verified," \
  " u.created_at, u.updated_at, u.account_created_at, u.last_login_at, u.locked_until"
inline constexpr int kUserColumnCount = 12;

UserRecord user_from(const Result& r, int row, const PiiCodec& pii, int first = 0);

// ASCII lower-case, as the SQLite store does: one index per address even when one
// slips through capitalised.
std::string normalise_email(std::string_view email);

std::optional<UserRecord> find_user_by_id(Connection& conn, const PiiCodec& pii,
                                          std::int64_t user_id);
std::optional<UserRecord> find_user_by_index(Connection& conn, const PiiCodec& pii,
                                             const std::string& index);
std::optional<std::int64_t> find_user_id(Connection& conn, const std::string& public_id);

// Rows migrated from before e-mails were indexed carry email_index 'legacy:<address>'.
// Replaces those with the codec's blind index in one transaction; returns rows fixed.
int index_legacy_emails(Connection& conn, const PiiCodec& pii);

}  // namespace jm::store::postgres
