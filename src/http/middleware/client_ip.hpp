#pragma once
// Decides the client's address (req.remote_ip), which rate limits, logs and consent
// records use. X-Forwarded-For is believed only from configured trusted proxies:
// anyone else could write any address there and dodge per-IP limits.
#include <string>
#include <string_view>
#include <vector>

#include "http/middleware.hpp"
#include "util/ip_range.hpp"

namespace jm::http {

class ClientIp final : public Middleware {
 public:
  // Throws std::invalid_argument for an entry that is not an IP or CIDR range
  // (Config validation reports those first).
  explicit ClientIp(const std::vector<std::string>& trusted_proxies);

  std::optional<Response> before(Request& req) override;

  // The client for a TCP peer and its X-Forwarded-For list ("client, proxy1, proxy2"):
  // the peer itself unless it is trusted; otherwise the right-most listed address that
  // is not a trusted proxy (each trusted hop vouches only for the hop before it).
  std::string resolve(std::string_view peer, std::string_view forwarded_for) const;

 private:
  bool trusted(const boost::asio::ip::address& address) const;

  std::vector<IpRange> trusted_;
};

}  // namespace jm::http
