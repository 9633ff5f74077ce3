#pragma once
// A PiiCodec that keeps text as it is: for tests, tools and stores opened without an
// encryption key. It still indexes e-mails (unkeyed SHA-256), so look-ups work the same
// way as with the real codec; the server passes the AES-GCM codec from security/.
#include <string>
#include <string_view>

#include "store/account_types.hpp"

namespace jm::store {

class PlainPiiCodec final : public PiiCodec {
 public:
  std::string seal(std::string_view plain) const override { return std::string(plain); }
  std::string open(std::string_view stored) const override { return std::string(stored); }
  // Nothing this codec writes is an envelope, and it could not open another codec's
  // envelopes anyway, so there is never anything to re-seal.
  bool is_current(std::string_view) const override { return true; }
  // "sha256:" + lower-case hex SHA-256 of the e-mail.
  std::string blind_index(std::string_view email) const override;
};

}  // namespace jm::store
