#include "domain/game/catalog.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "domain/game/parse.hpp"
#include "domain/names/normalise.hpp"

namespace jm::domain {
namespace {

bool overlaps(int from_a, std::optional<int> to_a, int from_b, std::optional<int> to_b) {
  const int end_a = to_a.value_or(kMaxSeason);
  const int end_b = to_b.value_or(kMaxSeason);
  return from_a <= end_b && from_b <= end_a;
}

}  // namespace

std::vector<names::SearchEntry> merged_search_entries(const std::vector<Career>& careers,
                                                      const std::vector<PlayerIndexEntry>& index) {
  std::vector<names::SearchEntry> out;
  std::unordered_map<std::string, std::vector<std::size_t>> by_key;  // compact name → entries
  const auto add = [&](names::SearchEntry e, bool from_career) {
    const std::string key = names::compact(names::normalise_name(e.name));
    auto& slots = by_key[key];
    for (const auto i : slots) {
      auto& have = out[i];
      if (!overlaps(have.from, have.to, e.from, e.to)) continue;
      if (from_career) have.name = e.name;
      have.from = std::min(have.from, e.from);
      have.to = (have.to && e.to) ? std::optional<int>(std::max(*have.to, *e.to)) : std::nullopt;
      return;
    }
    slots.push_back(out.size());
    out.push_back(std::move(e));
  };
  // Careers first so their spelling is the one kept.
  for (const auto& c : careers) add({c.name, c.first_season(), c.last_season()}, true);
  for (const auto& p : index) add({p.name, p.from, p.to}, false);
  return out;
}

std::shared_ptr<const Catalog> Catalog::build(std::vector<Team> teams, std::vector<Career> careers,
                                              std::vector<PlayerIndexEntry> index) {
  std::shared_ptr<Catalog> c(new Catalog());
  c->teams_ = std::move(teams);
  c->careers_ = std::move(careers);
  c->index_ = std::move(index);
  for (std::size_t i = 0; i < c->teams_.size(); ++i) c->team_by_code_.emplace(c->teams_[i].code, i);
  for (std::size_t i = 0; i < c->careers_.size(); ++i) {
    const auto& n = c->careers_[i].name;
    c->career_by_name_.emplace(n, i);
    c->career_by_name_.emplace(names::compact(names::normalise_name(n)), i);
  }
  std::vector<std::string> known;
  known.reserve(c->careers_.size() + c->index_.size());
  for (const auto& k : c->careers_) known.push_back(k.name);
  for (const auto& p : c->index_) known.push_back(p.name);
  c->matcher_ = names::NameMatcher(known);
  c->search_ = names::PlayerSearch(merged_search_entries(c->careers_, c->index_));
  return c;
}

const Team* Catalog::team(std::string_view code) const {
  const auto it = team_by_code_.find(std::string(code));
  return it == team_by_code_.end() ? nullptr : &teams_[it->second];
}

std::optional<std::size_t> Catalog::find_career(std::string_view name) const {
  if (const auto it = career_by_name_.find(std::string(name)); it != career_by_name_.end())
    return it->second;
  const auto it = career_by_name_.find(names::compact(names::normalise_name(name)));
  if (it == career_by_name_.end()) return std::nullopt;
  return it->second;
}

CatalogLoad load_catalog(const nlohmann::json& teams, const nlohmann::json& careers,
                         const nlohmann::json& players) {
  CatalogLoad out;
  auto t = parse_teams(teams);
  auto c = parse_careers(careers, t.items);
  auto p = parse_player_index(players);
  out.team_problems = std::move(t.problems);
  out.career_problems = std::move(c.problems);
  out.index_problems = std::move(p.problems);
  out.catalog = Catalog::build(std::move(t.items), std::move(c.items), std::move(p.items));
  return out;
}

}  // namespace jm::domain
