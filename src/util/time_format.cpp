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

}  // namespace jm
