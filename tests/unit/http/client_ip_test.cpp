#include "http/middleware/client_ip.hpp"

#include <gtest/gtest.h>

namespace jm::http {
namespace {

std::string client_of(ClientIp& mw, std::string peer, std::vector<std::string> xff) {
  Request req;
  req.remote_ip = std::move(peer);
  for (auto& value : xff) req.raw.insert("X-Forwarded-For", value);
  mw.before(req);
  return req.remote_ip;
}

TEST(ClientIp, WithoutTrustedProxiesForwardedForIsIgnored) {
  ClientIp mw({});
  EXPECT_EQ(client_of(mw, "203.0.113.9", {"1.2.3.4"}), "203.0.113.9");
  EXPECT_EQ(client_of(mw, "::ffff:203.0.113.9", {}), "203.0.113.9");
}

TEST(ClientIp, UntrustedPeerCannotSpoofItsAddress) {
  ClientIp mw({"10.0.0.1"});
  EXPECT_EQ(client_of(mw, "203.0.113.9", {"1.2.3.4"}), "203.0.113.9");
}

TEST(ClientIp, TrustedPeerIsBelievedForTheHopBeforeIt) {
  ClientIp mw({"10.0.0.1"});
  EXPECT_EQ(client_of(mw, "10.0.0.1", {"198.51.100.7"}), "198.51.100.7");
  EXPECT_EQ(client_of(mw, "10.0.0.1", {}), "10.0.0.1");
}

TEST(ClientIp, TakesTheRightMostUntrustedAddress) {
  ClientIp mw({"10.0.0.0/8", "fd00::/8"});
  // The client wrote "6.6.6.6" itself; the proxies appended what they saw.
  EXPECT_EQ(client_of(mw, "10.0.0.1", {"6.6.6.6, 198.51.100.7, 10.0.0.2"}), "198.51.100.7");
  // Several header fields form one list.
  EXPECT_EQ(client_of(mw, "10.0.0.1", {"6.6.6.6", "198.51.100.7,10.9.9.9"}), "198.51.100.7");
  EXPECT_EQ(client_of(mw, "fd00::1", {"2001:db8::5"}), "2001:db8::5");
  // All hops trusted: the furthest one is the client.
  EXPECT_EQ(client_of(mw, "10.0.0.1", {"10.1.1.1, 10.2.2.2"}), "10.1.1.1");
}

TEST(ClientIp, ToleratesPortsAndStopsAtGarbage) {
  ClientIp mw({"10.0.0.1"});
  EXPECT_EQ(client_of(mw, "10.0.0.1", {"198.51.100.7:51234"}), "198.51.100.7");
  EXPECT_EQ(client_of(mw, "10.0.0.1", {"[2001:db8::5]:443"}), "2001:db8::5");
  EXPECT_EQ(client_of(mw, "10.0.0.1", {"unknown"}), "10.0.0.1");
  EXPECT_EQ(client_of(mw, "10.0.0.1", {"198.51.100.7, <script>"}), "10.0.0.1");
  EXPECT_EQ(client_of(mw, "10.0.0.1", {" , "}), "10.0.0.1");
}

TEST(ClientIp, Ipv4MappedPeerMatchesIpv4Proxy) {
  ClientIp mw({"127.0.0.1"});
  EXPECT_EQ(client_of(mw, "::ffff:127.0.0.1", {"198.51.100.7"}), "198.51.100.7");
}

TEST(ClientIp, RejectsBadProxyEntries) {
  EXPECT_THROW(ClientIp({"10.0.0.300"}), std::invalid_argument);
  EXPECT_THROW(ClientIp({"10.0.0.0/33"}), std::invalid_argument);
  EXPECT_THROW(ClientIp({"proxy.local"}), std::invalid_argument);
}

TEST(IpRange, Contains) {
  auto range = parse_ip_range("192.168.0.0/16");
  ASSERT_TRUE(range);
  EXPECT_TRUE(range->contains(*parse_ip("192.168.44.1")));
  EXPECT_FALSE(range->contains(*parse_ip("192.169.0.1")));
  EXPECT_FALSE(range->contains(*parse_ip("::1")));
  auto odd = parse_ip_range("10.0.0.0/12");
  EXPECT_TRUE(odd->contains(*parse_ip("10.15.255.255")));
  EXPECT_FALSE(odd->contains(*parse_ip("10.16.0.0")));
  EXPECT_TRUE(parse_ip_range("0.0.0.0/0")->contains(*parse_ip("8.8.8.8")));
  EXPECT_FALSE(parse_ip_range("10.0.0.0/"));
  EXPECT_FALSE(parse_ip_range("10.0.0.0/x"));
}

}  // namespace
}  // namespace jm::http
