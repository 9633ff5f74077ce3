#include "security/file_seal.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace jm::security {

namespace {

using Stream = crypto_secretstream_xchacha20poly1305_state;
constexpr std::string_view kMagic = "JMSEAL1\n";
constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kMaxRecord = kChunk + crypto_secretstream_xchacha20poly1305_ABYTES;
constexpr std::uint64_t kFileKeyId = 1;  // the KDF subkey id of sealed files
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "jmfiles1";

void init_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::array<unsigned char, crypto_secretstream_xchacha20poly1305_KEYBYTES> file_key(
    const std::string& field_key) {
  if (field_key.size() != crypto_kdf_KEYBYTES) {
    throw std::invalid_argument("a file sealing key must be 32 bytes");
  }
  std::array<unsigned char, crypto_secretstream_xchacha20poly1305_KEYBYTES> key{};
  crypto_kdf_derive_from_key(key.data(), key.size(), kFileKeyId, kKdfContext,
                             reinterpret_cast<const unsigned char*>(field_key.data()));
  return key;
}

// The authenticated prefix: magic, key id length, key id.
std::string prefix_of(const std::string& key_id) {
  std::string p(kMagic);
  p.push_back(static_cast<char>(key_id.size()));
  p += key_id;
  return p;
}

// A file opened for writing with mode 0600 (an existing one is truncated).
class OutFile {
 public:
  explicit OutFile(const std::string& path)
      : path_(path), fd_(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) {
    if (fd_ < 0) fail("cannot create");
    if (::fchmod(fd_, 0600) != 0) fail("cannot restrict");  // O_TRUNC keeps an old mode
  }
  ~OutFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  OutFile(const OutFile&) = delete;
  OutFile& operator=(const OutFile&) = delete;

  void write(const void* data, std::size_t n) {
    const auto* p = static_cast<const char*>(data);
    while (n > 0) {
      const auto w = ::write(fd_, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) fail("cannot write");
      p += w;
      n -= static_cast<std::size_t>(w);
    }
  }
  // Flushed to the disk before the caller renames or reports it.
  void close() {
    if (::fsync(fd_) != 0) fail("cannot sync");
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail("cannot close");
  }

 private:
  [[noreturn]] void fail(const char* what) const {
    throw std::runtime_error(std::string(what) + " " + path_ + ": " + std::strerror(errno));
  }
  std::string path_;
  int fd_;
};

std::ifstream open_input(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return in;
}

// Reads exactly n bytes; false at a clean end of file before the first byte.
bool read_exactly(std::ifstream& in, void* out, std::size_t n, const std::string& path) {
  in.read(static_cast<char*>(out), static_cast<std::streamsize>(n));
  const auto got = static_cast<std::size_t>(in.gcount());
  if (got == n) return true;
  if (got == 0 && in.eof()) return false;
  throw std::runtime_error(path + " is cut off (a sealed file must end with its final chunk)");
}

}  // namespace

bool is_sealed_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(kMagic.size(), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  return in.gcount() == static_cast<std::streamsize>(kMagic.size()) && head == kMagic;
}

