#include "store/sqlite/personal_data_queries.hpp"

#include "store/sqlite/record_rows.hpp"

namespace jm::store::sqlite {
namespace {

// Rounds come as one JSON array per game, built by SQLite in round order.
constexpr const char* kGames =
    "SELECT g.session_id, g.mode, g.game_type, g.source, g.status, g.duration_seconds,"
    " g.correct_count, g.guess_count, g.score, g.shared_on_social, g.guesses_json,"
    " g.metadata_json, g.ip, g.user_agent, g.created_at, g.finished_at,"
    " (SELECT json_group_array(json(r.round)) FROM ("
    "   SELECT json_object('roundIndex', gr.round_index, 'career', p.name,"
    "    'status', gr.status, 'teamsRevealed', gr.teams_revealed, 'hintsUsed', gr.hints_used,"
    "    'guessCount', gr.guess_count, 'points', gr.points, 'guesses', json(gr.guesses_json),"
    "    'startedAt', gr.started_at, 'endedAt', gr.ended_at) AS round"
    "   FROM game_rounds gr JOIN nfl_players p ON p.id = gr.nfl_player_id"
    "   WHERE gr.game_id = g.id ORDER BY gr.round_index) r)"
    " FROM games g WHERE g.user_id = ?1 ORDER BY g.created_at, g.id";

}  // namespace

std::vector<PersonalGame> PersonalDataQueries::games_of(std::int64_t user_id) {
  Statement& s = prepare_once(conn_, games_, kGames);
  ResetOnExit reset(s);
  s.bind(1, user_id);
  std::vector<PersonalGame> out;
  while (s.step()) {
    PersonalGame g;
    g.session_id = s.column_text(0);
    g.mode = s.column_text(1);
    g.game_type = s.column_text(2);
    g.source = s.column_text(3);
    g.status = s.column_text(4);
    g.duration_seconds = s.column_optional_int(5);
    g.correct_count = s.column_optional_int(6);
    g.guess_count = static_cast<int>(s.column_int64(7));
    g.score = static_cast<int>(s.column_int64(8));
    g.shared_on_social = s.column_int64(9) != 0;
    g.guesses_json = s.column_text(10);
    g.metadata_json = s.column_text(11);
    g.ip = s.column_text(12);
    g.user_agent = s.column_text(13);
    g.created_at_ms = s.column_int64(14);
    g.finished_at_ms = column_optional_int64(s, 15);
    g.rounds_json = s.column_text(16);
    out.push_back(std::move(g));
  }
  return out;
}

std::optional<PersonalData> PersonalDataQueries::collect(const std::string& public_id) {
  ReadSnapshot snapshot(conn_);
  auto user = accounts_.find_user_by_public_id(public_id);
  if (!user) return std::nullopt;
  PersonalData data;
  data.user = std::move(*user);
  data.games = games_of(data.user.id);
  data.consents = accounts_.consents(public_id, true);
  data.audit = audit_.about(public_id);
  data.refresh_sessions = accounts_.count_sessions(data.user.id);
  snapshot.commit();
  return data;
}

}  // namespace jm::store::sqlite
