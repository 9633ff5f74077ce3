#include "config/config.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <thread>

#include "infra/rate_limit_config.hpp"
#include "infra/redis/redis_url.hpp"
#include "util/ip_range.hpp"

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

void add_postgres_options(CLI::App& app, PostgresConfig& pg) {
  app.add_option("--database-read-url", pg.read_url,
                 "PostgreSQL replica for lag-tolerant reads (falls back to the primary)")
      ->envname("DATABASE_READ_URL");
  app.add_option("--pg-pool-min", pg.pool_min, "PostgreSQL connections kept open")
      ->envname("JOURNEYMAN_PG_POOL_MIN")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  app.add_option("--pg-pool-max", pg.pool_max, "Most PostgreSQL connections per pool")
      ->envname("JOURNEYMAN_PG_POOL_MAX")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  app.add_option("--pg-idle-seconds", pg.idle_seconds,
                 "Seconds an idle connection above the minimum stays open")
      ->envname("JOURNEYMAN_PG_IDLE_SECONDS")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  app.add_option("--pg-max-lifetime-seconds", pg.max_lifetime_seconds,
                 "Seconds after which a connection is replaced")
      ->envname("JOURNEYMAN_PG_MAX_LIFETIME_SECONDS")
      ->check(CLI::Range(1, 7 * 86400))
      ->capture_default_str();
  app.add_option("--pg-max-uses", pg.max_uses,
                 "Checkouts (transactions) after which a connection is replaced")
      ->envname("JOURNEYMAN_PG_MAX_USES")
      ->check(CLI::Range(1, 100'000'000))
      ->capture_default_str();
  app.add_option("--pg-writers", pg.writers,
                 "Group-commit writer threads, each writing its batch on its own connection")
      ->envname("JOURNEYMAN_PG_WRITERS")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  app.add_option("--pg-statement-timeout-ms", pg.statement_timeout_ms,
                 "statement_timeout per connection; the client gives up 5 s later")
      ->envname("JOURNEYMAN_PG_STATEMENT_TIMEOUT_MS")
      ->check(CLI::Range(100, 3'600'000))
      ->capture_default_str();
  app.add_option("--pg-connect-timeout", pg.connect_timeout_seconds,
                 "Seconds to wait for a new PostgreSQL connection")
      ->envname("JOURNEYMAN_PG_CONNECT_TIMEOUT")
      ->check(CLI::Range(1, 600))
      ->capture_default_str();
  app.add_option_function<std::string>(
         "--pg-prepared", [&pg](const std::string& v) { pg.prepared = v == "on"; },
         "Named prepared statements: on | off (off for PgBouncer transaction mode < 1.21; "
         "default on)")
      ->envname("JOURNEYMAN_PG_PREPARED")
      ->check(CLI::IsMember({"on", "off"}));
  app.add_option("--pg-application-name", pg.application_name,
                 "application_name of every connection (pg_stat_activity)")
      ->envname("JOURNEYMAN_PG_APPLICATION_NAME")
      ->capture_default_str();
}

}  // namespace

std::string Config::sqlite_path() const {
  if (database_url.rfind(kSqlitePrefix, 0) != 0) return {};
  auto path = database_url.substr(kSqlitePrefix.size());
  // Accept sqlite:///abs/path and sqlite://rel as well as sqlite:path.
  if (path.rfind("//", 0) == 0) path = path.substr(2);
  return path;
}

bool Config::is_postgres() const {
  return database_url.rfind("postgres://", 0) == 0 || database_url.rfind("postgresql://", 0) == 0;
}

std::string Config::database_url_for_logs() const {
  // postgres://user:secret@host/db → postgres://user:***@host/db
  const auto scheme = database_url.find("://");
  const auto at = database_url.find('@');
  if (scheme == std::string::npos || at == std::string::npos || at < scheme) return database_url;
  const auto colon = database_url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return database_url;
  return database_url.substr(0, colon + 1) + "***" + database_url.substr(at);
}

