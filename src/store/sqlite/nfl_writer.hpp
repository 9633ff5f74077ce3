#pragma once
// Seeding and importing NFL facts on the write connection. A row identical to the
// stored one is left alone (not even rewritten), so re-seeding the same data changes
// nothing and costs no WAL. Used only from the writer thread, inside a WriteOp.
#include <cstdint>
#include <optional>
#include <vector>

#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace jm::store::sqlite {

class NflWriter {
 public:
  explicit NflWriter(Connection& conn) : conn_(conn) {}

  // Teams first (stints reference them), then careers. Throws SqliteError naming the
  // row at fault; the op's savepoint then drops the whole upsert.
  SeedCounts upsert(const std::vector<TeamRow>& teams, const std::vector<CareerRow>& careers);

 private:
  void prepare();
  void upsert_team(const TeamRow& team, SeedCounts& counts);
  void upsert_career(const CareerRow& career, SeedCounts& counts);
  // The stored career (with stints) and its id, if any.
  std::optional<std::pair<std::int64_t, CareerRow>> stored_career(const std::string& name);

  Connection& conn_;
  bool prepared_ = false;
  Statement find_team_;
  Statement upsert_team_;
  Statement find_career_;
  Statement find_stints_;
  Statement upsert_career_;
  Statement delete_stints_;
  Statement insert_stint_;
};

}  // namespace jm::store::sqlite
