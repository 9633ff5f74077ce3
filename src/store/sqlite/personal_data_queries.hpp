#pragma once
// Everything the store holds about one person, read in one snapshot (GDPR export).
#include <optional>
#include <string>

#include "store/sqlite/account_queries.hpp"
#include "store/sqlite/audit_queries.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace jm::store::sqlite {

class PersonalDataQueries {
 public:
  PersonalDataQueries(Connection& conn, AccountQueries& accounts, AuditQueries& audit)
      : conn_(conn), accounts_(accounts), audit_(audit) {}

  std::optional<PersonalData> collect(const std::string& public_id);

 private:
  std::vector<PersonalGame> games_of(std::int64_t user_id);

  Connection& conn_;
  AccountQueries& accounts_;
  AuditQueries& audit_;
  Statement games_;
};

}  // namespace jm::store::sqlite
