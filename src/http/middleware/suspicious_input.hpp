#pragma once
// Scans each request's decoded URL, User-Agent and body for attack patterns
// (infra/suspicious_input.hpp). Every finding is logged as a `suspicious_request`
// event and counted; high and critical findings block the request with 400.
#include <array>
#include <atomic>
#include <cstdint>

#include "http/middleware.hpp"
#include "infra/metric_hooks.hpp"
#include "infra/suspicious_input.hpp"

namespace jm::http {

class SuspiciousInput final : public Middleware {
 public:
  std::optional<Response> before(Request& req) override;

  // Findings of a severity since start, and requests blocked (for metrics).
  std::uint64_t findings(infra::Severity severity) const;
  std::uint64_t blocked() const { return blocked_.load(std::memory_order_relaxed); }

 private:
  std::array<std::atomic<std::uint64_t>, 4> findings_{};
  // The /metrics counter of each severity, looked up once (the registry look-up locks).
  std::array<infra::Counter*, 4> findings_metric_{
      &infra::suspicious_requests("low"), &infra::suspicious_requests("medium"),
      &infra::suspicious_requests("high"), &infra::suspicious_requests("critical")};
  std::atomic<std::uint64_t> blocked_{0};
};

}  // namespace jm::http
