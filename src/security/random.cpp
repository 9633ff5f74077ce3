#include "security/random.hpp"

#include <openssl/rand.h>

#include <climits>
#include <stdexcept>

#include "security/encoding.hpp"

namespace jm::security {

std::string random_bytes(std::size_t n) {
  if (n > static_cast<std::size_t>(INT_MAX)) throw std::invalid_argument("random_bytes: too many");
  std::string out(n, '\0');
  if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return out;
}

std::string random_token(std::size_t nbytes) {
  return base64url_encode(random_bytes(nbytes));
}

}  // namespace jm::security
