#include "store/aggregate_batch.hpp"

#include <vector>

namespace jm::store::aggregates {

void BatchTotals::daily(const DailyDelta& d) {
  daily_.try_emplace({d.day, d.mode}, DailyDelta{d.day, d.mode}).first->second += d;
}

void BatchTotals::duration(std::int64_t day, const std::string& mode, int bucket, int games) {
  duration_[{day, mode, bucket}] += games;
}

void BatchTotals::month_game(const std::string& game_type, const std::string& month,
                             std::optional<std::int64_t> user_id) {
  MonthTotal& t = months_[{game_type, month}];
  ++t.games;
  if (user_id) t.users.insert(*user_id);
}

void BatchTotals::career(const CareerDelta& d) {
  careers_.try_emplace(d.career_id, CareerDelta{d.career_id}).first->second += d;
}

bool BatchTotals::empty() const {
  return daily_.empty() && duration_.empty() && months_.empty() && careers_.empty();
}

void BatchTotals::clear() {
  daily_.clear();
  duration_.clear();
  months_.clear();
  careers_.clear();
}

void BatchTotals::flush_to(AggregateSink& target) const {
  for (const auto& [key, delta] : daily_) {
    if (!delta.empty()) target.daily(delta);
  }
  for (const auto& [key, games] : duration_) {
    if (games != 0) target.duration(std::get<0>(key), std::get<1>(key), std::get<2>(key), games);
  }
  for (const auto& [key, total] : months_) {
    target.month_games(key.first, key.second, total.games,
                       std::vector<std::int64_t>(total.users.begin(), total.users.end()));
  }
  for (const auto& [id, delta] : careers_) {
    if (!delta.empty()) target.career(delta);
  }
}

}  // namespace jm::store::aggregates
