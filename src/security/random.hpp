#pragma once
// Secret random material from OpenSSL's CSPRNG (seeded by the OS).
#include <cstddef>
#include <string>

namespace jm::security {

// n raw random bytes; throws std::runtime_error if the generator fails (never weak bytes).
std::string random_bytes(std::size_t n);
// The same into out[0, n).
void fill_random(void* out, std::size_t n);
// nbytes random bytes as unpadded base64url: an opaque token safe in URLs and cookies.
std::string random_token(std::size_t nbytes = 32);

}  // namespace jm::security
