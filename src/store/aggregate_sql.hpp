#pragma once
// Aggregate SQL the two dialects share. rebuild_statements: empty the aggregate tables
// of migration 004 and recompute them from games and game_rounds, by the same rules as
// the incremental path (aggregate_events.hpp); run in order, inside one transaction.
#include <string>
#include <vector>

#include "store/analytics_types.hpp"

namespace jm::store::aggregates {

enum class Dialect { sqlite, postgres };

std::vector<std::string> rebuild_statements(Dialect dialect);

// Rows of each aggregate table, one column each in AggregateRebuildReport order.
inline constexpr const char* kCountAggregateRows =
    "SELECT (SELECT count(*) FROM agg_daily), (SELECT count(*) FROM agg_daily_duration),"
    " (SELECT count(*) FROM agg_monthly), (SELECT count(*) FROM agg_month_players),"
    " (SELECT count(*) FROM agg_careers)";

// ORDER BY of the careers read over agg_careers `a` (shown > 0): by solve rate, ties by
// more shown, then by id so pages are stable.
const char* career_order_by(CareerSort sort);

}  // namespace jm::store::aggregates
