#pragma once
// Unguessable identifiers from OpenSSL's CSPRNG (security/random.hpp).
#include <cstddef>
#include <string>

namespace jm {

// n random bytes as 2n lower-case hex characters.
std::string random_hex(std::size_t bytes);
// RFC 4122 version 4 UUID, e.g. "3f1c0b8e-5c1a-4b8e-9f3a-0c9d2e7b6a51".
std::string random_uuid();

}  // namespace jm
