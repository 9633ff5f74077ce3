#pragma once
// Reads of the audit log on one read connection: filtered pages with a total, and the
// entries by or about one person (for a GDPR export).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace jm::store::sqlite {

class AuditQueries {
 public:
  explicit AuditQueries(Connection& conn) : conn_(conn) {}

  // Newest first; total counts every matching row. Only the filters that are set make
  // it into the SQL, so each combination can use its index.
  AuditPage page(const AuditQuery& query);
  // actor = public id OR resource_id = public id, oldest first.
  std::vector<AuditEntry> about(const std::string& public_id);

 private:
  Connection& conn_;
  std::map<unsigned, Statement> counts_;  // by filter mask
  std::map<unsigned, Statement> pages_;
  Statement about_;
};

class JobQueries {
 public:
  explicit JobQueries(Connection& conn) : conn_(conn) {}
  std::optional<JobRecord> find(const std::string& public_id);
  std::int64_t count_queued();

 private:
  Connection& conn_;
  Statement find_;
  Statement count_queued_;
};

}  // namespace jm::store::sqlite
