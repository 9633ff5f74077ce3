#pragma once
// What a player may see of a game: the API's GameView/RoundView (docs/game-api.md). A round
// still playing shows only revealed teams, hints already given and the player's own guesses —
// never the answer's name, initials (unless hinted) or stats.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/game/catalog.hpp"
#include "domain/game/engine.hpp"
#include "domain/game/scoring.hpp"
#include "domain/game/state.hpp"

namespace jm::domain {

struct TeamCard {
  std::string code;
  std::string name;             // the team's name in that stint ("St. Louis Rams")
  std::optional<int> from, to;  // null in challenge mode
  std::optional<int> number;
  std::string primary, secondary;  // colours of the era the stint began in
};

struct GuessView {
  std::string guess;
  Verdict verdict = Verdict::wrong;
};

struct RoundView {
  int index = 0;
  RoundStatus status = RoundStatus::playing;
  std::vector<TeamCard> teams;  // revealed only while playing; all once the round is over
  int teams_total = 0;
  std::vector<HintView> hints;
  int hints_left = 0;
  std::vector<GuessView> guesses;
  int guesses_left = 0;
  std::optional<int> points;     // once over
  std::optional<Career> answer;  // once over
};

struct GameView {
  std::string game_id;
  Mode mode = Mode::easy;
  bool finished = false;
  std::optional<int> puzzle_number;
  std::optional<std::string> date;
  bool archive = false;
  int round_index = 0;
  int round_count = 0;
  int score = 0;
  int max_guesses = 6;
  RoundView round;
};

// nullopt when the state does not fit the catalogue (see GameError::corrupt_state).
std::optional<GameView> make_view(const GameState& state, const Catalog& catalog);

nlohmann::json to_json(const GameView& v);
nlohmann::json to_json(const RoundView& v);
nlohmann::json to_json(const HintView& h);
nlohmann::json to_json(const TeamCard& t);

// The API's `result` object; `streak` (computed by the caller from stored history, see
// daily_streak) becomes {"current","best"} or null.
nlohmann::json result_to_api_json(const GameResult& r, const std::optional<Streak>& streak);

}  // namespace jm::domain
