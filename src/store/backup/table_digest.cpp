#include "store/backup/table_digest.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace jm::store::backup {

namespace {

std::string to_hex(const unsigned char* data, unsigned len) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned i = 0; i < len; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 0xF]);
  }
  return out;
}

std::string raw_sha256(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  return std::string(reinterpret_cast<const char*>(md), len);
}

}  // namespace

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  if (!ctx_ || EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), EVP_sha256(), nullptr) != 1) {
    EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_));
    throw std::runtime_error("SHA-256 unavailable");
  }
}

Sha256::~Sha256() {
  EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_));
}

void Sha256::update(std::string_view data) {
  if (EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), data.data(), data.size()) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
}

std::string Sha256::hex() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  if (EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), md, &len) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  return to_hex(md, len);
}

std::string file_sha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read '" + path + "'");
  Sha256 sha;
  std::string buffer(1 << 16, '\0');
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    sha.update(std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())));
  }
  if (in.bad()) throw std::runtime_error("cannot read '" + path + "'");
  return sha.hex();
}

void TableHasher::add_value(std::optional<std::string_view> value) {
  if (!value) {
    row_.push_back('N');
    return;
  }
  row_.push_back('V');
  row_.append(std::to_string(value->size()));
  row_.push_back(':');
  row_.append(*value);
}

void TableHasher::end_row() {
  row_digests_.push_back(raw_sha256(row_));
}

TableDigest TableHasher::finish() {
  std::sort(row_digests_.begin(), row_digests_.end());
  Sha256 sha;
  for (const auto& d : row_digests_) sha.update(d);
  return {name_, static_cast<std::int64_t>(row_digests_.size()), sha.hex()};
}

}  // namespace jm::store::backup
