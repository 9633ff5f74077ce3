// Sealed files (backups at rest): round trips of every chunking edge, the key id in the
// file and rotation, and every way a stored file can go wrong failing to open.
#include "security/file_seal.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "secrets_test_support.hpp"
#include "security/random.hpp"

namespace jm::security {
namespace {

using secrets_test::file_mode;
using secrets_test::TempDir;

constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kPrefix = 8 + 1 + 2;  // magic, id length, "k1"
constexpr std::size_t kHeader = 24;
constexpr std::size_t kRecordOverhead = 4 + 17;  // length, secretstream tag + MAC

KeyRing ring_with(const std::string& current, const std::map<std::string, std::string>& keys) {
  return KeyRing{current, keys};
}

const std::string kKey1 = std::string(32, '\x01');
const std::string kKey2 = std::string(32, '\x02');

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_all(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

class FileSeal : public ::testing::Test {
 protected:
  TempDir dir;
  KeyRing ring = ring_with("k1", {{"k1", kKey1}});
  std::string plain = dir.file("plain"), sealed = dir.file("sealed"), opened = dir.file("opened");

  // Seals `content`; returns the sealed bytes.
  std::string seal(const std::string& content) {
    write_all(plain, content);
    EXPECT_EQ(seal_file(ring, plain, sealed), "k1");
    return read_all(sealed);
  }
  // The message open_sealed_file throws for `bytes`, or "" when it opens.
  std::string open_error(const std::string& bytes, const KeyRing& with) {
    write_all(sealed, bytes);
    try {
      open_sealed_file(with, sealed, opened);
      return "";
    } catch (const std::runtime_error& e) {
      return e.what();
    }
  }
  std::string open_error(const std::string& bytes) { return open_error(bytes, ring); }
};

TEST_F(FileSeal, RoundTripsAtEveryChunkEdge) {
  for (std::size_t size :
       {std::size_t{0}, std::size_t{1}, kChunk - 1, kChunk, kChunk + 1, 3 * kChunk + 7}) {
    const std::string content = random_bytes(size);
    const auto bytes = seal(content);
    const std::size_t records = size / kChunk + 1;  // a full last chunk is followed by an empty one
    EXPECT_EQ(bytes.size(), kPrefix + kHeader + size + records * kRecordOverhead) << size;
    if (size >= 16) {
      EXPECT_EQ(bytes.find(content.substr(0, 16)), std::string::npos) << "no plaintext inside";
    }
    open_sealed_file(ring, sealed, opened);
    EXPECT_EQ(read_all(opened), content) << size;
    EXPECT_EQ(file_mode(sealed), 0600u);
    EXPECT_EQ(file_mode(opened), 0600u);
  }
  EXPECT_TRUE(is_sealed_file(sealed));
  EXPECT_FALSE(is_sealed_file(plain));
  EXPECT_FALSE(is_sealed_file(dir.file("missing")));
}

TEST_F(FileSeal, SealingTwiceGivesDifferentBytes) {
  const auto content = random_bytes(1000);
  EXPECT_NE(seal(content), seal(content)) << "a fresh stream header every time";
}

TEST_F(FileSeal, OpensAfterRotationWhileTheOldKeyStaysInTheRing) {
  const auto bytes = seal("backup of the old days");
  const auto rotated = ring_with("k2", {{"k1", kKey1}, {"k2", kKey2}});
  EXPECT_EQ(open_error(bytes, rotated), "");
  EXPECT_EQ(read_all(opened), "backup of the old days");

  const auto without = ring_with("k2", {{"k2", kKey2}});
  EXPECT_NE(open_error(bytes, without).find("'k1', which the configured key ring does not hold"),
            std::string::npos);
  const auto impostor = ring_with("k1", {{"k1", kKey2}});
  EXPECT_NE(open_error(bytes, impostor).find("does not open"), std::string::npos)
      << "same id, other key bytes";
}

TEST_F(FileSeal, EveryAlteredByteFailsToOpen) {
  const auto bytes = seal(random_bytes(2 * kChunk + 100));
  // Every byte of the prefix and header, then a sample through the chunks.
  for (std::size_t i = 0; i < bytes.size(); i += i < kPrefix + kHeader + 8 ? 1 : 997) {
    auto altered = bytes;
    altered[i] = static_cast<char>(altered[i] ^ 0x20);
    EXPECT_NE(open_error(altered), "") << "byte " << i;
  }
}

TEST_F(FileSeal, CutOffReorderedOrExtendedFilesFailToOpen) {
  const auto bytes = seal(random_bytes(2 * kChunk + 100));
  const std::size_t first = kPrefix + kHeader, record = kRecordOverhead + kChunk;
  ASSERT_EQ(bytes.size(), first + 2 * record + kRecordOverhead + 100);

  EXPECT_NE(open_error(bytes.substr(0, first + 2 * record)).find("cut off"), std::string::npos)
      << "the final chunk dropped";
  EXPECT_NE(open_error(bytes.substr(0, bytes.size() - 1)), "") << "the last byte dropped";
  EXPECT_NE(open_error(bytes.substr(0, first)).find("cut off"), std::string::npos);
  EXPECT_NE(open_error(bytes.substr(0, 5)).find("not a sealed file"), std::string::npos);
  EXPECT_NE(open_error(bytes + "x").find("bytes after its final chunk"), std::string::npos);
  EXPECT_NE(open_error(bytes + bytes.substr(first + record)), "") << "a chunk appended";

  const auto swapped = bytes.substr(0, first) + bytes.substr(first + record, record) +
                       bytes.substr(first, record) + bytes.substr(first + 2 * record);
  EXPECT_NE(open_error(swapped).find("does not open"), std::string::npos);
  EXPECT_NE(open_error("plain text, never sealed").find("not a sealed file"), std::string::npos);
}

TEST_F(FileSeal, RefusesToSealWithoutAUsableCurrentKey) {
  write_all(plain, "x");
  EXPECT_THROW(seal_file(ring_with("k9", {{"k1", kKey1}}), plain, sealed), std::invalid_argument);
  EXPECT_THROW(seal_file(ring_with("k1", {{"k1", "short"}}), plain, sealed), std::invalid_argument);
  EXPECT_THROW(seal_file(ring, dir.file("missing"), sealed), std::runtime_error);
}

}  // namespace
}  // namespace jm::security
