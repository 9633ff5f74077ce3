#include "config/accounts_config.hpp"

#include <CLI/CLI.hpp>

#include "config/config.hpp"

namespace jm {

namespace {

template <class T>
void number(CLI::App& app, const char* flag, T& value, const char* env, const char* help, T min,
            T max) {
  app.add_option(flag, value, help)
      ->envname(env)
      ->check(CLI::Range(min, max))
      ->capture_default_str();
}

}  // namespace

void add_accounts_options(CLI::App& app, Config& config) {
  auto& a = config.accounts;
  number(app, "--access-token-seconds", a.access_token_seconds, "JOURNEYMAN_ACCESS_TOKEN_SECONDS",
         "Lifetime of a JWT access token", 30, 24 * 3600);
  number(app, "--refresh-token-days", a.refresh_token_days, "JOURNEYMAN_REFRESH_TOKEN_DAYS",
         "Lifetime of a refresh token (cookie)", 1, 365);
  app.add_option_function<std::string>(
         "--secure-cookies", [&a](const std::string& v) { a.secure_cookies = v == "on"; },
         "Mark auth cookies Secure: on | off (default on; off only for plain-HTTP hosts)")
      ->envname("JOURNEYMAN_SECURE_COOKIES")
      ->check(CLI::IsMember({"on", "off"}));
  number(app, "--argon2-memory-kib", a.argon2_memory_kib, "JOURNEYMAN_ARGON2_MEMORY_KIB",
         "argon2id memory cost for new password hashes", 256u, 1024u * 1024u);
  number(app, "--argon2-iterations", a.argon2_iterations, "JOURNEYMAN_ARGON2_ITERATIONS",
         "argon2id time cost for new password hashes", 1u, 16u);
  number(app, "--lockout-failures", a.lockout_failures, "JOURNEYMAN_LOCKOUT_FAILURES",
         "Failed logins that lock an account", 1, 100);
  number(app, "--lockout-window", a.lockout_window_seconds, "JOURNEYMAN_LOCKOUT_WINDOW",
         "Seconds in which failed logins are counted", 1, 24 * 3600);
  number(app, "--lockout-seconds", a.lockout_seconds, "JOURNEYMAN_LOCKOUT_SECONDS",
         "How long a locked account stays locked", 1, 24 * 3600);
  number(app, "--export-inline-max-games", a.export_inline_max_games,
         "JOURNEYMAN_EXPORT_INLINE_MAX_GAMES",
         "A personal-data export with more games runs as a job", 0, 1'000'000);
  number(app, "--export-ttl-hours", a.export_ttl_hours, "JOURNEYMAN_EXPORT_TTL_HOURS",
         "How long a finished export can be downloaded", 1, 24 * 30);
  number(app, "--retention-audit-days", a.retention_audit_days, "JOURNEYMAN_RETENTION_AUDIT_DAYS",
         "Keep audit-log rows this many days (0 = forever)", 0, 36500);
  number(app, "--retention-temporary-days", a.retention_temporary_days,
         "JOURNEYMAN_RETENTION_TEMPORARY_DAYS", "Keep finished jobs this many days (0 = forever)",
         0, 36500);
  number(app, "--retention-marketing-days", a.retention_marketing_days,
         "JOURNEYMAN_RETENTION_MARKETING_DAYS",
         "Keep marketing consent records this many days (0 = forever)", 0, 36500);
  number(app, "--retention-inactive-profile-days", a.retention_inactive_profile_days,
         "JOURNEYMAN_RETENTION_INACTIVE_PROFILE_DAYS",
         "Erase visitor profiles inactive this many days (0 = never)", 0, 36500);
  number(app, "--retention-interval-minutes", a.retention_interval_minutes,
         "JOURNEYMAN_RETENTION_INTERVAL_MINUTES", "How often the retention job runs", 1,
         7 * 24 * 60);
  app.add_option_function<std::string>(
         "--retention-dry-run", [&a](const std::string& v) { a.retention_dry_run = v == "on"; },
         "Only report what retention would delete: on | off (default off)")
      ->envname("JOURNEYMAN_RETENTION_DRY_RUN")
      ->check(CLI::IsMember({"on", "off"}));
}

}  // namespace jm
