#pragma once
// Accounts, sessions, GDPR and retention settings: part of Config (config.hpp), kept
// in their own header so the server options stay readable.
#include <cstdint>

namespace CLI {
class App;
}

namespace jm {

struct AccountsConfig {
  int access_token_seconds = 15 * 60;
  int refresh_token_days = 30;
  bool secure_cookies = true;  // browsers accept Secure cookies on http://localhost too
  std::uint32_t argon2_memory_kib = 19456;  // OWASP's argon2id minimum (19 MiB, t=2, p=1)
  std::uint32_t argon2_iterations = 2;
  int lockout_failures = 5;
  int lockout_window_seconds = 15 * 60;
  int lockout_seconds = 15 * 60;
  // GDPR: an export of more games than this runs as a job; its download link lives this long.
  int export_inline_max_games = 200;
  int export_ttl_hours = 24;
  // Retention (days; 0 keeps that kind forever) and how often the job runs.
  int retention_audit_days = 90;
  int retention_temporary_days = 30;
  int retention_marketing_days = 730;
  int retention_inactive_profile_days = 7 * 365;
  int retention_interval_minutes = 24 * 60;
  bool retention_dry_run = false;
};

struct Config;
// Registers the options above (with their env names) on the serve command.
void add_accounts_options(CLI::App& app, Config& config);

}  // namespace jm
