#include "util/ip_range.hpp"

#include <charconv>
#include <string>

namespace jm {

namespace {

namespace ip = boost::asio::ip;

// Compares the first `bits` bits of two equally long byte arrays.
template <typename Bytes>
bool same_prefix(const Bytes& a, const Bytes& b, int bits) {
  std::size_t whole = static_cast<std::size_t>(bits / 8);
  for (std::size_t i = 0; i < whole; ++i) {
    if (a[i] != b[i]) return false;
  }
  int rest = bits % 8;
  if (rest == 0) return true;
  auto mask = static_cast<unsigned char>(0xFF << (8 - rest));
  return (a[whole] & mask) == (b[whole] & mask);
}

}  // namespace

std::optional<ip::address> parse_ip(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  boost::system::error_code ec;
  auto address = ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return ip::address(ip::make_address_v4(ip::v4_mapped, address.to_v6()));
  }
  return address;
}

std::optional<IpRange> parse_ip_range(std::string_view text) {
  auto slash = text.find('/');
  auto address = parse_ip(text.substr(0, slash));
  if (!address) return std::nullopt;
  int max_bits = address->is_v4() ? 32 : 128;
  int bits = max_bits;
  if (slash != std::string_view::npos) {
    auto digits = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() || bits < 0 ||
        bits > max_bits) {
      return std::nullopt;
    }
  }
  return IpRange{*address, bits};
}

bool IpRange::contains(const ip::address& address) const {
  if (address.is_v4() != network.is_v4()) return false;
  if (address.is_v4()) {
    return same_prefix(address.to_v4().to_bytes(), network.to_v4().to_bytes(), prefix_bits);
  }
  return same_prefix(address.to_v6().to_bytes(), network.to_v6().to_bytes(), prefix_bits);
}

}  // namespace jm
