#pragma once
// Retention and re-sealing on the write connection. A dry run does the same work in a
// nested savepoint and rolls it back, so its counts are exactly what a real run with
// the same policy at the same moment would remove. Used only inside WriteOps.
#include <cstdint>

#include "store/sqlite/gdpr_writer.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace jm::store::sqlite {

class RetentionWriter {
 public:
  RetentionWriter(Connection& conn, GdprWriter& gdpr, const PiiCodec& pii)
      : conn_(conn), gdpr_(gdpr), pii_(pii) {}

  RetentionReport apply(const RetentionPolicy& policy, std::int64_t now_ms, bool dry_run);
  // Re-seals every e-mail the codec does not call current; returns rows changed.
  int reseal_personal_data();

 private:
  void remove(RetentionReport& report, const RetentionPolicy& policy, std::int64_t now_ms);
  int run_counted(Statement& slot, const char* sql, std::int64_t at_ms);
  int erase_inactive_visitors(std::int64_t cutoff_ms, std::int64_t now_ms);

  Connection& conn_;
  GdprWriter& gdpr_;
  const PiiCodec& pii_;
  Statement delete_audit_;
  Statement delete_finished_jobs_;
  Statement drop_expired_results_;
  Statement delete_marketing_;
  Statement find_inactive_;
  Statement delete_sessions_;
  Statement find_emails_;
  Statement update_email_;
};

}  // namespace jm::store::sqlite
