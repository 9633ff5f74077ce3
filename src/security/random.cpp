#include "security/random.hpp"

#include <openssl/rand.h>
#include <pthread.h>

#include <array>
#include <atomic>
#include <climits>
#include <cstring>
#include <stdexcept>

#include "security/encoding.hpp"

namespace jm::security {

namespace {

// RAND_bytes costs about a microsecond per call whatever the size (DRBG state, fork check,
// re-keying); a request takes several small draws (ids, nonces), so each thread draws a
// block at a time and hands it out. A fork empties every block: a child must never repeat
// bytes its parent has handed out or will hand out.
constexpr std::size_t kBlockBytes = 4096;
std::atomic<unsigned> fork_generation{0};

struct Block {
  std::array<unsigned char, kBlockBytes> bytes{};
  std::size_t used = kBlockBytes;  // empty until first use
  unsigned generation = 0;
};

void draw(unsigned char* out, std::size_t n) {
  if (n > static_cast<std::size_t>(INT_MAX)) throw std::invalid_argument("random_bytes: too many");
  if (n == 0) return;
  if (n > kBlockBytes / 4) {  // large draws go straight to the generator
    if (RAND_bytes(out, static_cast<int>(n)) != 1) throw std::runtime_error("RAND_bytes failed");
    return;
  }
  static const bool registered = [] {
    return pthread_atfork(nullptr, nullptr, [] { fork_generation.fetch_add(1); }) == 0;
  }();
  thread_local Block block;
  const unsigned generation = fork_generation.load(std::memory_order_relaxed);
  if (!registered || block.generation != generation || kBlockBytes - block.used < n) {
    if (RAND_bytes(block.bytes.data(), static_cast<int>(kBlockBytes)) != 1) {
      block.used = kBlockBytes;
      throw std::runtime_error("RAND_bytes failed");
    }
    block.used = 0;
    block.generation = generation;
  }
  unsigned char* from = block.bytes.data() + block.used;
  std::memcpy(out, from, n);
  std::memset(from, 0, n);  // handed out: not kept in memory
  block.used += n;
}

}  // namespace

void fill_random(void* out, std::size_t n) {
  draw(static_cast<unsigned char*>(out), n);
}

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  draw(reinterpret_cast<unsigned char*>(out.data()), n);
  return out;
}

std::string random_token(std::size_t nbytes) {
  return base64url_encode(random_bytes(nbytes));
}

}  // namespace jm::security
