#pragma once
// The live feed's game events: what the "public" channel may say about a finished game
// (no name, no id, no e-mail — just enough for "someone solved today's daily in 3
// teams") and the fuller version analysts' dashboards get.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "domain/game/state.hpp"
#include "infra/event_bus.hpp"

namespace jm::api {

struct FinishedGameEvents {
  nlohmann::json public_event;   // anonymised
  nlohmann::json analyst_event;  // public fields + gameId + playerName
};

FinishedGameEvents finished_game_events(const domain::GameState& state,
                                        const domain::GameResult& result,
                                        const std::string& player_name, std::int64_t at_ms);

// Publishes both versions; called once, when a game's first finish is durable.
void publish_game_finished(infra::EventBus& bus, const domain::GameState& state,
                           const domain::GameResult& result, const std::string& player_name,
                           std::int64_t at_ms);

}  // namespace jm::api
