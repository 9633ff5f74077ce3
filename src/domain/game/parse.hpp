#pragma once
// JSON → typed facts with a row-by-row validation report. Never throws: a malformed row is left
// out and described in `problems`.
#include <span>

#include <nlohmann/json.hpp>

#include "domain/game/model.hpp"

namespace jm::domain {

// teams.json: an array of franchises; codes must be unique and non-empty.
Parsed<Team> parse_teams(const nlohmann::json& teams);

// careers.json: an array of careers. Checks seasons within 1920–2100, from ≤ to, stints in
// chronological order (a stint may start in the season the previous one ended: a mid-season
// move), team codes known in `teams`, at least one stint, unique names.
Parsed<Career> parse_careers(const nlohmann::json& careers, std::span<const Team> teams);

// players.json: an array of {name, from, to|null}; seasons within 1920–2100, from ≤ to.
Parsed<PlayerIndexEntry> parse_player_index(const nlohmann::json& players);

// The API's Career object (docs/game-api.md: name, position, college, draft, accolades,
// stints with code/name/from/to/number/stats), used for a finished round's "answer".
nlohmann::json career_to_json(const Career& career);

}  // namespace jm::domain
