#pragma once
// Row counts and content checksums of tables, computed the same way on SQLite and
// PostgreSQL so a restore can be verified against the manifest written at backup time.
//
// A row is serialised column by column as "N" (NULL) or "V<length>:<text>" (the value
// as the database renders it as text), and hashed with SHA-256. A table's checksum is
// the SHA-256 of its row digests sorted, so it does not depend on the order the
// database returns rows in, and two tables agree only if they hold the same multiset
// of rows. The text rendering differs between dialects (booleans, JSON spacing), so a
// checksum is compared only with one of the same store kind.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jm::store::backup {

struct TableDigest {
  std::string name;
  std::int64_t rows = 0;
  std::string sha256;  // hex
  bool operator==(const TableDigest&) const = default;
};

// Streaming SHA-256 (the backup files are too large to hash in one piece).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view data);
  std::string hex();  // finishes; the object may not be updated afterwards

 private:
  void* ctx_;  // EVP_MD_CTX
};

// The SHA-256 of a file's bytes, hex. Throws std::runtime_error when it cannot be read.
std::string file_sha256(const std::string& path);

// Accumulates the rows of one table.
class TableHasher {
 public:
  explicit TableHasher(std::string name) : name_(std::move(name)) {}
  void begin_row() { row_.clear(); }
  void add_value(std::optional<std::string_view> value);
  void end_row();
  TableDigest finish();

 private:
  std::string name_;
  std::string row_;
  std::vector<std::string> row_digests_;  // raw 32-byte digests
};

}  // namespace jm::store::backup
