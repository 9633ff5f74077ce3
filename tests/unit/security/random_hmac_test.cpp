#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "security/encoding.hpp"
#include "security/hmac.hpp"
#include "security/random.hpp"

namespace jm::security {
namespace {

TEST(Random, BytesHaveTheAskedLengthAndDiffer) {
  EXPECT_EQ(random_bytes(0), "");
  EXPECT_EQ(random_bytes(32).size(), 32u);
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) seen.insert(random_bytes(16));
  EXPECT_EQ(seen.size(), 100u);
}

// Small draws come from a per-thread block: across block refills, threads and sizes, no
// draw repeats another, and large draws bypass the block.
TEST(Random, BlockDrawsNeverRepeatAcrossRefillsAndThreads) {
  std::vector<std::set<std::string>> per_thread(3);
  std::vector<std::thread> threads;
  for (auto& seen : per_thread) {
    threads.emplace_back([&seen] {
      for (int i = 0; i < 3000; ++i)
        seen.insert(random_bytes(static_cast<std::size_t>(12 + i % 9)));
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  for (const auto& seen : per_thread) {
    EXPECT_EQ(seen.size(), 3000u);
    all.insert(seen.begin(), seen.end());
  }
  EXPECT_EQ(all.size(), 9000u);
  EXPECT_NE(random_bytes(5000), random_bytes(5000));
  std::array<unsigned char, 16> a{}, b{};
  fill_random(a.data(), a.size());
  fill_random(b.data(), b.size());
  EXPECT_NE(a, b);
}

// A forked child must not hand out the bytes its parent's block still holds.
TEST(Random, ForkedChildDoesNotRepeatTheParent) {
  (void)random_bytes(16);  // the parent's block is filled
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const std::string drawn = random_bytes(16);
    const auto written = write(fds[1], drawn.data(), drawn.size());
    _exit(written == 16 ? 0 : 1);
  }
  close(fds[1]);
  const std::string mine = random_bytes(16);
  std::string theirs(16, '\0');
  EXPECT_EQ(read(fds[0], theirs.data(), theirs.size()), 16);
  close(fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_NE(mine, theirs);
}

TEST(Random, TokenIsUnpaddedBase64Url) {
  auto token = random_token(32);
  EXPECT_EQ(token.size(), 43u);
  auto raw = base64url_decode(token);
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->size(), 32u);
  EXPECT_NE(random_token(), random_token());
}

// RFC 4231 test cases 1, 2 and 6.
TEST(Hmac, Rfc4231Vectors) {
  EXPECT_EQ(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(hmac_sha256_hex(std::string(131, '\xaa'),
                            "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

// Contexts are kept per recent key: more keys than the cache holds, interleaved, each
// still MAC with their own key.
TEST(Hmac, ManyKeysInterleavedKeepTheirOwnResults) {
  std::vector<std::string> expected;
  for (int k = 0; k < 7; ++k) expected.push_back(hmac_sha256_hex("key" + std::to_string(k), "m"));
  for (int round = 0; round < 3; ++round) {
    for (int k = 6; k >= 0; --k) {
      EXPECT_EQ(hmac_sha256_hex("key" + std::to_string(k), "m"),
                expected[static_cast<std::size_t>(k)]);
    }
  }
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  std::string from_thread;
  std::thread([&] {
    from_thread = hmac_sha256_hex("Jefe", "what do ya want for nothing?");
  }).join();
  EXPECT_EQ(from_thread, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Hmac, RawIsTheHexDecoded) {
  auto raw = hmac_sha256("key", "data");
  EXPECT_EQ(raw.size(), 32u);
  EXPECT_EQ(hex_encode(raw), hmac_sha256_hex("key", "data"));
  EXPECT_NE(hmac_sha256("key", "data"), hmac_sha256("key2", "data"));
  EXPECT_EQ(hmac_sha256("", "").size(), 32u);
}

TEST(Sha256, KnownDigests) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(ConstantTimeEqual, ComparesBytesAndLengths) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "xbc"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_FALSE(constant_time_equal("", "a"));
  EXPECT_TRUE(constant_time_equal(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(constant_time_equal(std::string("a\0b", 3), std::string("a\0c", 3)));
}

}  // namespace
}  // namespace jm::security