std::string seal_file(const KeyRing& ring, const std::string& in_path,
                      const std::string& out_path) {
  init_sodium();
  const auto found = ring.keys.find(ring.current_id);
  if (found == ring.keys.end() || !is_valid_key_id(ring.current_id)) {
    throw std::invalid_argument("no current field key to seal files with");
  }
  const auto key = file_key(found->second);
  const std::string prefix = prefix_of(ring.current_id);

  auto in = open_input(in_path);
  OutFile out(out_path);
  Stream state;
  std::array<unsigned char, crypto_secretstream_xchacha20poly1305_HEADERBYTES> header{};
  crypto_secretstream_xchacha20poly1305_init_push(&state, header.data(), key.data());
  out.write(prefix.data(), prefix.size());
  out.write(header.data(), header.size());

  std::vector<char> plain(kChunk);
  std::vector<unsigned char> sealed(kMaxRecord);
  bool first = true;
  for (;;) {
    in.read(plain.data(), static_cast<std::streamsize>(plain.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    if (in.bad()) throw std::runtime_error("cannot read " + in_path);
    const bool last = in.eof();
    unsigned long long sealed_len = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &state, sealed.data(), &sealed_len, reinterpret_cast<const unsigned char*>(plain.data()), n,
        first ? reinterpret_cast<const unsigned char*>(prefix.data()) : nullptr,
        first ? prefix.size() : 0,
        last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
             : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
    first = false;
    const std::array<unsigned char, 4> length = {
        static_cast<unsigned char>(sealed_len >> 24), static_cast<unsigned char>(sealed_len >> 16),
        static_cast<unsigned char>(sealed_len >> 8), static_cast<unsigned char>(sealed_len)};
    out.write(length.data(), length.size());
    out.write(sealed.data(), static_cast<std::size_t>(sealed_len));
    if (last) break;
  }
  out.close();
  sodium_memzero(&state, sizeof state);
  return ring.current_id;
}

void open_sealed_file(const KeyRing& ring, const std::string& in_path,
                      const std::string& out_path) {
  init_sodium();
  auto in = open_input(in_path);
  // Magic, id length and id: anything short or off here is not a sealed file at all.
  auto read_prefix = [&](void* out, std::size_t n) {
    in.read(static_cast<char*>(out), static_cast<std::streamsize>(n));
    return in.gcount() == static_cast<std::streamsize>(n);
  };
  std::string magic(kMagic.size(), '\0');
  unsigned char id_size = 0;
  std::string key_id;
  if (read_prefix(magic.data(), magic.size()) && magic == kMagic && read_prefix(&id_size, 1)) {
    key_id.assign(id_size, '\0');
  }
  if (key_id.empty() || !read_prefix(key_id.data(), key_id.size()) || !is_valid_key_id(key_id)) {
    throw std::runtime_error(in_path + " is not a sealed file");
  }
  const auto found = ring.keys.find(key_id);
  if (found == ring.keys.end()) {
    throw std::runtime_error(in_path + " was sealed with field key '" + key_id +
                             "', which the configured key ring does not hold");
  }
  const auto key = file_key(found->second);
  const std::string prefix = prefix_of(key_id);

  std::array<unsigned char, crypto_secretstream_xchacha20poly1305_HEADERBYTES> header{};
  if (!read_exactly(in, header.data(), header.size(), in_path)) {
    throw std::runtime_error(in_path + " is cut off (a sealed file must end with its final chunk)");
  }
  Stream state;
  if (crypto_secretstream_xchacha20poly1305_init_pull(&state, header.data(), key.data()) != 0) {
    throw std::runtime_error(in_path + " has a damaged header");
  }
  OutFile out(out_path);
  std::vector<unsigned char> sealed(kMaxRecord), plain(kChunk);
  bool first = true;
  for (;;) {
    std::array<unsigned char, 4> length{};
    if (!read_exactly(in, length.data(), length.size(), in_path)) {
      throw std::runtime_error(in_path +
                               " is cut off (a sealed file must end with its final chunk)");
    }
    const std::size_t n = (std::size_t{length[0]} << 24) | (std::size_t{length[1]} << 16) |
                          (std::size_t{length[2]} << 8) | std::size_t{length[3]};
    if (n < crypto_secretstream_xchacha20poly1305_ABYTES || n > kMaxRecord ||
        !read_exactly(in, sealed.data(), n, in_path)) {
      throw std::runtime_error(in_path + " is damaged (a chunk has an impossible length)");
    }
    unsigned long long plain_len = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(
            &state, plain.data(), &plain_len, &tag, sealed.data(), n,
            first ? reinterpret_cast<const unsigned char*>(prefix.data()) : nullptr,
            first ? prefix.size() : 0) != 0) {
      throw std::runtime_error(in_path +
                               " does not open: altered, or sealed with another key of that id");
    }
    first = false;
    out.write(plain.data(), static_cast<std::size_t>(plain_len));
    if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) break;
  }
  char extra = 0;
  if (in.read(&extra, 1); in.gcount() != 0) {
    throw std::runtime_error(in_path + " has bytes after its final chunk");
  }
  out.close();
  sodium_memzero(&state, sizeof state);
}

}  // namespace jm::security
