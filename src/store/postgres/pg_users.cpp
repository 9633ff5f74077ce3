#include "store/postgres/pg_users.hpp"

#include <utility>
#include <vector>

namespace jm::store::postgres {
namespace {

const Sql kById{"jm_user_by_id", "SELECT " JM_PG_USER_COLUMNS " FROM users u WHERE u.id = $1"};
const Sql kByIndex{"jm_user_by_index",
                   "SELECT " JM_PG_USER_COLUMNS " FROM users u WHERE u.email_index = $1"};
const Sql kIdOf{"jm_user_id_of", "SELECT id FROM users WHERE public_id = $1"};
const Sql kLegacy{"jm_users_legacy",
                  "SELECT id, email FROM users WHERE email_index LIKE 'legacy:%' ORDER BY id"
                  " FOR UPDATE"};
const Sql kFixIndex{"jm_users_fix_index", "UPDATE users SET email_index = $2 WHERE id = $1"};

}  // namespace

UserRecord user_from(const Result& r, int row, const PiiCodec& pii, int first) {
  UserRecord u;
  u.id = r.int64(row, first);
  u.public_id = r.text(row, first + 1);
  u.name = r.text(row, first + 2);
  if (!r.is_null(row, first + 3)) u.email = pii.open(r.text(row, first + 3));
  u.role = r.text(row, first + 4);
  u.password_hash = r.opt_text(row, first + 5);
  u.email_verified = r.flag(row, first + 6);
  u.created_at_ms = r.int64(row, first + 7);
  u.updated_at_ms = r.int64(row, first + 8);
  u.account_created_at_ms = r.opt_int64(row, first + 9);
  u.last_login_at_ms = r.opt_int64(row, first + 10);
  u.locked_until_ms = r.opt_int64(row, first + 11);
  return u;
}

std::string normalise_email(std::string_view email) {
  std::string out(email);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::optional<UserRecord> find_user_by_id(Connection& conn, const PiiCodec& pii,
                                          std::int64_t user_id) {
  const Result r = conn.run(kById, Params().add(user_id));
  if (r.rows() == 0) return std::nullopt;
  return user_from(r, 0, pii);
}

std::optional<UserRecord> find_user_by_index(Connection& conn, const PiiCodec& pii,
                                             const std::string& index) {
  const Result r = conn.run(kByIndex, Params().add(index));
  if (r.rows() == 0) return std::nullopt;
  return user_from(r, 0, pii);
}

std::optional<std::int64_t> find_user_id(Connection& conn, const std::string& public_id) {
  const Result r = conn.run(kIdOf, Params().add(public_id));
  if (r.rows() == 0) return std::nullopt;
  return r.int64(0, 0);
}

int index_legacy_emails(Connection& conn, const PiiCodec& pii) {
  conn.exec("BEGIN");
  try {
    const Result legacy = conn.run(kLegacy);
    for (int i = 0; i < legacy.rows(); ++i) {
      conn.run(kFixIndex, Params()
                              .add(legacy.int64(i, 0))
                              .add(pii.blind_index(normalise_email(pii.open(legacy.text(i, 1))))));
    }
    conn.exec("COMMIT");
    return legacy.rows();
  } catch (...) {
    try {
      if (!conn.broken() && conn.in_transaction()) conn.exec("ROLLBACK");
    } catch (const std::exception&) {
      // The original error is the one worth reporting.
    }
    throw;
  }
}

}  // namespace jm::store::postgres
