#pragma once
// Erasure on the write connection: everything that points at one person goes, in the
// op's transaction, and a data_deletions row records that it happened (without the
// person). Used by erase_user and by retention for inactive visitors.
#include <string>

#include "store/sqlite/account_writer.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace jm::store::sqlite {

class GdprWriter {
 public:
  GdprWriter(Connection& conn, AccountWriter& accounts, const PiiCodec& pii)
      : conn_(conn), accounts_(accounts), pii_(pii) {}

  // found=false (and nothing changed) for an unknown public id. An empty subject_ref is
  // replaced by the codec's blind index of the public id. Throws SqliteError.
  ErasureOutcome erase(const ErasureRequest& request);

 private:
  int run_counted(Statement& slot, const char* sql, std::int64_t user_id,
                  const std::string& public_id, const std::string& replacement);

  Connection& conn_;
  AccountWriter& accounts_;
  const PiiCodec& pii_;
  Statement anonymise_games_;
  Statement delete_consents_;
  Statement delete_sessions_;
  Statement delete_jobs_;
  Statement scrub_audit_;
  Statement delete_user_;
  Statement record_deletion_;
};

}  // namespace jm::store::sqlite
