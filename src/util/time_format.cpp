#include "util/time_format.hpp"

#include "util/civil_time.hpp"

namespace jm {

std::string format_iso8601_ms(std::int64_t epoch_ms) {
  const std::int64_t day = day_of(epoch_ms);
  const auto date = civil_from_days(day);
  std::int64_t ms_of_day = epoch_ms - day * kMsPerDay;
  const int millis = static_cast<int>(ms_of_day % 1000);
  const int secs = static_cast<int>(ms_of_day / 1000);
  // Fixed-width digits written by hand: this runs on every request that carries a time.
  char buf[] = "0000-00-00T00:00:00.000Z";
  auto put = [&buf](int pos, int width, int value) {
    for (int i = width - 1; i >= 0; --i, value /= 10)
      buf[pos + i] = static_cast<char>('0' + value % 10);
  };
  put(0, 4, date.year);
  put(5, 2, static_cast<int>(date.month));
  put(8, 2, static_cast<int>(date.day));
  put(11, 2, secs / 3600);
  put(14, 2, secs / 60 % 60);
  put(17, 2, secs % 60);
  put(20, 3, millis);
  return std::string(buf, sizeof buf - 1);
}

namespace {

// Reads `width` digits at `pos`; -1 when any is not a digit.
int digits(std::string_view s, std::size_t pos, std::size_t width) {
  if (pos + width > s.size()) return -1;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

}  // namespace

std::optional<std::int64_t> parse_iso8601_ms(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1) return std::nullopt;
  auto day = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  auto back = civil_from_days(day);
  if (back.day != static_cast<unsigned>(d) || back.month != static_cast<unsigned>(mo)) {
    return std::nullopt;  // e.g. 2025-02-30
  }
  std::int64_t ms = day * kMsPerDay;
  if (s.size() == 10) return ms;
  if (s.size() < 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s.back() != 'Z') {
    return std::nullopt;
  }
  int h = digits(s, 11, 2), mi = digits(s, 14, 2), sec = digits(s, 17, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return std::nullopt;
  ms += (h * 3600LL + mi * 60 + sec) * 1000;
  std::size_t frac_len = s.size() - 20;  // between "SS" and "Z", including the '.'
  if (frac_len == 0) return ms;
  if (s[19] != '.' || frac_len < 2 || frac_len > 4) return std::nullopt;
  int frac = digits(s, 20, frac_len - 1);
  if (frac < 0) return std::nullopt;
  for (std::size_t i = frac_len - 1; i < 3; ++i) frac *= 10;
  return ms + frac;
}

}  // namespace jm