int Config::effective_threads() const {
  if (threads > 0) return threads;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void add_database_options(CLI::App& app, Config& c) {
  app.add_option("--database-url", c.database_url,
                 "Database: sqlite:PATH or postgres://user:password@host:port/db")
      ->envname("DATABASE_URL")
      ->capture_default_str();
  add_postgres_options(app, c.pg);
  app.add_option_function<std::string>(
         "--db",
         [&c](const std::string& path) { c.database_url = std::string(kSqlitePrefix) + path; },
         "Shortcut for --database-url sqlite:PATH")
      ->type_name("PATH");
  app.add_option("--data-dir", c.data_dir, "Directory with the NFL data files (careers.json, ...)")
      ->envname("JOURNEYMAN_DATA_DIR")
      ->capture_default_str();
}

namespace {

void add_rate_limit_options(CLI::App& app, Config& c) {
  app.add_option_function<std::string>(
         "--rate-limits", [&c](const std::string& v) { c.rate_limits = v == "on"; },
         "Per-route-class rate limits: on | off (default on; off is for benchmarks)")
      ->envname("JOURNEYMAN_RATE_LIMITS")
      ->check(CLI::IsMember({"on", "off"}));
  for (const auto& rate_class : infra::kRateClasses) {
    std::string name(rate_class.name);
    app.add_option_function<std::string>(
           infra::rate_flag_name(name),
           [&c, name](const std::string& v) { c.rate_rules[name] = v; },
           "Rate limit per client IP for " + std::string(rate_class.applies_to) +
               ", COUNT/WINDOW (s|m|h|d)")
        ->envname(infra::rate_env_name(name))
        ->type_name("RULE")
        ->default_str(std::string(rate_class.default_rule));
  }
  app.add_option_function<std::string>(
         "--trusted-proxies", [&c](const std::string& v) { c.trusted_proxies = split_list(v); },
         "Comma-separated proxy IPs or CIDR ranges whose X-Forwarded-For is believed "
         "(default: none)")
      ->envname("JOURNEYMAN_TRUSTED_PROXIES");
}

}  // namespace

void add_server_options(CLI::App& app, Config& c) {
  app.add_option("--host", c.host, "Address to listen on")->envname("HOST")->capture_default_str();
  app.add_option("--port", c.port, "TCP port (0 = any free port, printed at start)")
      ->envname("PORT")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  add_database_options(app, c);
  app.add_option("--redis-url", c.redis_url,
                 "Redis shared by instances (rate limits, live feed, revocations): "
                 "redis://[:PASSWORD@]host:port[/db]")
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
  add_accounts_options(app, c);
  app.add_option("--environment", c.environment,
                 "development | production (production refuses missing or placeholder keys)")
      ->envname("JOURNEYMAN_ENV")
      ->check(CLI::IsMember({"development", "production"}))
      ->capture_default_str();
  app.add_option("--keys-file", c.keys_file,
                 "JSON file with the JWT and encryption keys (mode 0600; see README, Keys)")
      ->envname("JOURNEYMAN_KEYS_FILE");
  add_rate_limit_options(app, c);
  add_live_options(app, c);
  add_backup_options(app, c);
  c.log_format = isatty(STDOUT_FILENO) ? LogFormat::text : LogFormat::json;
}

std::vector<std::string> validate(const Config& c) {
  std::vector<std::string> problems;
  if (c.is_postgres()) {
    if (c.pg.pool_min > c.pg.pool_max) {
      problems.push_back("JOURNEYMAN_PG_POOL_MIN: must not exceed JOURNEYMAN_PG_POOL_MAX (" +
                         std::to_string(c.pg.pool_max) + ")");
    }
    // Each writer holds a connection while it writes; requests need some left to read.
    if (c.pg.writers >= c.pg.pool_max) {
      problems.push_back("JOURNEYMAN_PG_WRITERS: must be below JOURNEYMAN_PG_POOL_MAX (" +
                         std::to_string(c.pg.pool_max) + ")");
    }
  } else if (c.sqlite_path().empty()) {
    problems.push_back("DATABASE_URL: expected sqlite:PATH or postgres://..., got '" +
                       c.database_url_for_logs() + "'");
  }
  if (!c.pg.read_url.empty()) {
    if (!c.is_postgres()) {
      problems.push_back("DATABASE_READ_URL: a read replica needs a postgres:// DATABASE_URL");
    } else if (c.pg.read_url.rfind("postgres://", 0) != 0 &&
               c.pg.read_url.rfind("postgresql://", 0) != 0) {
      problems.push_back("DATABASE_READ_URL: expected postgres://...");
    }
  }
  if (!c.redis_url.empty()) {
    if (auto parsed = infra::parse_redis_url(c.redis_url); !parsed.url) {
      problems.push_back(parsed.error);
    }
  }
  if (c.host.empty()) problems.push_back("HOST: must not be empty");
  if (c.environment != "development" && c.environment != "production") {
    problems.push_back("JOURNEYMAN_ENV: expected development or production, got '" + c.environment +
                       "'");
  }
  for (const auto& origin : c.cors_origins) {
    if (origin.rfind("http://", 0) != 0 && origin.rfind("https://", 0) != 0) {
      problems.push_back("JOURNEYMAN_CORS_ORIGINS: '" + origin + "' is not an http(s) origin");
    }
  }
  for (const auto& proxy : c.trusted_proxies) {
    if (!parse_ip_range(proxy)) {
      problems.push_back("JOURNEYMAN_TRUSTED_PROXIES: '" + proxy +
                         "' is not an IP address or CIDR range");
    }
  }
  for (auto& problem : infra::validate_rate_limits(c)) problems.push_back(std::move(problem));
  return problems;
}

}  // namespace jm
