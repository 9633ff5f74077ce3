#pragma once
// IP addresses and CIDR ranges, for deciding which peers are trusted proxies.
#include <boost/asio/ip/address.hpp>
#include <optional>
#include <string_view>

namespace jm {

// A plain IPv4 or IPv6 address; an IPv4-mapped IPv6 address ("::ffff:10.0.0.1") comes
// back as IPv4 so the same client has one spelling whichever socket family saw it.
std::optional<boost::asio::ip::address> parse_ip(std::string_view text);

// "10.0.0.1" (one address) or "10.0.0.0/8", "fd00::/8" (a range).
struct IpRange {
  boost::asio::ip::address network;
  int prefix_bits = 0;

  bool contains(const boost::asio::ip::address& address) const;
};

std::optional<IpRange> parse_ip_range(std::string_view text);

}  // namespace jm
