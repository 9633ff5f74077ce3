#pragma once
// NFL facts as rows: the column lists and row mappings shared by the writer (which
// compares against what is stored) and the readers, plus the read queries themselves.
#include <vector>

#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace jm::store::sqlite {

inline constexpr const char* kTeamColumns =
    "code, name, city, nickname, conference, division, primary_color, secondary_color,"
    " trim_color, data_json";
// Column 0 is nfl_players.id, which CareerRow does not carry.
inline constexpr const char* kCareerColumns =
    "id, name, position, college, height, draft_year, draft_round, draft_pick,"
    " accolades_json, career_json";
inline constexpr const char* kStintColumns =
    "seq, team_code, team_name, from_year, to_year, number, stats_json, awards_json";

TeamRow team_from_row(const Statement& s);
CareerRow career_from_row(const Statement& s);  // without stints
StintRow stint_from_row(const Statement& s, int first_col);

// What a row reads back as once stored: empty JSON becomes its default ('{}' / '[]'),
// stints are in seq order.
// Optional text columns are stored as NULL and read back as "", so they need nothing.
TeamRow stored_form(TeamRow row);
CareerRow stored_form(CareerRow row);

// Field-by-field equality, stints included (in order).
bool same_team(const TeamRow& a, const TeamRow& b);
bool same_career(const CareerRow& a, const CareerRow& b);

// Whole-table reads on one read connection; statements prepared on first use.
class NflReader {
 public:
  explicit NflReader(Connection& conn) : conn_(conn) {}
  std::vector<TeamRow> load_teams();      // by code
  std::vector<CareerRow> load_careers();  // by name, stints by seq

 private:
  Connection& conn_;
  Statement teams_;
  Statement careers_;
  Statement stints_;
};

}  // namespace jm::store::sqlite
