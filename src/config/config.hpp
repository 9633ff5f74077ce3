#pragma once
// The one configuration struct. Read once at start from flags and environment
// (flag wins over env, env over default) and validated before anything starts.
#include <cstdint>
#include <string>
#include <vector>

#include "config/live_config.hpp"

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
  LiveConfig live;

  // The SQLite file path when database_url is "sqlite:PATH".
  std::string sqlite_path() const;
  int effective_threads() const;
};

// Registers the server options (with their env names) on a CLI11 (sub)command.
void add_server_options(CLI::App& app, Config& config);
// Registers only the database options (for migrate / seed / backup commands).
void add_database_options(CLI::App& app, Config& config);

// Checks cross-field rules; returns human-readable problems (empty = valid).
std::vector<std::string> validate(const Config& config);

}  // namespace jm
