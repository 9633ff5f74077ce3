#include "store/sqlite/uuid.hpp"

#include <openssl/rand.h>

#include <array>
#include <cstdint>
#include <random>

namespace jm::store::sqlite {

std::string make_uuid_v4() {
  std::array<unsigned char, 16> b{};
  if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) {
    // OpenSSL's CSPRNG failing is near impossible; random_device is still fine for ids
    // that only need to be unique and unguessable-ish, not secret.
    std::random_device rd;
    for (auto& byte : b) byte = static_cast<unsigned char>(rd() & 0xFF);
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 0x0F]);
  }
  return out;
}

}  // namespace jm::store::sqlite
