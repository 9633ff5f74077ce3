#pragma once
// Helpers for the NFL and server-game tests: small team/career fixtures, synchronous
// wrappers over create_server_game / update_game_state, and a "play a game to the end"
// shortcut for the leaderboard and daily fixtures.
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "sqlite_test_support.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace jm::store::testing {

inline TeamRow make_team(const std::string& code, const std::string& conference = "NFC") {
  TeamRow t;
  t.code = code;
  t.name = code + " City " + code + "s";
  t.city = code + " City";
  t.nickname = code + "s";
  t.conference = conference;
  t.division = conference + " North";
  t.primary_color = "#111111";
  t.secondary_color = "#222222";
  t.trim_color = "";  // stored as NULL
  t.data_json = R"({"code":")" + code + R"(","eras":[]})";
  return t;
}

inline StintRow make_stint(int seq, const std::string& team, int from, int to) {
  StintRow s;
  s.seq = seq;
  s.team_code = team;
  s.team_name = team + " City " + team + "s";
  s.from_year = from;
  s.to_year = to;
  s.number = 10 + seq;
  s.stats_json = R"({"games":)" + std::to_string(16 * (to - from + 1)) + "}";
  return s;
}

inline CareerRow make_career(const std::string& name, std::vector<StintRow> stints) {
  CareerRow c;
  c.name = name;
  c.position = "QB";
  c.college = "State";
  c.height = "6-2";
  c.draft_year = 2001;
  c.draft_round = 1;
  c.draft_pick = 7;
  c.accolades_json = R"(["Pro Bowl"])";
  c.career_json = R"({"name":")" + name + R"(","stints":)" + std::to_string(stints.size()) + "}";
  c.stints = std::move(stints);
  return c;
}

// Two teams and two careers, enough for every server-game test.
inline void seed_small_catalog(Store& store) {
  store.upsert_nfl({make_team("AAA"), make_team("BBB", "AFC")},
                   {make_career("Alpha One", {make_stint(0, "AAA", 2001, 2004),
                                              make_stint(1, "BBB", 2005, 2006)}),
                    make_career("Beta Two", {make_stint(0, "BBB", 2010, 2012)})});
}

inline NewGame make_server_game(const std::string& id, const std::string& email = "ann@example.com",
                                const std::string& name = "Ann",
                                const std::string& mode = "daily") {
  NewGame g;
  g.session_id = id;
  g.player_name = name;
  g.email = email;
  g.game_type = "journeyman";
  g.mode = mode;
  g.source = "server";
  g.created_at_ms = 1'700'000'000'000;
  return g;
}

inline SaveOutcome create_sync(Store& store, NewGame game, const std::string& state_json = "{}",
                               std::optional<int> puzzle = std::nullopt) {
  std::promise<SaveOutcome> p;
  auto f = p.get_future();
  store.create_server_game(std::move(game), state_json, puzzle,
                           [&p](SaveOutcome o) { p.set_value(std::move(o)); });
  return f.get();
}

inline StoreError update_sync(Store& store, GameStateUpdate update) {
  std::promise<StoreError> p;
  auto f = p.get_future();
  store.update_game_state(std::move(update), [&p](StoreError e) { p.set_value(std::move(e)); });
  return f.get();
}

inline RoundRow make_round(int index, const std::string& career, const std::string& status,
                           int teams_revealed = 1) {
  RoundRow r;
  r.round_index = index;
  r.career_name = career;
  r.status = status;
  r.teams_revealed = teams_revealed;
  r.started_at_ms = 1'700'000'000'000;
  if (status != "playing") r.ended_at_ms = 1'700'000'060'000;
  return r;
}

struct PlayedGame {
  std::string id, email = "ann@example.com", name = "Ann", mode = "daily";
  std::optional<int> puzzle;
  int score = 0;
  int correct = 0;
  int duration = 60;
  int teams_revealed = 1;  // of round 0
};

// Creates the game and finishes it in one update (finished_at = the store clock now).
inline void play(Store& store, const PlayedGame& p) {
  auto created =
      create_sync(store, make_server_game(p.id, p.email, p.name, p.mode), "{}", p.puzzle);
  ASSERT_TRUE(created.saved) << created.error.message;
  GameStateUpdate u;
  u.session_id = p.id;
  u.expected_version = 0;
  u.state_json = R"({"done":true})";
  u.rounds.push_back(
      make_round(0, "Alpha One", p.correct > 0 ? "solved" : "failed", p.teams_revealed));
  NewGame result = make_server_game(p.id, p.email, p.name, p.mode);
  result.score = p.score;
  result.correct_count = p.correct;
  result.duration_seconds = p.duration;
  result.guess_count = 1;
  result.completed = true;
  u.finished = result;
  const auto error = update_sync(store, std::move(u));
  ASSERT_FALSE(error) << error.message;
}

}  // namespace jm::store::testing
