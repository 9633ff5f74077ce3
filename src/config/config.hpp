#pragma once
// The one configuration struct. Read once at start from flags and environment
// (flag wins over env, env over default) and validated before anything starts.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "config/accounts_config.hpp"
#include "config/backup_config.hpp"
#include "config/live_config.hpp"

namespace CLI {
class App;
}

namespace jm {

enum class LogFormat { json, text };

// PostgreSQL connection pool and session settings (used when DATABASE_URL is postgres://).
// Defaults are the original service's pool (min 5, max 20, idle 30 s, 7,500 uses).
struct PostgresConfig {
  std::string read_url;  // DATABASE_READ_URL: optional replica for lag-tolerant reads
  int pool_min = 5;
  int pool_max = 20;
  int idle_seconds = 30;
  int max_lifetime_seconds = 3600;
  int max_uses = 7'500;
  int writers = 1;  // group-commit writer threads, each holding a connection while it writes
  int statement_timeout_ms = 30'000;
  int connect_timeout_seconds = 10;
  bool prepared = true;  // named prepared statements; off for PgBouncer transaction mode < 1.21
  std::string application_name = "journeyman";
};

struct Config {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string database_url = "sqlite:var/journeyman.db";
  PostgresConfig pg;
  std::string redis_url;
  int threads = 0;  // 0 = one per core
  LogFormat log_format = LogFormat::text;
  std::string log_level = "info";
  bool access_log = true;
  int shutdown_grace_seconds = 10;
  std::size_t body_limit_bytes = 1024 * 1024;
  int idle_timeout_seconds = 60;  // keep-alive wait + request header read
  int read_timeout_seconds = 15;  // request body read
  std::vector<std::string> cors_origins = {"http://localhost:5173", "http://127.0.0.1:5173"};
  std::string web_root = "web/dist";
  std::string data_dir = "data/nfl";
  bool seed_on_start = true;
  AccountsConfig accounts;
  // "development" | "production". Production refuses to start without real keys
  // (security/secrets.hpp); development generates throwaway ones.
  std::string environment = "development";
  // JSON file with the signing/encryption keys (mode 0600); key values are never flags.
  std::string keys_file;
  // Rate limits: off only for benchmarks and tests that send many requests from one address.
  bool rate_limits = true;
  // Per-class rule overrides, class → "COUNT/WINDOW" (classes and defaults:
  // infra/rate_limit_config.hpp).
  std::map<std::string, std::string> rate_rules;
  // Peers (IPs or CIDR ranges) whose X-Forwarded-For is believed; empty = nobody's.
  std::vector<std::string> trusted_proxies;
  LiveConfig live;
  BackupConfig backup;

  // The SQLite file path when database_url is "sqlite:PATH".
  std::string sqlite_path() const;
  bool is_postgres() const;  // database_url is postgres:// or postgresql://
  // database_url with any password replaced by "***", for logs.
  std::string database_url_for_logs() const;
  int effective_threads() const;
  bool is_production() const { return environment == "production"; }
};

// Registers the server options (with their env names) on a CLI11 (sub)command.
void add_server_options(CLI::App& app, Config& config);
// Registers only the database options (for migrate / seed / backup commands).
void add_database_options(CLI::App& app, Config& config);

// Checks cross-field rules; returns human-readable problems (empty = valid).
std::vector<std::string> validate(const Config& config);

}  // namespace jm
