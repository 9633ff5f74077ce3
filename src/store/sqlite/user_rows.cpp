#include "store/sqlite/user_rows.hpp"

#include <utility>
#include <vector>

#include "store/sqlite/record_rows.hpp"
#include "util/random_id.hpp"

namespace jm::store::sqlite {
UserRecord user_from_row(const Statement& s, const PiiCodec& pii, int first) {
  UserRecord u;
  u.id = s.column_int64(first);
  u.public_id = s.column_text(first + 1);
  u.name = s.column_text(first + 2);
  if (!s.column_is_null(first + 3)) u.email = pii.open(s.column_text(first + 3));
  u.role = s.column_text(first + 4);
  if (!s.column_is_null(first + 5)) u.password_hash = s.column_text(first + 5);
  u.email_verified = s.column_int64(first + 6) != 0;
  u.created_at_ms = s.column_int64(first + 7);
  u.updated_at_ms = s.column_int64(first + 8);
  u.account_created_at_ms = column_optional_int64(s, first + 9);
  u.last_login_at_ms = column_optional_int64(s, first + 10);
  u.locked_until_ms = column_optional_int64(s, first + 11);
  return u;
}

std::string normalise_email(std::string_view email) {
  std::string out(email);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

UserRef upsert_visitor(Statement& upsert, const PiiCodec& pii, std::string_view name,
                       std::string_view email, std::int64_t now_ms) {
  const std::string address = normalise_email(email);
  ResetOnExit reset(upsert);
  upsert.bind(1, random_uuid());
  upsert.bind(2, name);
  // Sealed even when the row exists and keeps its own envelope: one statement, one
  // round trip; the cost is one AES-GCM seal per saved game.
  upsert.bind(3, pii.seal(address));
  upsert.bind(4, pii.blind_index(address));
  upsert.bind(5, now_ms);
  if (!upsert.step()) throw SqliteError(SQLITE_INTERNAL, "user upsert returned no row");
  UserRef ref{upsert.column_int64(0), upsert.column_text(1)};
  while (upsert.step()) {
  }
  return ref;
}

int index_legacy_emails(Connection& conn, const PiiCodec& pii) {
  conn.exec("BEGIN IMMEDIATE");
  try {
    // Read first, then write: updating an indexed column under an open scan of the
    // same table is legal in SQLite but easy to get wrong.
    std::vector<std::pair<std::int64_t, std::string>> legacy;
    {
      Statement find =
          conn.prepare("SELECT id, email FROM users WHERE email_index LIKE 'legacy:%' ORDER BY id");
      while (find.step()) legacy.emplace_back(find.column_int64(0), find.column_text(1));
    }
    Statement fix = conn.prepare("UPDATE users SET email_index = ?2 WHERE id = ?1");
    for (const auto& [id, email] : legacy) {
      fix.bind(1, id);
      fix.bind(2, pii.blind_index(normalise_email(pii.open(email))));
      fix.run();
    }
    const int fixed = static_cast<int>(legacy.size());
    conn.exec("COMMIT");
    return fixed;
  } catch (...) {
    try {
      if (conn.in_transaction()) conn.exec("ROLLBACK");
    } catch (const std::exception&) {
      // The original error is the one worth reporting.
    }
    throw;
  }
}

}  // namespace jm::store::sqlite
