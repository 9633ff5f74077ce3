#include "http/middleware/client_ip.hpp"

#include <algorithm>
#include <stdexcept>

namespace jm::http {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Some proxies append a port: "203.0.113.7:51234" or "[2001:db8::1]:443".
std::string_view without_port(std::string_view entry) {
  if (!entry.empty() && entry.front() == '[') {
    auto close = entry.find(']');
    return close == std::string_view::npos ? entry : entry.substr(1, close - 1);
  }
  auto colon = entry.find(':');
  if (colon != std::string_view::npos && entry.find(':', colon + 1) == std::string_view::npos) {
    return entry.substr(0, colon);  // exactly one colon: IPv4 with a port
  }
  return entry;
}

}  // namespace

ClientIp::ClientIp(const std::vector<std::string>& trusted_proxies) {
  for (const auto& entry : trusted_proxies) {
    auto range = parse_ip_range(entry);
    if (!range) throw std::invalid_argument("not an IP address or CIDR range: " + entry);
    trusted_.push_back(*range);
  }
}

bool ClientIp::trusted(const boost::asio::ip::address& address) const {
  return std::any_of(trusted_.begin(), trusted_.end(),
                     [&](const IpRange& range) { return range.contains(address); });
}

std::string ClientIp::resolve(std::string_view peer, std::string_view forwarded_for) const {
  auto peer_address = parse_ip(peer);
  if (!peer_address) return std::string(peer);
  if (trusted_.empty() || !trusted(*peer_address) || trim(forwarded_for).empty()) {
    return peer_address->to_string();
  }
  // Walk from the right. Each entry was written by the hop to its right, which we trust.
  auto nearest = *peer_address;
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    auto comma = rest.rfind(',');
    auto entry = trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
    if (entry.empty()) continue;
    auto address = parse_ip(without_port(entry));
    // A trusted proxy passed on something that is not an address ("unknown", a typo):
    // the proxy is the furthest hop we can name.
    if (!address) break;
    nearest = *address;
    if (!trusted(*address)) break;
  }
  return nearest.to_string();
}

std::optional<Response> ClientIp::before(Request& req) {
  if (trusted_.empty()) {
    // The peer address the connection set stands; only an IPv4 client seen through an
    // IPv6 socket gets its usual spelling back.
    if (req.remote_ip.rfind("::ffff:", 0) == 0) req.remote_ip = resolve(req.remote_ip, {});
    return std::nullopt;
  }
  // Several X-Forwarded-For fields form one list, in order.
  std::string forwarded;
  auto [it, end] = req.raw.equal_range("X-Forwarded-For");
  for (; it != end; ++it) {
    if (!forwarded.empty()) forwarded += ',';
    forwarded.append(it->value().data(), it->value().size());
  }
  req.remote_ip = resolve(req.remote_ip, forwarded);
  return std::nullopt;
}

}  // namespace jm::http
