#include "util/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "util/time_format.hpp"

namespace jm::log {

namespace {

LogFormat g_format = LogFormat::text;

std::shared_ptr<spdlog::logger>& logger() {
  static auto instance = [] {
    auto l = spdlog::stdout_logger_mt("journeyman");
    l->set_pattern("%v");
    return l;
  }();
  return instance;
}

spdlog::level::level_enum to_spdlog(Level level) {
  switch (level) {
    case Level::debug:
      return spdlog::level::debug;
    case Level::info:
      return spdlog::level::info;
    case Level::warn:
      return spdlog::level::warn;
    case Level::error:
      return spdlog::level::err;
  }
  return spdlog::level::info;
}

const char* level_name(Level level) {
  switch (level) {
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warn:
      return "warn";
    case Level::error:
      return "error";
  }
  return "info";
}

}  // namespace

void init(LogFormat format, std::string_view level, Stream stream) {
  g_format = format;
  // Called once before any thread logs, so swapping the sink needs no lock.
  if (stream == Stream::stderr_) {
    logger()->sinks().clear();
    logger()->sinks().push_back(std::make_shared<spdlog::sinks::stderr_sink_mt>());
  }
  logger()->set_level(spdlog::level::from_str(std::string(level)));
  logger()->flush_on(spdlog::level::warn);
}

bool enabled(Level level) {
  return logger()->should_log(to_spdlog(level));
}

void event(Level level, std::string_view name, const nlohmann::json& fields) {
  auto& l = logger();
  if (!l->should_log(to_spdlog(level))) return;
  auto ts = format_iso8601_ms(SystemClock().now_ms());
  if (g_format == LogFormat::json) {
    nlohmann::json line = {{"ts", ts}, {"level", level_name(level)}, {"event", name}};
    if (fields.is_object()) line.update(fields);
    l->log(to_spdlog(level), line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return;
  }
  std::string text = ts + " " + level_name(level) + " " + std::string(name);
  if (fields.is_object()) {
    for (const auto& [key, value] : fields.items()) {
      text += " " + key + "=" +
              (value.is_string()
                   ? value.get<std::string>()
                   : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
  }
  l->log(to_spdlog(level), text);
}

}  // namespace jm::log
