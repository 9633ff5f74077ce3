#pragma once
// Validation of a client-reported game result (the original API's payload of
// POST /api/game-data, /save-player and each item of /batch-upload).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>

#include "store/store.hpp"

namespace jm::domain {

struct FieldError {
  std::string field;
  std::string message;
};

// Limits, named so the docs and tests can point at them.
inline constexpr int kMaxDurationSeconds = 86'400;
inline constexpr std::size_t kMaxGuesses = 100;
inline constexpr std::size_t kMaxGuessBytes = 200;
inline constexpr std::size_t kMaxSessionIdBytes = 128;
inline constexpr std::size_t kMaxMetadataBytes = 8 * 1024;  // per metadata object
inline constexpr int kMaxMetadataDepth = 6;

// Returns the game ready to store (source "client"), or the first invalid field.
// `now_ms` stamps the game; `fallback_session_id` is used when the client sent none
// (empty: the caller mints one).
std::variant<store::NewGame, FieldError> validate_game_report(
    const nlohmann::json& body, std::int64_t now_ms, const std::string& fallback_session_id);

// The metadata without what the client collected for analytics (analyticsData,
// browserInfo, sessionInfo): kept out when the player withdrew analytics consent.
// Game content (gameSpecificData) and clientTimestamp stay.
std::string without_client_analytics(const std::string& metadata_json);

// Drops keys that start with '$' or contain '.', at any depth (the original stripped
// them to stop operator injection), and reports the depth reached.
nlohmann::json strip_operator_keys(const nlohmann::json& value, int depth, int* max_depth);

}  // namespace jm::domain
