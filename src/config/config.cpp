#include "config/config.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <thread>

namespace jm {

namespace {

constexpr std::string_view kSqlitePrefix = "sqlite:";

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    auto item = text.substr(start, end - start);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) out.push_back(item);
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string Config::sqlite_path() const {
  if (database_url.rfind(kSqlitePrefix, 0) != 0) return {};
  auto path = database_url.substr(kSqlitePrefix.size());
  // Accept sqlite:///abs/path and sqlite://rel as well as sqlite:path.
  if (path.rfind("//", 0) == 0) path = path.substr(2);
  return path;
}

int Config::effective_threads() const {
  if (threads > 0) return threads;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void add_database_options(CLI::App& app, Config& c) {
  app.add_option("--database-url", c.database_url,
                 "Database: sqlite:PATH (postgres:// arrives with the scale-out release)")
      ->envname("DATABASE_URL")
      ->capture_default_str();
  app.add_option_function<std::string>(
         "--db",
         [&c](const std::string& path) { c.database_url = std::string(kSqlitePrefix) + path; },
         "Shortcut for --database-url sqlite:PATH")
      ->type_name("PATH");
  app.add_option("--data-dir", c.data_dir, "Directory with the NFL data files (careers.json, ...)")
      ->envname("JOURNEYMAN_DATA_DIR")
      ->capture_default_str();
}

void add_server_options(CLI::App& app, Config& c) {
  app.add_option("--host", c.host, "Address to listen on")->envname("HOST")->capture_default_str();
  app.add_option("--port", c.port, "TCP port (0 = any free port, printed at start)")
      ->envname("PORT")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  add_database_options(app, c);
  app.add_option("--redis-url", c.redis_url, "Redis for shared limits/cache (later release)")
      ->envname("REDIS_URL");
  app.add_option("--threads", c.threads, "I/O threads (0 = one per core)")
      ->envname("JOURNEYMAN_THREADS")
      ->check(CLI::Range(0, 256))
      ->capture_default_str();
  app.add_option_function<std::string>(
         "--log-format",
         [&c](const std::string& v) {
           c.log_format = v == "json" ? LogFormat::json : LogFormat::text;
         },
         "Log format: json | text (default: text on a terminal, json otherwise)")
      ->envname("JOURNEYMAN_LOG_FORMAT")
      ->check(CLI::IsMember({"json", "text"}));
  app.add_option("--log-level", c.log_level, "trace | debug | info | warn | error")
      ->envname("JOURNEYMAN_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}))
      ->capture_default_str();
  app.add_option_function<std::string>(
         "--access-log", [&c](const std::string& v) { c.access_log = v == "on"; },
         "One JSON line per request: on | off (default on)")
      ->envname("JOURNEYMAN_ACCESS_LOG")
      ->check(CLI::IsMember({"on", "off"}));
  app.add_option("--shutdown-grace", c.shutdown_grace_seconds,
                 "Seconds in-flight requests get to finish after SIGTERM")
      ->envname("JOURNEYMAN_SHUTDOWN_GRACE")
      ->check(CLI::Range(0, 600))
      ->capture_default_str();
  app.add_option("--body-limit", c.body_limit_bytes, "Largest request body in bytes (larger → 413)")
      ->envname("JOURNEYMAN_BODY_LIMIT")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{64} * 1024 * 1024))
      ->capture_default_str();
  app.add_option("--idle-timeout", c.idle_timeout_seconds,
                 "Seconds a keep-alive connection may idle or take to send headers")
      ->envname("JOURNEYMAN_IDLE_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  app.add_option("--read-timeout", c.read_timeout_seconds,
                 "Seconds a client may take to send a body")
      ->envname("JOURNEYMAN_READ_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  app.add_option_function<std::string>(
         "--cors-origins", [&c](const std::string& v) { c.cors_origins = split_list(v); },
         "Comma-separated origins allowed by CORS")
      ->envname("JOURNEYMAN_CORS_ORIGINS");
  app.add_option("--web-root", c.web_root, "Built web app to serve (index.html + assets/)")
      ->envname("JOURNEYMAN_WEB_ROOT")
      ->capture_default_str();
  app.add_option_function<std::string>(
         "--seed", [&c](const std::string& v) { c.seed_on_start = v == "on"; },
         "Load the NFL data at start if missing: on | off (default on)")
      ->envname("JOURNEYMAN_SEED")
      ->check(CLI::IsMember({"on", "off"}));
  add_live_options(app, c);
  c.log_format = isatty(STDOUT_FILENO) ? LogFormat::text : LogFormat::json;
}

std::vector<std::string> validate(const Config& c) {
  std::vector<std::string> problems;
  if (c.database_url.rfind("postgres://", 0) == 0 ||
      c.database_url.rfind("postgresql://", 0) == 0) {
    problems.push_back(
        "DATABASE_URL: PostgreSQL is not supported yet (it arrives with the scale-out release); "
        "use sqlite:PATH");
  } else if (c.sqlite_path().empty()) {
    problems.push_back("DATABASE_URL: expected sqlite:PATH, got '" + c.database_url + "'");
  }
  if (!c.redis_url.empty()) {
    problems.push_back(
        "REDIS_URL: Redis is not supported yet (it arrives with the scale-out release); unset it");
  }
  if (c.host.empty()) problems.push_back("HOST: must not be empty");
  for (const auto& origin : c.cors_origins) {
    if (origin.rfind("http://", 0) != 0 && origin.rfind("https://", 0) != 0) {
      problems.push_back("JOURNEYMAN_CORS_ORIGINS: '" + origin + "' is not an http(s) origin");
    }
  }
  return problems;
}

}  // namespace jm
