#pragma once
// API keys and refresh-token sessions on the write connection. Used only from the
// writer thread inside a WriteOp (see account_writer.hpp for the error convention).
#include <cstdint>
#include <string>

#include "store/sqlite/account_writer.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace jm::store::sqlite {

class CredentialWriter {
 public:
  CredentialWriter(Connection& conn, AccountWriter& accounts) : conn_(conn), accounts_(accounts) {}

  void create_api_key(const ApiKeyRecord& key);  // a known key_id → SqliteError (conflict)
  StoreError revoke_api_key(const std::string& key_id, std::int64_t now_ms);
  void touch_api_key(const std::string& key_id, std::int64_t now_ms);

  void create_session(const RefreshSession& session);
  RotateOutcome rotate_session(const std::string& old_hash, RefreshSession next,
                               std::int64_t now_ms);
  void revoke_family_of(const std::string& token_hash);

 private:
  void revoke_family(const std::string& family_id);

  Connection& conn_;
  AccountWriter& accounts_;
  Statement insert_key_;
  Statement revoke_key_;
  Statement touch_key_;
  Statement insert_session_;
  Statement find_session_;
  Statement mark_rotated_;
  Statement revoke_family_;
};

}  // namespace jm::store::sqlite
