#pragma once
// REDIS_URL: redis://[[user]:password@]host[:port][/db]. rediss:// (TLS) is refused with
// a clear message: hiredis 0.14, the version Debian ships, has no TLS.
#include <optional>
#include <string>
#include <string_view>

namespace jm::infra {

struct RedisUrl {
  std::string host;
  int port = 6379;
  std::string password;  // empty = no AUTH
  int db = 0;

  // redis://host:port/db with any password replaced by "***", for logs.
  std::string for_logs() const;
};

struct RedisUrlParse {
  std::optional<RedisUrl> url;
  std::string error;  // set when url is empty: what is wrong, without the password
};

RedisUrlParse parse_redis_url(std::string_view text);

}  // namespace jm::infra
