#include "infra/rate_limit_config.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>

namespace jm::infra {

namespace {

constexpr std::int64_t kMaxCount = 1'000'000;
constexpr std::int64_t kMaxWindowMs = 7LL * 24 * 3600 * 1000;

std::optional<std::int64_t> parse_positive(std::string_view digits, std::int64_t max) {
  if (digits.empty() || digits.size() > 9 || digits[0] == '0') return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc{} || end != digits.data() + digits.size() || value < 1 || value > max) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> unit_ms(char unit) {
  switch (unit) {
    case 's':
      return 1000;
    case 'm':
      return 60'000;
    case 'h':
      return 3'600'000;
    case 'd':
      return 86'400'000;
    default:
      return std::nullopt;
  }
}

const RateClass* find_class(std::string_view name) {
  auto it = std::find_if(kRateClasses.begin(), kRateClasses.end(),
                         [name](const RateClass& c) { return c.name == name; });
  return it == kRateClasses.end() ? nullptr : &*it;
}

std::string bad_rule_message(std::string_view rate_class, const std::string& value) {
  return rate_env_name(rate_class) +
         ": expected COUNT/WINDOW such as 100/15m, 3/2s or 3/1h, got '" + value + "'";
}

}  // namespace

std::optional<RateRule> parse_rate_rule(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos || text.size() < slash + 3) return std::nullopt;
  auto count = parse_positive(text.substr(0, slash), kMaxCount);
  auto window = text.substr(slash + 1);
  auto unit = unit_ms(window.back());
  auto amount = parse_positive(window.substr(0, window.size() - 1), kMaxWindowMs);
  if (!count || !unit || !amount || *amount > kMaxWindowMs / *unit) return std::nullopt;
  return RateRule{static_cast<int>(*count), *amount * *unit};
}

std::string rate_env_name(std::string_view rate_class) {
  std::string name = "JOURNEYMAN_RATE_";
  for (char c : rate_class)
    name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return name;
}

std::string rate_flag_name(std::string_view rate_class) {
  std::string name = "--rate-";
  for (char c : rate_class) name.push_back(c == '_' ? '-' : c);
  return name;
}

std::vector<std::string> validate_rate_limits(const Config& config) {
  std::vector<std::string> problems;
  for (const auto& [name, value] : config.rate_rules) {
    if (!find_class(name)) {
      problems.push_back("rate limit class '" + name + "' does not exist");
    } else if (!parse_rate_rule(value)) {
      problems.push_back(bad_rule_message(name, value));
    }
  }
  return problems;
}

RateLimitTable RateLimitTable::from_config(const Config& config) {
  RateLimitTable table;
  table.enabled_ = config.rate_limits;
  for (const auto& rate_class : kRateClasses) {
    auto override_it = config.rate_rules.find(std::string(rate_class.name));
    std::string text = override_it == config.rate_rules.end() ? std::string(rate_class.default_rule)
                                                              : override_it->second;
    auto rule = parse_rate_rule(text);
    if (!rule) throw std::invalid_argument(bad_rule_message(rate_class.name, text));
    table.rules_.emplace(std::string(rate_class.name), *rule);
  }
  for (const auto& [name, value] : config.rate_rules) {
    if (!find_class(name))
      throw std::invalid_argument("rate limit class '" + name + "' does not exist");
  }
  return table;
}

bool RateLimitTable::known(std::string_view rate_class) {
  return rate_class == kUnlimitedClass || find_class(rate_class) != nullptr;
}

std::optional<RateRule> RateLimitTable::rule(std::string_view rate_class) const {
  if (!enabled_) return std::nullopt;
  auto it = rules_.find(rate_class);
  if (it == rules_.end()) return std::nullopt;
  return it->second;
}

}  // namespace jm::infra
