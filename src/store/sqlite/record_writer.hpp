#pragma once
// Append-only records on the write connection: consent changes and audit entries.
// Used only from the writer thread inside a WriteOp.
#include "store/sqlite/account_writer.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace jm::store::sqlite {

class RecordWriter {
 public:
  RecordWriter(Connection& conn, AccountWriter& accounts) : conn_(conn), accounts_(accounts) {}

  // Appends the change; a revoke also closes the latest open grant of that type.
  // Unknown user → invalid. `stored` is the row as written.
  StoreError record_consent(const ConsentRecord& consent, ConsentRecord& stored);
  void append_audit(const AuditEntry& entry);

 private:
  Connection& conn_;
  AccountWriter& accounts_;
  Statement close_grant_;
  Statement insert_consent_;
  Statement insert_audit_;
};

}  // namespace jm::store::sqlite
