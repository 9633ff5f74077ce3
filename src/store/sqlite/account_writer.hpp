#pragma once
// Accounts on the write connection: turning a visitor into an account (or creating
// one), credential changes and the failed-login bookkeeping. Used only from the writer
// thread inside a WriteOp; errors the caller can explain are returned, SqliteError
// escapes for the op's savepoint to undo.
#include <cstdint>
#include <optional>
#include <string>

#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace jm::store::sqlite {

class AccountWriter {
 public:
  AccountWriter(Connection& conn, const PiiCodec& pii) : conn_(conn), pii_(pii) {}

  // A visitor row with that e-mail becomes the account (adopted_visitor); an e-mail
  // that already has a password → conflict; otherwise a new row.
  AccountOutcome create_account(const NewAccount& account);
  StoreError update_credentials(std::int64_t user_id, const std::optional<std::string>& hash,
                                const std::optional<std::string>& role, std::int64_t now_ms);
  StoreError record_login_failure(std::int64_t user_id, const LockoutPolicy& policy,
                                  std::int64_t now_ms, LoginState& state);
  StoreError record_login_success(std::int64_t user_id, std::int64_t now_ms);

  // The user with this row id, e-mail opened.
  std::optional<UserRecord> find_user(std::int64_t user_id);
  std::optional<std::int64_t> find_user_id(const std::string& public_id);

 private:
  Connection& conn_;
  const PiiCodec& pii_;
  Statement find_by_index_;
  Statement find_by_id_;
  Statement find_id_;
  Statement adopt_;
  Statement insert_;
  Statement update_credentials_;
  Statement login_failure_;
  Statement login_success_;
};

}  // namespace jm::store::sqlite
