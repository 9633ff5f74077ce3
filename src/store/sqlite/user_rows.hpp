#pragma once
// The users table as every writer and reader sees it: the column list behind a
// UserRecord, the row → record mapping (which opens the sealed e-mail), the e-mail
// normalisation the blind index is computed on, and the visitor upsert used by the
// game writers. users.email is only ever selected here, to be opened.
#include <cstdint>
#include <string>
#include <string_view>

#include "store/account_types.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace jm::store::sqlite {

// Columns of user_from_row, for the users table under the alias `u`. Statements are
// built as std::string("SELECT ") + kUserColumns + ... and prepared once.
inline constexpr const char* kUserColumns =
    "u.id, u.public_id, u.name, u.email, u.role, u.password_hash, u.email_verified,"
    " u.created_at, u.updated_at, u.account_created_at, u.last_login_at, u.locked_until";

inline constexpr int kUserColumnCount = 12;

// Reads the kUserColumns starting at column `first`; opens the e-mail with `pii`.
UserRecord user_from_row(const Statement& s, const PiiCodec& pii, int first = 0);

// ASCII lower-case: the addresses callers pass are already trimmed and lower-cased;
// this keeps one index per address even when one slips through capitalised.
std::string normalise_email(std::string_view email);

// Insert a visitor by e-mail index, or rename the existing row; the latest non-empty
// name wins. ?1 = new public id, ?2 = name, ?3 = sealed e-mail, ?4 = e-mail index,
// ?5 = now. RETURNING id, public_id whether inserted or updated.
inline constexpr const char* kUpsertVisitor =
    "INSERT INTO users(public_id, name, email, email_index, created_at, updated_at)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?5)"
    " ON CONFLICT(email_index) DO UPDATE SET"
    "  name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE users.name END,"
    "  updated_at = excluded.updated_at"
    " RETURNING id, public_id";

struct UserRef {
  std::int64_t id = 0;
  std::string public_id;
};

// Runs a statement prepared from kUpsertVisitor for (name, email). Throws SqliteError.
UserRef upsert_visitor(Statement& upsert, const PiiCodec& pii, std::string_view name,
                       std::string_view email, std::int64_t now_ms);

// Rows migrated from before e-mails were indexed carry email_index 'legacy:<address>'
// (SQL cannot compute the keyed index). Replaces those with the codec's blind index,
// in one transaction on `conn`; returns how many rows it fixed. Throws SqliteError.
int index_legacy_emails(Connection& conn, const PiiCodec& pii);

}  // namespace jm::store::sqlite
