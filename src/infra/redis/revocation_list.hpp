#pragma once
// Access-token revocation seen by every instance at once. Access tokens are short-lived
// JWTs checked without a store look-up; the store stays authoritative for refresh tokens,
// and this list closes the gap until an access token expires:
//   - logout revokes the access token presented with it (its jti, until its exp);
//   - a replayed refresh token (a stolen family) revokes every access token the user was
//     issued before now (a cutoff on iat, kept as long as an access token lives).
// Entries are Redis keys (jm:revoked:jti:<jti>, jm:revoked:user:<sub>) expiring when they
// stop mattering, announced on a channel so each instance adds them to its in-memory set,
// and reloaded (SCAN) after every reconnect for what was missed while Redis was away.
// is_revoked() is an in-memory look-up: no round trip on the request path.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "infra/metrics.hpp"
#include "infra/redis/redis_client.hpp"
#include "security/jwt.hpp"
#include "util/clock.hpp"

namespace jm::infra {

class RevocationList {
 public:
  // `subscriber` must not be started yet. Everything passed in must outlive this object.
  RevocationList(RedisClient& commands, RedisClient& subscriber, const Clock& clock,
                 Counter& fallbacks, std::string prefix = "jm:");

  // The token with this jti is refused until `expires_at_s` (its exp).
  void revoke_token(const std::string& jti, std::int64_t expires_at_s);
  // Tokens of `sub` issued before `cutoff_s` are refused until `until_s`.
  void revoke_user_before(const std::string& sub, std::int64_t cutoff_s, std::int64_t until_s);

  bool is_revoked(const security::AccessClaims& claims) const;
  std::size_t size() const;

 private:
  struct Entry {
    std::int64_t value = 0;    // exp (jti) or cutoff (user), Unix seconds
    std::int64_t until_s = 0;  // when the entry stops mattering
  };
  // "jti:<id>" or "user:<sub>" → entry; applied from here, the channel or a reload.
  void apply(const std::string& id, Entry entry);
  void store(const std::string& id, Entry entry);
  void reload(std::string cursor);
  void on_message(const std::string& payload);

  RedisClient& commands_;
  const Clock& clock_;
  Counter& fallbacks_;
  std::string prefix_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::size_t applied_since_prune_ = 0;
};

}  // namespace jm::infra
