#include "store/postgres/pg_nfl.hpp"

#include <map>
#include <string>
#include <unordered_map>

#include "store/sqlite/nfl_rows.hpp"  // stored_form, same_team, same_career

namespace jm::store::postgres {
namespace {

const Sql kTeams{"jm_nfl_teams",
                 "SELECT code, name, city, nickname, conference, division, primary_color,"
                 " secondary_color, trim_color, data_json FROM teams ORDER BY code"};
const Sql kCareers{"jm_nfl_careers",
                   "SELECT id, name, position, college, height, draft_year, draft_round,"
                   " draft_pick, accolades_json, career_json FROM nfl_players ORDER BY name"};
const Sql kStints{"jm_nfl_stints",
                  "SELECT nfl_player_id, seq, team_code, team_name, from_year, to_year, number,"
                  " stats_json, awards_json FROM stints ORDER BY nfl_player_id, seq"};

const Sql kUpsertTeam{
    "jm_nfl_upsert_team",
    "INSERT INTO teams(code, name, city, nickname, conference, division, primary_color,"
    " secondary_color, trim_color, data_json) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    " ON CONFLICT (code) DO UPDATE SET name = excluded.name, city = excluded.city,"
    "  nickname = excluded.nickname, conference = excluded.conference,"
    "  division = excluded.division, primary_color = excluded.primary_color,"
    "  secondary_color = excluded.secondary_color, trim_color = excluded.trim_color,"
    "  data_json = excluded.data_json"};

const Sql kUpsertCareer{
    "jm_nfl_upsert_career",
    "INSERT INTO nfl_players(name, position, college, height, draft_year, draft_round,"
    " draft_pick, accolades_json, career_json) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    " ON CONFLICT (name) DO UPDATE SET position = excluded.position,"
    "  college = excluded.college, height = excluded.height,"
    "  draft_year = excluded.draft_year, draft_round = excluded.draft_round,"
    "  draft_pick = excluded.draft_pick, accolades_json = excluded.accolades_json,"
    "  career_json = excluded.career_json RETURNING id"};

const Sql kDeleteStints{"jm_nfl_delete_stints", "DELETE FROM stints WHERE nfl_player_id = $1"};

const Sql kInsertStint{
    "jm_nfl_insert_stint",
    "INSERT INTO stints(nfl_player_id, seq, team_code, team_name, from_year, to_year, number,"
    " stats_json, awards_json) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9)"};

TeamRow team_from(const Result& r, int i) {
  TeamRow t;
  t.code = r.text(i, 0);
  t.name = r.text(i, 1);
  t.city = r.text(i, 2);
  t.nickname = r.text(i, 3);
  t.conference = r.text(i, 4);
  t.division = r.text(i, 5);
  t.primary_color = r.text(i, 6);
  t.secondary_color = r.text(i, 7);
  t.trim_color = r.text(i, 8);
  t.data_json = r.text(i, 9);
  return t;
}

CareerRow career_from(const Result& r, int i) {
  CareerRow c;
  c.name = r.text(i, 1);
  c.position = r.text(i, 2);
  c.college = r.text(i, 3);
  c.height = r.text(i, 4);
  c.draft_year = r.opt_int(i, 5);
  c.draft_round = r.opt_int(i, 6);
  c.draft_pick = r.opt_int(i, 7);
  c.accolades_json = r.text(i, 8);
  c.career_json = r.text(i, 9);
  return c;
}

StintRow stint_from(const Result& r, int i) {
  StintRow s;
  s.seq = r.int32(i, 1);
  s.team_code = r.text(i, 2);
  s.team_name = r.text(i, 3);
  s.from_year = r.int32(i, 4);
  s.to_year = r.int32(i, 5);
  s.number = r.opt_int(i, 6);
  s.stats_json = r.text(i, 7);
  s.awards_json = r.text(i, 8);
  return s;
}

// Careers with their ids; both scans in the caller's transaction or snapshot.
std::vector<std::pair<std::int64_t, CareerRow>> careers_with_ids(Connection& conn) {
  std::vector<std::pair<std::int64_t, CareerRow>> out;
  std::unordered_map<std::int64_t, std::size_t> index_by_id;
  const Result careers = conn.run(kCareers);
  out.reserve(static_cast<std::size_t>(careers.rows()));
  for (int i = 0; i < careers.rows(); ++i) {
    index_by_id.emplace(careers.int64(i, 0), out.size());
    out.emplace_back(careers.int64(i, 0), career_from(careers, i));
  }
  const Result stints = conn.run(kStints);
  for (int i = 0; i < stints.rows(); ++i) {
    auto it = index_by_id.find(stints.int64(i, 0));
    if (it != index_by_id.end()) out[it->second].second.stints.push_back(stint_from(stints, i));
  }
  return out;
}

[[noreturn]] void rethrow_for(const PgError& e, const std::string& what) {
  throw PgError(what + ": " + e.what(), e.sqlstate(), e.broken());
}

}  // namespace

std::vector<TeamRow> load_teams(Connection& conn) {
  const Result r = conn.run(kTeams);
  std::vector<TeamRow> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(team_from(r, i));
  return out;
}

std::vector<CareerRow> load_careers(Connection& conn) {
  // One snapshot for both scans: REPEATABLE READ, read only.
  conn.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  std::vector<CareerRow> out;
  try {
    auto rows = careers_with_ids(conn);
    conn.exec("COMMIT");
    out.reserve(rows.size());
    for (auto& [id, career] : rows) out.push_back(std::move(career));
  } catch (...) {
    if (!conn.broken() && conn.in_transaction()) conn.exec("ROLLBACK");
    throw;
  }
  return out;
}

SeedCounts upsert_nfl(Connection& conn, const std::vector<TeamRow>& teams,
                      const std::vector<CareerRow>& careers) {
  SeedCounts counts;
  // Compare against everything stored in two scans, then write only what changed.
  std::map<std::string, TeamRow> stored_teams;
  for (auto& t : load_teams(conn)) stored_teams.emplace(t.code, std::move(t));
  for (const auto& given : teams) {
    const TeamRow team = sqlite::stored_form(given);
    auto it = stored_teams.find(team.code);
    if (it != stored_teams.end() && sqlite::same_team(it->second, team)) {
      ++counts.unchanged;
      continue;
    }
    try {
      conn.run(kUpsertTeam, Params()
                                .add(team.code)
                                .add(team.name)
                                .add(team.city)
                                .add(team.nickname)
                                .add(team.conference)
                                .add(team.division)
                                .add(team.primary_color)
                                .add(team.secondary_color)
                                .add_text_or_null(team.trim_color)
                                .add(team.data_json));
    } catch (const PgError& e) {
      rethrow_for(e, "team '" + team.code + "'");
    }
    ++(it != stored_teams.end() ? counts.teams_updated : counts.teams_added);
    stored_teams[team.code] = team;
  }

  std::unordered_map<std::string, CareerRow> stored_careers;
  for (auto& [id, c] : careers_with_ids(conn)) stored_careers.emplace(c.name, std::move(c));
  for (const auto& given : careers) {
    const CareerRow career = sqlite::stored_form(given);
    auto it = stored_careers.find(career.name);
    if (it != stored_careers.end() && sqlite::same_career(it->second, career)) {
      ++counts.unchanged;
      continue;
    }
    try {
      const Result r = conn.run(kUpsertCareer, Params()
                                                   .add(career.name)
                                                   .add_text_or_null(career.position)
                                                   .add_text_or_null(career.college)
                                                   .add_text_or_null(career.height)
                                                   .add(career.draft_year)
                                                   .add(career.draft_round)
                                                   .add(career.draft_pick)
                                                   .add(career.accolades_json)
                                                   .add_text_or_null(career.career_json));
      const std::int64_t id = r.int64(0, 0);
      // Replace rather than diff: a career's stints are few, and seq order must match.
      conn.run(kDeleteStints, Params().add(id));
      for (const auto& st : career.stints) {
        conn.run(kInsertStint, Params()
                                   .add(id)
                                   .add(st.seq)
                                   .add(st.team_code)
                                   .add(st.team_name)
                                   .add(st.from_year)
                                   .add(st.to_year)
                                   .add(st.number)
                                   .add(st.stats_json)
                                   .add(st.awards_json));
      }
    } catch (const PgError& e) {
      rethrow_for(e, "career '" + career.name + "'");
    }
    ++(it != stored_careers.end() ? counts.careers_updated : counts.careers_added);
    // A name given twice in one call compares against its first version next time.
    stored_careers[career.name] = career;
  }
  return counts;
}

}  // namespace jm::store::postgres
