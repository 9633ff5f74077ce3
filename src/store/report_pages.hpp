#pragma once
// Walks the finished games of a report period a page at a time, so an analytics page or an
// export over a year of games holds one page of rows, not the year. Each page is its own
// read (retryable, on a replica where allowed) that starts after the last game of the
// previous one, by (created_at, id): games saved meanwhile with a later created_at are
// picked up, none is visited twice.
#include <functional>

#include "store/report_types.hpp"
#include "store/store.hpp"

namespace jm::store {

inline constexpr int kReportPageSize = 1000;

using ReportVisitor = std::function<void(const ReportGame&)>;

// Calls `visit` for every game of `query`, oldest first. Read failures propagate as the
// Store's reads throw them (StoreUnavailable → 503).
void for_each_report_game(Store& store, const ReportQuery& query, const ReportVisitor& visit,
                          int page_size = kReportPageSize);

}  // namespace jm::store
