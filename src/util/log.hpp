#pragma once
// The one logger: structured events with fields, printed as JSON lines (production)
// or readable text (terminal). Built on spdlog; safe to call from any thread.
#include <nlohmann/json.hpp>
#include <string_view>

#include "config/config.hpp"

namespace jm::log {

enum class Level { debug, info, warn, error };

// The server logs to stdout (its only output); operator commands log to stderr so their
// stdout carries just the answer (an API key, a JSON report) for scripts to read.
enum class Stream { stdout_, stderr_ };
void init(LogFormat format, std::string_view level, Stream stream = Stream::stdout_);
bool enabled(Level level);

// One event: a short snake_case name plus fields. Never pass secrets or raw e-mails.
void event(Level level, std::string_view name,
           const nlohmann::json& fields = nlohmann::json::object());

inline void info(std::string_view name, const nlohmann::json& f = nlohmann::json::object()) {
  event(Level::info, name, f);
}
inline void warn(std::string_view name, const nlohmann::json& f = nlohmann::json::object()) {
  event(Level::warn, name, f);
}
inline void error(std::string_view name, const nlohmann::json& f = nlohmann::json::object()) {
  event(Level::error, name, f);
}

}  // namespace jm::log
