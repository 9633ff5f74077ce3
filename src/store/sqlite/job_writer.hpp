#pragma once
// The jobs queue on the write connection. Claiming is one UPDATE on the single writer
// thread, so two claimers can never take the same job. Used only inside WriteOps.
#include <cstdint>
#include <optional>
#include <string>

#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace jm::store::sqlite {

struct JobFinish {
  JobLease lease;
  bool ok = false;
  std::string result_json, error;
  std::optional<std::int64_t> retry_at_ms, expires_at_ms;
  std::int64_t now_ms = 0;
};

class JobWriter {
 public:
  explicit JobWriter(Connection& conn) : conn_(conn) {}

  // Inserts a queued job (a new UUID when public_id is empty); returns the stored row.
  JobRecord enqueue(const JobRecord& job, std::int64_t now_ms);
  std::optional<JobRecord> claim(const std::string& worker, std::int64_t now_ms,
                                 std::int64_t lease_ms);
  bool renew(const JobLease& lease, std::int64_t lease_until_ms, std::int64_t now_ms);
  StoreError finish(const JobFinish& finish);  // not the current claim → conflict

 private:
  Connection& conn_;
  Statement insert_;
  Statement find_;
  Statement claim_;
  Statement renew_;
  Statement finish_;
};

}  // namespace jm::store::sqlite
