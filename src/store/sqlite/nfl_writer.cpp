#include "store/sqlite/nfl_writer.hpp"

#include <string>
#include <utility>

#include "store/sqlite/nfl_rows.hpp"

namespace jm::store::sqlite {
namespace {

constexpr const char* kUpsertTeam =
    "INSERT INTO teams(code, name, city, nickname, conference, division, primary_color,"
    " secondary_color, trim_color, data_json) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    " ON CONFLICT(code) DO UPDATE SET name = excluded.name, city = excluded.city,"
    "  nickname = excluded.nickname, conference = excluded.conference,"
    "  division = excluded.division, primary_color = excluded.primary_color,"
    "  secondary_color = excluded.secondary_color, trim_color = excluded.trim_color,"
    "  data_json = excluded.data_json";

constexpr const char* kUpsertCareer =
    "INSERT INTO nfl_players(name, position, college, height, draft_year, draft_round,"
    " draft_pick, accolades_json, career_json) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    " ON CONFLICT(name) DO UPDATE SET position = excluded.position,"
    "  college = excluded.college, height = excluded.height,"
    "  draft_year = excluded.draft_year, draft_round = excluded.draft_round,"
    "  draft_pick = excluded.draft_pick, accolades_json = excluded.accolades_json,"
    "  career_json = excluded.career_json"
    " RETURNING id";

constexpr const char* kInsertStint =
    "INSERT INTO stints(nfl_player_id, seq, team_code, team_name, from_year, to_year, number,"
    " stats_json, awards_json) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

[[noreturn]] void rethrow_for(const SqliteError& e, const std::string& what) {
  throw SqliteError(e.code(), what + ": " + e.what());
}

}  // namespace

void NflWriter::prepare() {
  if (prepared_) return;
  sqlite3* db = conn_.get();
  find_team_ = Statement(db, std::string("SELECT ") + kTeamColumns + " FROM teams WHERE code = ?1");
  upsert_team_ = Statement(db, kUpsertTeam);
  find_career_ =
      Statement(db, std::string("SELECT ") + kCareerColumns + " FROM nfl_players WHERE name = ?1");
  find_stints_ = Statement(db, std::string("SELECT ") + kStintColumns +
                                   " FROM stints WHERE nfl_player_id = ?1 ORDER BY seq");
  upsert_career_ = Statement(db, kUpsertCareer);
  delete_stints_ = Statement(db, "DELETE FROM stints WHERE nfl_player_id = ?1");
  insert_stint_ = Statement(db, kInsertStint);
  prepared_ = true;
}

SeedCounts NflWriter::upsert(const std::vector<TeamRow>& teams,
                             const std::vector<CareerRow>& careers) {
  prepare();
  SeedCounts counts;
  for (const auto& team : teams) {
    try {
      upsert_team(stored_form(team), counts);
    } catch (const SqliteError& e) {
      rethrow_for(e, "team '" + team.code + "'");
    }
  }
  for (const auto& career : careers) {
    try {
      upsert_career(stored_form(career), counts);
    } catch (const SqliteError& e) {
      rethrow_for(e, "career '" + career.name + "'");
    }
  }
  return counts;
}

void NflWriter::upsert_team(const TeamRow& team, SeedCounts& counts) {
  bool exists = false;
  {
    ResetOnExit reset(find_team_);
    find_team_.bind(1, team.code);
    if (find_team_.step()) {
      if (same_team(team_from_row(find_team_), team)) {
        ++counts.unchanged;
        return;
      }
      exists = true;
    }
  }
  Statement& s = upsert_team_;
  ResetOnExit reset(s);
  s.bind(1, team.code);
  s.bind(2, team.name);
  s.bind(3, team.city);
  s.bind(4, team.nickname);
  s.bind(5, team.conference);
  s.bind(6, team.division);
  s.bind(7, team.primary_color);
  s.bind(8, team.secondary_color);
  s.bind_text_or_null(9, team.trim_color);
  s.bind(10, team.data_json);
  s.run();
  ++(exists ? counts.teams_updated : counts.teams_added);
}

std::optional<std::pair<std::int64_t, CareerRow>> NflWriter::stored_career(
    const std::string& name) {
  std::pair<std::int64_t, CareerRow> out;
  {
    ResetOnExit reset(find_career_);
    find_career_.bind(1, name);
    if (!find_career_.step()) return std::nullopt;
    out.first = find_career_.column_int64(0);
    out.second = career_from_row(find_career_);
  }
  ResetOnExit reset(find_stints_);
  find_stints_.bind(1, out.first);
  while (find_stints_.step()) out.second.stints.push_back(stint_from_row(find_stints_, 0));
  return out;
}

void NflWriter::upsert_career(const CareerRow& career, SeedCounts& counts) {
  const auto stored = stored_career(career.name);
  if (stored && same_career(stored->second, career)) {
    ++counts.unchanged;
    return;
  }
  std::int64_t id = 0;
  {
    Statement& s = upsert_career_;
    ResetOnExit reset(s);
    s.bind(1, career.name);
    s.bind_text_or_null(2, career.position);
    s.bind_text_or_null(3, career.college);
    s.bind_text_or_null(4, career.height);
    s.bind(5, career.draft_year);
    s.bind(6, career.draft_round);
    s.bind(7, career.draft_pick);
    s.bind(8, career.accolades_json);
    s.bind_text_or_null(9, career.career_json);
    if (!s.step()) throw SqliteError(SQLITE_INTERNAL, "career upsert returned no row");
    id = s.column_int64(0);
    while (s.step()) {
    }
  }
  // Replace rather than diff: a career's stints are few, and seq order must match.
  ResetOnExit reset_delete(delete_stints_);
  delete_stints_.bind(1, id);
  delete_stints_.run();
  for (const auto& st : career.stints) {
    Statement& s = insert_stint_;
    ResetOnExit reset(s);
    s.bind(1, id);
    s.bind(2, st.seq);
    s.bind(3, st.team_code);
    s.bind(4, st.team_name);
    s.bind(5, st.from_year);
    s.bind(6, st.to_year);
    s.bind(7, st.number);
    s.bind(8, st.stats_json);
    s.bind(9, st.awards_json);
    s.run();
  }
  ++(stored ? counts.careers_updated : counts.careers_added);
}

}  // namespace jm::store::sqlite
