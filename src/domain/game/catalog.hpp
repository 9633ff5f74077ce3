#pragma once
// Everything a game reads: careers (the puzzle pool), teams and the player index, plus the
// derived name matcher and autocomplete. Built once, then immutable: share one
// std::shared_ptr<const Catalog> across threads without locking.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/game/model.hpp"
#include "domain/names/matcher.hpp"
#include "domain/names/search.hpp"

namespace jm::domain {

class Catalog {
 public:
  // Careers keep the given order: that order defines career indices and therefore the daily
  // schedule, so callers should pass them sorted by name (careers.json already is).
  static std::shared_ptr<const Catalog> build(std::vector<Team> teams, std::vector<Career> careers,
                                              std::vector<PlayerIndexEntry> index);

  const std::vector<Career>& careers() const { return careers_; }
  const std::vector<Team>& teams() const { return teams_; }
  const std::vector<PlayerIndexEntry>& index() const { return index_; }

  const Team* team(std::string_view code) const;
  // Exact name first, then normalised ("Pierre Garcon" finds "Pierre Garçon").
  std::optional<std::size_t> find_career(std::string_view name) const;

  const names::NameMatcher& matcher() const { return matcher_; }
  const names::PlayerSearch& search() const { return search_; }

 private:
  Catalog() = default;
  std::vector<Team> teams_;
  std::vector<Career> careers_;
  std::vector<PlayerIndexEntry> index_;
  std::unordered_map<std::string, std::size_t> team_by_code_;
  std::unordered_map<std::string, std::size_t> career_by_name_;  // exact and compact-normalised
  names::NameMatcher matcher_;
  names::PlayerSearch search_;
};

struct CatalogLoad {
  std::shared_ptr<const Catalog> catalog;  // built from the rows that passed validation
  std::vector<ImportProblem> team_problems, career_problems, index_problems;
  bool ok() const {
    return team_problems.empty() && career_problems.empty() && index_problems.empty();
  }
};

// Parses and validates teams.json, careers.json and players.json (already parsed as JSON) and
// builds the catalogue.
CatalogLoad load_catalog(const nlohmann::json& teams, const nlohmann::json& careers,
                         const nlohmann::json& players);

// The autocomplete list: the index plus every career, one entry per player. An index row and a
// career that normalise to the same name and overlap in seasons are one player (the career's
// spelling and seasons win: "Pierre Garcon" → "Pierre Garçon"); same name without overlap
// stays two players (the index lists another Mario Williams, 2026–).
std::vector<names::SearchEntry> merged_search_entries(const std::vector<Career>& careers,
                                                      const std::vector<PlayerIndexEntry>& index);

}  // namespace jm::domain
