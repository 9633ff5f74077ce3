#include "infra/process_metrics.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <limits>

namespace jm::infra {

std::optional<std::uint64_t> resident_memory_bytes() {
  // statm: "size resident shared text lib data dt", in pages. Plain read(2): this runs on
  // every scrape and needs no stream machinery.
  int fd = ::open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::array<char, 128> buf{};
  auto n = ::read(fd, buf.data(), buf.size() - 1);
  ::close(fd);
  if (n <= 0) return std::nullopt;
  unsigned long long size_pages = 0, resident_pages = 0;
  if (std::sscanf(buf.data(), "%llu %llu", &size_pages, &resident_pages) != 2) return std::nullopt;
  long page = ::sysconf(_SC_PAGESIZE);
  if (page <= 0) return std::nullopt;
  return static_cast<std::uint64_t>(resident_pages) * static_cast<std::uint64_t>(page);
}

std::vector<CallbackRegistration> register_process_metrics(const Clock& clock,
                                                           std::int64_t started_at_ms,
                                                           Registry& registry) {
  registry
      .gauge("journeyman_build_info", "Always 1; the label carries the running version.",
             {"version"})
      .labels({JOURNEYMAN_VERSION})
      .set(1);
  registry
      .gauge("journeyman_process_start_time_seconds",
             "When the server started, in seconds since the Unix epoch.")
      .get()
      .set(static_cast<double>(started_at_ms) / 1000.0);

  std::vector<CallbackRegistration> out;
  out.push_back(registry.callback(MetricType::gauge, "journeyman_uptime_seconds",
                                  "Seconds since the server started.", [&clock, started_at_ms] {
                                    return static_cast<double>(clock.now_ms() - started_at_ms) /
                                           1000.0;
                                  }));
  out.push_back(registry.callback(MetricType::gauge, "journeyman_process_resident_memory_bytes",
                                  "Resident memory of the process (from /proc/self/statm).", [] {
                                    auto bytes = resident_memory_bytes();
                                    return bytes ? static_cast<double>(*bytes)
                                                 : std::numeric_limits<double>::quiet_NaN();
                                  }));
  return out;
}

}  // namespace jm::infra
