#pragma once
// Reads of accounts, API keys and consents on one read connection. E-mails are found
// through the codec's blind index and handed back opened.
#include <optional>
#include <string>
#include <vector>

#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace jm::store::sqlite {

class AccountQueries {
 public:
  AccountQueries(Connection& conn, const PiiCodec& pii) : conn_(conn), pii_(pii) {}

  std::optional<UserRecord> find_user_by_email(const std::string& email);
  std::optional<UserRecord> find_user_by_public_id(const std::string& public_id);
  std::optional<ApiKeyRecord> find_api_key(const std::string& key_id);
  std::vector<ApiKeyRecord> list_api_keys();
  // Latest record per type (by type name), or the whole history, oldest first.
  std::vector<ConsentRecord> consents(const std::string& user_public_id, bool history);
  // Refresh sessions of the user, whatever their status.
  int count_sessions(std::int64_t user_id);

 private:
  Connection& conn_;
  const PiiCodec& pii_;
  Statement user_by_index_;
  Statement user_by_public_id_;
  Statement api_key_;
  Statement api_keys_;
  Statement latest_consents_;
  Statement consent_history_;
  Statement count_sessions_;
};

}  // namespace jm::store::sqlite
