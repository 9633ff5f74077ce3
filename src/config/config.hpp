#pragma once
// The one configuration struct. Read once at start from flags and environment
// (flag wins over env, env over default) and validated before anything starts.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "config/accounts_config.hpp"

namespace CLI {
class App;
}

namespace jm {

enum class LogFormat { json, text };

struct Config {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string database_url = "sqlite:var/journeyman.db";
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

  // The SQLite file path when database_url is "sqlite:PATH".
  std::string sqlite_path() const;
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
