#pragma once
// Route classes for rate limiting and their default rules. A route names its class
// (RouteOptions::rate_class); each class's rule can be overridden by the env variable
// JOURNEYMAN_RATE_<CLASS> (or the flag --rate-<class>) with a value like "100/15m".
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "infra/rate_limiter.hpp"

namespace jm::infra {

// The class of routes that are never limited: health, readiness, metrics, static files.
inline constexpr std::string_view kUnlimitedClass = "none";

struct RateClass {
  std::string_view name;          // as used in RouteOptions::rate_class
  std::string_view default_rule;  // "COUNT/WINDOW"
  std::string_view applies_to;    // for --help and the README
};

// Every limited class. The numbers are the original system's (§4.2 of the inventory)
// except `game` and `submit`, which it did not have:
//  - game: a daily game is at most ~40 requests (start, guesses, hints, finish, name
//    search while typing); practice chains many rounds. 600 per 15 min (a burst of 600,
//    then 40/min sustained) never stops real play but stops scripted harvesting.
//  - submit: the original's game-result paths. 20 per 15 min is far above one person
//    finishing games and low enough that 25 rapid submissions from one address hit 429.
//  - analytics: the original's analytics service allowed 20 per minute; a dashboard polls
//    several panels, and several analysts may share one address, so 120.
inline constexpr std::array<RateClass, 12> kRateClasses = {{
    {"general", "100/15m", "/api/* routes without a more specific class"},
    {"strict", "10/15m", "admin and analytics"},
    {"auth", "5/15m", "login, register, refresh"},
    {"submit", "20/15m", "/save-player, /api/game-data, /batch-upload"},
    {"game", "600/15m", "game play, puzzles, player search, leaderboards"},
    {"gdpr_export", "5/1m", "GDPR export"},
    {"gdpr_delete", "3/1h", "GDPR erasure"},
    {"consent_read", "30/1m", "reading consents"},
    {"consent_write", "20/1m", "recording consents"},
    {"consent_delete", "10/1m", "withdrawing consents"},
    {"crypto", "50/1m", "/api/encrypt, /api/decrypt"},
    {"analytics", "120/1m",
     "/api/v1/analytics/*, the original's analytics pages and /export-analytics"},
}};

// "100/15m", "3/2s", "50/1m", "3/1h", "1000/1d": COUNT (1..1000000) per WINDOW (a
// positive number with unit s, m, h or d; at most 7 days). Nothing else is accepted.
std::optional<RateRule> parse_rate_rule(std::string_view text);

// "JOURNEYMAN_RATE_GDPR_EXPORT" for "gdpr_export".
std::string rate_env_name(std::string_view rate_class);
// "--rate-gdpr-export" for "gdpr_export".
std::string rate_flag_name(std::string_view rate_class);

// Problems with the rate-limit settings of a Config (each naming its variable).
std::vector<std::string> validate_rate_limits(const Config& config);

// The rules in force: defaults with the Config's overrides applied.
class RateLimitTable {
 public:
  // Throws std::invalid_argument for a value validate_rate_limits would reject.
  static RateLimitTable from_config(const Config& config);

  bool enabled() const { return enabled_; }
  // True for every class in kRateClasses and for kUnlimitedClass.
  static bool known(std::string_view rate_class);
  // The rule for a class; nullopt when the class is unlimited or limits are off.
  std::optional<RateRule> rule(std::string_view rate_class) const;

 private:
  bool enabled_ = true;
  std::map<std::string, RateRule, std::less<>> rules_;
};

}  // namespace jm::infra
