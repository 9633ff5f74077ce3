#include "api/live_events.hpp"

#include "util/time_format.hpp"

namespace jm::api {

using json = nlohmann::json;

FinishedGameEvents finished_game_events(const domain::GameState& state,
                                        const domain::GameResult& result,
                                        const std::string& player_name, std::int64_t at_ms) {
  // Teams shown when a one-round game (a daily) was solved: the ticker's "in 3 teams".
  json teams = nullptr;
  if (state.rounds.size() == 1 && state.rounds[0].status == domain::RoundStatus::solved) {
    teams = state.rounds[0].revealed;
  }
  json event = {
      {"type", "game_finished"},
      {"mode", domain::to_string(state.mode)},
      {"score", result.score},
      {"solved", result.solved},
      {"rounds", result.rounds},
      {"teamsRevealed", teams},
      {"durationSeconds", result.duration_seconds},
      {"puzzleNumber", state.puzzle_number ? json(*state.puzzle_number) : json(nullptr)},
      {"archive", state.archive},
      {"at", format_iso8601_ms(at_ms)},
  };
  FinishedGameEvents events{event, event};
  events.analyst_event["gameId"] = state.id;
  events.analyst_event["playerName"] = player_name;
  return events;
}

void publish_game_finished(infra::EventBus& bus, const domain::GameState& state,
                           const domain::GameResult& result, const std::string& player_name,
                           std::int64_t at_ms) {
  auto events = finished_game_events(state, result, player_name, at_ms);
  bus.publish(infra::kPublicChannel, events.public_event.dump());
  bus.publish(infra::kAnalystChannel, events.analyst_event.dump());
}

}  // namespace jm::api
