#include "store/sqlite/nfl_rows.hpp"

#include <algorithm>
#include <string>
#include <tuple>
#include <unordered_map>

namespace jm::store::sqlite {
namespace {

auto team_fields(const TeamRow& t) {
  return std::tie(t.code, t.name, t.city, t.nickname, t.conference, t.division, t.primary_color,
                  t.secondary_color, t.trim_color, t.data_json);
}

auto stint_fields(const StintRow& s) {
  return std::tie(s.seq, s.team_code, s.team_name, s.from_year, s.to_year, s.number, s.stats_json,
                  s.awards_json);
}

auto career_fields(const CareerRow& c) {
  return std::tie(c.name, c.position, c.college, c.height, c.draft_year, c.draft_round,
                  c.draft_pick, c.accolades_json, c.career_json);
}

void default_if_empty(std::string& s, const char* fallback) {
  if (s.empty()) s = fallback;
}

}  // namespace

TeamRow team_from_row(const Statement& s) {
  TeamRow t;
  t.code = s.column_text(0);
  t.name = s.column_text(1);
  t.city = s.column_text(2);
  t.nickname = s.column_text(3);
  t.conference = s.column_text(4);
  t.division = s.column_text(5);
  t.primary_color = s.column_text(6);
  t.secondary_color = s.column_text(7);
  t.trim_color = s.column_text(8);
  t.data_json = s.column_text(9);
  return t;
}

CareerRow career_from_row(const Statement& s) {
  CareerRow c;
  c.name = s.column_text(1);
  c.position = s.column_text(2);
  c.college = s.column_text(3);
  c.height = s.column_text(4);
  c.draft_year = s.column_optional_int(5);
  c.draft_round = s.column_optional_int(6);
  c.draft_pick = s.column_optional_int(7);
  c.accolades_json = s.column_text(8);
  c.career_json = s.column_text(9);
  return c;
}

StintRow stint_from_row(const Statement& s, int first_col) {
  StintRow r;
  const int c = first_col;
  r.seq = static_cast<int>(s.column_int64(c));
  r.team_code = s.column_text(c + 1);
  r.team_name = s.column_text(c + 2);
  r.from_year = static_cast<int>(s.column_int64(c + 3));
  r.to_year = static_cast<int>(s.column_int64(c + 4));
  r.number = s.column_optional_int(c + 5);
  r.stats_json = s.column_text(c + 6);
  r.awards_json = s.column_text(c + 7);
  return r;
}

TeamRow stored_form(TeamRow row) {
  default_if_empty(row.data_json, "{}");
  return row;
}

CareerRow stored_form(CareerRow row) {
  default_if_empty(row.accolades_json, "[]");
  // Stints come back ordered by seq, whatever order they were handed over in.
  std::stable_sort(row.stints.begin(), row.stints.end(),
                   [](const StintRow& a, const StintRow& b) { return a.seq < b.seq; });
  for (auto& s : row.stints) {
    default_if_empty(s.stats_json, "{}");
    default_if_empty(s.awards_json, "{}");
  }
  return row;
}

bool same_team(const TeamRow& a, const TeamRow& b) {
  return team_fields(a) == team_fields(b);
}

bool same_career(const CareerRow& a, const CareerRow& b) {
  if (career_fields(a) != career_fields(b) || a.stints.size() != b.stints.size()) return false;
  for (std::size_t i = 0; i < a.stints.size(); ++i) {
    if (stint_fields(a.stints[i]) != stint_fields(b.stints[i])) return false;
  }
  return true;
}

std::vector<TeamRow> NflReader::load_teams() {
  if (!teams_) {
    teams_ = conn_.prepare(std::string("SELECT ") + kTeamColumns + " FROM teams ORDER BY code");
  }
  ResetOnExit reset(teams_);
  std::vector<TeamRow> out;
  while (teams_.step()) out.push_back(team_from_row(teams_));
  return out;
}

std::vector<CareerRow> NflReader::load_careers() {
  if (!careers_) {
    careers_ =
        conn_.prepare(std::string("SELECT ") + kCareerColumns + " FROM nfl_players ORDER BY name");
    stints_ = conn_.prepare(std::string("SELECT nfl_player_id, ") + kStintColumns +
                            " FROM stints ORDER BY nfl_player_id, seq");
  }
  // Two scans instead of one query per career: a full catalogue is thousands of rows.
  // Both run in one read transaction, so they see the same snapshot.
  ReadSnapshot snapshot(conn_);
  std::vector<CareerRow> out;
  std::unordered_map<std::int64_t, std::size_t> index_by_id;
  {
    ResetOnExit reset(careers_);
    while (careers_.step()) {
      index_by_id.emplace(careers_.column_int64(0), out.size());
      out.push_back(career_from_row(careers_));
    }
  }
  {
    ResetOnExit reset(stints_);
    while (stints_.step()) {
      auto it = index_by_id.find(stints_.column_int64(0));
      if (it != index_by_id.end()) out[it->second].stints.push_back(stint_from_row(stints_, 1));
    }
  }
  snapshot.commit();
  return out;
}

}  // namespace jm::store::sqlite
