#include "store/report_pages.hpp"

#include <algorithm>

namespace jm::store {

void for_each_report_game(Store& store, const ReportQuery& query, const ReportVisitor& visit,
                          int page_size) {
  page_size = std::max(page_size, 1);
  ReportCursor after{query.since_ms, 0};
  for (;;) {
    const auto page = store.report_games_page(query, after, page_size);
    for (const auto& game : page) visit(game);
    if (static_cast<int>(page.size()) < page_size) return;
    after = {page.back().created_at_ms, page.back().game_id};
  }
}

}  // namespace jm::store
