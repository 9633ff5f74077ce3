// SqliteStore: the analytics aggregates. The rebuild is one op of the group-commit
// writer (its own savepoint inside the batch transaction); reads go to the calling
// thread's read connection.
#include <utility>

#include "store/sqlite/group_commit_writer.hpp"
#include "store/sqlite/read_guard.hpp"
#include "store/sqlite/reader_pool.hpp"
#include "store/sqlite/server_game_writer.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/submit_op.hpp"

namespace jm::store {

void SqliteStore::rebuild_aggregates(std::function<void(AggregateRebuildReport, StoreError)> done) {
  sqlite::submit_op(*writer_, std::make_unique<sqlite::FunctionOp<AggregateRebuildReport>>(
                                  [](sqlite::OpWriters& w, AggregateRebuildReport& report) {
                                    report = w.games.rebuild_aggregates();
                                    return StoreError{};
                                  },
                                  std::move(done)));
}

std::vector<DailyAggregate> SqliteStore::daily_aggregates(const DailyQuery& query) {
  return sqlite::guarded_read(
      *readers_, [&](sqlite::ReadConnection& r) { return r.analytics().daily(query); });
}

std::int64_t SqliteStore::count_active_players(const DailyQuery& query) {
  return sqlite::guarded_read(
      *readers_, [&](sqlite::ReadConnection& r) { return r.analytics().active_players(query); });
}

std::vector<MonthlyAggregate> SqliteStore::monthly_aggregates() {
  return sqlite::guarded_read(*readers_,
                              [](sqlite::ReadConnection& r) { return r.analytics().monthly(); });
}

CareerPage SqliteStore::career_aggregates(const CareerQuery& query) {
  return sqlite::guarded_read(
      *readers_, [&](sqlite::ReadConnection& r) { return r.analytics().careers(query); });
}

}  // namespace jm::store
