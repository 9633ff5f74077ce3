#include "domain/results/game_report.hpp"

#include <algorithm>
#include <array>

#include "domain/results/text_rules.hpp"

namespace jm::domain {

namespace {

using json = nlohmann::json;

// The original client's nested objects, kept as bounded metadata for analytics.
constexpr std::array<const char*, 5> kMetadataFields = {
    "gameSpecificData", "analyticsData", "browserInfo", "sessionInfo", "clientTimestamp"};

bool is_integer(const json& v) {
  if (v.is_number_integer()) return true;
  // 12.0 is an integer; 12.5 and 1e300 are not.
  return v.is_number_float() &&
         v.get<double>() == static_cast<double>(static_cast<long long>(v.get<double>()));
}

std::optional<long long> as_integer(const json& v) {
  if (!is_integer(v)) return std::nullopt;
  return v.is_number_integer() ? v.get<long long>() : static_cast<long long>(v.get<double>());
}

bool valid_session_id(const std::string& id) {
  return !id.empty() && id.size() <= kMaxSessionIdBytes &&
         std::all_of(id.begin(), id.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == ':' ||
                  c == '-';
         });
}

}  // namespace

json strip_operator_keys(const json& value, int depth, int* max_depth) {
  if (max_depth) *max_depth = std::max(*max_depth, depth);
  if (value.is_object()) {
    json out = json::object();
    for (const auto& [key, child] : value.items()) {
      if (!key.empty() && (key[0] == '$' || key.find('.') != std::string::npos)) continue;
      out[key] = strip_operator_keys(child, depth + 1, max_depth);
    }
    return out;
  }
  if (value.is_array()) {
    json out = json::array();
    for (const auto& child : value) out.push_back(strip_operator_keys(child, depth + 1, max_depth));
    return out;
  }
  return value;
}

std::variant<store::NewGame, FieldError> validate_game_report(
    const json& body, std::int64_t now_ms, const std::string& fallback_session_id) {
  if (!body.is_object()) return FieldError{"body", "Request body must be a JSON object"};
  store::NewGame game;
  game.created_at_ms = now_ms;

  auto name = body.find("name");
  if (name == body.end() || !name->is_string()) return FieldError{"name", "Invalid name format"};
  game.player_name = trim(name->get<std::string>());
  if (!is_valid_person_name(game.player_name)) return FieldError{"name", "Invalid name format"};

  auto email = body.find("email");
  if (email == body.end() || !email->is_string())
    return FieldError{"email", "Invalid email format"};
  auto normalised = normalise_email(email->get<std::string>());
  if (!normalised) return FieldError{"email", "Invalid email format"};
  game.email = *normalised;

  game.game_type = "journeyman";
  game.mode = "easy";
  if (auto it = body.find("gameType"); it != body.end() && !it->is_null()) {
    auto type = it->is_string() ? it->get<std::string>() : std::string();
    if (type == "easy" || type == "challenge") {
      game.mode = type;  // the original's legacy values name the mode
    } else if (type != "journeyman") {
      return FieldError{"gameType", "Invalid game type"};
    }
  }
  if (auto it = body.find("mode"); it != body.end() && !it->is_null()) {
    auto mode = it->is_string() ? it->get<std::string>() : std::string();
    if (mode != "easy" && mode != "challenge" && mode != "daily" && mode != "practice") {
      return FieldError{"mode", "Invalid mode"};
    }
    game.mode = mode;
  }

  if (auto it = body.find("durationInSeconds"); it != body.end() && !it->is_null()) {
    auto value = as_integer(*it);
    if (!value || *value < 0 || *value > kMaxDurationSeconds) {
      return FieldError{"durationInSeconds", "Invalid duration"};
    }
    game.duration_seconds = static_cast<int>(*value);
  }

  json guesses = json::array();
  if (auto it = body.find("guesses"); it != body.end() && !it->is_null()) {
    if (!it->is_array() || it->size() > kMaxGuesses)
      return FieldError{"guesses", "Invalid guesses format"};
    for (const auto& g : *it) {
      if (!g.is_string() || g.get_ref<const std::string&>().size() > kMaxGuessBytes ||
          !decode_utf8(g.get_ref<const std::string&>())) {
        return FieldError{"guesses", "Invalid guess format"};
      }
    }
    guesses = *it;
  }
  game.guess_count = static_cast<int>(guesses.size());
  game.guesses_json = guesses.dump();

  if (auto it = body.find("correctCount"); it != body.end() && !it->is_null()) {
    auto value = as_integer(*it);
    if (!value || *value < 0 || *value > static_cast<long long>(guesses.size())) {
      return FieldError{"correctCount", "Invalid correctCount"};
    }
    game.correct_count = static_cast<int>(*value);
  }

  if (auto it = body.find("sharedOnSocial"); it != body.end() && !it->is_null()) {
    if (!it->is_boolean()) return FieldError{"sharedOnSocial", "Invalid sharedOnSocial"};
    game.shared_on_social = it->get<bool>();
  }

  game.session_id = fallback_session_id;
  if (auto it = body.find("sessionId"); it != body.end() && !it->is_null()) {
    if (!it->is_string() || !valid_session_id(it->get<std::string>())) {
      return FieldError{"sessionId", "Invalid sessionId"};
    }
    game.session_id = it->get<std::string>();
  }

  json metadata = json::object();
  for (const char* field : kMetadataFields) {
    auto it = body.find(field);
    if (it == body.end() || it->is_null()) continue;
    int depth = 0;
    auto cleaned = strip_operator_keys(*it, 0, &depth);
    if (depth > kMaxMetadataDepth || cleaned.dump().size() > kMaxMetadataBytes) {
      return FieldError{field, std::string(field) + " is too large or too deeply nested"};
    }
    metadata[field] = std::move(cleaned);
  }
  game.metadata_json = metadata.dump(-1, ' ', false, json::error_handler_t::replace);

  // The original client marks a game "completed" when at least one answer was right.
  const auto status_ptr = "/analyticsData/gameCompletionStatus"_json_pointer;
  bool reported_completed = metadata.contains(status_ptr) && metadata.at(status_ptr) == "completed";
  game.completed = reported_completed || game.correct_count.value_or(0) > 0;
  game.source = "client";
  return game;
}

std::string without_client_analytics(const std::string& metadata_json) {
  auto metadata = nlohmann::json::parse(metadata_json, nullptr, false);
  if (!metadata.is_object()) return "{}";
  for (const char* key : {"analyticsData", "browserInfo", "sessionInfo"}) metadata.erase(key);
  return metadata.dump();
}

}  // namespace jm::domain
